/**
 * Faults injected into the local cloud (infra/local/faults.ts, POST /_local/faults): DynamoDB
 * throttling and lost conditional-check races, SES throttling, an object reported missing at
 * upload verification, and a poison record on the table stream. The functions' real SDK clients
 * meet AWS-shaped error answers, so their own retries run as in AWS. Each test settles first (so
 * nothing else in flight meets its fault), arms the fault, acts over HTTP, then checks the answer,
 * that the fault really was injected, and what was written and e-mailed: nothing half-written,
 * no e-mail lost or sent twice.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';
import { localInfo, png, postForm, settle } from './support/files.ts';

interface ArmedFault {
  service: string;
  operation?: string;
  error: string;
  remaining: number;
  injected: number;
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

interface Failure {
  consumer: string;
  source: string;
  recordCount: number;
  error: string;
}

let admin: string;
let staff: string;
let department: { id: string; email: string };
let table: DynamoDBDocumentClient;
let tableName: string;
let sesUrl: string;

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

beforeAll(async () => {
  const info = (await api('GET', '/_local/info', { unchecked: true })).body as { sesUrl: string };
  sesUrl = info.sesUrl;
  const { dynamodbUrl, tableName: name } = await localInfo();
  tableName = name;
  table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamodbUrl, region: 'eu-central-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  );
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  const created = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: unique('faults'), name: 'Faults', openToGuests: true, email: `${unique('faults-desk')}@hosting.example` },
  });
  expect(created.status).toBe(201);
  department = { id: created.body.id, email: created.body.email };
});

beforeEach(settle);
afterEach(clearFaults);

async function clearFaults() {
  expect((await api('DELETE', '/_local/faults', { unchecked: true })).status).toBe(204);
}

async function arm(fault: Record<string, unknown>) {
  const response = await api('POST', '/_local/faults', { body: fault, unchecked: true });
  expect(response.status, response.text).toBe(201);
}

async function armedFaults(): Promise<ArmedFault[]> {
  return (await api('GET', '/_local/faults', { unchecked: true })).body.items;
}

/** How many requests the armed faults answered with their error. */
const injected = async () => (await armedFaults()).reduce((sum, fault) => sum + fault.injected, 0);

async function newCustomer() {
  const user = uniqueUser('customer');
  return { user, token: await tokenFor(user) };
}

const openTicket = (token: string, options: { headers?: Record<string, string>; subject?: string } = {}) =>
  api('POST', '/v1/tickets', {
    token,
    headers: options.headers ?? {},
    body: { department: department.id, subject: options.subject ?? unique('Awaria'), message: 'Strona nie działa.' },
  });

async function ticketsOf(token: string) {
  const list = await api('GET', '/v1/tickets', { token });
  expect(list.status).toBe(200);
  return list.body.items as Array<{ number: string }>;
}

async function ticketPage(number: string, token: string) {
  const page = await api('GET', `/v1/tickets/${number}`, { token });
  expect(page.status).toBe(200);
  return page.body as { number: string; status: string; messages: Array<{ body: string }> };
}

/** The e-mails about one ticket (their subject starts with its number) sent to `address`. */
async function emailsAbout(number: string, address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.subject.startsWith(`[#${number}]`) && email.destination.to.includes(address));
}

async function failures(): Promise<Failure[]> {
  return (await api('GET', '/_local/failures', { unchecked: true })).body.items;
}

/** Items under a partition key: test-side proof of what a request wrote. */
async function itemsUnder(pk: string) {
  const { Items } = await table.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return Items ?? [];
}

describe('fault injection itself', () => {
  it('refuses a fault it cannot inject, so a typo never arms nothing silently', async () => {
    for (const fault of [
      { service: 'dynamodb', error: 'NoSuchKey' },
      { service: 'sqs', error: 'Throttling' },
      { service: 'ses', error: 'Throttling', count: 0 },
      { service: 'dynamodb', operation: 'PutItem', error: 'TransactionCanceledException' },
      { service: 'dynamodb', error: 'ThrottlingException', extra: true },
    ]) {
      expectError(await api('POST', '/_local/faults', { body: fault, unchecked: true }), 400, 'validation_failed');
    }
    expect(await armedFaults()).toEqual([]);
  });
});

