/** Server status: monitors, check results, incidents, maintenance and the public status page. */
import { isoDateTimeSchema, localizedInputSchema, localizedTextSchema, paginationQuerySchema, printableText, slugSchema } from './common.ts';
import { endsAfterStart, hasNoDuplicates } from '../validation/rules.ts';
import * as z from './zod.ts';

export const serverIdParamsSchema = z.strictObject({ id: slugSchema });
export const statusItemIdParamsSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'Not an id')),
});

const httpCheckInputSchema = z.strictObject({
  type: z.literal('http'),
  /** http:// or https:// only; link-local, cloud-metadata, private and (unless allowed) loopback hosts are refused. */
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  expectedStatus: z.optional(z.int().check(z.gte(100), z.lte(599))),
  /** The response body must contain this text (first 256 KiB are read). */
  expectedText: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(200)))),
});
const tcpCheckInputSchema = z.strictObject({
  type: z.literal('tcp'),
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  port: z.int().check(z.gte(1), z.lte(65535)),
});
export const checkInputSchema = z.discriminatedUnion('type', [httpCheckInputSchema, tcpCheckInputSchema]);
export type CheckInput = z.infer<typeof checkInputSchema>;

const checkSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('http'), url: z.string(), expectedStatus: z.number(), expectedText: z.nullable(z.string()) }),
  z.strictObject({ type: z.literal('tcp'), host: z.string(), port: z.number() }),
]);

const labelSchema = printableText(80);
const serverSettings = {
  /** Where the server is or what it belongs to, e.g. `Warszawa` (servers are grouped by it on the page). */
  group: labelSchema,
  check: checkInputSchema,
  /** How often to check; the probe runs every minute, so 60 means every run. */
  intervalSeconds: z.optional(z.int().check(z.gte(60), z.lte(86_400))),
  timeoutMs: z.optional(z.int().check(z.gte(500), z.lte(10_000))),
  /** A response slower than this counts as `degraded`; null: never. */
  degradedAboveMs: z.optional(z.nullable(z.int().check(z.gte(1), z.lte(10_000)))),
  /** Consecutive results needed before the state changes (no flapping). */
  confirmations: z.optional(z.int().check(z.gte(1), z.lte(10))),
  /** Products whose every service runs here (e.g. `shared-hosting`). */
  products: z.optional(z.array(printableText(80)).check(z.maxLength(50))),
  /** Individual services that run here (ids from the billing system). */
  serviceIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(500))),
  order: z.optional(z.int().check(z.gte(0), z.lte(10_000))),
};

export const createServerSchema = z.strictObject({
  name: labelSchema,
  /** Chosen from the name when absent. */
  id: z.optional(slugSchema),
  ...serverSettings,
});
export type CreateServerInput = z.infer<typeof createServerSchema>;

