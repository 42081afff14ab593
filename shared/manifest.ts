/**
 * The route manifest: every HTTP route, stream consumer, bucket-event consumer and scheduled job
 * of the backend, with the handler that serves it, who may call it and the resources it may
 * touch. The CDK stack (infra/supportStack.ts) and the local cloud (infra/local/) are both built
 * from this module, so a route cannot exist in one and not the other. The OpenAPI document is
 * generated from the schemas referenced here.
 */
import type * as z from './schemas/zod.ts';
import { errorBodySchema } from './schemas/common.ts';
import {
  createDepartmentSchema,
  departmentIdParamsSchema,
  departmentListSchema,
  staffDepartmentListSchema,
  staffDepartmentSchema,
  updateDepartmentSchema,
} from './schemas/departments.ts';
import { healthSchema, meSchema } from './schemas/system.ts';
import * as zod from './schemas/zod.ts';

/**
 * - `public`: anyone; a bearer token, when sent, is verified by the function and identifies the caller.
 * - `customer-or-guest`: like public, but the use case requires a signed-in user or a guest ticket key.
 * - `customer`: a valid token is required (API Gateway JWT authorizer); any signed-in user.
 * - `staff` / `admin`: a valid token whose groups include `staff` (or `admin`) / `admin`.
 */
export type RouteAuth = 'public' | 'customer' | 'customer-or-guest' | 'staff' | 'admin';

export type BucketName = 'attachments' | 'downloads';

/** The least a function needs; the CDK stack grants exactly this and nothing more. */
export interface ResourceAccess {
  table?: 'read' | 'read-write';
  buckets?: Partial<Record<BucketName, 'read' | 'write' | 'read-write'>>;
  sendEmail?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Schema = z.ZodMiniType;

export interface HttpRoute {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tickets/{number}`. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  handler: string;
  auth: RouteAuth;
  access: ResourceAccess;
  summary: string;
  tag: string;
  request?: { params?: Schema; query?: Schema; body?: Schema };
  /** Success status and body schema (no body for 204). */
  response: { status: 200 | 201 | 204; schema?: Schema; contentType?: string };
  /** Extra error statuses worth documenting beyond those implied by auth and validation. */
  errors?: number[];
  timeoutSeconds?: number;
  memoryMb?: number;
}

/** A consumer of the table's stream (Lambda event source mapping). */
export interface StreamConsumer {
  name: string;
  handler: string;
  access: ResourceAccess;
  batchSize: number;
  /** Retries of a failing batch before it goes to the failure destination. */
  maxRetries: number;
  timeoutSeconds?: number;
}

/** A consumer of S3 ObjectCreated events of one bucket. */
export interface BucketEventConsumer {
  name: string;
  handler: string;
  bucket: BucketName;
  prefix?: string;
  access: ResourceAccess;
  timeoutSeconds?: number;
}

/** A handler run on a schedule (EventBridge rule); locally a timer and POST /_local/jobs/{name}. */
export interface ScheduledJob {
  name: string;
  handler: string;
  everyMinutes: number;
  access: ResourceAccess;
  timeoutSeconds?: number;
}

export interface Manifest {
  routes: HttpRoute[];
  streamConsumers: StreamConsumer[];
  bucketEventConsumers: BucketEventConsumer[];
  scheduledJobs: ScheduledJob[];
}

const route = <R extends HttpRoute>(definition: R): R => definition;

export const routes = {
  health: route({
    method: 'GET',
    path: '/v1/health',
    handler: 'functions/http/health.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Liveness and readiness of the API and its table',
    tag: 'System',
    response: { status: 200, schema: healthSchema },
  }),
  openapi: route({
    method: 'GET',
    path: '/v1/openapi.json',
    handler: 'functions/http/openapi.ts',
    auth: 'public',
    access: {},
    summary: 'This API described as an OpenAPI 3.1 document',
    tag: 'System',
    response: { status: 200, schema: zod.record(zod.string(), zod.unknown()) },
  }),
  me: route({
    method: 'GET',
    path: '/v1/me',
    handler: 'functions/http/me.ts',
    auth: 'customer',
    access: {},
    summary: 'The signed-in user as the API sees them',
    tag: 'Account',
    response: { status: 200, schema: meSchema },
  }),
  listDepartments: route({
    method: 'GET',
    path: '/v1/departments',
    handler: 'functions/http/listDepartments.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Departments a ticket can be addressed to (guests see only those open to guests)',
    tag: 'Departments',
    response: { status: 200, schema: departmentListSchema },
  }),
  staffListDepartments: route({
    method: 'GET',
    path: '/v1/staff/departments',
    handler: 'functions/http/staffListDepartments.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'All departments with their routing settings, in both languages',
    tag: 'Departments',
    response: { status: 200, schema: staffDepartmentListSchema },
  }),
  createDepartment: route({
    method: 'POST',
    path: '/v1/staff/departments',
    handler: 'functions/http/createDepartment.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Create a department',
    tag: 'Departments',
    request: { body: createDepartmentSchema },
    response: { status: 201, schema: staffDepartmentSchema },
    errors: [409],
  }),
  updateDepartment: route({
    method: 'PATCH',
    path: '/v1/staff/departments/{id}',
    handler: 'functions/http/updateDepartment.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Change a department (send `version` to refuse a stale edit)',
    tag: 'Departments',
    request: { params: departmentIdParamsSchema, body: updateDepartmentSchema },
    response: { status: 200, schema: staffDepartmentSchema },
    errors: [404, 409],
  }),
  deleteDepartment: route({
    method: 'DELETE',
    path: '/v1/staff/departments/{id}',
    handler: 'functions/http/deleteDepartment.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Delete a department',
    tag: 'Departments',
    request: { params: departmentIdParamsSchema },
    response: { status: 204 },
    errors: [404],
  }),
} satisfies Record<string, HttpRoute>;

export type RouteId = keyof typeof routes;

export const manifest: Manifest = {
  routes: Object.values(routes),
  streamConsumers: [],
  bucketEventConsumers: [],
  scheduledJobs: [],
};

/** The `routeKey` API Gateway gives a route, e.g. `GET /v1/tickets/{number}`. */
export const routeKey = (r: Pick<HttpRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

export { errorBodySchema };

/** Function defaults used by both runtimes when an entry does not say otherwise. */
export const functionDefaults = {
  httpTimeoutSeconds: 10,
  eventTimeoutSeconds: 60,
  memoryMb: 1024,
};
