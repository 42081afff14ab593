/**
 * Tickets, customer and guest side, through HTTP on the local cloud: the list, the ticket page,
 * replies, close, CC, guest keys, bad input, and one walk over every customer ticket route in the
 * manifest with somebody else's ticket.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import * as z from '../../shared/schemas/zod.ts';
import { api, expectError, tokenFor, uniqueUser, type ApiResponse, type TestUser } from './support/api.ts';

let admin: string;
let staff: string;
/** Open to guests, reopens on a reply. */
let department: string;
/** Open to guests, but a reply never reopens a closed ticket. */
let noReopenDepartment: string;

const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  const created = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: uniqueId('wsparcie'), name: { pl: 'Wsparcie testowe', en: 'Test support' }, openToGuests: true },
  });
  expect(created.status).toBe(201);
  department = created.body.id;
  const strict = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: uniqueId('bez-wznowien'), name: { pl: 'Bez wznowień', en: 'No reopening' }, openToGuests: true, allowReopen: false },
  });
  expect(strict.status).toBe(201);
  noReopenDepartment = strict.body.id;
});

/** How a request proves access: a signed-in customer's token, a guest's key, or both or neither. */
interface Access {
  token?: string;
  key?: string;
}

const withAccess = (access: Access, options: { body?: unknown; headers?: Record<string, string> } = {}) => ({
  ...options,
  token: access.token,
  headers: { ...options.headers, ...(access.key !== undefined ? { 'x-ticket-key': access.key } : {}) },
});

interface Customer {
  user: TestUser;
  token: string;
}

async function newCustomer(): Promise<Customer> {
  const user = uniqueUser('customer');
  return { user, token: await tokenFor(user) };
}

