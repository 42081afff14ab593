/**
 * The staff desk: the queue across all customers with its filters and pagination, any ticket with
 * internal notes, staff replies, notes that never reach the customer, and staff edits with
 * optimistic concurrency. Tickets are opened by customers through POST /v1/tickets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser, type TestUser } from './support/api.ts';

type Priority = 'low' | 'medium' | 'high';
type Status = 'open' | 'answered' | 'customer_reply' | 'closed';

let admin: string;
let staffUser: TestUser;
let staff: string;
let customerUser: TestUser;
let customer: string;

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

async function createDepartment(body: Record<string, unknown> = {}): Promise<string> {
  const name = unique('Desk');
  const created = await api('POST', '/v1/staff/departments', { token: admin, body: { name, ...body } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function openTicket(token: string, department: string, priority: Priority = 'medium', subject = unique('Subject')) {
  const opened = await api('POST', '/v1/tickets', { token, body: { department, priority, subject, message: 'Please help' } });
  expect(opened.status).toBe(201);
  return opened.body.number as string;
}

const staffView = async (number: string, lang = 'en') => {
  const response = await api('GET', `/v1/staff/tickets/${number}?lang=${lang}`, { token: staff });
  expect(response.status).toBe(200);
  return response.body;
};

async function patch(number: string, changes: Record<string, unknown>) {
  const { version } = await staffView(number);
  const response = await api('PATCH', `/v1/staff/tickets/${number}`, { token: staff, body: { version, ...changes } });
  expect(response.status).toBe(200);
  return response.body;
}

async function staffReply(number: string, message = 'We are looking into it') {
  const response = await api('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, body: { message } });
  expect(response.status).toBe(201);
  return response.body;
}

async function customerReply(token: string, number: string, message = 'Still broken') {
  return api('POST', `/v1/tickets/${number}/replies`, { token, body: { message } });
}

/** Every page of a queue query, checking each page's size and that the walk ends. */
async function walkQueue(query: string, limit: number) {
  const items: Array<{ number: string; status: Status; priority: Priority; assignee: { id: string } | null; department: { id: string } }> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const path: string = `/v1/staff/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await api('GET', path, { token: staff });
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(500);
  } while (cursor !== null);
  return { items, numbers: items.map((item) => item.number), pages };
}

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staffUser = uniqueUser('staff');
  staff = await tokenFor(staffUser);
  customerUser = uniqueUser('customer');
  customer = await tokenFor(customerUser);
});

describe('GET /v1/staff/tickets (the queue)', () => {
  let queueDepartment: string;
  let assigneeId: string;
  /** Newest activity first, as the test made it happen. */
  const expectedOrder: string[] = [];
  const expected = new Map<string, { status: Status; priority: Priority; assignee: string | null }>();
  const touch = (number: string) => {
    expectedOrder.splice(expectedOrder.indexOf(number), 1);
    expectedOrder.unshift(number);
  };
  const expectedWhere = (matches: (ticket: { status: Status; priority: Priority; assignee: string | null }) => boolean) =>
    expectedOrder.filter((number) => matches(expected.get(number)!));

  beforeAll(async () => {
    queueDepartment = await createDepartment();
    assigneeId = unique('agent');
    // Five customers with five tickets each stay under the per-customer opening limit.
    const customers = await Promise.all(Array.from({ length: 5 }, () => tokenFor(uniqueUser('customer'))));
    const priorities: Priority[] = ['low', 'medium', 'high'];
    const numbers: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const priority = priorities[i % 3]!;
      const number = await openTicket(customers[i % 5]!, queueDepartment, priority);
      numbers.push(number);
      expectedOrder.unshift(number);
      expected.set(number, { status: 'open', priority, assignee: null });
    }
    for (const [i, number] of numbers.entries()) {
      const ticket = expected.get(number)!;
      if (i % 5 === 1 || i % 5 === 2) {
        await staffReply(number);
        ticket.status = 'answered';
        touch(number);
      }
      if (i % 5 === 2) {
        expect((await customerReply(customers[i % 5]!, number)).status).toBe(201);
        ticket.status = 'customer_reply';
        touch(number);
      }
      if (i % 5 === 3) {
        await patch(number, { status: 'closed' });
        ticket.status = 'closed';
        touch(number);
      }
      if (i % 4 === 0) {
        // Assigning is not activity: the ticket keeps its place.
        await patch(number, { assignee: { id: assigneeId, name: 'Agent Smith' } });
        ticket.assignee = assigneeId;
      }
    }
  });

  it.each([
    ['everything in the department', '', () => true, 4],
    ['one ticket per page', '', () => true, 1],
    ['status=open', 'status=open', (t: { status: Status }) => t.status === 'open', 4],
    ['status=answered', 'status=answered', (t: { status: Status }) => t.status === 'answered', 2],
    ['status=customer_reply', 'status=customer_reply', (t: { status: Status }) => t.status === 'customer_reply', 2],
    ['status=closed', 'status=closed', (t: { status: Status }) => t.status === 'closed', 2],
    ['status=active', 'status=active', (t: { status: Status }) => t.status !== 'closed', 4],
    ['priority=high', 'priority=high', (t: { priority: Priority }) => t.priority === 'high', 3],
    ['priority=low&status=active', 'priority=low&status=active', (t: { priority: Priority; status: Status }) => t.priority === 'low' && t.status !== 'closed', 2],
    ['assignee=none', 'assignee=none', (t: { assignee: string | null }) => t.assignee === null, 4],
    [
      'assignee=none&status=open&priority=medium',
      'assignee=none&status=open&priority=medium',
      (t: { assignee: string | null; status: Status; priority: Priority }) => t.assignee === null && t.status === 'open' && t.priority === 'medium',
      1,
    ],
  ] as const)('filtered by %s: only matching tickets, newest activity first, no gaps or repeats across pages', async (_name, filter, matches, limit) => {
    const wanted = expectedWhere(matches as (ticket: { status: Status; priority: Priority; assignee: string | null }) => boolean);
    expect(wanted.length).toBeGreaterThan(0);
    const { numbers, items, pages } = await walkQueue(`department=${queueDepartment}${filter ? `&${filter}` : ''}`, limit);
    expect(numbers).toEqual(wanted);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(wanted.length / limit));
    for (const item of items) {
      expect(item.department.id).toBe(queueDepartment);
      expect(item.status).toBe(expected.get(item.number)!.status);
      expect(item.priority).toBe(expected.get(item.number)!.priority);
      expect(item.assignee?.id ?? null).toBe(expected.get(item.number)!.assignee);
    }
  });

  it('filters by assignee across all departments, paginated', async () => {
    const wanted = expectedWhere((ticket) => ticket.assignee === assigneeId);
    expect(wanted.length).toBeGreaterThan(2);
    const { numbers, items } = await walkQueue(`assignee=${assigneeId}`, 2);
    expect(numbers).toEqual(wanted);
    expect(items.every((item) => item.assignee?.id === assigneeId)).toBe(true);
  });

  it.each([
    ['status=closed', (t: { status: Status }) => t.status === 'closed'],
    ['status=customer_reply', (t: { status: Status }) => t.status === 'customer_reply'],
    ['priority=high', (t: { priority: Priority }) => t.priority === 'high'],
    ['status=active&priority=low', (t: { status: Status; priority: Priority }) => t.status !== 'closed' && t.priority === 'low'],
    ['assignee=none&status=answered', (t: { status: Status; assignee: string | null }) => t.assignee === null && t.status === 'answered'],
  ] as const)('across all customers and departments by %s: only matching tickets, ours in activity order, no repeats', async (filter, matches) => {
    const { items, numbers } = await walkQueue(filter, 40);
    expect(new Set(numbers).size).toBe(numbers.length);
    const ours = numbers.filter((number) => expected.has(number));
    expect(ours).toEqual(expectedWhere(matches as (ticket: { status: Status; priority: Priority; assignee: string | null }) => boolean));
    for (const item of items) {
      expect(matches(item as never)).toBe(true);
    }
  });

  it('lists every ticket across all departments without repeats, ours in activity order', async () => {
    const { numbers } = await walkQueue('', 100);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.filter((number) => expected.has(number))).toEqual(expectedOrder);
  });

  it('rejects bad filters, limits and a cursor from another list with 400', async () => {
    for (const query of ['status=pending', 'priority=urgent', 'department=Not%20A%20Slug', 'limit=0', 'limit=101', 'sort=newest', 'assignee=']) {
      expectError(await api('GET', `/v1/staff/tickets?${query}`, { token: staff }), 400, 'validation_failed');
    }
    const firstPage = await api('GET', `/v1/staff/tickets?department=${queueDepartment}&limit=2`, { token: staff });
    const cursor = encodeURIComponent(firstPage.body.nextCursor);
    const otherDepartment = await createDepartment();
    expectError(await api('GET', `/v1/staff/tickets?department=${otherDepartment}&cursor=${cursor}`, { token: staff }), 400, 'validation_failed');
    expectError(await api('GET', `/v1/staff/tickets?status=open&cursor=${cursor}`, { token: staff }), 400, 'validation_failed');
    expectError(await api('GET', '/v1/staff/tickets?cursor=not-a-cursor', { token: staff }), 400, 'validation_failed');
  });

  it('names departments in the caller’s language', async () => {
    const department = await createDepartment({ name: { pl: unique('Kolokacja'), en: unique('Colocation') } });
    const number = await openTicket(customer, department);
    const departments = (await api('GET', '/v1/staff/departments', { token: staff })).body.items as Array<{ id: string; name: { pl: string; en: string } }>;
    const names = departments.find((d) => d.id === department)!.name;
    const polish = await api('GET', `/v1/staff/tickets?department=${department}&lang=pl`, { token: staff });
    const english = await api('GET', `/v1/staff/tickets?department=${department}`, { token: staff, headers: { 'accept-language': 'en' } });
    expect(polish.body.items.map((t: { number: string }) => t.number)).toEqual([number]);
    expect(polish.body.items[0].department).toEqual({ id: department, name: names.pl });
    expect(polish.body.items[0].statusLabel).toBe('Otwarte');
    expect(english.body.items[0].department).toEqual({ id: department, name: names.en });
  });
});

describe('who may use the staff desk', () => {
  let department: string;
  let number: string;

  beforeAll(async () => {
    department = await createDepartment();
    number = await openTicket(customer, department);
  });

  const staffRoutes = () =>
    [
      ['GET', '/v1/staff/tickets', undefined],
      ['GET', `/v1/staff/tickets/${number}`, undefined],
      ['PATCH', `/v1/staff/tickets/${number}`, { version: 1, priority: 'high' }],
      ['POST', `/v1/staff/tickets/${number}/replies`, { message: 'Answer from a customer' }],
      ['POST', `/v1/staff/tickets/${number}/notes`, { message: 'Note from a customer' }],
    ] as const;

  it('refuses customers with 403 and anonymous callers with 401 on every staff ticket route, writing nothing', async () => {
    for (const [method, path, body] of staffRoutes()) {
      expectError(await api(method, path, { token: customer, body }), 403, 'forbidden');
      expectError(await api(method, path, { body }), 401, 'unauthorized');
    }
    const ticket = await staffView(number);
    expect(ticket).toMatchObject({ version: 1, priority: 'medium', status: 'open', messageCount: 1 });
    expect(ticket.messages).toHaveLength(1);
  });

  it('answers 404 for a ticket that does not exist', async () => {
    const missing = '000000000000';
    expectError(await api('GET', `/v1/staff/tickets/${missing}`, { token: staff }), 404, 'not_found');
    expectError(await api('PATCH', `/v1/staff/tickets/${missing}`, { token: staff, body: { version: 1, priority: 'high' } }), 404, 'not_found');
    expectError(await api('POST', `/v1/staff/tickets/${missing}/replies`, { token: staff, body: { message: 'Hi' } }), 404, 'not_found');
    expectError(await api('POST', `/v1/staff/tickets/${missing}/notes`, { token: staff, body: { message: 'Hi' } }), 404, 'not_found');
  });

  it('shows staff any customer’s ticket with the owner and the whole history', async () => {
    const ticket = await staffView(number);
    expect(ticket).toMatchObject({
      number,
      department: { id: department },
      owner: { kind: 'customer', customerId: customerUser.sub, name: customerUser.name, email: customerUser.email },
      assignee: null,
      closedAt: null,
      closedBy: null,
      version: 1,
    });
    expect(ticket.messages).toEqual([
      expect.objectContaining({ author: { id: customerUser.sub, name: customerUser.name, role: 'customer' }, body: 'Please help', internal: false }),
    ]);
  });
});

describe('staff replies and internal notes', () => {
  let department: string;

  beforeAll(async () => {
    department = await createDepartment();
  });

  it('a staff reply makes the ticket answered and reaches the customer as a staff message', async () => {
    const number = await openTicket(customer, department);
    const replied = await api('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, body: { message: 'Restarted the server 🚀' } });
    expect(replied.status).toBe(201);
    expect(replied.body).toMatchObject({
      status: 'answered',
      statusLabel: 'Answered',
      messageCount: 2,
      version: 2,
      lastReply: { authorName: staffUser.name, role: 'staff' },
    });
    expect(replied.body.messages.at(-1)).toMatchObject({
      author: { id: staffUser.sub, name: staffUser.name, role: 'staff' },
      body: 'Restarted the server 🚀',
      internal: false,
      attachments: [],
    });

    const page = await api('GET', `/v1/tickets/${number}?lang=pl`, { token: customer });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: 'answered', statusLabel: 'Otrzymano odpowiedź', lastReply: { role: 'staff' } });
    expect(page.body.messages.map((m: { author: unknown; body: string }) => [m.author, m.body])).toEqual([
      [{ name: customerUser.name, role: 'customer' }, 'Please help'],
      [{ name: staffUser.name, role: 'staff' }, 'Restarted the server 🚀'],
    ]);
  });

  it('signs a reply with the e-mail address when the token carries no name', async () => {
    const nameless = { ...uniqueUser('staff'), name: '' };
    const number = await openTicket(customer, department);
    const replied = await api('POST', `/v1/staff/tickets/${number}/replies`, { token: await tokenFor(nameless), body: { message: 'Done' } });
    expect(replied.status).toBe(201);
    expect(replied.body.messages.at(-1).author).toEqual({ id: nameless.sub, name: nameless.email, role: 'staff' });
  });

  it('keeps internal notes among staff: the customer’s page and list never contain them', async () => {
    const secret = unique('INTERNAL-do-not-show');
    const number = await openTicket(customer, department);
    const noted = await api('POST', `/v1/staff/tickets/${number}/notes`, { token: staff, body: { message: secret } });
    expect(noted.status).toBe(201);
    expect(noted.body).toMatchObject({ status: 'open', messageCount: 1, lastReply: { role: 'customer' } });
    expect(noted.body.messages.at(-1)).toMatchObject({ body: secret, internal: true, author: { id: staffUser.sub, role: 'staff' } });

    const forStaff = await staffView(number);
    expect(forStaff.messages.filter((m: { internal: boolean }) => m.internal).map((m: { body: string }) => m.body)).toEqual([secret]);

    const page = await api('GET', `/v1/tickets/${number}`, { token: customer });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(secret);
    expect(page.body.messages).toHaveLength(1);
    const list = await api('GET', '/v1/tickets?limit=100', { token: customer });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(secret);
  });

  it('a note is not activity: the ticket keeps its place in the queue', async () => {
    const noteDepartment = await createDepartment();
    const older = await openTicket(customer, noteDepartment);
    const newer = await openTicket(customer, noteDepartment);
    expect((await api('POST', `/v1/staff/tickets/${older}/notes`, { token: staff, body: { message: 'Check billing' } })).status).toBe(201);
    const queue = await api('GET', `/v1/staff/tickets?department=${noteDepartment}`, { token: staff });
    expect(queue.body.items.map((t: { number: string }) => t.number)).toEqual([newer, older]);
    await staffReply(older);
    const after = await api('GET', `/v1/staff/tickets?department=${noteDepartment}`, { token: staff });
    expect(after.body.items.map((t: { number: string }) => t.number)).toEqual([older, newer]);
  });

  it('rejects an empty or oversized reply and unknown fields with 400, writing nothing', async () => {
    const number = await openTicket(customer, department);
    for (const body of [{ message: '   ' }, { message: 'x'.repeat(64 * 1024 + 1) }, { message: 'Hi', status: 'closed' }, {}]) {
      expectError(await api('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, body }), 400, 'validation_failed');
      expectError(await api('POST', `/v1/staff/tickets/${number}/notes`, { token: staff, body }), 400, 'validation_failed');
    }
    expect(await staffView(number)).toMatchObject({ version: 1, status: 'open', messages: [expect.anything()] });
  });
});

describe('PATCH /v1/staff/tickets/{number}', () => {
  let fromDepartment: string;
  let toDepartment: string;
  // Its own customer: opening tickets is rate-limited per customer.
  let customer: string;

  beforeAll(async () => {
    customer = await tokenFor(uniqueUser('customer'));
    fromDepartment = await createDepartment();
    toDepartment = await createDepartment({ name: { pl: unique('Domeny'), en: unique('Domains') } });
  });

  it('moves a ticket between department queues, and the customer sees the new department’s name', async () => {
    const number = await openTicket(customer, fromDepartment);
    const moved = await patch(number, { department: toDepartment });
    expect(moved).toMatchObject({ department: { id: toDepartment }, version: 2 });

    const fromQueue = await api('GET', `/v1/staff/tickets?department=${fromDepartment}&limit=100`, { token: staff });
    const toQueue = await api('GET', `/v1/staff/tickets?department=${toDepartment}&limit=100`, { token: staff });
    expect(fromQueue.body.items.map((t: { number: string }) => t.number)).not.toContain(number);
    expect(toQueue.body.items.map((t: { number: string }) => t.number)).toContain(number);

    const departments = (await api('GET', '/v1/departments?lang=pl', { token: customer })).body.items as Array<{ id: string; name: string }>;
    const page = await api('GET', `/v1/tickets/${number}?lang=pl`, { token: customer });
    expect(page.body.department).toEqual({ id: toDepartment, name: departments.find((d) => d.id === toDepartment)!.name });
    const list = await api('GET', '/v1/tickets?limit=100', { token: customer, headers: { 'accept-language': 'pl' } });
    expect(list.body.items.find((t: { number: string }) => t.number === number).department.id).toBe(toDepartment);
  });

  it('changes priority and assignee, and unassigns with null', async () => {
    const number = await openTicket(customer, fromDepartment);
    const assigned = await patch(number, { priority: 'high', assignee: { id: staffUser.sub, name: staffUser.name } });
    expect(assigned).toMatchObject({ priority: 'high', assignee: { id: staffUser.sub, name: staffUser.name }, version: 2 });
    const mine = await walkQueue(`assignee=${staffUser.sub}`, 100);
    expect(mine.numbers).toContain(number);
    const unassigned = await patch(number, { assignee: null });
    expect(unassigned).toMatchObject({ assignee: null, version: 3 });
    expect((await walkQueue(`assignee=${staffUser.sub}`, 100)).numbers).not.toContain(number);
  });

  it('refuses a stale version with 409 naming the current one, and changes nothing', async () => {
    const number = await openTicket(customer, fromDepartment);
    await patch(number, { priority: 'low' });
    const stale = await api('PATCH', `/v1/staff/tickets/${number}`, { token: staff, body: { version: 1, priority: 'high', department: toDepartment } });
    expectError(stale, 409, 'conflict');
    expect(stale.body.error.details).toEqual([{ path: 'body.version', message: 'Current version is 2' }]);
    expect(await staffView(number)).toMatchObject({ version: 2, priority: 'low', department: { id: fromDepartment } });
  });

  it('refuses an unknown department with 400 on body.department, and changes nothing', async () => {
    const number = await openTicket(customer, fromDepartment);
    const response = await api('PATCH', `/v1/staff/tickets/${number}`, {
      token: staff,
      body: { version: 1, department: unique('no-such-department'), priority: 'high' },
    });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details).toEqual([{ path: 'body.department', message: expect.any(String) }]);
    expect(await staffView(number)).toMatchObject({ version: 1, priority: 'medium', department: { id: fromDepartment } });
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const number = await openTicket(customer, fromDepartment);
    const same = await api('PATCH', `/v1/staff/tickets/${number}`, {
      token: staff,
      body: { version: 1, department: fromDepartment, priority: 'medium', status: 'open', assignee: null },
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, priority: 'medium' });
    expect((await api('PATCH', `/v1/staff/tickets/${number}`, { token: staff, body: { version: 1 } })).body.version).toBe(1);
    expect((await staffView(number)).version).toBe(1);
  });

  it('rejects a missing version, unknown fields and invalid values with 400', async () => {
    const number = await openTicket(customer, fromDepartment);
    for (const body of [{ priority: 'high' }, { version: 1, owner: 'someone' }, { version: 1, status: 'pending' }, { version: 0 }, { version: 1, assignee: { id: 'x' } }]) {
      expectError(await api('PATCH', `/v1/staff/tickets/${number}`, { token: staff, body }), 400, 'validation_failed');
    }
    expect((await staffView(number)).version).toBe(1);
  });

  it('closes a ticket as staff; the customer’s reply reopens it as customer_reply', async () => {
    const number = await openTicket(customer, fromDepartment);
    await staffReply(number);
    const closed = await patch(number, { status: 'closed' });
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'staff', closedAt: expect.any(String) });

    const page = await api('GET', `/v1/tickets/${number}`, { token: customer });
    expect(page.body).toMatchObject({ status: 'closed', statusLabel: 'Closed', canReply: true });
    const closedQueue = await walkQueue(`department=${fromDepartment}&status=closed`, 100);
    expect(closedQueue.numbers).toContain(number);

    const reply = await customerReply(customer, number);
    expect(reply.status).toBe(201);
    expect(reply.body.status).toBe('customer_reply');
    expect(await staffView(number)).toMatchObject({ status: 'customer_reply', closedAt: null, closedBy: null });
    expect((await walkQueue(`department=${fromDepartment}&status=active`, 100)).numbers).toContain(number);
    expect((await walkQueue(`department=${fromDepartment}&status=closed`, 100)).numbers).not.toContain(number);
  });

  it('a staff reply reopens a closed ticket as answered, even where customers may not reopen', async () => {
    const strict = await createDepartment({ allowReopen: false });
    const number = await openTicket(customer, strict);
    await patch(number, { status: 'closed' });
    expectError(await customerReply(customer, number), 409, 'conflict');
    expect(await staffView(number)).toMatchObject({ status: 'closed', messageCount: 1 });

    const reopened = await staffReply(number, 'Reopening: we found the cause');
    expect(reopened).toMatchObject({ status: 'answered', closedAt: null, closedBy: null, messageCount: 2 });
    expect((await api('GET', `/v1/tickets/${number}`, { token: customer })).body).toMatchObject({ status: 'answered', canReply: true });
  });
});
