/**
 * The staff desk: the queue across all customers, any ticket with its internal notes, staff
 * edits (department, priority, status, assignee) with optimistic concurrency, replies and
 * internal notes. Every view names departments in the caller's language from one read of the
 * department list per request.
 */
import * as departmentRepository from '../data/departmentRepository.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import { uploadOwnerOf } from '../domain/attachments.ts';
import type { SignedInCaller } from '../domain/callers.ts';
import type { Department } from '../domain/departments.ts';
import { byCodeUnit } from '../domain/ordering.ts';
import {
  changesAnything,
  changeTicket,
  showTicketSummaryToStaff,
  showTicketToStaff,
  type Author,
  type StaffChanges,
  type StoredMessage,
  type StoredTicket,
} from '../domain/tickets.ts';
import { staleEdit, validationFailed } from '../errors.ts';
import type { Language } from '../schemas/common.ts';
import type { ReplyInput, StaffQueueQuery, UpdateTicketInput } from '../schemas/tickets.ts';
import { logger } from '../logger.ts';
import { findTicketWithHistoryForCaller } from './ticketAccess.ts';
import { addEntry } from './ticketMessages.ts';

type StaffTicketView = ReturnType<typeof showTicketToStaff>;

async function departmentsById(): Promise<Map<string, Department>> {
  const departments = await departmentRepository.list();
  return new Map(departments.map((department) => [department.id, department]));
}

export async function staffQueue(query: StaffQueueQuery, language: Language) {
  const [page, departments] = await Promise.all([
    ticketRepository.staffQueue(
      { department: query.department, status: query.status, priority: query.priority, assignee: query.assignee },
      { limit: query.limit ?? 20, cursor: query.cursor },
    ),
    departmentsById(),
  ]);
  return {
    items: page.items.map((ticket) => showTicketSummaryToStaff(ticket, departments.get(ticket.departmentId), language)),
    nextCursor: page.nextCursor,
  };
}

const findAsStaff = (caller: SignedInCaller, number: string) => findTicketWithHistoryForCaller(caller, number, undefined, { asStaff: true });

export async function getTicketForStaff(caller: SignedInCaller, number: string, language: Language): Promise<StaffTicketView> {
  const [{ ticket, history }, departments] = await Promise.all([findAsStaff(caller, number), departmentsById()]);
  return showTicketToStaff(ticket, history, departments.get(ticket.departmentId), language);
}

/**
 * A staff edit based on `version`. A stale version is a 409 naming the current one; a move to a
 * department that does not exist is a 400; an edit that changes nothing writes nothing.
 */
export async function updateTicketAsStaff(
  caller: SignedInCaller,
  number: string,
  input: UpdateTicketInput,
  language: Language,
  now = new Date(),
): Promise<StaffTicketView> {
  const [{ ticket, history }, departments] = await Promise.all([findAsStaff(caller, number), departmentsById()]);
  if (input.version !== ticket.version) throw staleEdit('ticket', ticket.version);
  // Only a move is checked: a ticket whose department was deleted can still be edited otherwise.
  if (input.department !== undefined && input.department !== ticket.departmentId && !departments.has(input.department)) {
    throw validationFailed('No such department', [{ path: 'body.department', message: 'Unknown department' }]);
  }
  const changes: StaffChanges = {
    departmentId: input.department,
    priority: input.priority,
    status: input.status,
    assignee: input.assignee,
  };
  if (!changesAnything(ticket, changes)) {
    return showTicketToStaff(ticket, history, departments.get(ticket.departmentId), language);
  }
  const updated = changeTicket(ticket, changes, now);
  await ticketRepository.update(updated, ticket.version);
  return showTicketToStaff(updated, history, departments.get(updated.departmentId), language);
}

const staffAuthor = (caller: SignedInCaller): Author => ({
  id: caller.id,
  name: caller.name ?? caller.email ?? 'Support',
  role: 'staff',
});

/**
 * A reply (status → answered, reopening a closed ticket as answered) or an internal note (status
 * unchanged, never shown or mailed to the customer), with the staff view of the ticket after it.
 */
export async function addStaffEntry(
  caller: SignedInCaller,
  number: string,
  kind: 'message' | 'note',
  input: ReplyInput,
  language: Language,
): Promise<StaffTicketView> {
  const [{ ticket, history }, departments] = await Promise.all([findAsStaff(caller, number), departmentsById()]);
  const added = await addEntry(ticket, {
    kind,
    author: staffAuthor(caller),
    body: input.message,
    attachmentIds: input.attachmentIds,
    uploadOwners: [uploadOwnerOf(caller)],
    nextStatus: (current) => (kind === 'message' ? 'answered' : current.status),
  });
  const fullHistory = await historyAfter(ticket, history, added);
  return showTicketToStaff(added.ticket, fullHistory, departments.get(added.ticket.departmentId), language);
}

/**
 * The history as it stands after our entry. When another writer changed the ticket between our
 * read and our write (addEntry re-read it), the history is read again so their entry shows too.
 * The entry is stored by then: a failing re-read must not turn it into an error the client
 * would retry (posting it twice), so the answer falls back to what was read before.
 */
async function historyAfter(
  readTicket: StoredTicket,
  readHistory: StoredMessage[],
  added: { ticket: StoredTicket; message: StoredMessage },
): Promise<StoredMessage[]> {
  const withOurs = [...readHistory, added.message];
  if (added.ticket.version === readTicket.version + 1) return withOurs;
  const reread = await ticketRepository.getWithHistory(readTicket.number).catch((error: unknown) => {
    logger.warn('Could not re-read the history after a reply; answering with the history read before', { error });
    return undefined;
  });
  if (!reread) return withOurs;
  const others = reread.history.filter((message) => message.id !== added.message.id);
  return [...others, added.message].sort((a, b) => byCodeUnit(a.createdAt, b.createdAt) || byCodeUnit(a.id, b.id));
}