describe('DynamoDB throttling', () => {
  it('a few throttled writes are absorbed by the SDK retries: the ticket opens once (201) and is e-mailed once', async () => {
    const { user, token } = await newCustomer();
    await arm({ service: 'dynamodb', operation: 'TransactWriteItems', error: 'ProvisionedThroughputExceededException', count: 2 });
    const opened = await openTicket(token);
    expect(opened.status, opened.text).toBe(201);
    expect(await injected()).toBe(2);
    expect((await ticketsOf(token)).map((ticket) => ticket.number)).toEqual([opened.body.number]);
    await settle();
    expect(await emailsAbout(opened.body.number, user.email)).toHaveLength(1);
    expect(await emailsAbout(opened.body.number, department.email)).toHaveLength(1);
  });

  it('throttled reads are absorbed too: the list and the ticket page answer 200', async () => {
    const { token } = await newCustomer();
    const opened = await openTicket(token);
    expect(opened.status).toBe(201);
    await arm({ service: 'dynamodb', operation: 'Query', error: 'ThrottlingException', count: 2 });
    expect((await ticketsOf(token)).map((ticket) => ticket.number)).toEqual([opened.body.number]);
    expect((await ticketPage(opened.body.number, token)).messages).toHaveLength(1);
    expect(await injected()).toBe(2);
  });

  it('throttling that outlasts the retries is a 503 unavailable with Retry-After that wrote nothing; the retry with the same Idempotency-Key opens exactly one ticket', async () => {
    const { user, token } = await newCustomer();
    const sameRequest = { headers: { 'idempotency-key': randomUUID() }, subject: unique('Awaria') };
    await arm({ service: 'dynamodb', operation: 'TransactWriteItems', error: 'ProvisionedThroughputExceededException', count: 1000 });
    const refused = await openTicket(token, sameRequest);
    expectError(refused, 503, 'unavailable');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await injected()).toBeGreaterThan(1);
    await clearFaults();

    expect(await ticketsOf(token)).toEqual([]);
    const windowStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(await itemsUnder(`RATE#open-ticket:user:${user.sub}#${windowStart}`), 'the refused request used up none of the rate limit').toEqual([]);

    const retried = await openTicket(token, sameRequest);
    expect(retried.status, retried.text).toBe(201);
    const again = await openTicket(token, sameRequest);
    expect(again.status).toBe(201);
    expect(again.body.number).toBe(retried.body.number);
    expect((await ticketsOf(token)).map((ticket) => ticket.number)).toEqual([retried.body.number]);
    await settle();
    expect(await emailsAbout(retried.body.number, user.email)).toHaveLength(1);
  });
});

describe('lost conditional-check races', () => {
  const loseRace = (reason: 'ConditionalCheckFailed' | 'TransactionConflict') =>
    arm({ service: 'dynamodb', operation: 'TransactWriteItems', error: 'TransactionCanceledException', reason, item: 0, count: 1 });

  it('opening a ticket whose number was taken meanwhile draws another: 201, one ticket with one message', async () => {
    const { token } = await newCustomer();
    await loseRace('ConditionalCheckFailed');
    const opened = await openTicket(token);
    expect(opened.status, opened.text).toBe(201);
    expect(await injected()).toBe(1);
    expect((await ticketsOf(token)).map((ticket) => ticket.number)).toEqual([opened.body.number]);
    expect((await ticketPage(opened.body.number, token)).messages).toHaveLength(1);
  });

  it('a customer reply that lost the version race is re-applied to the ticket as it now is: 201, stored once, e-mailed once', async () => {
    const { token } = await newCustomer();
    const opened = await openTicket(token);
    await settle();
    await loseRace('ConditionalCheckFailed');
    const reply = unique('Nadal nie działa');
    const replied = await api('POST', `/v1/tickets/${opened.body.number}/replies`, { token, body: { message: reply } });
    expect(replied.status, replied.text).toBe(201);
    expect(await injected()).toBe(1);
    const page = await ticketPage(opened.body.number, token);
    expect(page.messages.map((message) => message.body)).toEqual(['Strona nie działa.', reply]);
    expect(page.status).toBe('customer_reply');
    await settle();
    const notices = await emailsAbout(opened.body.number, department.email);
    expect(notices.filter((email) => email.body.text?.includes(reply))).toHaveLength(1);
  });

  it('a staff reply that runs into another transaction is a clean 409 that wrote nothing; repeating it succeeds once', async () => {
    const { user, token } = await newCustomer();
    const opened = await openTicket(token);
    await settle();
    await loseRace('TransactionConflict');
    const conflicted = await api('POST', `/v1/staff/tickets/${opened.body.number}/replies`, { token: staff, body: { message: 'Sprawdzamy.' } });
    expectError(conflicted, 409, 'conflict');
    expect(await injected()).toBe(1);
    const untouched = await api('GET', `/v1/staff/tickets/${opened.body.number}`, { token: staff });
    expect(untouched.body).toMatchObject({ status: 'open', version: 1, messageCount: 1 });
    await settle();
    expect(await emailsAbout(opened.body.number, user.email), 'only the confirmation').toHaveLength(1);

    const replied = await api('POST', `/v1/staff/tickets/${opened.body.number}/replies`, { token: staff, body: { message: 'Sprawdzamy.' } });
    expect(replied.status, replied.text).toBe(201);
    expect(replied.body).toMatchObject({ status: 'answered', version: 2, messageCount: 2 });
    await settle();
    expect(await emailsAbout(opened.body.number, user.email), 'the confirmation and one reply').toHaveLength(2);
  });

  it('closing a ticket that lost the version race re-reads it and closes it once: 200', async () => {
    const { token } = await newCustomer();
    const opened = await openTicket(token);
    await settle();
    await arm({ service: 'dynamodb', operation: 'UpdateItem', error: 'ConditionalCheckFailedException', count: 1 });
    const closed = await api('POST', `/v1/tickets/${opened.body.number}/close`, { token });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(await injected()).toBe(1);
    const stored = await api('GET', `/v1/staff/tickets/${opened.body.number}`, { token: staff });
    expect(stored.body).toMatchObject({ status: 'closed', version: 2, closedBy: 'customer' });
  });
});

