/**
 * Attachments and the Downloads section (issue 4): presigned uploads verified by S3 events, presigned downloads.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `fileRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
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
} from '../schemas/downloads.ts';
import { guestKeyHeadersSchema } from '../schemas/tickets.ts';
import {
  createUploadSchema,
  downloadLinkSchema,
  ticketAttachmentParamsSchema,
  uploadFormSchema,
  uploadIdParamsSchema,
  uploadStatusSchema,
} from '../schemas/uploads.ts';
import type { HttpRoute } from './types.ts';

export const createUpload = {
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
} satisfies HttpRoute;

export const getUpload = {
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
} satisfies HttpRoute;

export const ticketAttachmentLink = {
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
} satisfies HttpRoute;

export const staffTicketAttachmentLink = {
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
} satisfies HttpRoute;

export const listDownloadCategories = {
  method: 'GET',
  path: '/v1/downloads/categories',
  handler: 'functions/http/listDownloadCategories.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Download categories holding files shared with the caller, with how many',
  tag: 'Downloads',
  response: { status: 200, schema: downloadCategoryListSchema },
} satisfies HttpRoute;

export const listDownloads = {
  method: 'GET',
  path: '/v1/downloads',
  handler: 'functions/http/listDownloads.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Files shared with the caller (everyone, signed-in customers, holders of a product, or them by name), newest first; `category` narrows',
  tag: 'Downloads',
  request: { query: downloadListQuerySchema },
  response: { status: 200, schema: downloadPageSchema },
} satisfies HttpRoute;

export const createDownloadLink = {
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
} satisfies HttpRoute;

// Before `/v1/staff/downloads/{id}`: a literal segment is the more specific route.
export const staffListDownloadCategories = {
  method: 'GET',
  path: '/v1/staff/downloads/categories',
  handler: 'functions/http/staffListDownloadCategories.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Every download category in both languages, with its number of files',
  tag: 'Downloads',
  response: { status: 200, schema: staffDownloadCategoryListSchema },
} satisfies HttpRoute;

export const createDownloadCategory = {
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
} satisfies HttpRoute;

export const updateDownloadCategory = {
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
} satisfies HttpRoute;

export const deleteDownloadCategory = {
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
} satisfies HttpRoute;

export const staffListDownloads = {
  method: 'GET',
  path: '/v1/staff/downloads',
  handler: 'functions/http/staffListDownloads.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Every shared file, newest first, with its visibility, state and download count; `category` narrows',
  tag: 'Downloads',
  request: { query: downloadListQuerySchema },
  response: { status: 200, schema: staffDownloadPageSchema },
} satisfies HttpRoute;

export const staffGetDownload = {
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
} satisfies HttpRoute;

export const createDownload = {
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
} satisfies HttpRoute;

export const updateDownload = {
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
} satisfies HttpRoute;

export const deleteDownload = {
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
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const fileRoutes = {
  createUpload,
  getUpload,
  ticketAttachmentLink,
  staffTicketAttachmentLink,
  listDownloadCategories,
  listDownloads,
  createDownloadLink,
  staffListDownloadCategories,
  createDownloadCategory,
  updateDownloadCategory,
  deleteDownloadCategory,
  staffListDownloads,
  staffGetDownload,
  createDownload,
  updateDownload,
  deleteDownload,
};