async function openTicket(token: string, fields: Record<string, unknown> = {}) {
  const response = await api('POST', '/v1/tickets', {
    token,
    body: { department, priority: 'medium', subject: 'Strona nie działa', message: 'Od rana błąd 500.', ...fields },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function openGuestTicket(fields: Record<string, unknown> = {}) {
  const response = await api('POST', '/v1/tickets', {
    body: {
      department,
      priority: 'low',
      subject: 'Nie mogę się zalogować',
      message: 'Zapomniałem hasła do panelu.',
      name: 'Jan Gość',
      email: `${uniqueId('guest')}@example.com`,
      ...fields,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.accessKey).toEqual(expect.any(String));
  return { ticket: response.body, key: response.body.accessKey as string };
}

const getPage = (number: string, access: Access, lang = 'en') => api('GET', `/v1/tickets/${number}?lang=${lang}`, withAccess(access));
const reply = (number: string, access: Access, body: unknown) => api('POST', `/v1/tickets/${number}/replies`, withAccess(access, { body }));
const close = (number: string, access: Access) => api('POST', `/v1/tickets/${number}/close`, withAccess(access));
const setCc = (number: string, access: Access, body: unknown) => api('PUT', `/v1/tickets/${number}/cc`, withAccess(access, { body }));
const staffReply = (number: string, message: string) => api('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, body: { message } });
const list = (token: string, query = '') => api('GET', `/v1/tickets${query}`, { token });
const numbersOf = (response: ApiResponse) => response.body.items.map((ticket: { number: string }) => ticket.number);

/** Runs a request that must be refused, and proves the ticket page is exactly as it was before. */
async function expectRefusedAndUntouched(number: string, access: Access, request: () => Promise<ApiResponse>, status: number, code: string) {
  const before = await getPage(number, access);
  expect(before.status).toBe(200);
  const response = await request();
  expectError(response, status, code);
  const after = await getPage(number, access);
  expect(after.body).toEqual(before.body);
  return response;
}

describe('GET /v1/tickets', () => {
  it("lists only the caller's tickets, newest activity first, with department name, status label and last reply", async () => {
    const anna = await newCustomer();
    const other = await newCustomer();
    const first = await openTicket(anna.token, { subject: 'Pierwsze' });
    const second = await openTicket(anna.token, { subject: 'Drugie' });
    const third = await openTicket(anna.token, { subject: 'Trzecie' });
    const foreign = await openTicket(other.token);

    const initial = await list(anna.token);
    expect(initial.status).toBe(200);
    expect(numbersOf(initial)).toEqual([third.number, second.number, first.number]);
    expect(numbersOf(initial)).not.toContain(foreign.number);
    expect(initial.body.nextCursor).toBeNull();

    // A reply is activity: the oldest ticket comes to the top. A CC change is not.
    expect((await reply(first.number, { token: anna.token }, { message: 'Nadal nie działa' })).status).toBe(201);
    expect((await setCc(second.number, { token: anna.token }, { emails: ['kolega@example.com'] })).status).toBe(200);
    const polish = await list(anna.token, '?lang=pl');
    expect(numbersOf(polish)).toEqual([first.number, third.number, second.number]);
    expect(polish.body.items[0]).toMatchObject({
      number: first.number,
      subject: 'Pierwsze',
      department: { id: department, name: 'Wsparcie testowe' },
      status: 'customer_reply',
      statusLabel: 'Twoja odpowiedź',
      priority: 'medium',
      lastReply: { authorName: anna.user.name, role: 'customer' },
      canReply: true,
    });
    expect(polish.body.items[1]).toMatchObject({ status: 'open', statusLabel: 'Otwarte' });
    expect(polish.body.items[0]).not.toHaveProperty('messages');

    const english = await list(anna.token, '?lang=en');
    expect(english.body.items[0]).toMatchObject({ department: { name: 'Test support' }, statusLabel: 'Customer-Reply' });
  });

  it('filters by one status or by active (every status but closed)', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const open = await openTicket(customer.token);
    const closed = await openTicket(customer.token);
    const waiting = await openTicket(customer.token);
    const answered = await openTicket(customer.token);
    expect((await close(closed.number, access)).status).toBe(200);
    expect((await reply(waiting.number, access, { message: 'Dodatkowe informacje' })).status).toBe(201);
    expect((await staffReply(answered.number, 'Sprawdzamy')).status).toBe(201);

    expect(numbersOf(await list(customer.token, '?status=open'))).toEqual([open.number]);
    expect(numbersOf(await list(customer.token, '?status=closed'))).toEqual([closed.number]);
    expect(numbersOf(await list(customer.token, '?status=customer_reply'))).toEqual([waiting.number]);
    expect(numbersOf(await list(customer.token, '?status=answered'))).toEqual([answered.number]);
    expect(numbersOf(await list(customer.token, '?status=active'))).toEqual([answered.number, waiting.number, open.number]);
    expect(numbersOf(await list(customer.token))).toEqual([answered.number, waiting.number, closed.number, open.number]);

    const unknownStatus = await list(customer.token, '?status=pending');
    expectError(unknownStatus, 400, 'validation_failed');
    expect(unknownStatus.body.error.details[0].path).toBe('query.status');
  });

  it('pages with a cursor through every ticket exactly once, in order', async () => {
    const customer = await newCustomer();
    const opened: string[] = [];
    for (let i = 0; i < 5; i += 1) opened.unshift((await openTicket(customer.token, { subject: `Zgłoszenie ${i}` })).number);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ApiResponse = await list(customer.token, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...numbersOf(page));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual(opened);
    expect(pages).toBeGreaterThanOrEqual(3);

    const filtered = await list(customer.token, '?status=open&limit=2');
    expect(numbersOf(filtered)).toEqual(opened.slice(0, 2));
    const nextFiltered = await list(customer.token, `?status=open&limit=2&cursor=${filtered.body.nextCursor}`);
    expect(numbersOf(nextFiltered)).toEqual(opened.slice(2, 4));
  });

  it("refuses a malformed cursor, another customer's cursor and another list's cursor with a 400", async () => {
    const anna = await newCustomer();
    const other = await newCustomer();
    for (let i = 0; i < 2; i += 1) {
      await openTicket(anna.token);
      await openTicket(other.token);
    }
    const othersPage = await list(other.token, '?limit=1');
    expect(othersPage.body.nextCursor).toEqual(expect.any(String));
    const annasActivePage = await list(anna.token, '?status=active&limit=1');
    expect(annasActivePage.body.nextCursor).toEqual(expect.any(String));

    for (const query of [
      '?cursor=not-a-cursor',
      `?cursor=${Buffer.from('{"pk":1').toString('base64url')}`,
      `?limit=1&cursor=${othersPage.body.nextCursor}`,
      `?status=active&limit=1&cursor=${othersPage.body.nextCursor}`,
      `?limit=1&cursor=${annasActivePage.body.nextCursor}`,
    ]) {
      const response = await list(anna.token, query);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path, query).toBe('query.cursor');
    }
  });

  it('accepts a limit from 1 to 100 and refuses anything else with a 400', async () => {
    const customer = await newCustomer();
    await openTicket(customer.token);
    await openTicket(customer.token);
    expect((await list(customer.token, '?limit=1')).body.items).toHaveLength(1);
    expect((await list(customer.token, '?limit=100')).body.items).toHaveLength(2);
    for (const limit of ['0', '101', '-1', '1.5', 'abc', '']) {
      const response = await list(customer.token, `?limit=${limit}`);
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details[0].path, `limit=${limit}`).toBe('query.limit');
    }
  });

  it('needs a signed-in customer (a guest key is not enough) and rejects unknown query parameters', async () => {
    expectError(await api('GET', '/v1/tickets'), 401, 'unauthorized');
    const { key } = await openGuestTicket();
    expectError(await api('GET', '/v1/tickets', { headers: { 'x-ticket-key': key } }), 401, 'unauthorized');
    const customer = await newCustomer();
    const unknown = await list(customer.token, '?owner=someone');
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.body.error.details).toEqual([{ path: 'query.owner', message: 'Unknown field' }]);
  });
});

describe('the ticket page, replies and statuses (signed-in customer)', () => {
  it('shows the ticket with its history, author names and roles, and never an internal note', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token, { subject: 'Poczta', message: 'Nie dochodzą maile.', priority: 'high' });
    expect((await staffReply(ticket.number, 'Proszę sprawdzić rekord MX.')).status).toBe(201);
    const note = await api('POST', `/v1/staff/tickets/${ticket.number}/notes`, { token: staff, body: { message: 'TAJNE: klient na liście dłużników' } });
    expect(note.status).toBe(201);
    expect((await reply(ticket.number, access, { message: 'Sprawdziłam, jest dobrze.' })).status).toBe(201);

    const page = await getPage(ticket.number, access, 'pl');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      number: ticket.number,
      subject: 'Poczta',
      department: { id: department, name: 'Wsparcie testowe' },
      status: 'customer_reply',
      statusLabel: 'Twoja odpowiedź',
      priority: 'high',
      owner: { name: customer.user.name, email: customer.user.email },
      cc: [],
    });
    expect(page.body.messages.map((message: { author: unknown; body: string }) => [message.author, message.body])).toEqual([
      [{ name: customer.user.name, role: 'customer' }, 'Nie dochodzą maile.'],
      [{ name: expect.any(String), role: 'staff' }, 'Proszę sprawdzić rekord MX.'],
      [{ name: customer.user.name, role: 'customer' }, 'Sprawdziłam, jest dobrze.'],
    ]);
    expect(page.body.messages[0]).toEqual({ id: expect.any(String), author: expect.any(Object), body: expect.any(String), createdAt: expect.any(String), attachments: [] });
    expect(page.text).not.toContain('TAJNE');
    expect(page.text).not.toContain('internal');
  });

  it('moves open → customer_reply on a reply, → answered on a staff reply, and back on the next reply', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token);
    expect(ticket.status).toBe('open');

    const first = await reply(ticket.number, access, { message: 'Dodam, że to pilne.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'customer_reply', lastReply: { role: 'customer', authorName: customer.user.name } });
    expect(first.body.messages).toHaveLength(2);
    expect(first.body.messages[1]).toMatchObject({ body: 'Dodam, że to pilne.', author: { role: 'customer' } });

    expect((await staffReply(ticket.number, 'Już patrzymy.')).status).toBe(201);
    expect((await getPage(ticket.number, access)).body).toMatchObject({ status: 'answered', statusLabel: 'Answered', lastReply: { role: 'staff' } });

    const again = await reply(ticket.number, access, { message: 'Dziękuję.' });
    expect(again.body).toMatchObject({ status: 'customer_reply', statusLabel: 'Customer-Reply' });
    expect((await getPage(ticket.number, access)).body.messages).toHaveLength(4);
  });

  it('closes a ticket, answers a second close with the same page, and a reply reopens it as customer_reply', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token);

    const closed = await close(ticket.number, access);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', statusLabel: 'Closed', canReply: true });
    expect(closed.body.messages).toHaveLength(1);
    const closedAgain = await close(ticket.number, access);
    expect(closedAgain.status).toBe(200);
    expect(closedAgain.body).toEqual(closed.body);
    expect((await getPage(ticket.number, access)).body).toEqual(closed.body);

    const reopened = await reply(ticket.number, access, { message: 'Problem wrócił.' });
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({ status: 'customer_reply' });
    expect(numbersOf(await list(customer.token, '?status=active'))).toEqual([ticket.number]);
  });

  it('refuses a reply to a closed ticket of a department that does not reopen (409), changing nothing', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token, { department: noReopenDepartment });
    const closed = await close(ticket.number, access);
    expect(closed.body).toMatchObject({ status: 'closed', canReply: false });
    await expectRefusedAndUntouched(ticket.number, access, () => reply(ticket.number, access, { message: 'Jeszcze jedno' }), 409, 'conflict');
    expect(numbersOf(await list(customer.token, '?status=closed'))).toEqual([ticket.number]);
  });

  it('stores HTML and script verbatim and returns emoji and right-to-left text exactly', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const subject = '<script>alert("x")</script> <b>pogrubione</b> & "cudzysłów" 👍🏽 مرحبا';
    const message = '<img src=x onerror=alert(1)>\n👨‍👩‍👧‍👦 🇵🇱 שלום עולם \u202Eodwrócone\u202C\n\tkoniec';
    const ticket = await openTicket(customer.token, { subject, message });
    expect(ticket.subject).toBe(subject);
    const replyText = '<a href="javascript:alert(1)">klik</a> 🙂 السلام عليكم';
    expect((await reply(ticket.number, access, { message: replyText })).status).toBe(201);

    const page = await getPage(ticket.number, access);
    expect(page.headers.get('content-type')).toContain('application/json');
    expect(page.body.subject).toBe(subject);
    expect(page.body.messages.map((m: { body: string }) => m.body)).toEqual([message, replyText]);
    expect((await list(customer.token)).body.items[0].subject).toBe(subject);
  });
});

