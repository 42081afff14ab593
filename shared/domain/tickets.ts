/**
 * Tickets: statuses and who may move them where, CC lists, guest access keys and what each
 * audience sees. Pure rules, no AWS.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { conflict, validationFailed } from '../errors.ts';
import type { Language } from '../schemas/common.ts';
import type { AuthorRole, TicketPriority, TicketStatus } from '../schemas/tickets.ts';
import type { MessageAttachment } from './attachments.ts';
import type { Department } from './departments.ts';
import { resolveText } from './text.ts';

export type TicketOwner =
  | { kind: 'customer'; customerId: string; name: string; email: string }
  | { kind: 'guest'; name: string; email: string };

export type ClosedBy = 'customer' | 'guest' | 'staff' | 'auto-close';

export interface Author {
  id: string | null;
  name: string;
  role: AuthorRole;
}

export interface StoredTicket {
  number: string;
  subject: string;
  departmentId: string;
  status: TicketStatus;
  priority: TicketPriority;
  serviceId: string | null;
  owner: TicketOwner;
  language: Language;
  cc: string[];
  assignee: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Moves on open, every reply, close, reopen and a staff status change: the lists' order. */
  lastActivityAt: string;
  lastReplyAt: string;
  lastReply: { authorName: string; role: AuthorRole; at: string };
  closedAt: string | null;
  closedBy: ClosedBy | null;
  messageCount: number;
  version: number;
  /** Guests only: SHA-256 digests of the access keys that open this ticket. */
  guestKeyHashes?: string[];
}

/** A message of the history, or (kind `note`) an internal note. */
export interface StoredMessage {
  id: string;
  ticketNumber: string;
  kind: 'message' | 'note';
  author: Author;
  body: string;
  attachments: MessageAttachment[];
  createdAt: string;
  /** The first message, written with the ticket. */
  opensTicket: boolean;
}

export const statusLabels: Record<TicketStatus, Record<Language, string>> = {
  open: { pl: 'Otwarte', en: 'Open' },
  answered: { pl: 'Otrzymano odpowiedź', en: 'Answered' },
  customer_reply: { pl: 'Twoja odpowiedź', en: 'Customer-Reply' },
  closed: { pl: 'Zamknięte', en: 'Closed' },
};

export const isActive = (status: TicketStatus) => status !== 'closed';

// Status transitions (seed: open → answered → customer_reply → answered … → closed).

/** A customer or guest reply: the ticket waits for staff again; a closed one reopens if its department allows. */
export function statusAfterCustomerReply(ticket: StoredTicket, department: Department | undefined): TicketStatus {
  if (ticket.status === 'closed' && !canReopen(department)) {
    throw conflict('This ticket is closed and its department does not reopen tickets; please open a new ticket', [
      { path: 'status', message: 'closed' },
    ]);
  }
  return 'customer_reply';
}

/** A deleted department no longer forbids anything. */
export const canReopen = (department: Department | undefined) => department?.allowReopen ?? true;

export const customerCanReply = (ticket: StoredTicket, department: Department | undefined) =>
  ticket.status !== 'closed' || canReopen(department);

/** The fields every reply changes on its ticket. */
export function afterReply(ticket: StoredTicket, author: Author, status: TicketStatus, now: Date): StoredTicket {
  const at = now.toISOString();
  const reopened = ticket.status === 'closed' && status !== 'closed';
  return {
    ...ticket,
    status,
    updatedAt: at,
    lastActivityAt: at,
    lastReplyAt: at,
    lastReply: { authorName: author.name, role: author.role, at },
    closedAt: reopened ? null : ticket.closedAt,
    closedBy: reopened ? null : ticket.closedBy,
    messageCount: ticket.messageCount + 1,
    version: ticket.version + 1,
  };
}

export function closeTicket(ticket: StoredTicket, by: ClosedBy, now: Date): StoredTicket {
  const at = now.toISOString();
  return { ...ticket, status: 'closed', closedAt: at, closedBy: by, updatedAt: at, lastActivityAt: at, version: ticket.version + 1 };
}

export interface StaffChanges {
  departmentId?: string;
  priority?: TicketPriority;
  status?: TicketStatus;
  assignee?: { id: string; name: string } | null;
}

/** Staff edits; only a status change counts as activity (it moves the ticket in the lists). */
export function changeTicket(ticket: StoredTicket, changes: StaffChanges, now: Date): StoredTicket {
  const at = now.toISOString();
  const status = changes.status ?? ticket.status;
  const statusChanged = status !== ticket.status;
  return {
    ...ticket,
    departmentId: changes.departmentId ?? ticket.departmentId,
    priority: changes.priority ?? ticket.priority,
    assignee: changes.assignee === undefined ? ticket.assignee : changes.assignee,
    status,
    closedAt: statusChanged ? (status === 'closed' ? at : null) : ticket.closedAt,
    closedBy: statusChanged ? (status === 'closed' ? 'staff' : null) : ticket.closedBy,
    lastActivityAt: statusChanged ? at : ticket.lastActivityAt,
    updatedAt: at,
    version: ticket.version + 1,
  };
}

