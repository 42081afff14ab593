/**
 * Ticket requests and responses: the single source for validation, TypeScript types and the
 * OpenAPI document. Customer bodies carry no status, owner or number fields: strict objects
 * reject them as unknown.
 */
import { isoDateTimeSchema, pageSchema, paginationQuerySchema, slugSchema } from './common.ts';
import { fitsMessageBytes, MAX_MESSAGE_BYTES } from '../validation/rules.ts';
import * as z from './zod.ts';

export const ticketStatuses = ['open', 'answered', 'customer_reply', 'closed'] as const;
export const ticketPriorities = ['low', 'medium', 'high'] as const;
export const authorRoles = ['customer', 'guest', 'staff'] as const;

export const ticketStatusSchema = z.enum(ticketStatuses);
export const ticketPrioritySchema = z.enum(ticketPriorities);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
export type TicketPriority = z.infer<typeof ticketPrioritySchema>;
export type AuthorRole = (typeof authorRoles)[number];

export { MAX_MESSAGE_BYTES };
export const MAX_CC = 10;
export const MAX_ATTACHMENTS = 10;

const messageText = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'The message is empty'),
    z.refine(fitsMessageBytes, `At most ${MAX_MESSAGE_BYTES} bytes`),
    z.regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'Control characters are not allowed'),
  );

/** Single line: no line breaks or other control characters (it becomes an e-mail subject). */
const singleLine = (maxLength: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Must not be empty'),
      z.maxLength(maxLength),
      z.regex(/^[^\u0000-\u001F\u007F]*$/, 'Line breaks and control characters are not allowed'),
    );

const email = z.email().check(z.maxLength(254));
const attachmentIds = z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not an upload id'))).check(z.maxLength(MAX_ATTACHMENTS)));

export const ticketNumberParamsSchema = z.strictObject({
  number: z.string().check(z.regex(/^[A-Za-z0-9-]{1,32}$/)),
});

export const openTicketSchema = z.strictObject({
  department: slugSchema,
  priority: z._default(ticketPrioritySchema, 'medium'),
  subject: singleLine(200),
  message: messageText,
  serviceId: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(128)))),
  attachmentIds,
  /** Guests only; a signed-in caller's name and e-mail come from the token. */
  name: z.optional(singleLine(100)),
  email: z.optional(email),
});
export type OpenTicketInput = z.infer<typeof openTicketSchema>;

export const replySchema = z.strictObject({ message: messageText, attachmentIds });
export type ReplyInput = z.infer<typeof replySchema>;

export const ccSchema = z.strictObject({ emails: z.array(email).check(z.maxLength(MAX_CC)) });
export type CcInput = z.infer<typeof ccSchema>;

const statusFilter = z.optional(z.enum([...ticketStatuses, 'active']));

export const ticketListQuerySchema = z.strictObject({ status: statusFilter, ...paginationQuerySchema });
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const staffQueueQuerySchema = z.strictObject({
  department: z.optional(slugSchema),
  status: statusFilter,
  priority: z.optional(ticketPrioritySchema),
  /** A staff member's id, or `none` for unassigned tickets. */
  assignee: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  ...paginationQuerySchema,
});
export type StaffQueueQuery = z.infer<typeof staffQueueQuerySchema>;

const assigneeSchema = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(128)), name: singleLine(100) });

export const updateTicketSchema = z.strictObject({
  /** The version the change is based on; a newer stored version is a 409. */
  version: z.int().check(z.gte(1)),
  department: z.optional(slugSchema),
  priority: z.optional(ticketPrioritySchema),
  status: z.optional(ticketStatusSchema),
  assignee: z.optional(z.nullable(assigneeSchema)),
});
export type UpdateTicketInput = z.infer<typeof updateTicketSchema>;

// Responses.

export const attachmentSchema = z.strictObject({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});

const messageSchema = z.strictObject({
  id: z.string(),
  author: z.strictObject({ name: z.string(), role: z.enum(authorRoles) }),
  body: z.string(),
  createdAt: isoDateTimeSchema,
  attachments: z.array(attachmentSchema),
});

const ticketFields = {
  number: z.string(),
  subject: z.string(),
  department: z.strictObject({ id: z.string(), name: z.string() }),
  status: ticketStatusSchema,
  statusLabel: z.string(),
  priority: ticketPrioritySchema,
  serviceId: z.nullable(z.string()),
  cc: z.array(z.string()),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  lastReplyAt: isoDateTimeSchema,
  lastReply: z.strictObject({ authorName: z.string(), role: z.enum(authorRoles), at: isoDateTimeSchema }),
  /** False when the ticket is closed and its department does not let a reply reopen it. */
  canReply: z.boolean(),
};

export const ticketSummarySchema = z.strictObject(ticketFields);
export const ticketListSchema = pageSchema(ticketSummarySchema);

export const ticketSchema = z.strictObject({
  ...ticketFields,
  owner: z.strictObject({ name: z.string(), email: z.string() }),
  messages: z.array(messageSchema),
});

/** The answer to opening a ticket: the ticket page, plus a guest's access key (shown only here). */
export const openedTicketSchema = z.strictObject({
  ...ticketFields,
  owner: z.strictObject({ name: z.string(), email: z.string() }),
  messages: z.array(messageSchema),
  accessKey: z.optional(z.string()),
});

const staffOwnerSchema = z.strictObject({
  kind: z.enum(['customer', 'guest']),
  customerId: z.nullable(z.string()),
  name: z.string(),
  email: z.string(),
});

const staffTicketFields = {
  ...ticketFields,
  owner: staffOwnerSchema,
  assignee: z.nullable(z.strictObject({ id: z.string(), name: z.string() })),
  language: z.enum(['pl', 'en']),
  closedAt: z.nullable(isoDateTimeSchema),
  closedBy: z.nullable(z.enum(['customer', 'guest', 'staff', 'auto-close'])),
  messageCount: z.number(),
  version: z.number(),
};

export const staffTicketSummarySchema = z.strictObject(staffTicketFields);
export const staffQueueSchema = pageSchema(staffTicketSummarySchema);

const staffMessageSchema = z.strictObject({
  id: z.string(),
  author: z.strictObject({ id: z.nullable(z.string()), name: z.string(), role: z.enum(authorRoles) }),
  body: z.string(),
  createdAt: isoDateTimeSchema,
  attachments: z.array(attachmentSchema),
  /** An internal note: staff only, never shown or mailed to the customer. */
  internal: z.boolean(),
});

export const staffTicketSchema = z.strictObject({ ...staffTicketFields, messages: z.array(staffMessageSchema) });

// Headers (lower-cased, as API Gateway delivers them).

/** The guest's proof of access to one ticket; a wrong or missing key is a 404 like any unknown ticket. */
export const guestKeyHeadersSchema = z.object({
  'x-ticket-key': z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});

export const openTicketHeadersSchema = z.object({
  /** Makes a retried request return the first result (a UUID is ideal); kept for 24 hours. */
  'idempotency-key': z.optional(z.string().check(z.regex(/^[\x21-\x7E]{8,255}$/, 'Use 8 to 255 visible ASCII characters (a UUID is ideal)'))),
});
