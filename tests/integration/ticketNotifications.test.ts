/**
 * Ticket e-mail and auto-close end to end on the local cloud: requests over HTTP, the stream
 * consumer run by the local event source mapping, e-mails read back from the SES emulator's store.
 * The cloud is shared with other test files, so every test uses addresses of its own and looks
 * only at e-mails sent to them. Two tests also run the consumer in this process with a record
 * built from the stored item, to deliver it again (duplicates) or to make SES fail (retries).
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { api, tokenFor, uniqueUser } from './support/api.ts';
import { configureAsLocalFunction, localTableClient } from './support/inProcess.ts';

interface LocalInfo {
  sesUrl: string;
  dynamodbUrl: string;
  tableName: string;
}

interface StoredEmail {
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

let info: LocalInfo;
let admin: string;
let staff: string;
/** A department with an address of its own, open to guests. */
let department: { id: string; email: string };
/** A department without an address. */
let silentDepartment: string;
let table: DynamoDBDocumentClient;

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

beforeAll(async () => {
  info = (await api('GET', '/_local/info', { unchecked: true })).body;
  table = localTableClient(info);
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  const email = `${unique('dzial')}@hosting.example`;
  const created = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: unique('powiadomienia'), name: { pl: 'Powiadomienia', en: 'Notifications' }, openToGuests: true, email },
  });
  expect(created.status).toBe(201);
  department = { id: created.body.id, email: created.body.email };
  const silent = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: unique('bez-adresu'), name: 'No address', openToGuests: true },
  });
  expect(silent.status).toBe(201);
  silentDepartment = silent.body.id;
});

const settle = async () => expect((await api('POST', '/_local/settle', { unchecked: true })).status).toBe(200);

async function emailsTo(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${info.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.includes(address));
}

/** The e-mails to `address` after every pending stream record has been handled. */
async function settledEmailsTo(address: string) {
  await settle();
  return emailsTo(address);
}

async function newCustomer() {
  const user = uniqueUser('customer');
  return { user, token: await tokenFor(user) };
}

