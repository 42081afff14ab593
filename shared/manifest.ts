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
import {
  customerIdParamsSchema,
  customerServiceListSchema,
  replaceCustomerServicesSchema,
} from './schemas/customerServices.ts';
import {
  addIncidentUpdateSchema,
  checkHistoryQuerySchema,
  checkResultPageSchema,
  createIncidentSchema,
  createMaintenanceSchema,
  createServerSchema,
  incidentHistoryQuerySchema,
  incidentPageSchema,
  maintenanceListQuerySchema,
  serverIdParamsSchema,
  staffIncidentSchema,
  staffMaintenancePageSchema,
  staffMaintenanceSchema,
  staffServerListSchema,
  staffServerSchema,
  statusItemIdParamsSchema,
  statusPageSchema,
  updateIncidentSchema,
  updateMaintenanceSchema,
  updateServerSchema,
} from './schemas/status.ts';
import {
  announcementIdParamsSchema,
  announcementListQuerySchema,
  announcementPageSchema,
  announcementSchema,
  createAnnouncementSchema,
  staffAnnouncementPageSchema,
  staffAnnouncementSchema,
  updateAnnouncementSchema,
} from './schemas/announcements.ts';
import {
  articleIdParamsSchema,
  articleSchema,
  articleSlugParamsSchema,
  categoryIdParamsSchema,
  categoryListSchema,
  categoryPageSchema,
  categorySlugParamsSchema,
  createArticleSchema,
  createCategorySchema,
  paginationOnlyQuerySchema,
  rebuildResultSchema,
  searchQuerySchema,
  searchResultSchema,
  staffArticlePageSchema,
  staffArticleSchema,
  staffCategoryListSchema,
  staffCategorySchema,
  suggestionsQuerySchema,
  updateArticleSchema,
  updateCategorySchema,
  voteResultSchema,
  voteSchema,
} from './schemas/knowledgeBase.ts';
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
  // ── Server status (issue 6): customer services, monitored servers, incidents, maintenance, status page ──
  listMyServices: route({
    method: 'GET',
    path: '/v1/services',
    handler: 'functions/http/listMyServices.ts',
    auth: 'customer',
    access: { table: 'read' },
    summary: "The caller's own services (for the ticket form and the status page)",
    tag: 'Services',
    response: { status: 200, schema: customerServiceListSchema },
  }),
  replaceCustomerServices: route({
    method: 'PUT',
    path: '/v1/staff/customers/{customerId}/services',
    handler: 'functions/http/replaceCustomerServices.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: "Replace a customer's services with the list from billing (at most 200)",
    tag: 'Services',
    request: { params: customerIdParamsSchema, body: replaceCustomerServicesSchema },
    response: { status: 200, schema: customerServiceListSchema },
  }),
  staffListServers: route({
    method: 'GET',
    path: '/v1/staff/servers',
    handler: 'functions/http/staffListServers.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Monitored servers with their checks and what the probe last saw',
    tag: 'Status',
    response: { status: 200, schema: staffServerListSchema },
  }),
  createServer: route({
    method: 'POST',
    path: '/v1/staff/servers',
    handler: 'functions/http/createServer.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Add a monitored server (HTTP(S) or TCP check; forbidden targets are refused)',
    tag: 'Status',
    request: { body: createServerSchema },
    response: { status: 201, schema: staffServerSchema },
    errors: [409],
  }),
  updateServer: route({
    method: 'PATCH',
    path: '/v1/staff/servers/{id}',
    handler: 'functions/http/updateServer.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Change a monitored server (send `version` to refuse a stale edit)',
    tag: 'Status',
    request: { params: serverIdParamsSchema, body: updateServerSchema },
    response: { status: 200, schema: staffServerSchema },
    errors: [404, 409],
  }),
  deleteServer: route({
    method: 'DELETE',
    path: '/v1/staff/servers/{id}',
    handler: 'functions/http/deleteServer.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Stop monitoring a server (its check history expires on its own)',
    tag: 'Status',
    request: { params: serverIdParamsSchema },
    response: { status: 204 },
    errors: [404],
  }),
  listServerChecks: route({
    method: 'GET',
    path: '/v1/staff/servers/{id}/checks',
    handler: 'functions/http/listServerChecks.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: "A server's check results, newest first (kept 90 days by default)",
    tag: 'Status',
    request: { params: serverIdParamsSchema, query: checkHistoryQuerySchema },
    response: { status: 200, schema: checkResultPageSchema },
    errors: [404],
  }),
  createIncident: route({
    method: 'POST',
    path: '/v1/staff/incidents',
    handler: 'functions/http/createIncident.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Open an incident on the status page, with its first timeline entry',
    tag: 'Status',
    request: { body: createIncidentSchema },
    response: { status: 201, schema: staffIncidentSchema },
  }),
  updateIncident: route({
    method: 'PATCH',
    path: '/v1/staff/incidents/{id}',
    handler: 'functions/http/updateIncident.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: "Change an incident's title or affected servers (status changes go through updates)",
    tag: 'Status',
    request: { params: statusItemIdParamsSchema, body: updateIncidentSchema },
    response: { status: 200, schema: staffIncidentSchema },
    errors: [404, 409],
  }),
  addIncidentUpdate: route({
    method: 'POST',
    path: '/v1/staff/incidents/{id}/updates',
    handler: 'functions/http/addIncidentUpdate.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Add a timeline entry (pl/en) and move the status: investigating → identified → monitoring → resolved',
    tag: 'Status',
    request: { params: statusItemIdParamsSchema, body: addIncidentUpdateSchema },
    response: { status: 200, schema: staffIncidentSchema },
    errors: [404, 409],
  }),
  staffListMaintenance: route({
    method: 'GET',
    path: '/v1/staff/maintenance',
    handler: 'functions/http/staffListMaintenance.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Every maintenance window, latest start first',
    tag: 'Status',
    request: { query: maintenanceListQuerySchema },
    response: { status: 200, schema: staffMaintenancePageSchema },
  }),
  createMaintenance: route({
    method: 'POST',
    path: '/v1/staff/maintenance',
    handler: 'functions/http/createMaintenance.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Schedule maintenance: its servers show `maintenance` and open no incident while it lasts',
    tag: 'Status',
    request: { body: createMaintenanceSchema },
    response: { status: 201, schema: staffMaintenanceSchema },
  }),
  updateMaintenance: route({
    method: 'PATCH',
    path: '/v1/staff/maintenance/{id}',
    handler: 'functions/http/updateMaintenance.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Change or cancel a maintenance window',
    tag: 'Status',
    request: { params: statusItemIdParamsSchema, body: updateMaintenanceSchema },
    response: { status: 200, schema: staffMaintenanceSchema },
    errors: [404, 409],
  }),
  statusPage: route({
    method: 'GET',
    path: '/v1/status',
    handler: 'functions/http/statusPage.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Server status: overall state, servers, uptime, active incidents, upcoming maintenance (signed-in: your affected services)',
    tag: 'Status',
    response: { status: 200, schema: statusPageSchema },
  }),
  statusIncidentHistory: route({
    method: 'GET',
    path: '/v1/status/incidents',
    handler: 'functions/http/statusIncidentHistory.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Incident history, newest first',
    tag: 'Status',
    request: { query: incidentHistoryQuerySchema },
    response: { status: 200, schema: incidentPageSchema },
  }),
  // ── Announcements and knowledge base (issue 5): announcements, RSS, KB categories/articles, search, suggestions ──
  listAnnouncements: route({
    method: 'GET',
    path: '/v1/announcements',
    handler: 'functions/http/listAnnouncements.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Published announcements, pinned first, then newest first',
    tag: 'Announcements',
    request: { query: announcementListQuerySchema },
    response: { status: 200, schema: announcementPageSchema },
  }),
  // Before `/v1/announcements/{id}`: a literal segment is the more specific route.
  announcementFeed: route({
    method: 'GET',
    path: '/v1/announcements/rss',
    handler: 'functions/http/announcementFeed.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'The latest published announcements as an RSS 2.0 feed',
    tag: 'Announcements',
    response: { status: 200, schema: zod.string(), contentType: 'application/rss+xml; charset=utf-8' },
  }),
  getAnnouncement: route({
    method: 'GET',
    path: '/v1/announcements/{id}',
    handler: 'functions/http/getAnnouncement.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'One published announcement (drafts and scheduled ones are 404)',
    tag: 'Announcements',
    request: { params: announcementIdParamsSchema },
    response: { status: 200, schema: announcementSchema },
  }),
  staffListAnnouncements: route({
    method: 'GET',
    path: '/v1/staff/announcements',
    handler: 'functions/http/staffListAnnouncements.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Every announcement, drafts and scheduled ones included, newest first',
    tag: 'Announcements',
    request: { query: announcementListQuerySchema },
    response: { status: 200, schema: staffAnnouncementPageSchema },
  }),
  staffGetAnnouncement: route({
    method: 'GET',
    path: '/v1/staff/announcements/{id}',
    handler: 'functions/http/staffGetAnnouncement.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'One announcement in both languages, whatever its status',
    tag: 'Announcements',
    request: { params: announcementIdParamsSchema },
    response: { status: 200, schema: staffAnnouncementSchema },
  }),
  createAnnouncement: route({
    method: 'POST',
    path: '/v1/staff/announcements',
    handler: 'functions/http/createAnnouncement.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Write an announcement (Markdown; publishAt: now by default, future = scheduled, null = draft)',
    tag: 'Announcements',
    request: { body: createAnnouncementSchema },
    response: { status: 201, schema: staffAnnouncementSchema },
  }),
  updateAnnouncement: route({
    method: 'PATCH',
    path: '/v1/staff/announcements/{id}',
    handler: 'functions/http/updateAnnouncement.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Change, publish, schedule, unpublish or pin an announcement (send `version` to refuse a stale edit)',
    tag: 'Announcements',
    request: { params: announcementIdParamsSchema, body: updateAnnouncementSchema },
    response: { status: 200, schema: staffAnnouncementSchema },
    errors: [409],
  }),
  deleteAnnouncement: route({
    method: 'DELETE',
    path: '/v1/staff/announcements/{id}',
    handler: 'functions/http/deleteAnnouncement.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Delete an announcement',
    tag: 'Announcements',
    request: { params: announcementIdParamsSchema },
    response: { status: 204 },
  }),
  listKbCategories: route({
    method: 'GET',
    path: '/v1/kb/categories',
    handler: 'functions/http/listKbCategories.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Knowledge-base categories with their published-article counts',
    tag: 'Knowledge base',
    response: { status: 200, schema: categoryListSchema },
  }),
  getKbCategory: route({
    method: 'GET',
    path: '/v1/kb/categories/{slug}',
    handler: 'functions/http/getKbCategory.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'A category, its subcategories and a page of its published articles',
    tag: 'Knowledge base',
    request: { params: categorySlugParamsSchema, query: paginationOnlyQuerySchema },
    response: { status: 200, schema: categoryPageSchema },
  }),
  getKbArticle: route({
    method: 'GET',
    path: '/v1/kb/articles/{slug}',
    handler: 'functions/http/getKbArticle.ts',
    auth: 'public',
    access: { table: 'read-write' },
    summary: 'A published article with related articles; counts a view',
    tag: 'Knowledge base',
    request: { params: articleSlugParamsSchema },
    response: { status: 200, schema: articleSchema },
  }),
  voteKbArticle: route({
    method: 'POST',
    path: '/v1/kb/articles/{slug}/vote',
    handler: 'functions/http/voteKbArticle.ts',
    auth: 'public',
    access: { table: 'read-write' },
    summary: 'Say whether an article helped: one vote per visitor per article (a second is 409)',
    tag: 'Knowledge base',
    request: { params: articleSlugParamsSchema, body: voteSchema },
    response: { status: 200, schema: voteResultSchema },
    errors: [409],
  }),
  searchKb: route({
    method: 'GET',
    path: '/v1/kb/search',
    handler: 'functions/http/searchKb.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Search published articles: ranked, with a highlighted snippet; typo- and inflection-tolerant',
    tag: 'Knowledge base',
    request: { query: searchQuerySchema },
    response: { status: 200, schema: searchResultSchema },
  }),
  kbSuggestions: route({
    method: 'GET',
    path: '/v1/kb/suggestions',
    handler: 'functions/http/kbSuggestions.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: '"Our suggestions": the articles most relevant to a ticket being written',
    tag: 'Knowledge base',
    request: { query: suggestionsQuerySchema },
    response: { status: 200, schema: searchResultSchema },
  }),
  staffListKbCategories: route({
    method: 'GET',
    path: '/v1/staff/kb/categories',
    handler: 'functions/http/staffListKbCategories.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'All categories in both languages, with published and total article counts',
    tag: 'Knowledge base',
    response: { status: 200, schema: staffCategoryListSchema },
  }),
  createKbCategory: route({
    method: 'POST',
    path: '/v1/staff/kb/categories',
    handler: 'functions/http/createKbCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Create a category (optionally under a top-level one)',
    tag: 'Knowledge base',
    request: { body: createCategorySchema },
    response: { status: 201, schema: staffCategorySchema },
    errors: [409],
  }),
  updateKbCategory: route({
    method: 'PATCH',
    path: '/v1/staff/kb/categories/{id}',
    handler: 'functions/http/updateKbCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Change a category (send `version` to refuse a stale edit)',
    tag: 'Knowledge base',
    request: { params: categoryIdParamsSchema, body: updateCategorySchema },
    response: { status: 200, schema: staffCategorySchema },
    errors: [409],
  }),
  deleteKbCategory: route({
    method: 'DELETE',
    path: '/v1/staff/kb/categories/{id}',
    handler: 'functions/http/deleteKbCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Delete an empty category (one with articles or subcategories is a 409)',
    tag: 'Knowledge base',
    request: { params: categoryIdParamsSchema },
    response: { status: 204 },
    errors: [409],
  }),
  staffListKbArticles: route({
    method: 'GET',
    path: '/v1/staff/kb/articles',
    handler: 'functions/http/staffListKbArticles.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Every article, drafts included, latest edit first',
    tag: 'Knowledge base',
    request: { query: paginationOnlyQuerySchema },
    response: { status: 200, schema: staffArticlePageSchema },
  }),
  staffGetKbArticle: route({
    method: 'GET',
    path: '/v1/staff/kb/articles/{id}',
    handler: 'functions/http/staffGetKbArticle.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'One article in both languages, published or not',
    tag: 'Knowledge base',
    request: { params: articleIdParamsSchema },
    response: { status: 200, schema: staffArticleSchema },
  }),
  createKbArticle: route({
    method: 'POST',
    path: '/v1/staff/kb/articles',
    handler: 'functions/http/createKbArticle.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Write an article (Markdown; a draft unless `published: true`)',
    tag: 'Knowledge base',
    request: { body: createArticleSchema },
    response: { status: 201, schema: staffArticleSchema },
    errors: [409],
  }),
  updateKbArticle: route({
    method: 'PATCH',
    path: '/v1/staff/kb/articles/{id}',
    handler: 'functions/http/updateKbArticle.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Change, move, publish or unpublish an article (send `version` to refuse a stale edit)',
    tag: 'Knowledge base',
    request: { params: articleIdParamsSchema, body: updateArticleSchema },
    response: { status: 200, schema: staffArticleSchema },
    errors: [409],
  }),
  deleteKbArticle: route({
    method: 'DELETE',
    path: '/v1/staff/kb/articles/{id}',
    handler: 'functions/http/deleteKbArticle.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Delete an article with its views and votes',
    tag: 'Knowledge base',
    request: { params: articleIdParamsSchema },
    response: { status: 204 },
    errors: [409],
  }),
  rebuildKbSearchIndex: route({
    method: 'POST',
    path: '/v1/staff/kb/search-index/rebuild',
    handler: 'functions/http/rebuildKbSearchIndex.ts',
    auth: 'admin',
    access: { table: 'read-write' },
    summary: 'Rebuild the search index now (it is rebuilt by itself whenever a published article changes)',
    tag: 'Knowledge base',
    response: { status: 200, schema: rebuildResultSchema },
    // API Gateway ends an HTTP integration at 30 s; a rebuild of 2,000 articles takes under 1 s.
    timeoutSeconds: 29,
  }),
} satisfies Record<string, HttpRoute>;

export type RouteId = keyof typeof routes;

export const manifest: Manifest = {
  routes: Object.values(routes),
  streamConsumers: [
    // Announcements and knowledge base (issue 5): rebuild the search index when published articles change.
    {
      name: 'kb-search-index',
      handler: 'functions/streams/rebuildSearchIndex.ts',
      access: { table: 'read-write' },
      batchSize: 100,
      maxRetries: 3,
    },
  ],
  bucketEventConsumers: [],
  scheduledJobs: [
    // Server status (issue 6): probes every due server; each run is bounded well under the timeout.
    { name: 'status-probe', handler: 'functions/schedules/statusProbe.ts', everyMinutes: 1, access: { table: 'read-write' }, timeoutSeconds: 60 },
  ],
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
