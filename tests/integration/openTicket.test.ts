import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser, type TestUser } from './support/api.ts';

let admin: string;
let staff: string;
/** Departments of this file only, so counting their tickets proves what was (not) written. */
let guestDepartment: string;
let membersDepartment: string;

async function createDepartment(body: Record<string, unknown>): Promise<string> {
  const response = await api('POST', '/v1/staff/departments', { token: admin, body });
  expect(response.status).toBe(201);
  return response.body.id;
}

/** Every ticket of a department, through the staff queue. */
async function ticketsIn(department: string): Promise<string[]> {
  const response = await api('GET', `/v1/staff/tickets?department=${department}&limit=100`, { token: staff });
  expect(response.status).toBe(200);
  return response.body.items.map((ticket: { number: string }) => ticket.number);
}

const open = (body: Record<string, unknown>, options: { token?: string; headers?: Record<string, string> } = {}) =>
  api('POST', '/v1/tickets', { body, ...options });

const ticketBody = (overrides: Record<string, unknown> = {}) => ({
  department: guestDepartment,
  subject: 'Serwer nie odpowiada',
  message: 'Od rana strona zwraca błąd 502.',
  ...overrides,
});

const guestBody = (overrides: Record<string, unknown> = {}) =>
  ticketBody({ name: 'Jan Gość', email: 'Jan.Gosc@Example.com', ...overrides });

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  const suffix = Date.now().toString(36);
  guestDepartment = await createDepartment({ id: `open-guests-${suffix}`, name: 'Open to guests', openToGuests: true });
  membersDepartment = await createDepartment({ id: `open-members-${suffix}`, name: 'Customers only', openToGuests: false });
});

describe('opening a ticket signed in', () => {
  it('takes name and e-mail from the token, assigns a random 6-digit number and starts open with the first message', async () => {
    const customer = uniqueUser('customer');
    const response = await open(ticketBody({ priority: 'high' }), { token: await tokenFor(customer) });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      number: expect.stringMatching(/^\d{6}$/),
      status: 'open',
      statusLabel: 'Open',
      priority: 'high',
      department: { id: guestDepartment, name: 'Open to guests' },
      owner: { name: customer.name, email: customer.email },
      cc: [],
      canReply: true,
    });
    expect(response.body.messages).toEqual([
      expect.objectContaining({ author: { name: customer.name, role: 'customer' }, body: 'Od rana strona zwraca błąd 502.', attachments: [] }),
    ]);
    expect(response.body).not.toHaveProperty('accessKey');
  });

  it('labels the status in Polish for a Polish caller and defaults the priority to medium', async () => {
    const response = await open(ticketBody(), { token: await tokenFor(uniqueUser('customer')), headers: { 'accept-language': 'pl-PL,pl;q=0.9' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ statusLabel: 'Otwarte', priority: 'medium' });
  });

  it('refuses a name or e-mail in the body of a signed-in caller, and writes nothing', async () => {
    const before = await ticketsIn(guestDepartment);
    const response = await open(ticketBody({ name: 'Someone Else', email: 'else@example.com' }), { token: await tokenFor(uniqueUser('customer')) });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['body.email', 'body.name']);
    expect(await ticketsIn(guestDepartment)).toEqual(before);
  });

  it('accepts only one of the caller’s own services as the related service', async () => {
    const anna = uniqueUser('customer');
    const john = uniqueUser('customer');
    for (const [user, id] of [[anna, `${anna.sub}-vps`], [john, `${john.sub}-db`]] as const) {
      const synced = await api('PUT', `/v1/staff/customers/${user.sub}/services`, { token: admin, body: { services: [{ id, name: 'Service', product: 'vps' }] } });
      expect(synced.status).toBe(200);
    }
    const token = await tokenFor(anna);
    const own = await open(ticketBody({ serviceId: `${anna.sub}-vps` }), { token });
    expect(own.status).toBe(201);
    expect(own.body.serviceId).toBe(`${anna.sub}-vps`);

    const before = await ticketsIn(guestDepartment);
    const foreign = await open(ticketBody({ serviceId: `${john.sub}-db` }), { token });
    expectError(foreign, 400, 'validation_failed');
    expect(foreign.body.error.details[0].path).toBe('body.serviceId');
    expect(await ticketsIn(guestDepartment)).toEqual(before);
  });

  it('refuses an unknown department with a 400 naming the field', async () => {
    const response = await open(ticketBody({ department: 'no-such-department' }), { token: await tokenFor(uniqueUser('customer')) });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details[0].path).toBe('body.department');
  });
});

