import { describe, expect, it } from 'vitest';
import { anonymous, type SignedInCaller } from '../../shared/domain/callers.ts';
import { closedByCaller, customerAuthor, withCc } from '../../shared/domain/customerTickets.ts';
import type { StoredTicket } from '../../shared/domain/tickets.ts';

const now = new Date('2026-11-25T10:00:00.000Z');

const ticket: StoredTicket = {
  number: '123456',
  subject: 'Poczta nie działa',
  departmentId: 'hosting',
  status: 'open',
  priority: 'medium',
  serviceId: null,
  owner: { kind: 'customer', customerId: 'c-1', name: 'Anna Kowalska', email: 'anna@example.com' },
  language: 'pl',
  cc: ['a@example.com', 'b@example.com'],
  assignee: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  lastActivityAt: '2026-11-20T10:00:00.000Z',
  lastReplyAt: '2026-11-20T10:00:00.000Z',
  lastReply: { authorName: 'Anna Kowalska', role: 'customer', at: '2026-11-20T10:00:00.000Z' },
  closedAt: null,
  closedBy: null,
  messageCount: 1,
  version: 3,
};

const guestTicket: StoredTicket = { ...ticket, owner: { kind: 'guest', name: 'Jan Gość', email: 'jan@example.com' } };

const customer = (overrides: Partial<SignedInCaller> = {}): SignedInCaller => ({
  kind: 'user',
  id: 'c-1',
  email: 'anna@example.com',
  name: 'Anna K.',
  isStaff: false,
  isAdmin: false,
  ...overrides,
});

describe('customerAuthor', () => {
  it('names a signed-in customer as their token does, with their id and the customer role', () => {
    expect(customerAuthor(customer(), ticket)).toEqual({ id: 'c-1', name: 'Anna K.', role: 'customer' });
  });
  it("falls back to the owner's stored name when the token carries none", () => {
    expect(customerAuthor(customer({ name: null }), ticket)).toEqual({ id: 'c-1', name: 'Anna Kowalska', role: 'customer' });
  });
  it('gives a staff member on a customer route no staff role: they write as a customer', () => {
    expect(customerAuthor(customer({ isStaff: true, isAdmin: true }), ticket).role).toBe('customer');
  });
  it('names a guest by the name given on opening, with no id and the guest role', () => {
    expect(customerAuthor(anonymous, guestTicket)).toEqual({ id: null, name: 'Jan Gość', role: 'guest' });
  });
});

describe('closedByCaller', () => {
  it('records a signed-in caller as the customer and an anonymous one as the guest', () => {
    expect(closedByCaller(customer())).toBe('customer');
    expect(closedByCaller(customer({ isStaff: true }))).toBe('customer');
    expect(closedByCaller(anonymous)).toBe('guest');
  });
});

describe('withCc', () => {
  it('stores a different list with a new version and update time, without counting as activity', () => {
    const changed = withCc(ticket, ['c@example.com'], now);
    expect(changed).toMatchObject({ cc: ['c@example.com'], version: 4, updatedAt: now.toISOString() });
    expect(changed?.lastActivityAt).toBe(ticket.lastActivityAt);
    expect(changed?.status).toBe('open');
  });
  it('writes nothing when the list is the same', () => {
    expect(withCc(ticket, ['a@example.com', 'b@example.com'], now)).toBeUndefined();
  });
  it('counts emptying the list and reordering it as changes', () => {
    expect(withCc(ticket, [], now)?.cc).toEqual([]);
    expect(withCc(ticket, ['b@example.com', 'a@example.com'], now)?.cc).toEqual(['b@example.com', 'a@example.com']);
  });
});
