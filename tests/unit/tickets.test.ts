import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.ts';
import type { Department } from '../../shared/domain/departments.ts';
import { generateTicketNumber, TICKET_NUMBER_PATTERN, ticketNumberMaskProblem } from '../../shared/domain/ticketNumbers.ts';
import {
  accessKeyMatches,
  afterReply,
  changesAnything,
  changeTicket,
  closeTicket,
  customerCanReply,
  guestAccessExpired,
  hashAccessKey,
  isDueForAutoClose,
  newAccessKey,
  normalizeCc,
  showTicket,
  showTicketSummaryToStaff,
  showTicketToStaff,
  statusAfterCustomerReply,
  statusLabels,
  type Author,
  type StoredMessage,
  type StoredTicket,
} from '../../shared/domain/tickets.ts';
import { AppError } from '../../shared/errors.ts';

// A spy that still compares for real: it lets a test see how many digests were compared.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const opened = '2026-11-20T08:00:00.000Z';
const now = new Date('2026-11-25T10:00:00.000Z');

function ticket(overrides: Partial<StoredTicket> = {}): StoredTicket {
  return {
    number: '123456',
    subject: 'Site down',
    departmentId: 'hosting',
    status: 'open',
    priority: 'medium',
    serviceId: null,
    owner: { kind: 'customer', customerId: 'c1', name: 'Anna Kowalska', email: 'anna@example.com' },
    language: 'pl',
    cc: [],
    assignee: null,
    createdAt: opened,
    updatedAt: opened,
    lastActivityAt: opened,
    lastReplyAt: opened,
    lastReply: { authorName: 'Anna Kowalska', role: 'customer', at: opened },
    closedAt: null,
    closedBy: null,
    messageCount: 1,
    version: 3,
    ...overrides,
  };
}

function department(overrides: Partial<Department> = {}): Department {
  return {
    id: 'hosting',
    name: { pl: 'Hosting WWW', en: 'Web hosting' },
    description: { pl: '', en: '' },
    email: null,
    openToGuests: true,
    allowReopen: true,
    order: 1,
    version: 1,
    createdAt: opened,
    updatedAt: opened,
    ...overrides,
  };
}

const staff: Author = { id: 'staff-1', name: 'Marta Nowak', role: 'staff' };
const customer: Author = { id: 'c1', name: 'Anna Kowalska', role: 'customer' };
const closedTicket = () => ticket({ status: 'closed', closedAt: '2026-11-24T00:00:00.000Z', closedBy: 'customer' });