describe('opening a ticket as a guest', () => {
  it('needs a name and an e-mail, returns an access key of at least 128 bits once, and the key opens the ticket', async () => {
    const missing = await open(ticketBody());
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['body.email', 'body.name']);

    const response = await open(guestBody());
    expect(response.status).toBe(201);
    expect(response.body.owner).toEqual({ name: 'Jan Gość', email: 'jan.gosc@example.com' });
    expect(response.body.messages[0].author).toEqual({ name: 'Jan Gość', role: 'guest' });
    const key: string = response.body.accessKey;
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(key, 'base64url').length).toBeGreaterThanOrEqual(16);

    const page = await api('GET', `/v1/tickets/${response.body.number}`, { headers: { 'x-ticket-key': key } });
    expect(page.status).toBe(200);
    expect(page.body).not.toHaveProperty('accessKey');
    expect(page.text).not.toContain(key);
  });

  it('may write only to departments open to guests', async () => {
    const response = await open(guestBody({ department: membersDepartment }));
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details[0].path).toBe('body.department');
    expect(await ticketsIn(membersDepartment)).toEqual([]);
  });

  it('cannot name a related service (guests have none)', async () => {
    const response = await open(guestBody({ serviceId: 'svc-10231' }));
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details[0].path).toBe('body.serviceId');
  });
});

describe('Idempotency-Key', () => {
  it('returns the first result for a retried request and creates nothing more', async () => {
    const token = await tokenFor(uniqueUser('customer'));
    const key = randomUUID();
    const first = await open(ticketBody({ subject: 'Retried request' }), { token, headers: { 'idempotency-key': key } });
    const before = await ticketsIn(guestDepartment);
    const retry = await open(ticketBody({ subject: 'Retried request' }), { token, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.number).toBe(first.body.number);
    expect(retry.body.messages).toEqual(first.body.messages);
    expect(await ticketsIn(guestDepartment)).toEqual(before);
  });

  it('creates exactly one ticket when the same request arrives several times at once', async () => {
    const customer = uniqueUser('customer');
    const token = await tokenFor(customer);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => open(ticketBody({ subject: 'Concurrent retry' }), { token, headers: { 'idempotency-key': key } })),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => response.body.number)).size).toBe(1);
    const mine = await api('GET', '/v1/tickets', { token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('gives a retrying guest the same access key, which still opens the ticket', async () => {
    const key = randomUUID();
    const first = await open(guestBody({ subject: 'Guest retry' }), { headers: { 'idempotency-key': key } });
    const retry = await open(guestBody({ subject: 'Guest retry' }), { headers: { 'idempotency-key': key } });
    expect(retry.body.number).toBe(first.body.number);
    expect(retry.body.accessKey).toBe(first.body.accessKey);
  });

  it('refuses a key reused with another body (409) and writes nothing', async () => {
    const token = await tokenFor(uniqueUser('customer'));
    const key = randomUUID();
    await open(ticketBody({ subject: 'First body' }), { token, headers: { 'idempotency-key': key } });
    const before = await ticketsIn(guestDepartment);
    const reused = await open(ticketBody({ subject: 'Another body' }), { token, headers: { 'idempotency-key': key } });
    expectError(reused, 409, 'conflict');
    expect(await ticketsIn(guestDepartment)).toEqual(before);
  });

  it('keeps keys apart per caller: another customer with the same key gets their own ticket', async () => {
    const key = randomUUID();
    const a = await open(ticketBody(), { token: await tokenFor(uniqueUser('customer')), headers: { 'idempotency-key': key } });
    const b = await open(ticketBody(), { token: await tokenFor(uniqueUser('customer')), headers: { 'idempotency-key': key } });
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.number).not.toBe(a.body.number);
  });

  it('refuses a malformed key', async () => {
    const response = await open(ticketBody(), { token: await tokenFor(uniqueUser('customer')), headers: { 'idempotency-key': 'short' } });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details[0].path).toBe('header.idempotency-key');
  });
});