describe('CC recipients', () => {
  it('lower-cases and de-duplicates the list, replaces it, and can empty it', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token);
    const set = await setCc(ticket.number, access, { emails: ['Kolega@Example.COM', 'kolega@example.com', 'szef@example.com'] });
    expect(set.status).toBe(200);
    expect(set.body.cc).toEqual(['kolega@example.com', 'szef@example.com']);
    expect(set.body.messages).toHaveLength(1);
    expect((await getPage(ticket.number, access)).body.cc).toEqual(['kolega@example.com', 'szef@example.com']);
    expect((await setCc(ticket.number, access, { emails: ['ktos@example.com'] })).body.cc).toEqual(['ktos@example.com']);
    expect((await setCc(ticket.number, access, { emails: [] })).body.cc).toEqual([]);
  });

  it('accepts 10 addresses and refuses 11, invalid addresses and the owner’s own address, leaving the list as it was', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token);
    const ten = Array.from({ length: 10 }, (_, i) => `cc${i}@example.com`);
    expect((await setCc(ticket.number, access, { emails: ten })).body.cc).toEqual(ten);

    const refused: Array<[string, unknown]> = [
      ['eleven addresses', { emails: [...ten, 'cc10@example.com'] }],
      ['not an address', { emails: ['not-an-address'] }],
      ['no domain', { emails: ['someone@'] }],
      ['a header injection', { emails: ['x@example.com\r\nBcc: victim@example.com'] }],
      ['the owner’s own address, in another case', { emails: ['ok@example.com', customer.user.email.toUpperCase()] }],
      ['not a list', { emails: 'a@example.com' }],
      ['an unknown field', { emails: [], replace: true }],
      ['no emails field', {}],
    ];
    for (const [what, body] of refused) {
      const response = await expectRefusedAndUntouched(ticket.number, access, () => setCc(ticket.number, access, body), 400, 'validation_failed');
      expect(response.body.error.details.length, what).toBeGreaterThan(0);
    }
    const own = await setCc(ticket.number, access, { emails: ['ok@example.com', customer.user.email] });
    expect(own.body.error.details).toEqual([{ path: 'body.emails[1]', message: expect.any(String) }]);
  });
});

