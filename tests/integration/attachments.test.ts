/**
 * Attachments through HTTP on the local cloud: the presigned POST and its signed policy, the
 * event-driven verification (including what the emulator lets through and S3 would not), the
 * attach seam of every kind of message, downloads under the ticket's access rule, the permanent
 * copy, and the bad-input list of the issue, each a 4xx that writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';
import {
  expireUpload,
  objectExists,
  png,
  policyOf,
  postForm,
  putObject,
  settle,
  uploadAttachment,
  uploadsOwnedBy,
  type FileSpec,
} from './support/files.ts';

let staff: string;
let department: string;

beforeAll(async () => {
  staff = await tokenFor(uniqueUser('staff'));
  const admin = await tokenFor(uniqueUser('admin'));
  const created = await api('POST', '/v1/staff/departments', {
    token: admin,
    body: { id: `attachments-${Date.now().toString(36)}`, name: 'Attachments', openToGuests: true },
  });
  expect(created.status).toBe(201);
  department = created.body.id;
});

const newCustomer = async () => {
  const user = uniqueUser('customer');
  return { user, token: await tokenFor(user) };
};

const createUpload = (body: Record<string, unknown>, options: { token?: string; headers?: Record<string, string> } = {}) =>
  api('POST', '/v1/uploads', { body, ...options });

async function openTicket(token: string, attachmentIds: string[] = []) {
  const response = await api('POST', '/v1/tickets', {
    token,
    body: { department, subject: 'Błąd strony', message: 'Zrzut ekranu w załączniku.', attachmentIds },
  });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

async function openGuestTicket(attachmentIds: string[] = []) {
  const response = await api('POST', '/v1/tickets', {
    body: { department, subject: 'Gość', message: 'Plik w załączniku.', name: 'Jan Gość', email: 'jan.gosc@example.com', attachmentIds },
  });
  expect(response.status, response.text).toBe(201);
  return { ticket: response.body, key: response.body.accessKey as string };
}

const link = (number: string, attachmentId: string, options: { token?: string; key?: string } = {}) =>
  api('GET', `/v1/tickets/${number}/attachments/${attachmentId}`, {
    ...(options.token ? { token: options.token } : {}),
    ...(options.key ? { headers: { 'x-ticket-key': options.key } } : {}),
  });

const staffLink = (number: string, attachmentId: string) =>
  api('GET', `/v1/staff/tickets/${number}/attachments/${attachmentId}`, { token: staff });

const fileNamed = (filename: string, contentType: string, text: string): FileSpec => ({ filename, contentType, bytes: Buffer.from(text) });

describe('an upload form', () => {
  it('is a presigned POST pinning the server-made key, the exact type, 1..declared bytes and at most 15 minutes', async () => {
    const { user, token } = await newCustomer();
    const before = Date.now();
    const response = await createUpload({ filename: 'raport końcowy.pdf', contentType: 'application/pdf', size: 12_345 }, { token });
    expect(response.status).toBe(201);
    const { uploadId, url, fields, expiresAt } = response.body;
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get('location')).toBe(`/v1/uploads/${uploadId}`);
    expect(response.body).toMatchObject({ filename: 'raport końcowy.pdf', contentType: 'application/pdf', size: 12_345 });

    // The key is ours: it carries the random id, never the client's file name.
    expect(fields.key).toBe(`pending/${uploadId}`);
    expect(fields['Content-Type']).toBe('application/pdf');
    expect(url).toMatch(/\/support-desk-attachments$/);

    const policy = policyOf(fields);
    const expiration = Date.parse(policy.expiration);
    expect(expiration).toBeGreaterThan(before);
    expect(expiration).toBeLessThanOrEqual(before + 15 * 60_000 + 2_000);
    expect(Math.abs(Date.parse(expiresAt) - expiration)).toBeLessThan(2_000);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key: `pending/${uploadId}` },
        { 'Content-Type': 'application/pdf' },
        ['content-length-range', 1, 12_345],
        { bucket: 'support-desk-attachments' },
        { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      ]),
    );
    // Nothing the browser may choose: no prefix match on any field, no second size rule.
    expect(policy.conditions.filter((condition) => Array.isArray(condition) && condition[0] === 'starts-with')).toEqual([]);
    expect(policy.conditions.filter((condition) => Array.isArray(condition) && condition[0] === 'content-length-range')).toHaveLength(1);
    // Every form field is covered by an exact condition (S3 refuses fields the policy does not name).
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'Policy' || name === 'X-Amz-Signature') continue;
      expect(policy.conditions).toContainEqual({ [name]: value });
    }

    const status = await api('GET', `/v1/uploads/${uploadId}`, { token });
    expect(status.body).toMatchObject({ uploadId, status: 'pending', rejectedReason: null });
    expect(await uploadsOwnedBy(`user:${user.sub}`)).toHaveLength(1);
  });

  it('belongs to its creator: another customer or a guest sees a 404 for its state', async () => {
    const owner = await newCustomer();
    const other = await newCustomer();
    const uploadId = await uploadAttachment(png(), { token: owner.token });
    expect((await api('GET', `/v1/uploads/${uploadId}`, { token: owner.token })).body.status).toBe('available');
    expectError(await api('GET', `/v1/uploads/${uploadId}`, { token: other.token }), 404, 'not_found');
    expectError(await api('GET', `/v1/uploads/${uploadId}`), 404, 'not_found');
  });
});

describe('verification by the bucket event', () => {
  it('makes a matching upload available with its real size; a repeated upload of the same file changes nothing', async () => {
    const { token } = await newCustomer();
    const file = png(100);
    const created = await createUpload({ filename: file.filename, contentType: file.contentType, size: 100 }, { token });
    expect((await postForm(created.body, file.bytes, file.contentType)).status).toBe(204);
    await settle();
    const first = await api('GET', `/v1/uploads/${created.body.uploadId}`, { token });
    expect(first.body).toMatchObject({ status: 'available', size: 100 });
    expect((await postForm(created.body, file.bytes, file.contentType)).status).toBe(204);
    await settle();
    expect((await api('GET', `/v1/uploads/${created.body.uploadId}`, { token })).body).toEqual(first.body);
  });

  it.each([
    ['larger than declared', Buffer.alloc(101, 1), 'image/png', /larger than the 100 declared/],
    ['of another type than signed', Buffer.alloc(50, 1), 'text/html', /sent as text\/html/],
  ])('refuses an object %s (S3 would; the emulator does not), deletes it, and it can never be attached', async (_case, bytes, type, reason) => {
    const { token } = await newCustomer();
    const created = await createUpload({ filename: 'obraz.png', contentType: 'image/png', size: 100 }, { token });
    const key = created.body.fields.key as string;
    await putObject('attachments', key, bytes, type);
    await settle();
    const status = await api('GET', `/v1/uploads/${created.body.uploadId}`, { token });
    expect(status.body).toMatchObject({ status: 'rejected', rejectedReason: expect.stringMatching(reason) });
    expect(await objectExists('attachments', key)).toBe(false);

    // A correct file sent again with the same form stays refused.
    await putObject('attachments', key, Buffer.alloc(10, 1), 'image/png');
    await settle();
    expect((await api('GET', `/v1/uploads/${created.body.uploadId}`, { token })).body.status).toBe('rejected');
    expect(await objectExists('attachments', key)).toBe(false);

    const opened = await api('POST', '/v1/tickets', {
      token,
      body: { department, subject: 'x', message: 'y', attachmentIds: [created.body.uploadId] },
    });
    expectError(opened, 400, 'validation_failed');
    expect(opened.body.error.details).toEqual([{ path: 'body.attachmentIds[0]', message: expect.stringMatching(/refused/) }]);
  });

  it('deletes an object no upload is waiting for', async () => {
    await putObject('attachments', 'pending/0123456789abcdef0123456789abcdef', Buffer.from('stray'), 'image/png');
    await putObject('attachments', 'pending/not-an-upload.exe', Buffer.from('stray'), 'application/octet-stream');
    await settle();
    expect(await objectExists('attachments', 'pending/0123456789abcdef0123456789abcdef')).toBe(false);
    expect(await objectExists('attachments', 'pending/not-an-upload.exe')).toBe(false);
  });
});

describe('attaching and downloading', () => {
  it('opens a ticket with attachments, moves them out of pending/ and serves the same bytes as an attachment download', async () => {
    const { user, token } = await newCustomer();
    const image = png(300);
    const log = fileNamed('błąd "serwera" 1.log', 'text/plain', 'GET / 502\n');
    const imageId = await uploadAttachment(image, { token });
    const logId = await uploadAttachment(log, { token });
    const ticket = await openTicket(token, [imageId, logId]);
    expect(ticket.messages[0].attachments).toEqual([
      { id: imageId, filename: image.filename, contentType: 'image/png', size: 300 },
      { id: logId, filename: log.filename, contentType: 'text/plain', size: log.bytes.length },
    ]);
    await settle();

    for (const [id, file] of [
      [imageId, image],
      [logId, log],
    ] as const) {
      const before = Date.now();
      const response = await link(ticket.number, id, { token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ filename: file.filename, contentType: file.contentType, size: file.bytes.length });
      expect(Date.parse(response.body.expiresAt)).toBeLessThanOrEqual(before + 5 * 60_000 + 2_000);
      const url = new URL(response.body.url);
      expect(url.pathname).toBe(`/support-desk-attachments/tickets/${ticket.number}/${id}`);
      expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);

      const download = await fetch(response.body.url);
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(file.bytes);
      expect(download.headers.get('content-type')).toBe(file.contentType);
      const disposition = download.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; /);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(file.filename).replace(/'/g, '%27')}`);
      expect(disposition).not.toMatch(/"[^"]*"[^;]*"/);
    }
    // The upload item now points at the permanent copy, and nothing in any answer names S3 keys or owners.
    const upload = (await uploadsOwnedBy(`user:${user.sub}`)).find((item) => item.id === imageId)!;
    expect(upload).toMatchObject({ status: 'attached', objectKey: `tickets/${ticket.number}/${imageId}`, ticketNumber: ticket.number });
    expect(upload).not.toHaveProperty('expiresAt');
    const page = await api('GET', `/v1/tickets/${ticket.number}`, { token });
    expect(page.text).not.toMatch(/pending\/|tickets\/|user:/);
  });

  it('keeps an attached file as it was when the same form is posted again afterwards', async () => {
    const { token } = await newCustomer();
    const original = png(80);
    const created = await createUpload({ filename: original.filename, contentType: 'image/png', size: 80 }, { token });
    await postForm(created.body, original.bytes, 'image/png');
    await settle();
    const ticket = await openTicket(token, [created.body.uploadId]);
    await settle();
    await postForm(created.body, Buffer.alloc(80, 9), 'image/png');
    await settle();
    const download = await fetch((await link(ticket.number, created.body.uploadId, { token })).body.url);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(original.bytes);
  });

  it('lets guests attach their own uploads when opening and replying, and download with their key', async () => {
    const first = fileNamed('logi.txt', 'text/plain', 'first');
    const firstId = await uploadAttachment(first);
    const { ticket, key } = await openGuestTicket([firstId]);
    await settle();

    // Replying, the guest binds the upload to the ticket with its key.
    const second = fileNamed('więcej logów.txt', 'text/plain', 'second');
    const secondId = await uploadAttachment(second, { ticketNumber: ticket.number, headers: { 'x-ticket-key': key } });
    const replied = await api('POST', `/v1/tickets/${ticket.number}/replies`, {
      headers: { 'x-ticket-key': key },
      body: { message: 'Dodatkowe logi', attachmentIds: [secondId] },
    });
    expect(replied.status, replied.text).toBe(201);
    await settle();

    for (const [id, file] of [
      [firstId, first],
      [secondId, second],
    ] as const) {
      const response = await link(ticket.number, id, { key });
      expect(response.status).toBe(200);
      expect(Buffer.from(await (await fetch(response.body.url)).arrayBuffer())).toEqual(file.bytes);
    }
    expectError(await link(ticket.number, firstId), 404, 'not_found');
    expectError(await link(ticket.number, firstId, { key: 'wrong-key-wrong-key-wrong-key-wrong' }), 404, 'not_found');
  });

  it("refuses a guest upload bound to one ticket on another ticket, and a ticket upload without that ticket's key", async () => {
    const mine = await openGuestTicket();
    const theirs = await openGuestTicket();
    const bound = await uploadAttachment(fileNamed('a.txt', 'text/plain', 'a'), { ticketNumber: mine.ticket.number, headers: { 'x-ticket-key': mine.key } });
    const replied = await api('POST', `/v1/tickets/${theirs.ticket.number}/replies`, {
      headers: { 'x-ticket-key': theirs.key },
      body: { message: 'Nie moje', attachmentIds: [bound] },
    });
    expectError(replied, 400, 'validation_failed');
    expect(replied.body.error.details).toEqual([{ path: 'body.attachmentIds[0]', message: 'Unknown or expired upload' }]);

    const wrongKey = await createUpload({ filename: 'a.txt', contentType: 'text/plain', size: 1, ticketNumber: mine.ticket.number }, { headers: { 'x-ticket-key': theirs.key } });
    expectError(wrongKey, 404, 'not_found');
    expectError(await createUpload({ filename: 'a.txt', contentType: 'text/plain', size: 1, ticketNumber: mine.ticket.number }), 400, 'validation_failed');
    expectError(await createUpload({ filename: 'a.txt', contentType: 'text/plain', size: 1 }, { headers: { 'x-ticket-key': mine.key } }), 400, 'validation_failed');
  });

  it('serves an internal note’s attachment to staff only, and any attachment of the ticket to staff on their route', async () => {
    const { token } = await newCustomer();
    const customerFile = await uploadAttachment(png(), { token });
    const ticket = await openTicket(token, [customerFile]);
    const staffFile = await uploadAttachment(fileNamed('notatka.txt', 'text/plain', 'internal'), { token: staff });
    const noted = await api('POST', `/v1/staff/tickets/${ticket.number}/notes`, { token: staff, body: { message: 'Wewnętrzne', attachmentIds: [staffFile] } });
    expect(noted.status, noted.text).toBe(201);
    await settle();

    expectError(await link(ticket.number, staffFile, { token }), 404, 'not_found');
    expect((await staffLink(ticket.number, staffFile)).status).toBe(200);
    expect((await staffLink(ticket.number, customerFile)).status).toBe(200);
    // Staff on the customer route are customers: not their ticket, so 404.
    expectError(await link(ticket.number, customerFile, { token: staff }), 404, 'not_found');
    // A customer token on the staff route is refused outright.
    expectError(await api('GET', `/v1/staff/tickets/${ticket.number}/attachments/${customerFile}`, { token }), 403, 'forbidden');
  });

  it("answers 404 for another customer's attachment, an attachment of another ticket and an unknown id", async () => {
    const owner = await newCustomer();
    const intruder = await newCustomer();
    const fileId = await uploadAttachment(png(), { token: owner.token });
    const ticket = await openTicket(owner.token, [fileId]);
    const otherTicket = await openTicket(owner.token);
    await settle();
    const missing = await link(ticket.number, '0123456789abcdef0123456789abcdef', { token: owner.token });
    expectError(missing, 404, 'not_found');
    expectError(await link(ticket.number, fileId, { token: intruder.token }), 404, 'not_found');
    expectError(await link(otherTicket.number, fileId, { token: owner.token }), 404, 'not_found');
    expectError(await link(ticket.number, 'not-an-id', { token: owner.token }), 404, 'not_found');
  });
});

describe('bad input: a clear 4xx and nothing written', () => {
  it.each([
    ['a path in the name', { filename: '../../etc/passwd', contentType: 'text/plain', size: 10 }, 'body.filename'],
    ['a backslash in the name', { filename: 'a\\b.png', contentType: 'image/png', size: 10 }, 'body.filename'],
    ['an SVG', { filename: 'x.svg', contentType: 'image/svg+xml', size: 10 }, 'body.contentType'],
    ['an SVG posing as PNG', { filename: 'x.svg', contentType: 'image/png', size: 10 }, 'body.filename'],
    ['an HTML page', { filename: 'x.html', contentType: 'text/html', size: 10 }, 'body.contentType'],
    ['an HTML page posing as text', { filename: 'x.html', contentType: 'text/plain', size: 10 }, 'body.filename'],
    ['a right-to-left override', { filename: 'faktura\u202Efdp.exe', contentType: 'application/pdf', size: 10 }, 'body.filename'],
    ['a 1,000-character name', { filename: `${'a'.repeat(996)}.png`, contentType: 'image/png', size: 10 }, 'body.filename'],
    ['size 0', { filename: 'a.png', contentType: 'image/png', size: 0 }, 'body.size'],
    ['a negative size', { filename: 'a.png', contentType: 'image/png', size: -5 }, 'body.size'],
    ['a fractional size', { filename: 'a.png', contentType: 'image/png', size: 1.5 }, 'body.size'],
    ['over 10 MiB', { filename: 'a.png', contentType: 'image/png', size: 10 * 1024 * 1024 + 1 }, 'body.size'],
    ['an unknown field', { filename: 'a.png', contentType: 'image/png', size: 5, key: 'tickets/1/x' }, 'body.key'],
  ])('refuses an upload with %s before signing anything', async (_case, body, path) => {
    const { user, token } = await newCustomer();
    const response = await createUpload(body, { token });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect(response.text).not.toContain('X-Amz-Signature');
    expect(await uploadsOwnedBy(`user:${user.sub}`)).toEqual([]);
  });

  it('accepts exactly 10 MiB', async () => {
    const { token } = await newCustomer();
    expect((await createUpload({ filename: 'a.zip', contentType: 'application/zip', size: 10 * 1024 * 1024 }, { token })).status).toBe(201);
  });

  it("refuses more than 10 attachments, someone else's, unknown, expired, unfinished, repeated and used uploads, and opens nothing", async () => {
    const { token } = await newCustomer();
    const other = await newCustomer();
    const fresh = async () => uploadAttachment(png(), { token });
    const ok = await fresh();
    const foreign = await uploadAttachment(png(), { token: other.token });
    const expired = await fresh();
    await expireUpload(expired);
    const unfinished = (await createUpload({ filename: 'a.png', contentType: 'image/png', size: 5 }, { token })).body.uploadId;
    const used = await fresh();
    await openTicket(token, [used]);
    const before = (await api('GET', '/v1/tickets', { token })).body.items;

    const attempt = async (attachmentIds: string[]) => {
      const response = await api('POST', '/v1/tickets', { token, body: { department, subject: 'x', message: 'y', attachmentIds } });
      expectError(response, 400, 'validation_failed');
      return response.body.error.details as Array<{ path: string; message: string }>;
    };
    expect(await attempt(Array.from({ length: 11 }, () => ok))).toEqual([expect.objectContaining({ path: 'body.attachmentIds' })]);
    expect(await attempt([ok, foreign])).toEqual([{ path: 'body.attachmentIds[1]', message: 'Unknown or expired upload' }]);
    expect(await attempt(['0123456789abcdef0123456789abcdef'])).toEqual([{ path: 'body.attachmentIds[0]', message: 'Unknown or expired upload' }]);
    expect(await attempt([expired])).toEqual([{ path: 'body.attachmentIds[0]', message: 'Unknown or expired upload' }]);
    expect(await attempt([unfinished])).toEqual([{ path: 'body.attachmentIds[0]', message: expect.stringMatching(/not been uploaded/) }]);
    expect(await attempt([ok, ok])).toEqual([{ path: 'body.attachmentIds[1]', message: expect.stringMatching(/already in the list/) }]);
    expect(await attempt([ok, used])).toEqual([{ path: 'body.attachmentIds[1]', message: expect.stringMatching(/already attached/) }]);

    expect((await api('GET', '/v1/tickets', { token })).body.items).toEqual(before);
    expect((await api('GET', `/v1/uploads/${ok}`, { token })).body.status).toBe('available');
    // An expired upload is gone for its owner too.
    expectError(await api('GET', `/v1/uploads/${expired}`, { token }), 404, 'not_found');
  });

  it('refuses a reply with an upload that is not the caller’s and leaves the ticket as it was', async () => {
    const owner = await newCustomer();
    const other = await newCustomer();
    const ticket = await openTicket(owner.token);
    const foreign = await uploadAttachment(png(), { token: other.token });
    const before = await api('GET', `/v1/tickets/${ticket.number}`, { token: owner.token });
    const replied = await api('POST', `/v1/tickets/${ticket.number}/replies`, {
      token: owner.token,
      body: { message: 'Mój plik?', attachmentIds: [foreign] },
    });
    expectError(replied, 400, 'validation_failed');
    expect((await api('GET', `/v1/tickets/${ticket.number}`, { token: owner.token })).body).toEqual(before.body);
    expect((await api('GET', `/v1/uploads/${foreign}`, { token: other.token })).body.status).toBe('available');
  });

  it('refuses ticketNumber from a signed-in caller', async () => {
    const { token } = await newCustomer();
    expectError(await createUpload({ filename: 'a.png', contentType: 'image/png', size: 5, ticketNumber: '123456' }, { token }), 400, 'validation_failed');
  });

  it('limits how many upload forms one user gets an hour (429 with Retry-After), counting only accepted ones', async () => {
    const { user, token } = await newCustomer();
    const body = { filename: 'a.png', contentType: 'image/png', size: 5 };
    expectError(await createUpload({ ...body, size: 0 }, { token }), 400, 'validation_failed');
    for (let i = 0; i < 60; i += 1) expect((await createUpload(body, { token })).status).toBe(201);
    const refused = await createUpload(body, { token });
    expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await uploadsOwnedBy(`user:${user.sub}`)).toHaveLength(60);
  });
});