describe('rate limits on opening tickets', () => {
  it('allows a guest address 10 tickets an hour, then answers 429 with Retry-After and writes nothing', async () => {
    const address = { 'x-local-source-ip': `192.0.2.${1 + Math.floor(Math.random() * 250)}` };
    for (let i = 0; i < 10; i += 1) expect((await open(guestBody(), { headers: address })).status).toBe(201);
    const before = await ticketsIn(guestDepartment);
    const limited = await open(guestBody(), { headers: address });
    expectError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await ticketsIn(guestDepartment)).toEqual(before);

    expect((await open(guestBody(), { headers: { 'x-local-source-ip': '198.51.100.7' } })).status).toBe(201);
  });

  it('allows a customer 20 tickets an hour, whatever address they come from', async () => {
    const customer: TestUser = uniqueUser('customer');
    const token = await tokenFor(customer);
    for (let i = 0; i < 20; i += 1) expect((await open(ticketBody({ department: membersDepartment }), { token })).status).toBe(201);
    expectError(await open(ticketBody({ department: membersDepartment }), { token }), 429, 'rate_limited');
    const mine = await api('GET', '/v1/tickets?limit=100', { token });
    expect(mine.body.items).toHaveLength(20);
    expect((await open(ticketBody({ department: membersDepartment }), { token: await tokenFor(uniqueUser('customer')) })).status).toBe(201);
  });
});

describe('bad input when opening a ticket', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an empty subject', { subject: '' }, 'body.subject'],
    ['a whitespace subject', { subject: '   \t ' }, 'body.subject'],
    ['a subject over 200 characters', { subject: 'x'.repeat(201) }, 'body.subject'],
    ['a subject with a line break (header injection)', { subject: 'Hello\r\nBcc: victim@example.com' }, 'body.subject'],
    ['a subject with a control character', { subject: 'Bell\u0007' }, 'body.subject'],
    ['an empty message', { message: '  ' }, 'body.message'],
    ['a message over 64 KB', { message: 'ż'.repeat(32 * 1024 + 1) }, 'body.message'],
    ['an unknown priority', { priority: 'urgent' }, 'body.priority'],
    ['a status field', { status: 'closed' }, 'body'],
    ['an owner field', { owner: { name: 'x' } }, 'body'],
    ['a number field', { number: '123456' }, 'body'],
    ['an unknown attachment id', { attachmentIds: ['upl_doesnotexist00000'] }, 'body.attachmentIds'],
    ['more than 10 attachments', { attachmentIds: Array.from({ length: 11 }, (_, i) => `upload-${String(i).padStart(4, '0')}`) }, 'body.attachmentIds'],
  ];
  it.each(cases)('refuses %s with a 400 and writes nothing', async (_name, overrides, path) => {
    const before = await ticketsIn(guestDepartment);
    const response = await open(ticketBody(overrides), { token: await tokenFor(uniqueUser('customer')) });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details.some((detail: { path: string }) => detail.path.startsWith(path))).toBe(true);
    expect(await ticketsIn(guestDepartment)).toEqual(before);
  });

  it('stores HTML, emoji and right-to-left text verbatim and returns them as JSON text', async () => {
    const subject = '<script>alert(1)</script> 🚀 مرحبا';
    const message = '<img src=x onerror=alert(1)>\n👩‍💻 שלום עולם \u202Eabc';
    const response = await open(ticketBody({ subject, message }), { token: await tokenFor(uniqueUser('customer')) });
    expect(response.status).toBe(201);
    expect(response.body.subject).toBe(subject);
    expect(response.body.messages[0].body).toBe(message);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});

describe('the headers tickets read', () => {
  it('are documented in the OpenAPI document: Idempotency-Key on opening, X-Ticket-Key on every guest ticket route', async () => {
    const document = (await api('GET', '/v1/openapi.json')).body;
    const headerNames = (method: string, path: string): string[] =>
      document.paths[path][method].parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string }) => p.name);
    expect(headerNames('post', '/v1/tickets')).toEqual(['idempotency-key']);
    for (const [method, path] of [
      ['get', '/v1/tickets/{number}'],
      ['post', '/v1/tickets/{number}/replies'],
      ['post', '/v1/tickets/{number}/close'],
      ['put', '/v1/tickets/{number}/cc'],
    ] as const) {
      expect(headerNames(method, path)).toEqual(['x-ticket-key']);
    }
  });
});