describe('bad input on the customer side', () => {
  it('refuses a bad reply with a 400 and leaves the ticket exactly as it was', async () => {
    const customer = await newCustomer();
    const access = { token: customer.token };
    const ticket = await openTicket(customer.token);
    const bad: Array<[string, unknown, string]> = [
      ['an empty message', { message: '' }, 'body.message'],
      ['a whitespace message', { message: '  \n\t ' }, 'body.message'],
      ['a message over 64 KB (counted in UTF-8 bytes)', { message: 'ż'.repeat(32_769) }, 'body.message'],
      ['a status field', { message: 'x', status: 'closed' }, 'body.status'],
      ['an owner field', { message: 'x', owner: { name: 'Ktoś' } }, 'body.owner'],
      ['an unknown field', { message: 'x', priority: 'high' }, 'body.priority'],
      ['no message', {}, 'body.message'],
      ['a control character', { message: 'a\u0007b' }, 'body.message'],
    ];
    for (const [what, body, path] of bad) {
      const response = await expectRefusedAndUntouched(ticket.number, access, () => reply(ticket.number, access, body), 400, 'validation_failed');
      expect(response.body.error.details.map((detail: { path: string }) => detail.path), what).toContain(path);
    }
    // Exactly 64 KB is still accepted.
    expect((await reply(ticket.number, access, { message: 'ż'.repeat(32_768) })).status).toBe(201);
  });

  it('refuses a bad new ticket with a 400 and writes nothing', async () => {
    const customer = await newCustomer();
    const valid = { department, priority: 'medium', subject: 'Temat', message: 'Treść' };
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['an empty subject', { subject: '' }, 'body.subject'],
      ['a whitespace subject', { subject: '   ' }, 'body.subject'],
      ['a subject over 200 characters', { subject: 'a'.repeat(201) }, 'body.subject'],
      ['a subject with a line break', { subject: 'Temat\r\nBcc: x@example.com' }, 'body.subject'],
      ['a subject with a control character', { subject: 'Temat\u0000' }, 'body.subject'],
      ['a message over 64 KB', { message: 'a'.repeat(65_537) }, 'body.message'],
      ['a status field', { status: 'answered' }, 'body.status'],
      ['an owner field', { owner: { kind: 'customer', customerId: 'someone-else' } }, 'body.owner'],
      ['an unknown field', { colour: 'red' }, 'body.colour'],
    ];
    for (const [what, fields, path] of bad) {
      const response = await api('POST', '/v1/tickets', { token: customer.token, body: { ...valid, ...fields } });
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((detail: { path: string }) => detail.path), what).toContain(path);
    }
    expect((await list(customer.token)).body.items).toEqual([]);
    // The boundaries themselves are accepted.
    const longest = await openTicket(customer.token, { subject: 'a'.repeat(200), message: 'a'.repeat(65_536) });
    expect(longest.subject).toHaveLength(200);
  });
});

