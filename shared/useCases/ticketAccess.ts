/**
 * Who may see a ticket. Customer routes admit the owner (a signed-in customer) or a guest holding
 * a valid key for exactly that ticket; anything else is a 404, as if the ticket did not exist.
 * Staff powers apply only on staff routes (`asStaff`), never on customer routes.
 */
import { config } from '../config.ts';
import * as ticketRepository from '../data/ticketRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { accessKeyMatches, guestAccessExpired, type StoredMessage, type StoredTicket } from '../domain/tickets.ts';
import { notFound } from '../errors.ts';

export type TicketViewer = { kind: 'owner'; customerId: string } | { kind: 'guest' } | { kind: 'staff' };

/** How the caller is allowed to see `ticket`, or undefined when they are not. */
export function viewerOf(
  caller: Caller,
  ticket: StoredTicket,
  guestKey: string | undefined,
  options: { asStaff?: boolean } = {},
  now = new Date(),
): TicketViewer | undefined {
  if (options.asStaff) return caller.kind === 'user' && caller.isStaff ? { kind: 'staff' } : undefined;
  if (caller.kind === 'user') {
    return ticket.owner.kind === 'customer' && ticket.owner.customerId === caller.id
      ? { kind: 'owner', customerId: caller.id }
      : undefined;
  }
  if (guestKey === undefined || ticket.owner.kind !== 'guest') return undefined;
  if (!accessKeyMatches(guestKey, ticket.guestKeyHashes ?? [])) return undefined;
  return guestAccessExpired(ticket, config.tickets.guestAccessDays, now) ? undefined : { kind: 'guest' };
}

/** The ticket if the caller may see it, else a 404. */
export async function findTicketForCaller(
  caller: Caller,
  number: string,
  guestKey: string | undefined,
  options: { asStaff?: boolean } = {},
): Promise<StoredTicket> {
  const ticket = await ticketRepository.get(number);
  if (!ticket || !viewerOf(caller, ticket, guestKey, options)) throw notFound('Ticket');
  return ticket;
}

/** The ticket with its history (notes included: callers decide what to show), else a 404. */
export async function findTicketWithHistoryForCaller(
  caller: Caller,
  number: string,
  guestKey: string | undefined,
  options: { asStaff?: boolean } = {},
): Promise<{ ticket: StoredTicket; history: StoredMessage[]; viewer: TicketViewer }> {
  const found = await ticketRepository.getWithHistory(number);
  const viewer = found && viewerOf(caller, found.ticket, guestKey, options);
  if (!found || !viewer) throw notFound('Ticket');
  return { ...found, viewer };
}
