import { isoDateTimeSchema, localizedInputSchema, localizedTextSchema, pageSchema, paginationQuerySchema } from './common.ts';
import * as z from './zod.ts';

export const announcementIdParamsSchema = z.strictObject({
  id: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)),
});

const announcementFields = {
  title: localizedInputSchema(200),
  /** Markdown; rendered to sanitized HTML when saved. */
  body: localizedInputSchema(20_000),
  /** When customers start seeing it; a future time schedules it, `null` keeps it a draft. */
  publishAt: z.nullable(isoDateTimeSchema),
  /** Pinned announcements are listed before all others. */
  pinned: z.boolean(),
};

export const createAnnouncementSchema = z.strictObject({
  title: announcementFields.title,
  body: announcementFields.body,
  /** Defaults to now (published at once). */
  publishAt: z.optional(announcementFields.publishAt),
  pinned: z.optional(announcementFields.pinned),
});
export type CreateAnnouncementInput = z.infer<typeof createAnnouncementSchema>;

export const updateAnnouncementSchema = z.strictObject({
  title: z.optional(announcementFields.title),
  body: z.optional(announcementFields.body),
  publishAt: z.optional(announcementFields.publishAt),
  pinned: z.optional(announcementFields.pinned),
  /** Optimistic concurrency: when given, the update applies only to this version. */
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateAnnouncementInput = z.infer<typeof updateAnnouncementSchema>;

/** What customers and guests see, in their language. */
export const announcementSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** The Markdown source. */
  body: z.string(),
  /** The body rendered to sanitized HTML. */
  bodyHtml: z.string(),
  publishedAt: isoDateTimeSchema,
  pinned: z.boolean(),
  updatedAt: isoDateTimeSchema,
});

export const staffAnnouncementSchema = z.strictObject({
  id: z.string(),
  title: localizedTextSchema,
  body: localizedTextSchema,
  bodyHtml: localizedTextSchema,
  publishAt: z.nullable(isoDateTimeSchema),
  status: z.enum(['draft', 'scheduled', 'published']),
  pinned: z.boolean(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const announcementListQuerySchema = z.strictObject({ ...paginationQuerySchema });
export const announcementPageSchema = pageSchema(announcementSchema);
export const staffAnnouncementPageSchema = pageSchema(staffAnnouncementSchema);