describe('guests', () => {
  it('read, reply to, set CC on and close their ticket with X-Ticket-Key, under the name they gave', async () => {
    const { ticket, key } = await openGuestTicket({ name: 'Jan Gość' });
    const access = { key };

    const page = await getPage(ticket.number, access);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ number: ticket.number, status: 'open', owner: { name: 'Jan Gość' } });
    expect(page.body).not.toHaveProperty('accessKey');
    expect(page.body.messages[0].author).toEqual({ name: 'Jan Gość', role: 'guest' });

    const replied = await reply(ticket.number, access, { message: 'Czy są jakieś wieści?' });
    expect(replied.status).toBe(201);
    expect(replied.body).toMatchObject({ status: 'customer_reply', lastReply: { authorName: 'Jan Gość', role: 'guest' } });
    expect(replied.body.messages[1].author).toEqual({ name: 'Jan Gość', role: 'guest' });

    expect((await staffReply(ticket.number, 'Hasło zresetowane.')).status).toBe(201);
    expect((await getPage(ticket.number, access)).body.status).toBe('answered');

    const cc = await setCc(ticket.number, access, { emails: ['Zona@Example.com'] });
    expect(cc.body.cc).toEqual(['zona@example.com']);
    await expectRefusedAndUntouched(ticket.number, access, () => setCc(ticket.number, access, { emails: [ticket.owner.email] }), 400, 'validation_failed');

    const closed = await close(ticket.number, access);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const reopened = await reply(ticket.number, access, { message: 'Jednak nie działa.' });
    expect(reopened.body.status).toBe('customer_reply');
  });

  it('a key opens exactly one ticket: not another guest ticket, not a customer ticket, not with a wrong or missing key', async () => {
    const one = await openGuestTicket();
    const two = await openGuestTicket();
    const customer = await newCustomer();
    const customersTicket = await openTicket(customer.token);

    expect((await getPage(one.ticket.number, { key: one.key })).status).toBe(200);
    for (const [number, access] of [
      [two.ticket.number, { key: one.key }],
      [customersTicket.number, { key: one.key }],
      [one.ticket.number, { key: `${one.key}x` }],
      [one.ticket.number, { key: 'a'.repeat(43) }],
      [one.ticket.number, {}],
    ] as Array<[string, Access]>) {
      expectError(await getPage(number, access), 404, 'not_found');
      expectError(await reply(number, access, { message: 'x' }), 404, 'not_found');
    }
    expect((await getPage(two.ticket.number, { key: two.key })).body.messages).toHaveLength(1);
  });

  it('a signed-in customer sending a guest ticket’s key gets 404: a token never borrows a guest’s access', async () => {
    const { ticket, key } = await openGuestTicket();
    const customer = await newCustomer();
    const both = { token: customer.token, key };
    expectError(await getPage(ticket.number, both), 404, 'not_found');
    expectError(await reply(ticket.number, both, { message: 'x' }), 404, 'not_found');
    expectError(await close(ticket.number, both), 404, 'not_found');
    expectError(await setCc(ticket.number, both, { emails: [] }), 404, 'not_found');
    expect((await getPage(ticket.number, { key })).body).toMatchObject({ status: 'open', cc: [] });
    expect((await getPage(ticket.number, { key })).body.messages).toHaveLength(1);
  });
});

