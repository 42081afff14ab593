/**
 * The customer and guest side of an existing ticket: the customer's list, the ticket page, reply,
 * close and CC. Every ticket operation starts from findTicket(WithHistory)ForCaller, so another
 * customer's ticket, a wrong or missing guest key and a missing ticket are the same 404.
 */
import * as departmentRepository from '../data/departmentRepository.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import { uploadOwnerOf } from '../domain/attachments.ts';
import type { Caller, SignedInCaller } from '../domain/callers.ts';
import { closedByCaller, customerAuthor, withCc } from '../domain/customerTickets.ts';
import type { Department } from '../domain/departments.ts';
import {
  closeTicket,
  normalizeCc,
  showTicket,
  showTicketSummary,
  statusAfterCustomerReply,
  type StoredMessage,
  type StoredTicket,
} from '../domain/tickets.ts';
import { conflict } from '../errors.ts';
import type { Language } from '../schemas/common.ts';
import type { ReplyInput, TicketListQuery } from '../schemas/tickets.ts';
import { addEntry } from './ticketMessages.ts';
import { findTicketWithHistoryForCaller } from './ticketAccess.ts';

/** The caller's tickets, newest activity first: one Query for the page, one for department names. */
export async function listCustomerTickets(caller: SignedInCaller, query: TicketListQuery, language: Language) {
  const [page, departments] = await Promise.all([
    ticketRepository.listForCustomer(caller.id, query.status, { limit: query.limit ?? 20, cursor: query.cursor }),
    departmentRepository.list(),
  ]);
  const byId = new Map(departments.map((department) => [department.id, department]));
  return {
    items: page.items.map((ticket) => showTicketSummary(ticket, byId.get(ticket.departmentId), language)),
    nextCursor: page.nextCursor,
  };
}

/**
 * `read` (the ticket, found or changed) together with the departments: the page needs the ticket's
 * department, and listing the few departments alongside saves waiting for a second read after it.
 */
async function withDepartment<T extends { ticket: StoredTicket }>(read: Promise<T>): Promise<T & { department: Department | undefined }> {
  const [found, departments] = await Promise.all([read, departmentRepository.list()]);
  return { ...found, department: departments.find((department) => department.id === found.ticket.departmentId) };
}

export async function getCustomerTicket(caller: Caller, number: string, guestKey: string | undefined, language: Language) {
  const { ticket, history, department } = await withDepartment(findTicketWithHistoryForCaller(caller, number, guestKey));
  return showTicket(ticket, history, department, language);
}

/**
 * A reply by the owner or the guest: the ticket waits for staff again (customer_reply), and a
 * closed one reopens unless its department forbids it (409, nothing written). Returns the page.
 */
export async function replyAsCustomer(caller: Caller, number: string, guestKey: string | undefined, input: ReplyInput, language: Language) {
  const { ticket, history, department } = await withDepartment(findTicketWithHistoryForCaller(caller, number, guestKey));
  const uploadOwners = caller.kind === 'user' ? [uploadOwnerOf(caller)] : [uploadOwnerOf(caller, number), uploadOwnerOf(caller)];
  const added = await addEntry(ticket, {
    kind: 'message',
    author: customerAuthor(caller, ticket),
    body: input.message,
    attachmentIds: input.attachmentIds,
    uploadOwners,
    nextStatus: (current) => statusAfterCustomerReply(current, department),
  });
  return showTicket(added.ticket, [...history, added.message], department, language);
}

/**
 * Reads the ticket, applies `change` and stores the result while the ticket is still at the
 * version read; after a concurrent write (a staff reply, the auto-close job) the ticket is read
 * again and the change re-applied. `change` returns undefined when there is nothing to write.
 */
async function applyToTicket(
  caller: Caller,
  number: string,
  guestKey: string | undefined,
  change: (ticket: StoredTicket) => StoredTicket | undefined,
): Promise<{ ticket: StoredTicket; history: StoredMessage[] }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const { ticket, history } = await findTicketWithHistoryForCaller(caller, number, guestKey);
    const changed = change(ticket);
    if (!changed) return { ticket, history };
    if (await ticketRepository.updateIfUnchanged(changed, ticket.version)) return { ticket: changed, history };
  }
  throw conflict('The ticket is changing quickly right now; try again');
}

const MAX_ATTEMPTS = 4;

/** Closing a closed ticket changes nothing and answers with the page, like the first close did. */
export async function closeAsCustomer(caller: Caller, number: string, guestKey: string | undefined, language: Language, now = new Date()) {
  const { ticket, history, department } = await withDepartment(
    applyToTicket(caller, number, guestKey, (current) => (current.status === 'closed' ? undefined : closeTicket(current, closedByCaller(caller), now))),
  );
  return showTicket(ticket, history, department, language);
}

/** Replaces the CC list: lower-cased, de-duplicated, never the owner's own address (400). */
export async function replaceCustomerCc(caller: Caller, number: string, guestKey: string | undefined, emails: string[], language: Language, now = new Date()) {
  const { ticket, history, department } = await withDepartment(
    applyToTicket(caller, number, guestKey, (current) => withCc(current, normalizeCc(emails, current.owner.email), now)),
  );
  return showTicket(ticket, history, department, language);
}
