/**
 * Tickets (issue 3): opening one, the customer and guest side, the staff desk.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `ticketRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import {
  ccSchema,
  guestKeyHeadersSchema,
  openTicketHeadersSchema,
  openTicketSchema,
  openedTicketSchema,
  replySchema,
  staffQueueQuerySchema,
  staffQueueSchema,
  staffTicketSchema,
  ticketListQuerySchema,
  ticketListSchema,
  ticketNumberParamsSchema,
  ticketSchema,
  updateTicketSchema,
} from '../schemas/tickets.ts';
import type { HttpRoute } from './types.ts';

// Tickets — opening one (issue 3)
export const openTicket = {
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
} satisfies HttpRoute;

// Tickets — staff desk (issue 3)
export const staffListTickets = {
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
} satisfies HttpRoute;

export const staffGetTicket = {
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
} satisfies HttpRoute;

export const staffUpdateTicket = {
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
} satisfies HttpRoute;

export const staffReplyToTicket = {
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
} satisfies HttpRoute;

export const staffAddTicketNote = {
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
} satisfies HttpRoute;

// Tickets — customer and guest side (issue 3)
export const listTickets = {
  method: 'GET',
  path: '/v1/tickets',
  handler: 'functions/http/listTickets.ts',
  auth: 'customer',
  access: { table: 'read' },
  summary: "The caller's tickets, newest activity first; `status` filters by a status or `active` (every one not closed)",
  tag: 'Tickets',
  request: { query: ticketListQuerySchema },
  response: { status: 200, schema: ticketListSchema },
} satisfies HttpRoute;

export const getTicket = {
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
} satisfies HttpRoute;

export const replyToTicket = {
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
} satisfies HttpRoute;

export const closeTicket = {
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
} satisfies HttpRoute;

export const updateTicketCc = {
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
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const ticketRoutes = {
  openTicket,
  staffListTickets,
  staffGetTicket,
  staffUpdateTicket,
  staffReplyToTicket,
  staffAddTicketNote,
  listTickets,
  getTicket,
  replyToTicket,
  closeTicket,
  updateTicketCc,
};