describe("another customer's ticket", () => {
  /** Every customer-side route under a ticket, as the manifest has them now (later routes included). */
  const ticketRoutes = manifest.routes.filter((route) => route.path.startsWith('/v1/tickets/{number}'));

  /** A plausible value for a path parameter other than the ticket number, valid for the route's schema. */
  const parameterCandidates = ['AbCdEf0123456789AbCdEf', '0123456789abcdef0123456789abcdef', 'a1b2c3d4', '1'];
  /** Valid-shaped bodies; the first the route's schema accepts is sent. */
  const bodyCandidates: unknown[] = [{ message: 'Próba dostępu' }, { emails: ['intruz@example.com'] }, {}, { filename: 'a.txt', contentType: 'text/plain', size: 1 }];

  function requestFor(route: (typeof ticketRoutes)[number], number: string) {
    const others = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).filter((name) => name !== 'number');
    const paramsSchema = route.request?.params;
    const withValue = (value: string) => ({ number, ...Object.fromEntries(others.map((name) => [name, value])) });
    const value = parameterCandidates.find((candidate) => paramsSchema === undefined || z.safeParse(paramsSchema, withValue(candidate)).success);
    if (others.length > 0) expect(value, `no plausible path parameters for ${route.method} ${route.path}: add one to parameterCandidates`).toBeDefined();
    const params: Record<string, string> = withValue(value ?? '');
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
    const bodySchema = route.request?.body;
    const body = bodySchema ? bodyCandidates.find((candidate) => z.safeParse(bodySchema, candidate).success) : undefined;
    if (bodySchema) expect(body, `no valid-shaped body for ${route.method} ${route.path}: add one to bodyCandidates`).toBeDefined();
    return { path, body };
  }

  it('covers the ticket routes the API has', () => {
    const keys = ticketRoutes.map((route) => `${route.method} ${route.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /v1/tickets/{number}',
        'POST /v1/tickets/{number}/replies',
        'POST /v1/tickets/{number}/close',
        'PUT /v1/tickets/{number}/cc',
      ]),
    );
  });

  it('is a 404 on every customer ticket route in the manifest, for another customer, a guest key of another ticket and nobody, and stays untouched', async () => {
    const owner = await newCustomer();
    const intruder = await newCustomer();
    const ticket = await openTicket(owner.token, { subject: 'Prywatne' });
    const otherGuest = await openGuestTicket();
    const before = await getPage(ticket.number, { token: owner.token });

    for (const route of ticketRoutes) {
      const { path, body } = requestFor(route, ticket.number);
      // A route for signed-in customers only turns callers without a token away before any ticket is read.
      const withoutToken = route.auth === 'customer-or-guest' ? 404 : 401;
      for (const [who, access, status] of [
        ['another customer', { token: intruder.token }, 404],
        ['a guest with the key of another ticket', { key: otherGuest.key }, withoutToken],
        ['an anonymous caller', {}, withoutToken],
      ] as Array<[string, Access, number]>) {
        const response = await api(route.method, path, withAccess(access, body === undefined ? {} : { body }));
        expect(response.status, `${route.method} ${route.path} as ${who}: ${response.text}`).toBe(status);
        expect(response.body.error.code).toBe(status === 404 ? 'not_found' : 'unauthorized');
        expect(response.text).not.toContain('Prywatne');
      }
    }
    expect((await getPage(ticket.number, { token: owner.token })).body).toEqual(before.body);
    expect((await list(intruder.token)).body.items).toEqual([]);
  });

  it('answers 404 for a ticket that does not exist, the same as for a foreign one', async () => {
    const customer = await newCustomer();
    const missing = await getPage('000000-missing', { token: customer.token });
    expectError(missing, 404, 'not_found');
    const foreign = await getPage((await openTicket((await newCustomer()).token)).number, { token: customer.token });
    expect(foreign.body).toEqual(missing.body);
  });
});
