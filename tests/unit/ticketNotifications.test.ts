/**
 * The ticket e-mail rules (who gets what), reading stream records, and the stream consumer's
 * delivery logic over fakes: an in-memory e-mail log with the repository's claim semantics and a
 * mailer that can be made to fail, so duplicates, failures, retries and crashes are exercised
 * without AWS.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EmailClaim, EmailDetails } from '../../shared/data/emailLogRepository.ts';
import { ticketStreamChange } from '../../shared/data/ticketStreamRecords.ts';
import { mailsDepartment, notificationEventOf, plannedEmails, type TicketChange } from '../../shared/domain/ticketNotifications.ts';
import { hashAccessKey, type StoredMessage, type StoredTicket } from '../../shared/domain/tickets.ts';
import type * as Mailer from '../../shared/email/mailer.ts';
import type { RenderedEmail } from '../../shared/email/ticketEmails.ts';

// ---- fakes -------------------------------------------------------------------------------------

const fake = vi.hoisted(() => {
  type Marker = { state: 'sending' | 'sent'; token: string; leaseUntil: number };
  const markers = new Map<string, Marker>();
  const sent: Array<{ to: string; subject: string; text: string; html: string }> = [];
  const calls: string[] = [];
  let counter = 0;
  return {
    markers,
    sent,
    calls,
    tickets: new Map<string, unknown>(),
    departments: new Map<string, unknown>(),
    failSendTo: new Set<string>(),
    emailLog: {
      claim: async (key: string, _details: Partial<EmailDetails>, now: Date, leaseMs: number): Promise<EmailClaim> => {
        const existing = markers.get(key);
        if (existing?.state === 'sent') return { outcome: 'sent' };
        if (existing && existing.leaseUntil >= now.getTime()) return { outcome: 'leased', leaseUntil: existing.leaseUntil };
        counter += 1;
        const token = `token-${counter}`;
        markers.set(key, { state: 'sending', token, leaseUntil: now.getTime() + leaseMs });
        return { outcome: 'claimed', token };
      },
      markSent: async (key: string, token: string) => {
        const marker = markers.get(key);
        if (marker?.token === token) markers.set(key, { ...marker, state: 'sent' });
      },
      release: async (key: string, token: string) => {
        if (markers.get(key)?.token === token) markers.delete(key);
      },
    },
  };
});

vi.mock('../../shared/data/emailLogRepository.ts', () => fake.emailLog);
vi.mock('../../shared/data/departmentRepository.ts', () => ({
  get: async (id: string) => fake.departments.get(id),
}));
vi.mock('../../shared/data/ticketRepository.ts', () => ({
  get: async (number: string) => fake.tickets.get(number),
  addGuestKeyHash: async (number: string, hash: string) => {
    fake.calls.push(`addKey ${number} ${hash}`);
    const ticket = fake.tickets.get(number) as StoredTicket;
    ticket.guestKeyHashes = [...(ticket.guestKeyHashes ?? []), hash];
  },
  removeGuestKeyHash: async (number: string, hash: string) => {
    fake.calls.push(`removeKey ${number} ${hash}`);
    const ticket = fake.tickets.get(number) as StoredTicket;
    ticket.guestKeyHashes = (ticket.guestKeyHashes ?? []).filter((stored) => stored !== hash);
  },
}));
vi.mock('../../shared/email/mailer.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof Mailer>()),
  sendEmail: async (to: string, email: RenderedEmail) => {
    fake.calls.push(`send ${to}`);
    if (fake.failSendTo.has(to)) throw Object.assign(new Error('Throttling'), { name: 'Throttling' });
    fake.sent.push({ to, ...email });
    return { messageId: `ses-${fake.sent.length}` };
  },
}));

const { sendTicketNotifications, CLAIM_LEASE_MS } = await import('../../shared/useCases/ticketNotifications.ts');

// ---- data --------------------------------------------------------------------------------------

const t0 = '2026-11-25T10:00:00.000Z';

function ticket(overrides: Partial<StoredTicket> = {}): StoredTicket {
  return {
    number: '482913',
    subject: 'Website is down',
    departmentId: 'support',
    status: 'open',
    priority: 'medium',
    serviceId: null,
    owner: { kind: 'customer', customerId: 'c-1', name: 'Anna Kowalska', email: 'Anna@Example.com' },
    language: 'pl',
    cc: [],
    assignee: null,
    createdAt: t0,
    updatedAt: t0,
    lastActivityAt: t0,
    lastReplyAt: t0,
    lastReply: { authorName: 'Anna Kowalska', role: 'customer', at: t0 },
    closedAt: null,
    closedBy: null,
    messageCount: 1,
    version: 1,
    ...overrides,
  };
}

function message(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id: 'm1',
    ticketNumber: '482913',
    kind: 'message',
    author: { id: 'c-1', name: 'Anna Kowalska', role: 'customer' },
    body: 'It does not work.',
    attachments: [],
    createdAt: t0,
    opensTicket: true,
    ...overrides,
  };
}

const guestOwner = { kind: 'guest' as const, name: 'Gość', email: 'guest@example.com' };
const staffAuthor = { id: 's-1', name: 'Marta Nowak', role: 'staff' as const };

const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true }) as NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

let sequence = 100;
function messageRecord(stored: StoredMessage, eventName: 'INSERT' | 'MODIFY' = 'INSERT'): DynamoDBRecord {
  sequence += 1;
  const prefix = stored.kind === 'note' ? 'NOTE' : 'MESSAGE';
  const keys = { pk: `TICKET#${stored.ticketNumber}`, sk: `${prefix}#${stored.createdAt}#${stored.id}` };
  const item = { ...keys, entity: stored.kind === 'note' ? 'ticketNote' : 'ticketMessage', ...stored };
  return {
    eventID: `e${sequence}`,
    eventName,
    dynamodb: { Keys: image(keys), NewImage: image(item), ...(eventName === 'MODIFY' ? { OldImage: image(item) } : {}), SequenceNumber: String(sequence) },
  };
}

function ticketRecord(before: StoredTicket | undefined, after: StoredTicket): DynamoDBRecord {
  sequence += 1;
  const keys = { pk: `TICKET#${after.number}`, sk: 'TICKET' };
  const item = (t: StoredTicket) => {
    const { guestKeyHashes, ...fields } = t;
    return { ...keys, entity: 'ticket', gsi4pk: 'TICKETS', gsi4sk: `${t.lastActivityAt}#${t.number}`, ...fields, ...(guestKeyHashes ? { guestKeyHashes: new Set(guestKeyHashes) } : {}) };
  };
  return {
    eventID: `e${sequence}`,
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: { Keys: image(keys), NewImage: image(item(after)), ...(before ? { OldImage: image(item(before)) } : {}), SequenceNumber: String(sequence) },
  };
}

const answered = ticket({ status: 'answered', version: 3, lastReply: { authorName: 'Marta Nowak', role: 'staff', at: t0 } });
const autoClosed = { ...answered, status: 'closed' as const, closedAt: '2026-11-28T10:15:00.000Z', closedBy: 'auto-close' as const, version: 4 };

// ---- rules -------------------------------------------------------------------------------------

describe('reading stream records', () => {
  it('recognises messages and tickets, strips storage attributes, turns the key set into a list', () => {
    const change = ticketStreamChange(messageRecord(message()));
    expect(change).toEqual({ entity: 'ticketMessage', event: 'INSERT', before: undefined, after: message() });

    const withKeys = { ...autoClosed, guestKeyHashes: ['a1', 'b2'] };
    const ticketChange = ticketStreamChange(ticketRecord(answered, withKeys));
    expect(ticketChange).toMatchObject({ entity: 'ticket', event: 'MODIFY', before: answered });
    expect(ticketChange?.after).toEqual({ ...withKeys, guestKeyHashes: expect.arrayContaining(['a1', 'b2']) });
    expect(ticketChange?.after).not.toHaveProperty('gsi4pk');
  });

  it('does not recognise internal notes or anything outside the ticket partitions', () => {
    expect(ticketStreamChange(messageRecord(message({ kind: 'note', author: staffAuthor, opensTicket: false })))).toBeUndefined();
    const other: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { Keys: image({ pk: 'EMAIL#x', sk: 'EMAIL' }), NewImage: image({ pk: 'EMAIL#x', sk: 'EMAIL', state: 'sent' }), SequenceNumber: '1' },
    };
    expect(ticketStreamChange(other)).toBeUndefined();
  });
});

describe('which changes send e-mail', () => {
  const change = (record: DynamoDBRecord) => notificationEventOf(ticketStreamChange(record) as TicketChange);

  it('a new message, and a ticket that auto-close has just closed', () => {
    expect(change(messageRecord(message()))).toMatchObject({ kind: 'messagePosted', ticketNumber: '482913' });
    expect(change(ticketRecord(answered, autoClosed))).toMatchObject({ kind: 'autoClosed', ticketNumber: '482913' });
  });

  it('nothing else: an edited message, a note, a ticket closed by anyone else, a ticket already closed, a new ticket item', () => {
    expect(change(messageRecord(message(), 'MODIFY'))).toBeUndefined();
    const note: TicketChange = { entity: 'ticketMessage', event: 'INSERT', before: undefined, after: message({ kind: 'note' }) };
    expect(notificationEventOf(note)).toBeUndefined();
    expect(change(ticketRecord(answered, { ...autoClosed, closedBy: 'staff' }))).toBeUndefined();
    expect(change(ticketRecord(answered, { ...autoClosed, closedBy: 'customer' }))).toBeUndefined();
    // A key added to an auto-closed ticket (its own e-mail's key) is no second close.
    expect(change(ticketRecord(autoClosed, { ...autoClosed, guestKeyHashes: ['a1'] }))).toBeUndefined();
    expect(change(ticketRecord(undefined, ticket()))).toBeUndefined();
  });
});

describe('who gets which e-mail', () => {
  const posted = (m: StoredMessage) => ({ kind: 'messagePosted' as const, ticketNumber: m.ticketNumber, message: m });

  it('a new ticket: the owner and the department; a guest owner gets a key', () => {
    expect(plannedEmails(posted(message()), ticket(), 'Support@Hosting.example')).toEqual([
      { kind: 'ticketOpened', to: 'anna@example.com', withGuestKey: false, dedupeKey: 'MESSAGE#482913#m1#ticketOpened#anna@example.com' },
      { kind: 'newTicket', to: 'support@hosting.example', withGuestKey: false, dedupeKey: 'MESSAGE#482913#m1#newTicket#support@hosting.example' },
    ]);
    expect(plannedEmails(posted(message()), ticket({ owner: guestOwner }), null)).toEqual([
      expect.objectContaining({ kind: 'ticketOpened', to: 'guest@example.com', withGuestKey: true }),
    ]);
  });

  it('a staff reply: the owner and every CC recipient once, never the owner twice', () => {
    const reply = posted(message({ id: 'm2', opensTicket: false, author: staffAuthor }));
    const emails = plannedEmails(reply, ticket({ cc: ['b@example.com', 'C@example.com', 'c@example.com', 'anna@example.com'] }), 'support@hosting.example');
    expect(emails.map((e) => [e.kind, e.to])).toEqual([
      ['staffReply', 'anna@example.com'],
      ['staffReplyCc', 'b@example.com'],
      ['staffReplyCc', 'c@example.com'],
    ]);
    expect(new Set(emails.map((e) => e.dedupeKey)).size).toBe(3);
  });

  it('a customer or guest reply: the department only, or nobody when it has no address', () => {
    const reply = posted(message({ id: 'm3', opensTicket: false }));
    expect(plannedEmails(reply, ticket({ cc: ['b@example.com'] }), 'support@hosting.example').map((e) => [e.kind, e.to])).toEqual([
      ['customerReply', 'support@hosting.example'],
    ]);
    expect(plannedEmails(reply, ticket(), null)).toEqual([]);
  });

  it('needs the department address exactly for the events that mail the department', () => {
    const events = [
      posted(message()),
      posted(message({ id: 'm2', opensTicket: false, author: staffAuthor })),
      posted(message({ id: 'm3', opensTicket: false })),
      { kind: 'autoClosed' as const, ticketNumber: '482913', ticket: autoClosed },
    ];
    expect(events.map(mailsDepartment)).toEqual([true, false, true, false]);
    for (const event of events) {
      const withAddress = plannedEmails(event, ticket({ cc: ['b@example.com'] }), 'support@hosting.example');
      const without = plannedEmails(event, ticket({ cc: ['b@example.com'] }), null);
      expect(withAddress.some((email) => email.to === 'support@hosting.example')).toBe(mailsDepartment(event));
      if (!mailsDepartment(event)) expect(withAddress).toEqual(without);
    }
  });

  it('auto-close: the owner, keyed by the close so a later auto-close is a new e-mail', () => {
    const event = { kind: 'autoClosed' as const, ticketNumber: '482913', ticket: autoClosed };
    expect(plannedEmails(event, autoClosed, 'support@hosting.example')).toEqual([
      { kind: 'autoClosed', to: 'anna@example.com', withGuestKey: false, dedupeKey: `AUTOCLOSE#482913#${autoClosed.closedAt}#autoClosed#anna@example.com` },
    ]);
  });
});

// ---- the consumer ------------------------------------------------------------------------------

describe('the stream consumer', () => {
  let clock: number;
  const options = () => ({
    now: () => new Date(clock),
    remainingMs: () => 90_000,
    sleep: async (ms: number) => {
      clock += ms;
    },
  });

  beforeEach(() => {
    fake.markers.clear();
    fake.sent.length = 0;
    fake.calls.length = 0;
    fake.failSendTo.clear();
    fake.tickets.clear();
    fake.departments.clear();
    clock = Date.parse('2026-11-25T10:00:01.000Z');
    fake.departments.set('support', { id: 'support', name: { pl: 'Wsparcie', en: 'Support' }, email: 'support@hosting.example' });
  });

  it('sends each e-mail once however often the record is delivered', async () => {
    fake.tickets.set('482913', ticket());
    const record = messageRecord(message());
    for (let delivery = 0; delivery < 3; delivery += 1) {
      expect(await sendTicketNotifications([record], options())).toEqual({ batchItemFailures: [] });
    }
    expect(fake.sent.map((e) => e.to)).toEqual(['anna@example.com', 'support@hosting.example']);
    expect(fake.sent[0]!.subject).toBe('[#482913] Website is down');
    expect(fake.sent[0]!.text).toContain('Dzień dobry Anna Kowalska');
    expect(fake.sent[1]!.text).toContain('Nowe zgłoszenie #482913 w dziale Wsparcie');
  });

  it('never e-mails an internal note', async () => {
    fake.tickets.set('482913', ticket());
    const note = messageRecord(message({ id: 'n1', kind: 'note', author: staffAuthor, opensTicket: false }));
    expect(await sendTicketNotifications([note], options())).toEqual({ batchItemFailures: [] });
    expect(fake.calls).toEqual([]);
  });

  it('reports the first record that failed; the records before it stay done, the ones after wait for the retry', async () => {
    fake.tickets.set('482913', ticket({ cc: ['cc@example.com'] }));
    const first = messageRecord(message());
    const failing = messageRecord(message({ id: 'm2', opensTicket: false, author: staffAuthor }));
    const after = messageRecord(message({ id: 'm3', opensTicket: false }));
    fake.failSendTo.add('cc@example.com');

    const response = await sendTicketNotifications([first, failing, after], options());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: failing.dynamodb!.SequenceNumber }] });
    // The owner's copy of the failing reply went out; the CC's did not, and the record after was not touched.
    expect(fake.sent.map((e) => e.to)).toEqual(['anna@example.com', 'support@hosting.example', 'anna@example.com']);
    expect(fake.sent[2]!.text).toContain('Nowa odpowiedź w Twoim zgłoszeniu #482913');
    expect([...fake.markers.keys()].some((key) => key.includes('cc@example.com'))).toBe(false);

    // The retry starts at the failing record: only what is missing goes out.
    fake.failSendTo.clear();
    expect(await sendTicketNotifications([failing, after], options())).toEqual({ batchItemFailures: [] });
    expect(fake.sent.slice(3).map((e) => e.to)).toEqual(['cc@example.com', 'support@hosting.example']);
  });

  it('adds a guest key before the e-mail leaves, puts that key in the link, and revokes it when the send fails', async () => {
    fake.tickets.set('482913', ticket({ owner: guestOwner }));
    const record = messageRecord(message({ author: { id: null, name: 'Gość', role: 'guest' } }));

    fake.failSendTo.add('guest@example.com');
    expect((await sendTicketNotifications([record], options())).batchItemFailures).toHaveLength(1);
    const [added, send, removed] = fake.calls.filter((call) => !call.includes('support@'));
    expect(added).toMatch(/^addKey 482913 [0-9a-f]{64}$/);
    expect(send).toBe('send guest@example.com');
    expect(removed).toBe(added!.replace('addKey', 'removeKey'));
    expect((fake.tickets.get('482913') as StoredTicket).guestKeyHashes).toEqual([]);

    fake.failSendTo.clear();
    expect(await sendTicketNotifications([record], options())).toEqual({ batchItemFailures: [] });
    const guestEmail = fake.sent.find((e) => e.to === 'guest@example.com')!;
    const key = /\/tickets\/482913\?key=([A-Za-z0-9_-]{43})\n/.exec(guestEmail.text)?.[1];
    expect(key).toBeDefined();
    expect((fake.tickets.get('482913') as StoredTicket).guestKeyHashes).toEqual([hashAccessKey(key!)]);
    expect(guestEmail.html).toContain(`?key=${key}"`);
    // The department's notice carries no key.
    expect(fake.sent.find((e) => e.to === 'support@hosting.example')!.text).not.toContain('?key=');
  });

  it('mails the owner of an auto-closed ticket, once', async () => {
    const record = ticketRecord(answered, autoClosed);
    await sendTicketNotifications([record], options());
    await sendTicketNotifications([record], options());
    expect(fake.sent.map((e) => e.to)).toEqual(['anna@example.com']);
    expect(fake.sent[0]!.text).toContain('zostało automatycznie zamknięte');
  });

  it('takes over the claim of a delivery that crashed mid-send once its lease has run out', async () => {
    fake.tickets.set('482913', ticket());
    const record = messageRecord(message());
    const crashedAt = clock;
    // A delivery claimed the owner's e-mail and died before SES answered.
    await fake.emailLog.claim('MESSAGE#482913#m1#ticketOpened#anna@example.com', {}, new Date(crashedAt), CLAIM_LEASE_MS);

    expect(await sendTicketNotifications([record], options())).toEqual({ batchItemFailures: [] });
    expect(fake.sent.map((e) => e.to)).toEqual(['anna@example.com', 'support@hosting.example']);
    // It waited for the lease, no longer.
    expect(clock).toBe(crashedAt + CLAIM_LEASE_MS + 1);
  });

  it('leaves a claim it has no time to wait out to the retry', async () => {
    fake.tickets.set('482913', ticket());
    const record = messageRecord(message());
    await fake.emailLog.claim('MESSAGE#482913#m1#ticketOpened#anna@example.com', {}, new Date(clock), CLAIM_LEASE_MS);

    const response = await sendTicketNotifications([record], { ...options(), remainingMs: () => 20_000 });

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber }] });
    expect(fake.sent.map((e) => e.to)).toEqual(['support@hosting.example']);
  });

  it('sends nothing for a ticket that no longer exists, and does not retry it', async () => {
    expect(await sendTicketNotifications([messageRecord(message({ ticketNumber: '000000' }))], options())).toEqual({ batchItemFailures: [] });
    expect(fake.sent).toEqual([]);
  });
});