describe('statusAfterCustomerReply', () => {
  it.each(['open', 'answered', 'customer_reply'] as const)('turns %s into customer_reply', (status) => {
    expect(statusAfterCustomerReply(ticket({ status }), department())).toBe('customer_reply');
  });

  it('reopens a closed ticket as customer_reply when its department allows reopening', () => {
    expect(statusAfterCustomerReply(closedTicket(), department({ allowReopen: true }))).toBe('customer_reply');
  });

  it('reopens a closed ticket whose department was deleted (nothing forbids it any more)', () => {
    expect(statusAfterCustomerReply(closedTicket(), undefined)).toBe('customer_reply');
  });

  it('refuses with a 409 conflict when the closed ticket’s department forbids reopening', () => {
    let thrown: unknown;
    try {
      statusAfterCustomerReply(closedTicket(), department({ allowReopen: false }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'conflict', details: [{ path: 'status', message: 'closed' }] });
  });

  it('tells the ticket page whether a reply is possible', () => {
    expect(customerCanReply(ticket({ status: 'answered' }), department({ allowReopen: false }))).toBe(true);
    expect(customerCanReply(closedTicket(), department({ allowReopen: true }))).toBe(true);
    expect(customerCanReply(closedTicket(), department({ allowReopen: false }))).toBe(false);
  });
});

describe('afterReply', () => {
  it('moves activity, the last reply and the version, and counts the message', () => {
    const replied = afterReply(ticket({ status: 'customer_reply' }), staff, 'answered', now);
    expect(replied).toEqual({
      ...ticket({ status: 'customer_reply' }),
      status: 'answered',
      updatedAt: now.toISOString(),
      lastActivityAt: now.toISOString(),
      lastReplyAt: now.toISOString(),
      lastReply: { authorName: 'Marta Nowak', role: 'staff', at: now.toISOString() },
      messageCount: 2,
      version: 4,
    });
  });

  it('clears closedAt and closedBy when a reply reopens a closed ticket', () => {
    const reopened = afterReply(closedTicket(), customer, 'customer_reply', now);
    expect(reopened).toMatchObject({ status: 'customer_reply', closedAt: null, closedBy: null, lastActivityAt: now.toISOString() });
  });

  it('keeps closedAt and closedBy of a ticket that stays closed', () => {
    const stillClosed = afterReply(closedTicket(), staff, 'closed', now);
    expect(stillClosed).toMatchObject({ status: 'closed', closedAt: '2026-11-24T00:00:00.000Z', closedBy: 'customer' });
  });
});

describe('closeTicket', () => {
  it('records who closed it and when, moves activity and bumps the version', () => {
    const closed = closeTicket(ticket({ status: 'answered' }), 'auto-close', now);
    expect(closed).toEqual({
      ...ticket({ status: 'answered' }),
      status: 'closed',
      closedAt: now.toISOString(),
      closedBy: 'auto-close',
      updatedAt: now.toISOString(),
      lastActivityAt: now.toISOString(),
      version: 4,
    });
  });
});

describe('changeTicket (staff edits)', () => {
  it('changes department, priority and assignee without moving the ticket in the lists', () => {
    const changed = changeTicket(ticket(), { departmentId: 'billing', priority: 'high', assignee: { id: 's1', name: 'Marta' } }, now);
    expect(changed).toEqual({
      ...ticket(),
      departmentId: 'billing',
      priority: 'high',
      assignee: { id: 's1', name: 'Marta' },
      updatedAt: now.toISOString(),
      version: 4,
    });
    expect(changed.lastActivityAt).toBe(opened);
  });

  it('moves activity on a status change, and a close by staff records staff as the closer', () => {
    const closed = changeTicket(ticket({ status: 'answered' }), { status: 'closed' }, now);
    expect(closed).toMatchObject({ status: 'closed', closedAt: now.toISOString(), closedBy: 'staff', lastActivityAt: now.toISOString() });
  });

  it('clears closedAt and closedBy when staff reopen a ticket', () => {
    const reopened = changeTicket(closedTicket(), { status: 'open' }, now);
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, closedBy: null, lastActivityAt: now.toISOString() });
  });

  it('naming the current status is not activity', () => {
    expect(changeTicket(ticket(), { status: 'open', priority: 'low' }, now).lastActivityAt).toBe(opened);
  });

  it('unassigns with null and leaves the assignee alone when it is not named', () => {
    const assigned = ticket({ assignee: { id: 's1', name: 'Marta' } });
    expect(changeTicket(assigned, { assignee: null }, now).assignee).toBeNull();
    expect(changeTicket(assigned, { priority: 'low' }, now).assignee).toEqual({ id: 's1', name: 'Marta' });
  });

  it('counts only real differences as a change', () => {
    const assigned = ticket({ assignee: { id: 's1', name: 'Marta' } });
    expect(changesAnything(assigned, {})).toBe(false);
    expect(changesAnything(assigned, { departmentId: 'hosting', priority: 'medium', status: 'open', assignee: { id: 's1', name: 'Marta' } })).toBe(false);
    expect(changesAnything(assigned, { departmentId: 'billing' })).toBe(true);
    expect(changesAnything(assigned, { priority: 'high' })).toBe(true);
    expect(changesAnything(assigned, { status: 'closed' })).toBe(true);
    expect(changesAnything(assigned, { assignee: null })).toBe(true);
    expect(changesAnything(assigned, { assignee: { id: 's2', name: 'Marta' } })).toBe(true);
    expect(changesAnything(ticket(), { assignee: null })).toBe(false);
  });
});

describe('isDueForAutoClose', () => {
  const cutoff = new Date('2026-11-22T00:00:00.000Z');
  it('is due only when answered with no activity since the cutoff', () => {
    expect(isDueForAutoClose(ticket({ status: 'answered', lastActivityAt: '2026-11-21T23:59:59.999Z' }), cutoff)).toBe(true);
    expect(isDueForAutoClose(ticket({ status: 'answered', lastActivityAt: '2026-11-22T00:00:00.001Z' }), cutoff)).toBe(false);
    expect(isDueForAutoClose(ticket({ status: 'customer_reply', lastActivityAt: '2026-11-01T00:00:00.000Z' }), cutoff)).toBe(false);
  });
});

