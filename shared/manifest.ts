/**
 * The route manifest: every HTTP route, stream consumer, bucket-event consumer and scheduled job
 * of the backend, with the handler that serves it, who may call it and the resources it may
 * touch. The CDK stack (infra/supportStack.ts) and the local cloud (infra/local/) are both built
 * from this module, so a route cannot exist in one and not the other. The OpenAPI document is
 * generated from the schemas referenced here.
 */
import type * as z from './schemas/zod.ts';
import { pendingUploadPrefix } from './data/bucketDefinitions.ts';
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
import { guestKeyHeadersSchema, openTicketHeadersSchema, openTicketSchema, openedTicketSchema } from './schemas/tickets.ts';
import {
  replySchema,
  staffQueueQuerySchema,
  staffQueueSchema,
  staffTicketSchema,
  ticketNumberParamsSchema,
  updateTicketSchema,
} from './schemas/tickets.ts';
import { ccSchema, ticketListQuerySchema, ticketListSchema, ticketSchema } from './schemas/tickets.ts';
import {
  createUploadSchema,
  downloadLinkSchema,
  ticketAttachmentParamsSchema,
  uploadFormSchema,
  uploadIdParamsSchema,
  uploadStatusSchema,
} from './schemas/uploads.ts';
import {
  createDownloadCategorySchema,
  createDownloadSchema,
  downloadCategoryIdParamsSchema,
  downloadCategoryListSchema,
  downloadIdParamsSchema,
  downloadListQuerySchema,
  downloadPageSchema,
  staffDownloadCategoryListSchema,
  staffDownloadCategorySchema,
  staffDownloadPageSchema,
  staffDownloadSchema,
  staffDownloadWithUploadSchema,
  updateDownloadCategorySchema,
  updateDownloadSchema,
} from './schemas/downloads.ts';
import * as zod from './schemas/zod.ts';

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
  // Tickets — opening one (issue 3)
  openTicket: route({
    method: 'POST',
    path: '/v1/tickets',
    handler: 'functions/http/openTicket.ts',
    auth: 'customer-or-guest',
    access: { table: 'read-write' },
    summary:
      'Open a ticket, signed in (name and e-mail from the token) or as a guest (`name`, `email`; the answer carries ' +
      'the `accessKey` once). Send `Idempotency-Key` to make a retry return the first result instead of a second ticket.',
    tag: 'Tickets',
    request: { body: openTicketSchema, headers: openTicketHeadersSchema },
    response: { status: 201, schema: openedTicketSchema },
    errors: [409, 429],
  }),
  // Tickets — staff desk (issue 3)
  staffListTickets: route({
    method: 'GET',
    path: '/v1/staff/tickets',
    handler: 'functions/http/staffListTickets.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary:
      'The queue across all customers, newest activity first; filter by `department`, `status` (or `active`), ' +
      '`priority` and `assignee` (a staff id, or `none` for unassigned)',
    tag: 'Tickets',
    request: { query: staffQueueQuerySchema },
    response: { status: 200, schema: staffQueueSchema },
  }),
  staffGetTicket: route({
    method: 'GET',
    path: '/v1/staff/tickets/{number}',
    handler: 'functions/http/staffGetTicket.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Any ticket with its whole history, internal notes included',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema },
    response: { status: 200, schema: staffTicketSchema },
    errors: [404],
  }),
  staffUpdateTicket: route({
    method: 'PATCH',
    path: '/v1/staff/tickets/{number}',
    handler: 'functions/http/staffUpdateTicket.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary:
      'Move a ticket to another department, or change its priority, status or assignee; `version` is required ' +
      'and a stale one is a 409',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, body: updateTicketSchema },
    response: { status: 200, schema: staffTicketSchema },
    errors: [404, 409],
  }),
  staffReplyToTicket: route({
    method: 'POST',
    path: '/v1/staff/tickets/{number}/replies',
    handler: 'functions/http/staffReplyToTicket.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Reply to the customer: the ticket becomes `answered` (a closed one reopens as answered)',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, body: replySchema },
    response: { status: 201, schema: staffTicketSchema },
    errors: [404, 409],
  }),
  staffAddTicketNote: route({
    method: 'POST',
    path: '/v1/staff/tickets/{number}/notes',
    handler: 'functions/http/staffAddTicketNote.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Add an internal note: staff only, never shown or mailed to the customer; the status does not change',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, body: replySchema },
    response: { status: 201, schema: staffTicketSchema },
    errors: [404, 409],
  }),
  // Tickets — customer and guest side (issue 3)
  listTickets: route({
    method: 'GET',
    path: '/v1/tickets',
    handler: 'functions/http/listTickets.ts',
    auth: 'customer',
    access: { table: 'read' },
    summary: "The caller's tickets, newest activity first; `status` filters by a status or `active` (every one not closed)",
    tag: 'Tickets',
    request: { query: ticketListQuerySchema },
    response: { status: 200, schema: ticketListSchema },
  }),
  getTicket: route({
    method: 'GET',
    path: '/v1/tickets/{number}',
    handler: 'functions/http/getTicket.ts',
    auth: 'customer-or-guest',
    access: { table: 'read' },
    summary:
      'The ticket page: details and the whole history (internal notes never appear). The owner signed in, or a guest ' +
      'with the `X-Ticket-Key` header; anyone else, with or without a token or key, gets 404 as if the ticket did not exist',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, headers: guestKeyHeadersSchema },
    response: { status: 200, schema: ticketSchema },
    errors: [404],
  }),
  replyToTicket: route({
    method: 'POST',
    path: '/v1/tickets/{number}/replies',
    handler: 'functions/http/replyToTicket.ts',
    auth: 'customer-or-guest',
    access: { table: 'read-write' },
    summary:
      'Reply as the owner or the guest (`X-Ticket-Key`): the ticket becomes `customer_reply`, a closed one reopens ' +
      'unless its department forbids it (409). 201 with the updated ticket page; not your ticket: 404',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, body: replySchema, headers: guestKeyHeadersSchema },
    response: { status: 201, schema: ticketSchema },
    errors: [404, 409],
  }),
  closeTicket: route({
    method: 'POST',
    path: '/v1/tickets/{number}/close',
    handler: 'functions/http/closeTicket.ts',
    auth: 'customer-or-guest',
    access: { table: 'read-write' },
    summary:
      'Close the ticket as the owner or the guest (`X-Ticket-Key`); closing a closed ticket changes nothing. ' +
      'Answers with the ticket page; not your ticket: 404',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, headers: guestKeyHeadersSchema },
    response: { status: 200, schema: ticketSchema },
    errors: [404, 409],
  }),
  updateTicketCc: route({
    method: 'PUT',
    path: '/v1/tickets/{number}/cc',
    handler: 'functions/http/updateTicketCc.ts',
    auth: 'customer-or-guest',
    access: { table: 'read-write' },
    summary:
      'Replace the CC list (at most 10 addresses, lower-cased and de-duplicated; the owner\'s own address is a 400) ' +
      'as the owner or the guest (`X-Ticket-Key`). Answers with the ticket page; not your ticket: 404',
    tag: 'Tickets',
    request: { params: ticketNumberParamsSchema, body: ccSchema, headers: guestKeyHeadersSchema },
    response: { status: 200, schema: ticketSchema },
    errors: [404, 409],
  }),
  // ── Attachments and the Downloads section (issue 4): presigned uploads, verified by S3 events; presigned downloads ──
  createUpload: route({
    method: 'POST',
    path: '/v1/uploads',
    handler: 'functions/http/createUpload.ts',
    auth: 'customer-or-guest',
    access: { table: 'read-write', buckets: { attachments: { [pendingUploadPrefix]: 'write' } } },
    summary:
      'A presigned POST form for one attachment (`filename`, `contentType`, exact `size`); POST the form to S3, wait for ' +
      '`status: available` (GET /v1/uploads/{uploadId}), then send the `uploadId` in `attachmentIds`. Guests replying to ' +
      'their ticket add `ticketNumber` and the `X-Ticket-Key` header',
    tag: 'Attachments',
    request: { body: createUploadSchema, headers: guestKeyHeadersSchema },
    response: { status: 201, schema: uploadFormSchema },
    errors: [404, 429],
  }),
  getUpload: route({
    method: 'GET',
    path: '/v1/uploads/{uploadId}',
    handler: 'functions/http/getUpload.ts',
    auth: 'customer-or-guest',
    access: { table: 'read' },
    summary: "An upload's state, for its owner: `pending` until the stored file is checked, then `available` or `rejected`",
    tag: 'Attachments',
    request: { params: uploadIdParamsSchema, headers: guestKeyHeadersSchema },
    response: { status: 200, schema: uploadStatusSchema },
    errors: [404],
  }),
  ticketAttachmentLink: route({
    method: 'GET',
    path: '/v1/tickets/{number}/attachments/{attachmentId}',
    handler: 'functions/http/ticketAttachmentLink.ts',
    auth: 'customer-or-guest',
    access: { table: 'read', buckets: { attachments: { [pendingUploadPrefix]: 'read', 'tickets/': 'read' } } },
    summary:
      'A presigned download (valid 5 minutes, `Content-Disposition: attachment`) of a file on a message of the ticket: ' +
      'the owner, or a guest with `X-Ticket-Key`; anyone else gets 404',
    tag: 'Attachments',
    request: { params: ticketAttachmentParamsSchema, headers: guestKeyHeadersSchema },
    response: { status: 200, schema: downloadLinkSchema },
    errors: [404],
  }),
  staffTicketAttachmentLink: route({
    method: 'GET',
    path: '/v1/staff/tickets/{number}/attachments/{attachmentId}',
    handler: 'functions/http/staffTicketAttachmentLink.ts',
    auth: 'staff',
    access: { table: 'read', buckets: { attachments: { [pendingUploadPrefix]: 'read', 'tickets/': 'read' } } },
    summary: 'A presigned download of a file on any message or internal note of the ticket',
    tag: 'Attachments',
    request: { params: ticketAttachmentParamsSchema },
    response: { status: 200, schema: downloadLinkSchema },
    errors: [404],
  }),
  listDownloadCategories: route({
    method: 'GET',
    path: '/v1/downloads/categories',
    handler: 'functions/http/listDownloadCategories.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Download categories holding files shared with the caller, with how many',
    tag: 'Downloads',
    response: { status: 200, schema: downloadCategoryListSchema },
  }),
  listDownloads: route({
    method: 'GET',
    path: '/v1/downloads',
    handler: 'functions/http/listDownloads.ts',
    auth: 'public',
    access: { table: 'read' },
    summary: 'Files shared with the caller (everyone, signed-in customers, holders of a product, or them by name), newest first; `category` narrows',
    tag: 'Downloads',
    request: { query: downloadListQuerySchema },
    response: { status: 200, schema: downloadPageSchema },
  }),
  createDownloadLink: route({
    method: 'POST',
    path: '/v1/downloads/{id}/link',
    handler: 'functions/http/createDownloadLink.ts',
    auth: 'public',
    access: { table: 'read-write', buckets: { downloads: { 'files/': 'read' } } },
    summary: 'A presigned download (valid 5 minutes) of a file shared with the caller; counts a download. Any other file: 404',
    tag: 'Downloads',
    request: { params: downloadIdParamsSchema },
    response: { status: 200, schema: downloadLinkSchema },
    errors: [404],
  }),
  // Before `/v1/staff/downloads/{id}`: a literal segment is the more specific route.
  staffListDownloadCategories: route({
    method: 'GET',
    path: '/v1/staff/downloads/categories',
    handler: 'functions/http/staffListDownloadCategories.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Every download category in both languages, with its number of files',
    tag: 'Downloads',
    response: { status: 200, schema: staffDownloadCategoryListSchema },
  }),
  createDownloadCategory: route({
    method: 'POST',
    path: '/v1/staff/downloads/categories',
    handler: 'functions/http/createDownloadCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Create a download category (`name`, optional `id`, `description`, `order`)',
    tag: 'Downloads',
    request: { body: createDownloadCategorySchema },
    response: { status: 201, schema: staffDownloadCategorySchema },
    errors: [409],
  }),
  updateDownloadCategory: route({
    method: 'PATCH',
    path: '/v1/staff/downloads/categories/{id}',
    handler: 'functions/http/updateDownloadCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Change a download category (send `version` to refuse a stale edit)',
    tag: 'Downloads',
    request: { params: downloadCategoryIdParamsSchema, body: updateDownloadCategorySchema },
    response: { status: 200, schema: staffDownloadCategorySchema },
    errors: [404, 409],
  }),
  deleteDownloadCategory: route({
    method: 'DELETE',
    path: '/v1/staff/downloads/categories/{id}',
    handler: 'functions/http/deleteDownloadCategory.ts',
    auth: 'staff',
    access: { table: 'read-write' },
    summary: 'Delete an empty download category (one holding files is a 409)',
    tag: 'Downloads',
    request: { params: downloadCategoryIdParamsSchema },
    response: { status: 204 },
    errors: [404, 409],
  }),
  staffListDownloads: route({
    method: 'GET',
    path: '/v1/staff/downloads',
    handler: 'functions/http/staffListDownloads.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'Every shared file, newest first, with its visibility, state and download count; `category` narrows',
    tag: 'Downloads',
    request: { query: downloadListQuerySchema },
    response: { status: 200, schema: staffDownloadPageSchema },
  }),
  staffGetDownload: route({
    method: 'GET',
    path: '/v1/staff/downloads/{id}',
    handler: 'functions/http/staffGetDownload.ts',
    auth: 'staff',
    access: { table: 'read' },
    summary: 'One shared file as staff see it',
    tag: 'Downloads',
    request: { params: downloadIdParamsSchema },
    response: { status: 200, schema: staffDownloadSchema },
    errors: [404],
  }),
  createDownload: route({
    method: 'POST',
    path: '/v1/staff/downloads',
    handler: 'functions/http/createDownload.ts',
    auth: 'staff',
    access: { table: 'read-write', buckets: { downloads: { [pendingUploadPrefix]: 'write' } } },
    summary:
      'Share a file: `title`, `category`, `visibility`, `file` {filename, contentType, size} (+ `description`, `fileVersion`); ' +
      'POST the returned `upload` form to S3, and customers see the file once the upload is verified',
    tag: 'Downloads',
    request: { body: createDownloadSchema },
    response: { status: 201, schema: staffDownloadWithUploadSchema },
    errors: [409],
  }),
  updateDownload: route({
    method: 'PATCH',
    path: '/v1/staff/downloads/{id}',
    handler: 'functions/http/updateDownload.ts',
    auth: 'staff',
    access: { table: 'read-write', buckets: { downloads: { [pendingUploadPrefix]: 'write' } } },
    summary:
      'Change a shared file (text, category, version, visibility); a new `file` answers with an `upload` form and ' +
      'replaces the current file once verified. Send `version` to refuse a stale edit',
    tag: 'Downloads',
    request: { params: downloadIdParamsSchema, body: updateDownloadSchema },
    response: { status: 200, schema: staffDownloadWithUploadSchema },
    errors: [404, 409],
  }),
  deleteDownload: route({
    method: 'DELETE',
    path: '/v1/staff/downloads/{id}',
    handler: 'functions/http/deleteDownload.ts',
    auth: 'staff',
    access: { table: 'read-write', buckets: { downloads: { 'files/': 'read-write' } } },
    summary: 'Stop sharing a file and delete it',
    tag: 'Downloads',
    request: { params: downloadIdParamsSchema },
    response: { status: 204 },
    errors: [404],
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
    // Ticket notifications (issue 3): e-mail new tickets, replies and auto-closes, once per recipient.
    {
      name: 'ticket-notifications',
      handler: 'functions/streams/ticketNotifications.ts',
      access: { table: 'read-write', sendEmail: true },
      // Up to 11 e-mails a record (owner and 10 CC); a batch stays far inside the timeout.
      batchSize: 10,
      maxRetries: 5,
      // Room to wait out another delivery's claim lease (30 s) and still send.
      timeoutSeconds: 90,
    },
    // Attachments (issue 4): copy each newly attached upload out of pending/ (which expires) to its permanent key.
    {
      name: 'store-attachments',
      handler: 'functions/streams/storeAttachments.ts',
      access: { table: 'read-write', buckets: { attachments: { [pendingUploadPrefix]: 'read', 'tickets/': 'write' } } },
      batchSize: 25,
      maxRetries: 5,
    },
  ],
  bucketEventConsumers: [
    // Attachments and downloads (issue 4): check each uploaded file against what was signed for it.
    {
      name: 'verify-attachment-upload',
      handler: 'functions/buckets/verifyAttachmentUpload.ts',
      bucket: 'attachments',
      prefix: pendingUploadPrefix,
      access: { table: 'read-write', buckets: { attachments: { [pendingUploadPrefix]: 'read-write' } } },
    },
    {
      name: 'verify-download-upload',
      handler: 'functions/buckets/verifyDownloadUpload.ts',
      bucket: 'downloads',
      prefix: pendingUploadPrefix,
      access: { table: 'read-write', buckets: { downloads: { [pendingUploadPrefix]: 'read-write', 'files/': 'read-write' } } },
      // Copies files of up to DOWNLOAD_MAX_MB (2 GiB by default) within the bucket.
      timeoutSeconds: 300,
    },
  ],
  scheduledJobs: [
    // Server status (issue 6): probes every due server; each run is bounded well under the timeout.
    { name: 'status-probe', handler: 'functions/schedules/statusProbe.ts', everyMinutes: 1, access: { table: 'read-write' }, timeoutSeconds: 60 },
    // Ticket auto-close (issue 3): closes long-answered tickets; the stream consumer e-mails the customer.
    { name: 'auto-close', handler: 'functions/schedules/autoClose.ts', everyMinutes: 15, access: { table: 'read-write' }, timeoutSeconds: 120 },
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
