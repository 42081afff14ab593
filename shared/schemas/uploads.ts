/** Attachment uploads and download links: requests and responses (validation, types, OpenAPI). */
import { maxFilenameLength } from '../domain/attachments.ts';
import { isoDateTimeSchema } from './common.ts';
import { ticketNumberParamsSchema } from './tickets.ts';
import * as z from './zod.ts';

/** 128 random bits, hex. */
export const uploadIdSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/, 'Not an upload id'));

export const createUploadSchema = z.strictObject({
  /** Shown to whoever sees the message; never part of the storage key. */
  filename: z.string().check(z.minLength(1), z.maxLength(maxFilenameLength)),
  contentType: z.string().check(z.minLength(3), z.maxLength(100)),
  /** Exact size in bytes (File.size): the upload may not be larger. */
  size: z.int().check(z.gte(1)),
  /** Guests replying to their ticket (with X-Ticket-Key): binds the upload to that ticket. */
  ticketNumber: z.optional(ticketNumberParamsSchema.shape.number),
});
export type CreateUploadInput = z.infer<typeof createUploadSchema>;

export const uploadIdParamsSchema = z.strictObject({ uploadId: uploadIdSchema });

const uploadFields = {
  uploadId: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** It can be attached until then (and is forgotten afterwards if it was not). */
  claimableUntil: isoDateTimeSchema,
};

export const uploadFormSchema = z.strictObject({
  ...uploadFields,
  /** POST a multipart/form-data form here: every entry of `fields`, then the file as `file`. */
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  /** The form works until then. */
  expiresAt: isoDateTimeSchema,
});

export const uploadStatusSchema = z.strictObject({
  ...uploadFields,
  /** `pending` until the stored file is checked; then `available` (attachable) or `rejected`; `attached` once used. */
  status: z.enum(['pending', 'available', 'rejected', 'attached']),
  rejectedReason: z.nullable(z.string()),
});

export const ticketAttachmentParamsSchema = z.strictObject({
  number: ticketNumberParamsSchema.shape.number,
  attachmentId: uploadIdSchema,
});

/** A presigned download: fetch `url` (no headers needed) before `expiresAt`. */
export const downloadLinkSchema = z.strictObject({
  url: z.string(),
  expiresAt: isoDateTimeSchema,
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});