describe('e-mail under throttling', () => {
  it('SES throttling past its client retries delays the e-mails but never loses or duplicates one: exactly one per recipient', async () => {
    const { user, token } = await newCustomer();
    const failedBefore = (await failures()).length;
    // More than the SES client's 3 attempts: one send fails outright and the stream record is retried.
    await arm({ service: 'ses', operation: 'SendEmail', error: 'Throttling', count: 4 });
    const opened = await openTicket(token);
    expect(opened.status).toBe(201);
    await settle();
    expect(await injected()).toBe(4);
    expect(await emailsAbout(opened.body.number, user.email)).toHaveLength(1);
    expect(await emailsAbout(opened.body.number, department.email)).toHaveLength(1);
    expect((await failures()).length).toBe(failedBefore);
  });

  it('a throttled write of the once-only marker delays the e-mail but never loses or duplicates it', async () => {
    const { user, token } = await newCustomer();
    // The marker is claimed with a conditional PutItem; more throttles than the DynamoDB client's attempts fail the first claim.
    await arm({ service: 'dynamodb', operation: 'PutItem', error: 'ProvisionedThroughputExceededException', count: 6 });
    const opened = await openTicket(token);
    expect(opened.status).toBe(201);
    await settle();
    expect(await injected()).toBe(6);
    expect(await emailsAbout(opened.body.number, user.email)).toHaveLength(1);
    expect(await emailsAbout(opened.body.number, department.email)).toHaveLength(1);
  });
});

describe('an object missing at upload verification', () => {
  it('never makes the upload available or attachable; the next upload of the file is verified', async () => {
    const { token } = await newCustomer();
    const file = png();
    const created = await api('POST', '/v1/uploads', { token, body: { filename: file.filename, contentType: file.contentType, size: file.bytes.length } });
    expect(created.status).toBe(201);
    await arm({ service: 's3', operation: 'HeadObject', error: 'NoSuchKey', count: 1 });
    expect((await postForm(created.body, file.bytes, file.contentType, file.filename)).status).toBe(204);
    await settle();
    expect(await injected()).toBe(1);

    const upload = await api('GET', `/v1/uploads/${created.body.uploadId}`, { token });
    expect(upload.body.status).toBe('pending');
    const attaching = await api('POST', '/v1/tickets', {
      token,
      body: { department: department.id, subject: 'Z plikiem', message: 'W załączniku.', attachmentIds: [created.body.uploadId] },
    });
    expectError(attaching, 400, 'validation_failed');
    expect(await ticketsOf(token)).toEqual([]);

    expect((await postForm(created.body, file.bytes, file.contentType, file.filename)).status).toBe(204);
    await settle();
    expect((await api('GET', `/v1/uploads/${created.body.uploadId}`, { token })).body.status).toBe('available');
  });
});

describe('a poison stream record', () => {
  it('goes to the failure destination alone after its retries; a message of a vanished ticket is skipped; a ticket opened right behind them is e-mailed', async () => {
    const { token } = await newCustomer();
    const victim = await openTicket(token);
    await settle();
    const failedBefore = await failures();
    const createdAt = new Date().toISOString();
    const message = { entity: 'ticketMessage', kind: 'message', body: 'x', attachments: [], createdAt, opensTicket: false };
    // A message with no author on an existing ticket: the consumer cannot e-mail it, however often it tries.
    await table.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `TICKET#${victim.body.number}`, sk: `MESSAGE#${createdAt}#poison`, id: 'poison', ticketNumber: victim.body.number, ...message },
      }),
    );
    // A message whose ticket does not exist: nothing to e-mail, so nothing to retry.
    await table.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'TICKET#vanished', sk: `MESSAGE#${createdAt}#orphan`, id: 'orphan', ticketNumber: 'vanished', author: { id: null, name: 'X', role: 'customer' }, ...message },
      }),
    );
    const behind = await newCustomer();
    const opened = await openTicket(behind.token);
    expect(opened.status).toBe(201);
    await settle();

    const added = (await failures()).slice(failedBefore.length);
    expect(added).toEqual([expect.objectContaining({ consumer: 'ticket-notifications', source: 'stream', recordCount: 1, error: expect.stringContaining('batchItemFailures') })]);
    expect(await emailsAbout(opened.body.number, behind.user.email)).toHaveLength(1);
    expect(await emailsAbout(opened.body.number, department.email)).toHaveLength(1);
    expect(await emailsAbout(victim.body.number, department.email), 'only the notice of the ticket itself').toHaveLength(1);
  });
});