export const updateServerSchema = z.strictObject({
  name: z.optional(labelSchema),
  group: z.optional(labelSchema),
  check: z.optional(checkInputSchema),
  intervalSeconds: serverSettings.intervalSeconds,
  timeoutMs: serverSettings.timeoutMs,
  degradedAboveMs: serverSettings.degradedAboveMs,
  confirmations: serverSettings.confirmations,
  products: serverSettings.products,
  serviceIds: serverSettings.serviceIds,
  order: serverSettings.order,
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateServerInput = z.infer<typeof updateServerSchema>;

export const checkStatusSchema = z.enum(['up', 'degraded', 'down']);
export const serverStateSchema = z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']);

export const staffServerSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  group: z.string(),
  check: checkSchema,
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  degradedAboveMs: z.nullable(z.number()),
  confirmations: z.number(),
  products: z.array(z.string()),
  serviceIds: z.array(z.string()),
  order: z.number(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  /** What the probe last saw (absent details until the first check). */
  health: z.strictObject({
    state: serverStateSchema,
    lastStatus: z.nullable(checkStatusSchema),
    lastCheckedAt: z.nullable(isoDateTimeSchema),
    responseTimeMs: z.nullable(z.number()),
    lastError: z.nullable(z.string()),
    openIncidentId: z.nullable(z.string()),
  }),
});
export const staffServerListSchema = z.strictObject({ items: z.array(staffServerSchema) });

export const checkResultSchema = z.strictObject({
  checkedAt: isoDateTimeSchema,
  status: checkStatusSchema,
  responseTimeMs: z.nullable(z.number()),
  error: z.nullable(z.string()),
  inMaintenance: z.boolean(),
});
export const checkResultPageSchema = z.strictObject({ items: z.array(checkResultSchema), nextCursor: z.nullable(z.string()) });
export const checkHistoryQuerySchema = z.strictObject({ ...paginationQuerySchema });

export const incidentStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

const serverIdListSchema = z
  .array(slugSchema)
  .check(
    z.maxLength(50),
    z.refine(hasNoDuplicates, { message: 'Server ids must be unique' }),
  );

export const createIncidentSchema = z.strictObject({
  title: localizedInputSchema(160),
  serverIds: serverIdListSchema,
  status: z.optional(incidentStatusSchema),
  /** The first entry of the timeline. */
  message: localizedInputSchema(2000),
  /** When it began, if earlier than now (recording an incident after the fact). */
  startedAt: z.optional(isoDateTimeSchema),
});
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>;

export const updateIncidentSchema = z.strictObject({
  title: z.optional(localizedInputSchema(160)),
  serverIds: z.optional(serverIdListSchema),
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;

export const addIncidentUpdateSchema = z.strictObject({
  status: incidentStatusSchema,
  message: localizedInputSchema(2000),
});
export type AddIncidentUpdateInput = z.infer<typeof addIncidentUpdateSchema>;

const serverRefSchema = z.strictObject({ id: z.string(), name: z.string() });
const yourServiceSchema = z.strictObject({ id: z.string(), name: z.string() });
/** Present only for a signed-in caller: which of their own services this affects. */
const personalImpact = {
  affectsYourServices: z.optional(z.boolean()),
  yourServices: z.optional(z.array(yourServiceSchema)),
};

export const staffIncidentSchema = z.strictObject({
  id: z.string(),
  title: localizedTextSchema,
  status: incidentStatusSchema,
  servers: z.array(serverRefSchema),
  automatic: z.boolean(),
  startedAt: isoDateTimeSchema,
  resolvedAt: z.nullable(isoDateTimeSchema),
  updates: z.array(
    z.strictObject({ status: incidentStatusSchema, message: localizedTextSchema, createdAt: isoDateTimeSchema }),
  ),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const incidentSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  statusLabel: z.string(),
  servers: z.array(serverRefSchema),
  automatic: z.boolean(),
  startedAt: isoDateTimeSchema,
  resolvedAt: z.nullable(isoDateTimeSchema),
  /** Newest first. */
  updates: z.array(
    z.strictObject({ status: incidentStatusSchema, statusLabel: z.string(), message: z.string(), createdAt: isoDateTimeSchema }),
  ),
  ...personalImpact,
});
export const incidentPageSchema = z.strictObject({ items: z.array(incidentSchema), nextCursor: z.nullable(z.string()) });
export const incidentHistoryQuerySchema = z.strictObject({ ...paginationQuerySchema });

const maintenanceWindowCheck = z.refine<Parameters<typeof endsAfterStart>[0]>(endsAfterStart, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

export const createMaintenanceSchema = z
  .strictObject({
    title: localizedInputSchema(160),
    description: z.optional(localizedInputSchema(2000)),
    serverIds: serverIdListSchema.check(z.minLength(1)),
    startsAt: isoDateTimeSchema,
    endsAt: isoDateTimeSchema,
  })
  .check(maintenanceWindowCheck);
export type CreateMaintenanceInput = z.infer<typeof createMaintenanceSchema>;

export const updateMaintenanceSchema = z
  .strictObject({
    title: z.optional(localizedInputSchema(160)),
    description: z.optional(localizedInputSchema(2000)),
    serverIds: z.optional(serverIdListSchema.check(z.minLength(1))),
    startsAt: z.optional(isoDateTimeSchema),
    endsAt: z.optional(isoDateTimeSchema),
    /** A cancelled window no longer shows or suppresses anything. */
    cancelled: z.optional(z.boolean()),
    version: z.optional(z.int().check(z.gte(1))),
  })
  .check(maintenanceWindowCheck);
export type UpdateMaintenanceInput = z.infer<typeof updateMaintenanceSchema>;

export const staffMaintenanceSchema = z.strictObject({
  id: z.string(),
  title: localizedTextSchema,
  description: localizedTextSchema,
  servers: z.array(serverRefSchema),
  startsAt: isoDateTimeSchema,
  endsAt: isoDateTimeSchema,
  cancelled: z.boolean(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export const staffMaintenancePageSchema = z.strictObject({
  items: z.array(staffMaintenanceSchema),
  nextCursor: z.nullable(z.string()),
});
export const maintenanceListQuerySchema = z.strictObject({ ...paginationQuerySchema });

const maintenanceSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  servers: z.array(serverRefSchema),
  startsAt: isoDateTimeSchema,
  endsAt: isoDateTimeSchema,
  inProgress: z.boolean(),
  ...personalImpact,
});

const uptimeSchema = z.strictObject({
  /** Percent of checks that found the server up (or degraded), maintenance excluded; null without checks. */
  last24h: z.nullable(z.number()),
  last7d: z.nullable(z.number()),
  last30d: z.nullable(z.number()),
});

export const overallStateSchema = z.enum(['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance']);

export const statusPageSchema = z.strictObject({
  overall: overallStateSchema,
  overallLabel: z.string(),
  /** The latest check of any server. */
  checkedAt: z.nullable(isoDateTimeSchema),
  servers: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      group: z.string(),
      state: serverStateSchema,
      stateLabel: z.string(),
      since: z.nullable(isoDateTimeSchema),
      lastCheckedAt: z.nullable(isoDateTimeSchema),
      responseTimeMs: z.nullable(z.number()),
      uptime: uptimeSchema,
      ...personalImpact,
    }),
  ),
  activeIncidents: z.array(incidentSchema),
  /** Windows in progress or still to come, soonest first. */
  upcomingMaintenance: z.array(maintenanceSchema),
});
