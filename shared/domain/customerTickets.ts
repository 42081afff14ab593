/**
 * What a customer or guest does to their own ticket: who the author of a reply is, who closed it,
 * what a new CC list changes. Pure rules, no AWS. Customer routes give staff no powers: a
 * signed-in caller is a customer there, whatever their groups.
 */
import type { Caller } from './callers.ts';
import type { Author, ClosedBy, StoredTicket } from './tickets.ts';

/**
 * A signed-in customer writes under the name in their token (the owner's stored name when the
 * token has none); a guest under the name they gave when opening the ticket.
 */
export function customerAuthor(caller: Caller, ticket: StoredTicket): Author {
  if (caller.kind === 'user') return { id: caller.id, name: caller.name ?? ticket.owner.name, role: 'customer' };
  return { id: null, name: ticket.owner.name, role: 'guest' };
}

export const closedByCaller = (caller: Caller): ClosedBy => (caller.kind === 'user' ? 'customer' : 'guest');

/**
 * The ticket with a new CC list (already normalized), or undefined when the list is the same and
 * nothing needs writing. Not activity: the ticket keeps its place in the lists.
 */
export function withCc(ticket: StoredTicket, cc: string[], now: Date): StoredTicket | undefined {
  const same = cc.length === ticket.cc.length && cc.every((address, i) => address === ticket.cc[i]);
  if (same) return undefined;
  return { ...ticket, cc, updatedAt: now.toISOString(), version: ticket.version + 1 };
}