export function changesAnything(ticket: StoredTicket, changes: StaffChanges): boolean {
  return (
    (changes.departmentId !== undefined && changes.departmentId !== ticket.departmentId) ||
    (changes.priority !== undefined && changes.priority !== ticket.priority) ||
    (changes.status !== undefined && changes.status !== ticket.status) ||
    (changes.assignee !== undefined && JSON.stringify(changes.assignee) !== JSON.stringify(ticket.assignee))
  );
}

/** Answered tickets with no customer reply since `cutoff` close by themselves. */
export const isDueForAutoClose = (ticket: StoredTicket, cutoff: Date) =>
  ticket.status === 'answered' && ticket.lastActivityAt < cutoff.toISOString();

// CC recipients.

/** Lower-cased, de-duplicated, never the owner's own address (that one gets every reply anyway). */
export function normalizeCc(emails: string[], ownerEmail: string): string[] {
  const owner = ownerEmail.toLowerCase();
  const unique = [...new Set(emails.map((address) => address.trim().toLowerCase()))];
  const ownIndex = unique.indexOf(owner);
  if (ownIndex !== -1) {
    throw validationFailed('The ticket owner receives every reply already; do not add their address as CC', [
      { path: `body.emails[${emails.findIndex((address) => address.trim().toLowerCase() === owner)}]`, message: 'This is the owner’s address' },
    ]);
  }
  return unique;
}

// Guest access keys: 256 random bits, kept only as a SHA-256 digest, compared in constant time.

export const newAccessKey = () => randomBytes(32).toString('base64url');

export const hashAccessKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Compares against every stored digest without stopping early, so timing says nothing about a near miss. */
export function accessKeyMatches(key: string, hashes: readonly string[]): boolean {
  const candidate = Buffer.from(hashAccessKey(key), 'hex');
  let matched = false;
  for (const hash of hashes) {
    const stored = Buffer.from(hash, 'hex');
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) matched = true;
  }
  return matched;
}

/** A guest's keys stop working `guestAccessDays` after the ticket was closed. */
export function guestAccessExpired(ticket: StoredTicket, guestAccessDays: number, now: Date): boolean {
  if (ticket.status !== 'closed' || ticket.closedAt === null) return false;
  return now.getTime() > Date.parse(ticket.closedAt) + guestAccessDays * 86_400_000;
}

// What each audience sees.

const departmentOf = (ticket: StoredTicket, department: Department | undefined, language: Language) => ({
  id: ticket.departmentId,
  name: department ? resolveText(department.name, language) : ticket.departmentId,
});

function commonView(ticket: StoredTicket, department: Department | undefined, language: Language) {
  return {
    number: ticket.number,
    subject: ticket.subject,
    department: departmentOf(ticket, department, language),
    status: ticket.status,
    statusLabel: statusLabels[ticket.status][language],
    priority: ticket.priority,
    serviceId: ticket.serviceId,
    cc: ticket.cc,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    lastReplyAt: ticket.lastReplyAt,
    lastReply: ticket.lastReply,
    canReply: customerCanReply(ticket, department),
  };
}

export const showTicketSummary = commonView;

/** The ticket page: internal notes are not among `messages` (callers pass history without them). */
export function showTicket(ticket: StoredTicket, messages: StoredMessage[], department: Department | undefined, language: Language) {
  return {
    ...commonView(ticket, department, language),
    owner: { name: ticket.owner.name, email: ticket.owner.email },
    messages: messages
      .filter((message) => message.kind === 'message')
      .map((message) => ({
        id: message.id,
        author: { name: message.author.name, role: message.author.role },
        body: message.body,
        createdAt: message.createdAt,
        attachments: message.attachments.map(showAttachment),
      })),
  };
}

const showAttachment = (attachment: MessageAttachment) => ({
  id: attachment.id,
  filename: attachment.filename,
  contentType: attachment.contentType,
  size: attachment.size,
});

export function showTicketSummaryToStaff(ticket: StoredTicket, department: Department | undefined, language: Language) {
  return {
    ...commonView(ticket, department, language),
    owner: {
      kind: ticket.owner.kind,
      customerId: ticket.owner.kind === 'customer' ? ticket.owner.customerId : null,
      name: ticket.owner.name,
      email: ticket.owner.email,
    },
    assignee: ticket.assignee,
    language: ticket.language,
    closedAt: ticket.closedAt,
    closedBy: ticket.closedBy,
    messageCount: ticket.messageCount,
    version: ticket.version,
  };
}

export function showTicketToStaff(ticket: StoredTicket, messages: StoredMessage[], department: Department | undefined, language: Language) {
  return {
    ...showTicketSummaryToStaff(ticket, department, language),
    messages: messages.map((message) => ({
      id: message.id,
      author: message.author,
      body: message.body,
      createdAt: message.createdAt,
      attachments: message.attachments.map(showAttachment),
      internal: message.kind === 'note',
    })),
  };
}
