/**
 * Which e-mails a ticket change sends, to whom, and the identity of each (its dedupe key), so a
 * change delivered twice maps to the same e-mails. Pure rules, no AWS.
 *
 * - A new message that opens a ticket: a confirmation to the owner, a notice to the department.
 * - A new staff reply: the owner and every CC recipient, one e-mail each.
 * - A new customer or guest reply: the department.
 * - A ticket closed by auto-close: the owner.
 * Internal notes never send anything, and neither does any other change.
 */
import type { TicketEmailKind } from '../email/ticketEmails.ts';
import type { StoredMessage, StoredTicket } from './tickets.ts';

/** The change as the stream reports it (see shared/data/ticketStreamRecords.ts). */
export type TicketChange =
  | { entity: 'ticket'; event: 'INSERT' | 'MODIFY' | 'REMOVE'; before: StoredTicket | undefined; after: StoredTicket | undefined }
  | { entity: 'ticketMessage'; event: 'INSERT' | 'MODIFY' | 'REMOVE'; before: StoredMessage | undefined; after: StoredMessage | undefined };

export type NotificationEvent =
  | { kind: 'messagePosted'; ticketNumber: string; message: StoredMessage }
  | { kind: 'autoClosed'; ticketNumber: string; ticket: StoredTicket };

export interface PlannedEmail {
  /** Stable for the same event and recipient, whichever delivery of the record computes it. */
  dedupeKey: string;
  kind: TicketEmailKind;
  /** Lower-cased address. */
  to: string;
  /** Sent to a guest owner: the e-mail carries a freshly minted access key. */
  withGuestKey: boolean;
}

/** The event worth e-mailing about in a change, if any. */
export function notificationEventOf(change: TicketChange): NotificationEvent | undefined {
  if (change.entity === 'ticketMessage') {
    const message = change.after;
    if (change.event !== 'INSERT' || !message || message.kind !== 'message') return undefined;
    return { kind: 'messagePosted', ticketNumber: message.ticketNumber, message };
  }
  const { before, after } = change;
  if (change.event !== 'MODIFY' || !before || !after) return undefined;
  const closedNow = before.status !== 'closed' && after.status === 'closed';
  if (!closedNow || after.closedBy !== 'auto-close') return undefined;
  return { kind: 'autoClosed', ticketNumber: after.number, ticket: after };
}

/** Whether the event e-mails the ticket's department (so its address must be known to plan). */
export function mailsDepartment(event: NotificationEvent): boolean {
  return event.kind === 'messagePosted' && (event.message.opensTicket || event.message.author.role !== 'staff');
}

/**
 * The e-mails for an event, given the ticket as it is now and the department's address (null
 * when it has none). One per address: a CC equal to the owner's address is not mailed twice.
 */
export function plannedEmails(event: NotificationEvent, ticket: StoredTicket, departmentEmail: string | null): PlannedEmail[] {
  const source =
    event.kind === 'messagePosted'
      ? `MESSAGE#${ticket.number}#${event.message.id}`
      : `AUTOCLOSE#${ticket.number}#${event.ticket.closedAt ?? ''}`;
  const owner = ticket.owner.email.toLowerCase();
  const guestOwner = ticket.owner.kind === 'guest';
  const email = (kind: TicketEmailKind, to: string, withGuestKey = false): PlannedEmail => ({
    dedupeKey: `${source}#${kind}#${to}`,
    kind,
    to,
    withGuestKey,
  });
  const department = departmentEmail?.toLowerCase();

  if (event.kind === 'autoClosed') return [email('autoClosed', owner, guestOwner)];
  if (event.message.opensTicket) {
    return [email('ticketOpened', owner, guestOwner), ...(department ? [email('newTicket', department)] : [])];
  }
  if (event.message.author.role === 'staff') {
    const ccs = [...new Set(ticket.cc.map((address) => address.toLowerCase()))].filter((address) => address !== owner);
    return [email('staffReply', owner, guestOwner), ...ccs.map((address) => email('staffReplyCc', address))];
  }
  return department ? [email('customerReply', department)] : [];
}
