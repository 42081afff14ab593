/**
 * The route manifest: every HTTP route, stream consumer, bucket-event consumer and scheduled job
 * of the backend, with the handler that serves it, who may call it and the resources it may
 * touch. The CDK stack (infra/supportStack.ts) and the local cloud (infra/local/) are both built
 * from this module, so a route cannot exist in one and not the other. The OpenAPI document is
 * generated from the schemas referenced here.
 *
 * Each feature's routes are defined in shared/routes/<feature>.ts, one export per route, and
 * gathered here; a handler imports its own route from there, so its bundle carries its own
 * definition and schemas and not every feature's.
 */
import { pendingUploadPrefix } from './data/bucketDefinitions.ts';
import { errorBodySchema } from './schemas/common.ts';
import type { HttpRoute, Manifest } from './routes/types.ts';
import { systemRoutes } from './routes/system.ts';
import { departmentRoutes } from './routes/departments.ts';
import { statusRoutes } from './routes/status.ts';
import { announcementRoutes } from './routes/announcements.ts';
import { knowledgeBaseRoutes } from './routes/knowledgeBase.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { fileRoutes } from './routes/files.ts';

export type {
  BucketAccess,
  BucketAccessLevel,
  BucketEventConsumer,
  BucketName,
  HttpMethod,
  HttpRoute,
  Manifest,
  ResourceAccess,
  RouteAuth,
  ScheduledJob,
  StreamConsumer,
} from './routes/types.ts';

/** Every HTTP route, feature by feature, each under its id (the handlers import their own from shared/routes/). */
export const routes = {
  ...systemRoutes,
  ...departmentRoutes,
  ...statusRoutes,
  ...announcementRoutes,
  ...knowledgeBaseRoutes,
  ...ticketRoutes,
  ...fileRoutes,
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