async function openTicket(token: string | undefined, language: 'pl' | 'en', fields: Record<string, unknown> = {}) {
  const response = await api('POST', '/v1/tickets', {
    token,
    headers: { 'accept-language': language },
    body: { department: department.id, priority: 'high', subject: 'Strona nie działa', message: 'Od rana błąd 500.', ...fields },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { number: string; subject: string; accessKey?: string };
}

const staffReply = async (number: string, message: string) => {
  const response = await api('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, headers: { 'accept-language': 'en' }, body: { message } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
};

const linkPattern = (number: string) => new RegExp(`https?://\\S+/tickets/${number}(?:\\?key=([A-Za-z0-9_-]+))?(?=\\s|$)`);

/** The guest key in an e-mail's link, checked to open exactly that ticket. */
async function keyFromEmail(email: StoredEmail, number: string): Promise<string> {
  const key = linkPattern(number).exec(email.body.text ?? '')?.[1];
  expect(key, 'the e-mail carries a key link').toEqual(expect.any(String));
  const page = await api('GET', `/v1/tickets/${number}`, { headers: { 'x-ticket-key': key! } });
  expect(page.status).toBe(200);
  expect(page.body.number).toBe(number);
  return key!;
}

/** Makes a ticket look untouched for `hours`: its activity time and its place in the status index. */
async function age(number: string, hours: number) {
  const lastActivityAt = new Date(Date.now() - hours * 3_600_000).toISOString();
  await table.send(
    new UpdateCommand({
      TableName: info.tableName,
      Key: { pk: `TICKET#${number}`, sk: 'TICKET' },
      UpdateExpression: 'SET lastActivityAt = :at, gsi5sk = :sortKey',
      ExpressionAttributeValues: { ':at': lastActivityAt, ':sortKey': `${lastActivityAt}#${number}` },
    }),
  );
}

const runAutoClose = async () => {
  const response = await api('POST', '/_local/jobs/auto-close', { unchecked: true });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.result as { enabled: boolean; closed: number };
};

describe('a new ticket', () => {
  it('sends the customer a confirmation in their language and the department a notice, each once', async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'pl', { subject: 'Błąd <b>500</b> & "cudzysłów"', message: 'Linia 1\n<script>alert(1)</script>' });

    const [confirmation, ...moreConfirmations] = await settledEmailsTo(anna.user.email);
    expect(moreConfirmations).toEqual([]);
    expect(confirmation!.subject).toBe(`[#${ticket.number}] Błąd <b>500</b> & "cudzysłów"`);
    expect(confirmation!.destination).toEqual({ to: [anna.user.email], cc: [], bcc: [] });
    expect(confirmation!.body.text).toContain(`Dzień dobry ${anna.user.name},`);
    expect(confirmation!.body.text).toContain('Linia 1\n<script>alert(1)</script>');
    const link = linkPattern(ticket.number).exec(confirmation!.body.text!);
    expect(link?.[0]).toMatch(new RegExp(`^https?://[^/]+/tickets/${ticket.number}$`));
    expect(link?.[1], 'a signed-in customer gets no key').toBeUndefined();
    expect(confirmation!.body.html).toContain('Linia 1<br>\n&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(confirmation!.body.html).not.toContain('<script>');
    expect(confirmation!.body.html).toContain('Błąd &lt;b&gt;500&lt;/b&gt; &amp; &quot;cudzysłów&quot;');

    const notices = (await emailsTo(department.email)).filter((email) => email.subject.startsWith(`[#${ticket.number}]`));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.text).toContain(`Nowe zgłoszenie #${ticket.number} w dziale Powiadomienia, priorytet: wysoki.`);
    expect(notices[0]!.body.text).toContain(`Od: ${anna.user.name} <${anna.user.email}> (klient)`);
  });

  it('sends a guest a working key link of its own, in English when they wrote in English; the department gets no key', async () => {
    const guestEmail = `${unique('guest')}@example.com`;
    const ticket = await openTicket(undefined, 'en', { name: 'Jan Gość', email: guestEmail, subject: 'Cannot log in' });

    const [confirmation, ...more] = await settledEmailsTo(guestEmail);
    expect(more).toEqual([]);
    expect(confirmation!.subject).toBe(`[#${ticket.number}] Cannot log in`);
    expect(confirmation!.body.text).toContain('Hello Jan Gość,');
    expect(confirmation!.body.text).toContain('Do not share it.');
    const key = await keyFromEmail(confirmation!, ticket.number);
    expect(key).not.toBe(ticket.accessKey);
    expect(confirmation!.body.html).toContain(`?key=${key}"`);

    const notice = (await emailsTo(department.email)).find((email) => email.subject === `[#${ticket.number}] Cannot log in`);
    expect(notice!.body.text).toContain(`From: Jan Gość <${guestEmail}> (guest)`);
    expect(notice!.body.text).not.toContain('?key=');
  });

  it('sends the department nothing when it has no address', async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'en', { department: silentDepartment, subject: 'Silent department' });
    expect(await settledEmailsTo(anna.user.email)).toHaveLength(1);
    const store = (await (await fetch(`${info.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    const aboutTicket = store.emails.filter((email) => email.subject.startsWith(`[#${ticket.number}]`));
    expect(aboutTicket.map((email) => email.destination.to)).toEqual([[anna.user.email]]);
  });
});

describe('replies', () => {
  it('a staff reply goes to the owner and to every CC recipient, one e-mail each, in the ticket language, never twice', async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'pl', { subject: 'Faktura' });
    const cc = [`${unique('ksiegowosc')}@example.com`, `${unique('szef')}@example.com`];
    const ccUpdate = await api('PUT', `/v1/tickets/${ticket.number}/cc`, { token: anna.token, body: { emails: cc } });
    expect(ccUpdate.status).toBe(200);

    await staffReply(ticket.number, 'Faktura została poprawiona.\nProszę sprawdzić.');

    const ownerEmails = await settledEmailsTo(anna.user.email);
    expect(ownerEmails.map((email) => email.subject)).toEqual([`[#${ticket.number}] Faktura`, `[#${ticket.number}] Faktura`]);
    const ownerReply = ownerEmails[1]!;
    expect(ownerReply.body.text).toContain('Faktura została poprawiona.\nProszę sprawdzić.');
    expect(ownerReply.body.text).toContain(`Nowa odpowiedź w Twoim zgłoszeniu #${ticket.number} „Faktura”`);
    for (const address of cc) {
      const received = await emailsTo(address);
      expect(received).toHaveLength(1);
      expect(received[0]!.destination).toEqual({ to: [address], cc: [], bcc: [] });
      expect(received[0]!.subject).toBe(`[#${ticket.number}] Faktura`);
      expect(received[0]!.body.text).toContain('Faktura została poprawiona.');
      expect(received[0]!.body.text).toContain('liście DW');
      expect(received[0]!.body.text).not.toContain('?key=');
    }

    // Settling again delivers nothing new.
    expect(await settledEmailsTo(anna.user.email)).toHaveLength(2);
    for (const address of cc) expect(await emailsTo(address)).toHaveLength(1);
  });

  it('an internal note is never e-mailed, to the owner, the CC recipients or the department', async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'en', { subject: 'Note test' });
    const cc = `${unique('cc')}@example.com`;
    expect((await api('PUT', `/v1/tickets/${ticket.number}/cc`, { token: anna.token, body: { emails: [cc] } })).status).toBe(200);
    await settle();
    const departmentBefore = (await emailsTo(department.email)).length;

    const note = await api('POST', `/v1/staff/tickets/${ticket.number}/notes`, { token: staff, body: { message: 'Internal: customer owes us money' } });
    expect(note.status).toBe(201);

    expect(await settledEmailsTo(anna.user.email)).toHaveLength(1);
    expect(await emailsTo(cc)).toEqual([]);
    expect(await emailsTo(department.email)).toHaveLength(departmentBefore);
    const store = (await (await fetch(`${info.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    expect(store.emails.some((email) => (email.body.text ?? '').includes('customer owes us money'))).toBe(false);
  });

  it("a customer's reply goes to the department only", async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'en', { subject: 'Customer reply' });
    const cc = `${unique('cc')}@example.com`;
    expect((await api('PUT', `/v1/tickets/${ticket.number}/cc`, { token: anna.token, body: { emails: [cc] } })).status).toBe(200);

    const replied = await api('POST', `/v1/tickets/${ticket.number}/replies`, { token: anna.token, body: { message: 'Any news?' } });
    expect(replied.status).toBe(201);

    expect(await settledEmailsTo(anna.user.email)).toHaveLength(1);
    expect(await emailsTo(cc)).toEqual([]);
    const forDepartment = (await emailsTo(department.email)).filter((email) => email.subject === `[#${ticket.number}] Customer reply`);
    expect(forDepartment.map((email) => email.body.text?.includes('Any news?'))).toEqual([false, true]);
    expect(forDepartment[1]!.body.text).toContain(`${anna.user.name} (customer) has replied to ticket #${ticket.number}`);
  });

  it('a staff reply to a guest carries a fresh key that opens the ticket', async () => {
    const guestEmail = `${unique('guest')}@example.com`;
    const ticket = await openTicket(undefined, 'pl', { name: 'Gość', email: guestEmail, subject: 'Gość pyta' });
    await staffReply(ticket.number, 'Odpowiedź dla gościa');

    const emails = await settledEmailsTo(guestEmail);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.body.text).toContain('Odpowiedź dla gościa');
    const keys = await Promise.all(emails.map((email) => keyFromEmail(email, ticket.number)));
    expect(new Set([...keys, ticket.accessKey]).size).toBe(3);
  });
});

describe('auto-close', () => {
  it('closes a ticket answered long enough ago and tells the owner once; a fresh or customer-replied ticket stays', async () => {
    const anna = await newCustomer();
    const stale = await openTicket(anna.token, 'pl', { subject: 'Stare zgłoszenie' });
    const fresh = await openTicket(anna.token, 'pl', { subject: 'Świeże zgłoszenie' });
    const repliedTo = await openTicket(anna.token, 'pl', { subject: 'Klient odpisał' });
    for (const ticket of [stale, fresh, repliedTo]) await staffReply(ticket.number, 'Czy problem nadal występuje?');
    expect((await api('POST', `/v1/tickets/${repliedTo.number}/replies`, { token: anna.token, body: { message: 'Tak.' } })).status).toBe(201);
    await age(stale.number, 73);
    await age(repliedTo.number, 73);

    const result = await runAutoClose();
    expect(result).toMatchObject({ enabled: true, closed: expect.any(Number) });
    expect(result.closed).toBeGreaterThanOrEqual(1);

    const page = (number: string) => api('GET', `/v1/tickets/${number}`, { token: anna.token });
    expect((await page(stale.number)).body.status).toBe('closed');
    expect((await page(fresh.number)).body.status).toBe('answered');
    expect((await page(repliedTo.number)).body.status).toBe('customer_reply');
    const staffView = await api('GET', `/v1/staff/tickets/${stale.number}`, { token: staff });
    expect(staffView.body).toMatchObject({ closedBy: 'auto-close' });

    const notices = (await settledEmailsTo(anna.user.email)).filter((email) => email.body.text?.includes('automatycznie zamknięte'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe(`[#${stale.number}] Stare zgłoszenie`);

    // Running the job again closes nothing more and sends nothing more.
    await runAutoClose();
    const after = (await settledEmailsTo(anna.user.email)).filter((email) => email.body.text?.includes('automatycznie zamknięte'));
    expect(after).toHaveLength(1);
  });

  it('tells a guest with a key link that still opens the closed ticket', async () => {
    const guestEmail = `${unique('guest')}@example.com`;
    const ticket = await openTicket(undefined, 'en', { name: 'Guest', email: guestEmail, subject: 'Guest auto-close' });
    await staffReply(ticket.number, 'Is it working now?');
    await age(ticket.number, 100);

    await runAutoClose();

    const notices = (await settledEmailsTo(guestEmail)).filter((email) => email.body.text?.includes('closed automatically'));
    expect(notices).toHaveLength(1);
    await keyFromEmail(notices[0]!, ticket.number);
    const page = await api('GET', `/v1/tickets/${ticket.number}`, { headers: { 'x-ticket-key': ticket.accessKey! } });
    expect(page.body.status).toBe('closed');
  });
});

describe('the stream consumer run again in this process', () => {
  const streamContext = { getRemainingTimeInMillis: () => 90_000 } as Context;
  let sequence = 0;

  /** Loads the consumer with this process configured like the local cloud's functions, SES at `sesUrl`. */
  async function loadConsumer(sesUrl: string) {
    vi.resetModules();
    configureAsLocalFunction(info, { SES_ENDPOINT: sesUrl, MAIL_FROM: 'Hosting Support <support@hosting.example>' });
    const module = await import('../../functions/streams/ticketNotifications.ts');
    return (records: DynamoDBRecord[]) =>
      module.handler({ Records: records } as DynamoDBStreamEvent, streamContext) as Promise<DynamoDBBatchResponse>;
  }

  const recordOf = (eventName: 'INSERT' | 'MODIFY', newImage: Record<string, unknown>, oldImage?: Record<string, unknown>): DynamoDBRecord => {
    sequence += 1;
    const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as never;
    return {
      eventID: `in-process-${sequence}`,
      eventName,
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: image({ pk: newImage.pk, sk: newImage.sk }),
        NewImage: image(newImage),
        ...(oldImage ? { OldImage: image(oldImage) } : {}),
        SequenceNumber: `9${String(sequence).padStart(20, '0')}`,
      },
    };
  };

  const partition = async (number: string) =>
    (await table.send(new QueryCommand({ TableName: info.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TICKET#${number}` } })))
      .Items ?? [];

  const closedPort = () =>
    new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  it('a duplicate delivery of a record already handled sends nothing', async () => {
    const anna = await newCustomer();
    const cc = `${unique('cc')}@example.com`;
    const ticket = await openTicket(anna.token, 'en', { subject: 'Delivered twice' });
    expect((await api('PUT', `/v1/tickets/${ticket.number}/cc`, { token: anna.token, body: { emails: [cc] } })).status).toBe(200);
    await staffReply(ticket.number, 'Only once, please.');
    await settle();
    expect(await emailsTo(anna.user.email)).toHaveLength(2);
    expect(await emailsTo(cc)).toHaveLength(1);

    const messages = (await partition(ticket.number)).filter((item) => item.entity === 'ticketMessage');
    expect(messages).toHaveLength(2);
    const deliver = await loadConsumer(info.sesUrl);
    const records = messages.map((item) => recordOf('INSERT', item));
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    expect(await deliver([records[1]!, records[0]!])).toEqual({ batchItemFailures: [] });

    expect(await emailsTo(anna.user.email)).toHaveLength(2);
    expect(await emailsTo(cc)).toHaveLength(1);
    expect((await emailsTo(department.email)).filter((email) => email.subject === `[#${ticket.number}] Delivered twice`)).toHaveLength(1);
  });

  it("takes over a crashed delivery's claim once its lease has run out, and leaves a live claim to the retry", async () => {
    const anna = await newCustomer();
    const ticket = await openTicket(anna.token, 'en', { subject: 'Crashed sender' });
    await staffReply(ticket.number, 'Answer');
    await settle();
    const stored = (await partition(ticket.number)).find((item) => item.sk === 'TICKET')!;
    const closeRecordAt = (closedAt: string) =>
      recordOf('MODIFY', { ...stored, status: 'closed', closedBy: 'auto-close', closedAt, version: Number(stored.version) + 1 }, stored);
    const deliver = await loadConsumer(info.sesUrl);
    const emailLogRepository = await import('../../shared/data/emailLogRepository.ts');
    const { plannedEmails } = await import('../../shared/domain/ticketNotifications.ts');
    const claimAsAnotherDelivery = async (record: DynamoDBRecord, claimedAt: Date) => {
      const { ticketStreamChange } = await import('../../shared/data/ticketStreamRecords.ts');
      const closed = ticketStreamChange(record)!.after as never;
      const [planned] = plannedEmails({ kind: 'autoClosed', ticketNumber: ticket.number, ticket: closed }, closed, null);
      const claim = await emailLogRepository.claim(planned!.dedupeKey, { to: planned!.to, kind: planned!.kind, ticketNumber: ticket.number }, claimedAt, 30_000);
      expect(claim.outcome).toBe('claimed');
    };
    const autoCloseNotices = async () => (await emailsTo(anna.user.email)).filter((email) => email.body.text?.includes('closed automatically'));

    // Claimed a minute ago by a delivery that never finished: its lease ran out 30 s ago.
    const crashed = closeRecordAt(new Date(Date.now() - 1000).toISOString());
    await claimAsAnotherDelivery(crashed, new Date(Date.now() - 60_000));
    expect(await deliver([crashed])).toEqual({ batchItemFailures: [] });
    expect(await autoCloseNotices()).toHaveLength(1);

    // Claimed just now: with too little time left to wait out the lease, the record is retried later.
    const live = closeRecordAt(new Date().toISOString());
    await claimAsAnotherDelivery(live, new Date());
    const shortOfTime = { getRemainingTimeInMillis: () => 20_000 } as Context;
    const { handler } = await import('../../functions/streams/ticketNotifications.ts');
    expect(await handler({ Records: [live] }, shortOfTime)).toEqual({ batchItemFailures: [{ itemIdentifier: live.dynamodb!.SequenceNumber }] });
    expect(await autoCloseNotices()).toHaveLength(1);
  });

  it('a failed send is reported for retry with its key revoked, and the retry sends it exactly once', async () => {
    const guestEmail = `${unique('guest')}@example.com`;
    const ticket = await openTicket(undefined, 'en', { name: 'Guest', email: guestEmail, subject: 'SES is down' });
    await staffReply(ticket.number, 'Answer');
    await settle();
    const stored = (await partition(ticket.number)).find((item) => item.sk === 'TICKET')!;
    const keysBefore = [...(stored.guestKeyHashes as Set<string>)].sort();
    // A close by auto-close as the stream would report it, at a time of its own.
    const closed = { ...stored, status: 'closed', closedBy: 'auto-close', closedAt: new Date().toISOString(), version: Number(stored.version) + 1 };
    const alreadyHandled = recordOf('INSERT', (await partition(ticket.number)).find((item) => item.entity === 'ticketMessage' && item.opensTicket)!);
    const closeRecord = recordOf('MODIFY', closed, stored);

    const failing = await loadConsumer(`http://127.0.0.1:${await closedPort()}`);
    expect(await failing([alreadyHandled, closeRecord])).toEqual({ batchItemFailures: [{ itemIdentifier: closeRecord.dynamodb!.SequenceNumber }] });
    const afterFailure = (await partition(ticket.number)).find((item) => item.sk === 'TICKET')!;
    expect([...(afterFailure.guestKeyHashes as Set<string>)].sort()).toEqual(keysBefore);

    const working = await loadConsumer(info.sesUrl);
    expect(await working([closeRecord])).toEqual({ batchItemFailures: [] });
    expect(await working([closeRecord])).toEqual({ batchItemFailures: [] });
    const notices = (await emailsTo(guestEmail)).filter((email) => email.body.text?.includes('closed automatically'));
    expect(notices).toHaveLength(1);
    await keyFromEmail(notices[0]!, ticket.number);
  });
});
