/**
 * The Downloads section: staff categories and files, what customers see of them, and presigned
 * links. Customer responses carry no visibility rules, customer ids or storage keys.
 */
import { maxFilenameLength } from '../domain/attachments.ts';
import { isoDateTimeSchema, localizedInputSchema, localizedTextSchema, pageSchema, paginationQuerySchema, printableText, slugSchema } from './common.ts';
import { customerIdParamsSchema } from './customerServices.ts';
import { uploadFormSchema } from './uploads.ts';
import { hasNoDuplicates } from '../validation/rules.ts';
import * as z from './zod.ts';

export const maxNamedCustomers = 500;

export const downloadIdSchema = z.string().check(z.regex(/^[0-9a-f]{16}$/, 'Not a file id'));
export const downloadIdParamsSchema = z.strictObject({ id: downloadIdSchema });
export const downloadCategoryIdParamsSchema = z.strictObject({ id: slugSchema });

/** Who sees a file: everyone, every signed-in customer, holders of a service of one product, or the named customers. */
export const visibilitySchema = z.discriminatedUnion('audience', [
  z.strictObject({ audience: z.literal('everyone') }),
  z.strictObject({ audience: z.literal('signed-in') }),
  z.strictObject({
    audience: z.literal('product'),
    /** As in the customers' services (`product` of PUT /v1/staff/customers/{customerId}/services). */
    product: printableText(80),
  }),
  z.strictObject({
    audience: z.literal('customers'),
    /** Customer ids (the `sub` of their tokens); one is enough. */
    customerIds: z
      .array(customerIdParamsSchema.shape.customerId)
      .check(
        z.minLength(1),
        z.maxLength(maxNamedCustomers),
        z.refine(hasNoDuplicates, { message: 'Customer ids must be unique' }),
      ),
  }),
]);
export type VisibilityInput = z.infer<typeof visibilitySchema>;

/** A MIME type without parameters, e.g. `application/x-tar`. */
const contentTypeSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i, 'A media type such as application/zip'));

export const downloadFileInputSchema = z.strictObject({
  filename: z.string().check(z.minLength(1), z.maxLength(maxFilenameLength)),
  contentType: contentTypeSchema,
  size: z.int().check(z.gte(1)),
});
export type DownloadFileInput = z.infer<typeof downloadFileInputSchema>;

const fileVersionSchema = printableText(40);

export const createDownloadSchema = z.strictObject({
  title: localizedInputSchema(200),
  description: z.optional(localizedInputSchema(2000)),
  category: slugSchema,
  /** The version of what is shared, e.g. `2.4.1`. */
  fileVersion: z.optional(fileVersionSchema),
  visibility: visibilitySchema,
  /** The file to upload with the returned form. */
  file: downloadFileInputSchema,
});
export type CreateDownloadInput = z.infer<typeof createDownloadSchema>;

export const updateDownloadSchema = z.strictObject({
  title: z.optional(localizedInputSchema(200)),
  description: z.optional(localizedInputSchema(2000)),
  category: z.optional(slugSchema),
  fileVersion: z.optional(z.nullable(fileVersionSchema)),
  visibility: z.optional(visibilitySchema),
  /** A new file replacing the current one once its upload is verified (customers keep the old one until then). */
  file: z.optional(downloadFileInputSchema),
  /** Optimistic concurrency: when given, the update applies only to this version. */
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateDownloadInput = z.infer<typeof updateDownloadSchema>;

export const createDownloadCategorySchema = z.strictObject({
  name: localizedInputSchema(80),
  /** Chosen by the server from the name when absent. */
  id: z.optional(slugSchema),
  description: z.optional(localizedInputSchema(1000)),
  order: z.optional(z.int().check(z.gte(0), z.lte(10000))),
});
export type CreateDownloadCategoryInput = z.infer<typeof createDownloadCategorySchema>;

export const updateDownloadCategorySchema = z.strictObject({
  name: z.optional(localizedInputSchema(80)),
  description: z.optional(localizedInputSchema(1000)),
  order: z.optional(z.int().check(z.gte(0), z.lte(10000))),
  version: z.optional(z.int().check(z.gte(1))),
});
export type UpdateDownloadCategoryInput = z.infer<typeof updateDownloadCategorySchema>;

export const downloadListQuerySchema = z.strictObject({
  category: z.optional(slugSchema),
  ...paginationQuerySchema,
});
export type DownloadListQuery = z.infer<typeof downloadListQuerySchema>;

// Responses.

const storedFileSchema = z.strictObject({
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  uploadedAt: isoDateTimeSchema,
});

/** What a customer sees of a file, in their language. */
export const downloadSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.strictObject({ id: z.string(), name: z.string() }),
  fileVersion: z.nullable(z.string()),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  updatedAt: isoDateTimeSchema,
});
export const downloadPageSchema = pageSchema(downloadSchema);

export const downloadCategorySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** Files in this category the caller may download. */
  fileCount: z.number(),
});
export const downloadCategoryListSchema = z.strictObject({ items: z.array(downloadCategorySchema) });

export const staffDownloadCategorySchema = z.strictObject({
  id: z.string(),
  name: localizedTextSchema,
  description: localizedTextSchema,
  order: z.number(),
  /** Every file in it, whoever may see it and whether uploaded yet. */
  fileCount: z.number(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export const staffDownloadCategoryListSchema = z.strictObject({ items: z.array(staffDownloadCategorySchema) });

export const staffDownloadSchema = z.strictObject({
  id: z.string(),
  title: localizedTextSchema,
  description: localizedTextSchema,
  category: z.string(),
  fileVersion: z.nullable(z.string()),
  visibility: visibilitySchema,
  /** `awaiting-upload` until the first file is uploaded and verified; only `available` files are shown. */
  status: z.enum(['awaiting-upload', 'available']),
  file: z.nullable(storedFileSchema),
  /** A replacement (or first) file whose upload is not verified yet. */
  pendingFile: z.nullable(
    z.strictObject({
      filename: z.string(),
      contentType: z.string(),
      size: z.number(),
      uploadBefore: isoDateTimeSchema,
      /** Set when the uploaded file did not match what was announced (it was deleted): announce it again. */
      rejectedReason: z.nullable(z.string()),
    }),
  ),
  /** Links handed out. */
  downloadCount: z.number(),
  version: z.number(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export const staffDownloadPageSchema = pageSchema(staffDownloadSchema);

const uploadOnly = z.strictObject({
  url: uploadFormSchema.shape.url,
  fields: uploadFormSchema.shape.fields,
  expiresAt: uploadFormSchema.shape.expiresAt,
});

/** A file as staff see it, with the form to upload its new file when one was announced. */
export const staffDownloadWithUploadSchema = z.strictObject({
  ...staffDownloadSchema.shape,
  /** POST a multipart/form-data form to `url`: every entry of `fields`, then the file as `file`. */
  upload: z.optional(uploadOnly),
});