describe('normalizeCc', () => {
  it('lower-cases, trims and de-duplicates, keeping the first order', () => {
    expect(normalizeCc(['Jan@Example.com', ' ola@example.com', 'jan@example.com'], 'anna@example.com')).toEqual([
      'jan@example.com',
      'ola@example.com',
    ]);
  });

  it('accepts an empty list', () => {
    expect(normalizeCc([], 'anna@example.com')).toEqual([]);
  });

  it("refuses the owner's own address in any case, naming its position", () => {
    let thrown: unknown;
    try {
      normalizeCc(['jan@example.com', 'ANNA@example.com'], 'Anna@Example.com');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.emails[1]' }] });
  });
});

describe('guest access keys', () => {
  it('carry at least 128 random bits, URL-safe', () => {
    const key = newAccessKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(key, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are unique', () => {
    const keys = new Set(Array.from({ length: 1000 }, newAccessKey));
    expect(keys.size).toBe(1000);
  });

  it('are kept only as a SHA-256 digest that does not contain the key', () => {
    const key = newAccessKey();
    const digest = hashAccessKey(key);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(crypto.createHash('sha256').update(key).digest('hex'));
    expect(digest).not.toContain(key);
  });

  it('match their own digest among several, and nothing else', () => {
    const key = newAccessKey();
    const others = [hashAccessKey(newAccessKey()), hashAccessKey(newAccessKey())];
    expect(accessKeyMatches(key, [...others, hashAccessKey(key)])).toBe(true);
    expect(accessKeyMatches(key, others)).toBe(false);
    expect(accessKeyMatches(key, [])).toBe(false);
    expect(accessKeyMatches(`${key}x`, [hashAccessKey(key)])).toBe(false);
  });

  it('are never accepted against a stored raw key (only digests are compared)', () => {
    const key = newAccessKey();
    expect(accessKeyMatches(key, [key])).toBe(false);
  });

  it('are compared in constant time against every stored digest, without stopping at the first match', () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    compare.mockClear();
    const key = newAccessKey();
    const hashes = [hashAccessKey(key), hashAccessKey(newAccessKey()), hashAccessKey(newAccessKey())];
    expect(accessKeyMatches(key, hashes)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(3);
  });

  it('stop working the configured number of days after the ticket was closed, and never while it is open', () => {
    const closedAt = '2026-11-01T00:00:00.000Z';
    const closed = ticket({ status: 'closed', closedAt, closedBy: 'guest' });
    expect(guestAccessExpired(closed, 30, new Date('2026-12-01T00:00:00.000Z'))).toBe(false);
    expect(guestAccessExpired(closed, 30, new Date('2026-12-01T00:00:00.001Z'))).toBe(true);
    expect(guestAccessExpired(ticket({ status: 'answered' }), 30, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
  });
});

describe('ticket views', () => {
  const message: StoredMessage = {
    id: 'm1',
    ticketNumber: '123456',
    kind: 'message',
    author: { id: 'c1', name: 'Anna Kowalska', role: 'customer' },
    body: 'Hello',
    attachments: [{ id: 'a1', filename: 'log.txt', contentType: 'text/plain', size: 12 }],
    createdAt: opened,
    opensTicket: true,
  };
  const note: StoredMessage = { ...message, id: 'n1', kind: 'note', author: staff, body: 'Internal: VIP', attachments: [], opensTicket: false };

  it('never show internal notes or author ids to the customer', () => {
    const page = showTicket(ticket(), [message, note], department(), 'en');
    expect(page.messages).toEqual([
      { id: 'm1', author: { name: 'Anna Kowalska', role: 'customer' }, body: 'Hello', createdAt: opened, attachments: message.attachments },
    ]);
    expect(JSON.stringify(page)).not.toContain('Internal: VIP');
  });

  it('show staff every entry, notes marked internal, with author ids', () => {
    const page = showTicketToStaff(ticket(), [message, note], department(), 'en');
    expect(page.messages.map((entry) => [entry.id, entry.internal, entry.author.id])).toEqual([
      ['m1', false, 'c1'],
      ['n1', true, 'staff-1'],
    ]);
  });

  it('name the department and the status in the reader’s language, the id when the department is gone', () => {
    expect(showTicket(ticket(), [], department(), 'pl')).toMatchObject({ department: { id: 'hosting', name: 'Hosting WWW' }, statusLabel: 'Otwarte' });
    expect(showTicket(ticket(), [], department(), 'en')).toMatchObject({ department: { id: 'hosting', name: 'Web hosting' }, statusLabel: 'Open' });
    expect(showTicket(ticket(), [], undefined, 'en').department).toEqual({ id: 'hosting', name: 'hosting' });
  });

  it('label every status in both languages', () => {
    expect(statusLabels).toEqual({
      open: { pl: 'Otwarte', en: 'Open' },
      answered: { pl: 'Otrzymano odpowiedź', en: 'Answered' },
      customer_reply: { pl: 'Twoja odpowiedź', en: 'Customer-Reply' },
      closed: { pl: 'Zamknięte', en: 'Closed' },
    });
  });

  it('show staff the owner kind, the assignee and the version, and no guest key digests', () => {
    const guestTicket = ticket({ owner: { kind: 'guest', name: 'Jan', email: 'jan@example.com' }, guestKeyHashes: ['ab'.repeat(32)] });
    const summary = showTicketSummaryToStaff(guestTicket, department(), 'en');
    expect(summary).toMatchObject({ owner: { kind: 'guest', customerId: null, name: 'Jan' }, assignee: null, version: 3 });
    expect(JSON.stringify(summary)).not.toContain('ab'.repeat(32));
  });
});

describe('ticket numbers', () => {
  const date = new Date('2026-03-07T23:30:00.000Z');

  it('default to 6 random digits', () => {
    const mask = loadConfig({}).tickets.numberMask;
    expect(mask).toBe('%n%n%n%n%n%n');
    for (let i = 0; i < 200; i += 1) expect(generateTicketNumber(mask, date, crypto.randomInt)).toMatch(/^\d{6}$/);
  });

  it('are random, not sequential', () => {
    const numbers = new Set(Array.from({ length: 200 }, () => generateTicketNumber('%n%n%n%n%n%n', date, crypto.randomInt)));
    expect(numbers.size).toBeGreaterThan(190);
  });

  it('draw %A from upper-case letters without I and O', () => {
    const letters = Array.from({ length: 24 }, (_, i) => generateTicketNumber('%A', date, () => i)).join('');
    expect(letters).toBe('ABCDEFGHJKLMNPQRSTUVWXYZ');
    expect(generateTicketNumber('%A%A%A%A', date, crypto.randomInt)).toMatch(/^[A-HJ-NP-Z]{4}$/);
  });

  it('fill %y%m%d with the UTC date and keep literals', () => {
    expect(generateTicketNumber('%y%m%d-%n%n%n%n', date, () => 7)).toBe('20260307-7777');
    expect(generateTicketNumber('HD-%y%m%d-%n%n%n%n', new Date('2026-03-07T23:30:00.000-02:00'), () => 1)).toBe('HD-20260308-1111');
  });

  it('only produce what a path {number} accepts', () => {
    for (const mask of ['%n%n%n%n%n%n', '%A%A%n%n%n%n', 'HD-%y%m%d-%n%n%n%n']) {
      expect(generateTicketNumber(mask, date, crypto.randomInt)).toMatch(TICKET_NUMBER_PATTERN);
    }
  });

  it.each(['%n%n%n%n%n%n', '%A%A%n%n%n%n', 'HD-%y%m%d-%n%n%n%n', 'T%n%A%n%A'])('accept the mask %s', (mask) => {
    expect(ticketNumberMaskProblem(mask)).toBeNull();
  });

  it.each([
    ['fewer than 4 random places', '%n%n%n'],
    ['date tokens counted as random', '%y%m%d%n%n%n'],
    ['an unknown token', '%x%n%n%n%n'],
    ['a space', '%n%n %n%n'],
    ['a slash', 'HD/%n%n%n%n'],
    ['more than 32 characters', '%n'.repeat(33)],
    ['a long literal', `${'A'.repeat(29)}%n%n%n%n`],
    ['an empty mask', ''],
  ])('reject a mask with %s', (_reason, mask) => {
    expect(ticketNumberMaskProblem(mask)).toEqual(expect.any(String));
  });
});

describe('ticket settings in the configuration', () => {
  it('default to a 6-digit mask, auto-close after 72 h, guest keys 30 days after closing and open limits of 20 and 10 an hour', () => {
    expect(loadConfig({}).tickets).toEqual({
      numberMask: '%n%n%n%n%n%n',
      autoCloseHours: 72,
      guestAccessDays: 30,
      openLimitPerCustomerHour: 20,
      openLimitPerGuestIpHour: 10,
    });
  });

  it('accept a valid mask and 0 hours to disable auto-close', () => {
    const tickets = loadConfig({ TICKET_NUMBER_MASK: 'HD-%y%m%d-%n%n%n%n', AUTO_CLOSE_HOURS: '0', GUEST_ACCESS_DAYS: '7' }).tickets;
    expect(tickets).toMatchObject({ numberMask: 'HD-%y%m%d-%n%n%n%n', autoCloseHours: 0, guestAccessDays: 7 });
  });

  it.each([
    ['TICKET_NUMBER_MASK', '%n%n'],
    ['TICKET_NUMBER_MASK', 'T/%n%n%n%n'],
    ['AUTO_CLOSE_HOURS', '-1'],
    ['AUTO_CLOSE_HOURS', '72h'],
    ['AUTO_CLOSE_HOURS', '9000'],
    ['GUEST_ACCESS_DAYS', '0'],
    ['OPEN_TICKET_LIMIT_PER_CUSTOMER_HOUR', '0'],
    ['OPEN_TICKET_LIMIT_PER_GUEST_IP_HOUR', 'many'],
  ])('fail at start-up on %s=%s, naming the setting', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
