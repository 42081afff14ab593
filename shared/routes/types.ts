/** What the manifest is made of: routes, consumers, jobs and the resources each may touch. */
import type * as z from '../schemas/zod.ts';
import type { Validator } from '../validation/runtime.ts';
import type { Caller } from '../domain/callers.ts';

/**
 * - `public`: anyone; a bearer token, when sent, is verified by the function and identifies the caller.
 * - `customer-or-guest`: like public, but the use case requires a signed-in user or a guest ticket key.
 * - `customer`: a valid token is required (API Gateway JWT authorizer); any signed-in user.
 * - `staff` / `admin`: a valid token whose groups include `staff` (or `admin`) / `admin`.
 */
export type RouteAuth = 'public' | 'customer' | 'customer-or-guest' | 'staff' | 'admin';

export type BucketName = 'attachments' | 'downloads';

export type BucketAccessLevel = 'read' | 'write' | 'read-write';

/**
 * A level on a whole bucket, or levels on key prefixes only (`{ 'pending/': 'write' }`), so a
 * function handling uploads cannot touch stored files, and the other way round.
 */
export type BucketAccess = BucketAccessLevel | Readonly<Record<string, BucketAccessLevel>>;

/** The least a function needs; the CDK stack grants exactly this and nothing more. */
export interface ResourceAccess {
  table?: 'read' | 'read-write';
  buckets?: Partial<Record<BucketName, BucketAccess>>;
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
  /** `headers`: a (non-strict) object of the lower-cased headers the route reads, validated and documented. */
  request?: { params?: Schema; query?: Schema; body?: Schema; headers?: Schema };
  /** Success status and body schema (no body for 204). */
  response: { status: 200 | 201 | 204; schema?: Schema; contentType?: string };
  /** Extra error statuses worth documenting beyond those implied by auth and validation. */
  errors?: number[];
  timeoutSeconds?: number;
  memoryMb?: number;
}

/**
 * What a handler needs of its route at run time, without zod: generated from the route by
 * `npm run generate` into shared/compiled/<feature>.ts. `definition` is never set; it
 * carries the route's zod types, so a handler's params, query, body and headers stay typed.
 */
export interface CompiledRoute<R extends HttpRoute> {
  auth: RouteAuth;
  /** How the route verifies a bearer token itself: public and customer-or-guest routes, which have no authorizer. */
  verifyBearer?: (token: string) => Promise<Caller>;
  response: { status: 200 | 201 | 204; contentType?: string };
  request?: { params?: Validator; query?: Validator; body?: Validator; headers?: Validator };
  readonly definition?: R;
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
