/**
 * Property-based fuzzing of every route in the manifest, from the schemas of the OpenAPI document
 * the API serves (generators: support/fuzzing.ts). Requests the contract accepts and mutations of
 * them that it refuses, sent as anonymous callers, guests, two customers, staff and an admin:
 * - no route ever answers 5xx;
 * - every 4xx is `{error: {code, message, details?}}` with the code of its status, and every
 *   response matches the contract (api() checks it) unless it is the gateway's own;
 * - a refused request writes nothing: the table and both buckets are snapshotted around each
 *   batch of refused requests, and around a resend of every generated request that was refused,
 *   and must come back identical (rate-limit counters included).
 *
 * Runs are deterministic: the seed is fixed (FUZZ_SEED overrides it) and a failure reports the
 * route, the seed, fast-check's replay path and the smallest failing request.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusByErrorCode } from '../../shared/http/errorResponse.ts';
import { MAX_JSON_BODY_BYTES } from '../../shared/http/requestParsing.ts';
import { manifest, routeKey } from '../../shared/manifest.ts';
import { api, apiUrl, checkAgainstContract, tokenFor, uniqueUser, type ApiResponse } from './support/api.ts';
import { localInfo, png, postForm, s3, settle, uploadAttachment } from './support/files.ts';
import {
  operationsFor,
  rejectedRequest,
  validRequest,
  type CallerName,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
  type Pools,
} from './support/fuzzing.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20_260_701);
/** Per route and phase: with 74 routes, about 2,200 requests with the resends. */
const VALID_RUNS = 10;
const REJECTED_RUNS = 15;

/** Routes that create or replace what they do not find, so an unknown id is not an error there. */
const upsertRoutes = new Set(['PUT /v1/staff/customers/{customerId}/services']);

const codeOfStatus = Object.fromEntries(Object.entries(statusByErrorCode).map(([code, status]) => [status, code]));

let operations: Operation[];
let pools: Pools;
let foreign: Pools;
const callerHeaders = {} as Record<CallerName, Record<string, string>>;
/** Requests that undo what this file created (run in reverse, as an admin, at the end). */
const cleanups: Array<{ method: string; path: string; body?: unknown }> = [];

let admin: string;
let staff: string;
let customerToken: string;

async function created<T = any>(method: string, path: string, token: string | undefined, body: unknown): Promise<T> {
  const response = await api<T>(method, path, { ...(token ? { token } : {}), body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body;
}

/** Objects of every kind, so generated path parameters and ids in bodies sometimes hit something real. */
async function createFixtures(suffix: string) {
  const otherCustomer = uniqueUser('customer');
  const customer = uniqueUser('customer');
  customerToken = await tokenFor(customer);
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  const otherToken = await tokenFor(otherCustomer);

  const department = (await created('POST', '/v1/staff/departments', admin, { id: `fuzz-${suffix}`, name: 'Fuzz', openToGuests: true })).id;
  cleanups.push({ method: 'DELETE', path: `/v1/staff/departments/${department}` });

  const category = await created('POST', '/v1/staff/kb/categories', staff, { slug: `fuzz-kb-${suffix}`, name: 'Fuzz' });
  cleanups.push({ method: 'DELETE', path: `/v1/staff/kb/categories/${category.id}` });
  const article = (published: boolean, slug: string) =>
    created('POST', '/v1/staff/kb/articles', staff, { slug, title: 'Fuzz', body: 'Fuzz **text**', category: category.id, published });
  const publishedArticle = await article(true, `fuzz-published-${suffix}`);
  const draftArticle = await article(false, `fuzz-draft-${suffix}`);
  for (const { id } of [publishedArticle, draftArticle]) cleanups.push({ method: 'DELETE', path: `/v1/staff/kb/articles/${id}` });

  const announcement = (publishAt: string | null) => created('POST', '/v1/staff/announcements', staff, { title: 'Fuzz', body: 'Fuzz', publishAt });
  const publishedAnnouncement = await announcement(new Date().toISOString());
  const draftAnnouncement = await announcement(null);
  for (const { id } of [publishedAnnouncement, draftAnnouncement]) cleanups.push({ method: 'DELETE', path: `/v1/staff/announcements/${id}` });

  const server = await created('POST', '/v1/staff/servers', admin, { id: `fuzz-${suffix}`, name: 'Fuzz', group: 'Fuzz', check: { type: 'tcp', host: '127.0.0.1', port: 9 } });
  const incident = await created('POST', '/v1/staff/incidents', staff, { title: 'Fuzz', serverIds: [server.id], message: 'Fuzz' });
  const day = 24 * 3_600_000;
  const maintenance = await created('POST', '/v1/staff/maintenance', staff, {
    title: 'Fuzz',
    serverIds: [server.id],
    startsAt: new Date(Date.now() + day).toISOString(),
    endsAt: new Date(Date.now() + 2 * day).toISOString(),
  });
  cleanups.push(
    { method: 'DELETE', path: `/v1/staff/servers/${server.id}` },
    { method: 'POST', path: `/v1/staff/incidents/${incident.id}/updates`, body: { status: 'resolved', message: 'Fuzzing done' } },
    { method: 'PATCH', path: `/v1/staff/maintenance/${maintenance.id}`, body: { cancelled: true } },
  );

  const downloadCategory = await created('POST', '/v1/staff/downloads/categories', staff, { id: `fuzz-${suffix}`, name: 'Fuzz' });
  const content = { bytes: Buffer.from('fuzz'), contentType: 'application/zip' };
  const download = await created('POST', '/v1/staff/downloads', staff, {
    title: 'Fuzz',
    category: downloadCategory.id,
    visibility: { audience: 'customers', customerIds: [customer.sub] },
    file: { filename: 'fuzz.zip', contentType: content.contentType, size: content.bytes.length },
  });
  expect((await postForm(download.upload, content.bytes, content.contentType)).status).toBe(204);
  cleanups.push(
    { method: 'DELETE', path: `/v1/staff/downloads/categories/${downloadCategory.id}` },
    { method: 'DELETE', path: `/v1/staff/downloads/${download.id}` },
  );

  const service = { id: `fuzz-${suffix}`, name: 'Fuzz hosting', product: 'shared-hosting' };
  await created('PUT', `/v1/staff/customers/${customer.sub}/services`, admin, { services: [service] });

  const attachment = await uploadAttachment(png(), { token: customerToken });
  const pendingUpload = (await created('POST', '/v1/uploads', customerToken, { filename: 'later.png', contentType: 'image/png', size: 64 })).uploadId;
  const ticket = await created('POST', '/v1/tickets', customerToken, {
    department,
    subject: 'Fuzz',
    message: 'Fuzz',
    serviceId: service.id,
    attachmentIds: [attachment],
  });
  const guestTicket = await created('POST', '/v1/tickets', undefined, { department, subject: 'Fuzz', message: 'Fuzz', name: 'Guest', email: `guest-${suffix}@example.com` });
  // Verified uploads a generated ticket or reply may attach (each once).
  const attachable = [await uploadAttachment(png(), { token: customerToken }), await uploadAttachment(png(), { token: customerToken })];
  // Real cursors, which the lists must refuse anywhere but where they came from.
  const cursors = [
    (await api('GET', '/v1/announcements?limit=1')).body.nextCursor,
    (await api('GET', '/v1/status/incidents?limit=1')).body.nextCursor,
    (await api('GET', '/v1/staff/kb/articles?limit=1', { token: staff })).body.nextCursor,
  ].filter((cursor): cursor is string => typeof cursor === 'string');
  await settle();

  Object.assign(callerHeaders, {
    anonymous: {},
    customer: { authorization: `Bearer ${customerToken}` },
    otherCustomer: { authorization: `Bearer ${otherToken}` },
    guest: { 'x-ticket-key': guestTicket.accessKey },
    staff: { authorization: `Bearer ${staff}` },
    admin: { authorization: `Bearer ${admin}` },
    // The customer's token with its signature changed.
    forged: { authorization: `Bearer ${customerToken.slice(0, -4)}${customerToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` },
  });
  const customers = [customer.sub, otherCustomer.sub];
  pools = {
    known: {
      // Path parameters, by collection
      departments: [department],
      categories: [category.id, category.slug, downloadCategory.id],
      articles: [publishedArticle.id, publishedArticle.slug, draftArticle.id, draftArticle.slug],
      announcements: [publishedAnnouncement.id, draftAnnouncement.id],
      servers: [server.id],
      incidents: [incident.id],
      maintenance: [maintenance.id],
      downloads: [download.id],
      tickets: [ticket.number, guestTicket.number],
      uploads: [attachment, pendingUpload],
      attachments: [attachment],
      customers,
      // Body fields, query parameters and headers, by name
      ticketNumber: [ticket.number, guestTicket.number],
      attachmentIds: attachable,
      customerIds: customers,
      department: [department],
      category: [category.id, downloadCategory.id],
      parent: [category.id],
      serviceId: [service.id],
      serverIds: [server.id],
      url: ['http://127.0.0.1:9/health'],
      host: ['127.0.0.1'],
      assignee: ['none'],
      cursor: cursors,
      limit: ['1', '20', '100'],
      version: [1, 2],
      'x-ticket-key': [guestTicket.accessKey],
      filename: ['screen.png', 'server.log', 'tool.zip'],
      contentType: ['image/png', 'text/plain', 'application/zip'],
      size: [64, 4096],
    },
  };
  // What only the customer (or staff) may see: every other caller must get a 4xx.
  foreign = {
    known: {
      tickets: [ticket.number],
      uploads: [attachment, pendingUpload],
      attachments: [attachment],
      downloads: [download.id],
      announcements: [draftAnnouncement.id],
      articles: [draftArticle.slug],
    },
  };
}

/** Sends byte-exact what fetch would normalise (`..` segments) or refuse (a GET body). */
function sendRaw(request: FuzzRequest, headers: Record<string, string>): Promise<ApiResponse> {
  const url = new URL(apiUrl());
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: request.method, path: request.target, headers: { ...headers, ...(request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) }) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = response.headers['content-type']?.includes('json') ?? false;
          const responseHeaders = new Headers(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
          resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: isJson && text ? JSON.parse(text) : text, text });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

async function send(request: FuzzRequest): Promise<ApiResponse> {
  const headers = { ...callerHeaders[request.caller], ...request.headers };
  if (!request.raw) {
    return api(request.method, request.target, { headers, ...(request.body === undefined ? {} : { rawBody: request.body }), unchecked: request.unchecked });
  }
  const response = await sendRaw(request, headers);
  if (!request.unchecked) await checkAgainstContract(request.method, request.target.split('?')[0]!, response.status, response.body);
  return response;
}

const describeRequest = (request: FuzzRequest, response: ApiResponse) =>
  `${request.label}: ${request.method} ${request.target.slice(0, 160)} as ${request.caller} → ${response.status} ${response.text.slice(0, 300)}`;

/** No 5xx; a 4xx is the one error shape, with the code of its status. */
function expectWellFormed(request: FuzzRequest, response: ApiResponse) {
  const where = describeRequest(request, response);
  expect(response.status, where).toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
  expect(Object.keys(response.body), where).toEqual(['error']);
  const { code, message, details, ...rest } = response.body.error;
  expect(rest, where).toEqual({});
  expect(code, where).toBe(codeOfStatus[response.status]);
  expect(typeof message === 'string' && message.length > 0, where).toBe(true);
  if (details !== undefined) {
    expect(Array.isArray(details) && details.length > 0, where).toBe(true);
    for (const detail of details) expect(Object.entries(detail).map(([key, value]) => [key, typeof value]), where).toEqual([['path', 'string'], ['message', 'string']]);
  }
  if (response.status === 401) expect(response.headers.get('www-authenticate'), where).toBe('Bearer');
  if (response.status === 429) expect(response.headers.get('retry-after'), where).toMatch(/^\d+$/);
}

/** Runs a property over one route; a failure names the route and how to replay it. */
async function checkRoute(operation: Operation, arbitrary: fc.Arbitrary<FuzzRequest>, numRuns: number, check: (request: FuzzRequest, response: ApiResponse) => void) {
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (request) => check(request, await send(request))),
    { seed, numRuns },
  );
  if (details.failed) {
    const [request] = details.counterexample ?? [];
    throw new Error(
      `${routeKey(operation)} failed on ${request ? summary(request) : 'a generated request'}\n` +
        `${String(details.errorInstance)}\n` +
        `Replay: FUZZ_SEED=${details.seed} (fast-check path "${details.counterexamplePath}", shrunk ${details.numShrinks} times)`,
    );
  }
}

/** A request as a failure report shows it: huge bodies cut short. */
const summary = (request: FuzzRequest) =>
  JSON.stringify({ ...request, target: request.target.slice(0, 300), ...(request.body === undefined ? {} : { body: `${request.body.slice(0, 300)}… (${request.body.length} characters)` }) });

// ── Snapshots: everything a request could write ──

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function tableSnapshot(): Promise<Map<string, Record<string, AttributeValue>>> {
  const { dynamodbUrl, tableName } = await localInfo();
  const client = new DynamoDBClient({ endpoint: dynamodbUrl, region: 'eu-central-1', credentials });
  const items = new Map<string, Record<string, AttributeValue>>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) items.set(`${item.pk?.S} | ${item.sk?.S}`, item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  client.destroy();
  return items;
}

async function bucketSnapshot(): Promise<Map<string, string>> {
  const { buckets } = await localInfo();
  const client = await s3();
  const objects = new Map<string, string>();
  for (const bucket of Object.values(buckets)) {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) objects.set(`${bucket}/${object.Key}`, `${object.ETag} ${object.Size}`);
      token = page.NextContinuationToken;
    } while (token);
  }
  client.destroy();
  return objects;
}

/** Sorted keys, so equal items compare equal whatever order the attributes came in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );

interface Snapshot {
  table: Map<string, Record<string, AttributeValue>>;
  objects: Map<string, string>;
}

async function snapshot(): Promise<Snapshot> {
  await settle();
  return { table: await tableSnapshot(), objects: await bucketSnapshot() };
}

/**
 * Every difference between two snapshots. The one thing ignored: an item whose TTL (`expiresAt`)
 * has passed may vanish at any moment, whatever the requests did.
 */
function differences(before: Snapshot, after: Snapshot): string[] {
  const nowSeconds = Date.now() / 1000;
  const found: string[] = [];
  for (const [key, item] of before.table) {
    const later = after.table.get(key);
    if (!later) {
      if (!(Number(item.expiresAt?.N) <= nowSeconds)) found.push(`item removed: ${key}`);
    } else if (canonical(later) !== canonical(item)) {
      found.push(`item changed: ${key}\n  before ${canonical(item).slice(0, 400)}\n  after  ${canonical(later).slice(0, 400)}`);
    }
  }
  for (const [key, item] of after.table) if (!before.table.has(key)) found.push(`item added: ${key} ${canonical(item).slice(0, 400)}`);
  for (const [key, value] of before.objects) if (after.objects.get(key) !== value) found.push(`object changed or removed: ${key}`);
  for (const key of after.objects.keys()) if (!before.objects.has(key)) found.push(`object added: ${key}`);
  return found;
}

beforeAll(async () => {
  const document = (await api<OpenApiDocument>('GET', '/v1/openapi.json')).body;
  operations = operationsFor(manifest.routes, document);
  await createFixtures(Date.now().toString(36));
});

afterAll(async () => {
  // Best effort: what a valid request deleted or changed first answers 404 or 409 here.
  for (const { method, path, body } of cleanups.reverse()) await api(method, path, { token: admin, ...(body === undefined ? {} : { body }) });
});

const tags = [...new Set(manifest.routes.map((route) => route.tag))];

describe('fuzzing every route of the manifest from its OpenAPI schemas', () => {
  it('has an OpenAPI operation, with its schemas, for every route of the manifest', () => {
    expect(operations.map(routeKey)).toEqual(manifest.routes.map(routeKey));
  });

  // Refused requests go first, while every fixture is as it was created.
  describe.each(tags)('%s routes: refused requests', (tag) => {
    it('answer a 4xx with the error shape, never a 5xx, and write nothing to the table or the buckets', async () => {
      const before = await snapshot();
      for (const operation of operations.filter((candidate) => candidate.tag === tag)) {
        const arbitrary = rejectedRequest(operation, pools, {
          foreign,
          maxBodyBytes: MAX_JSON_BODY_BYTES,
          unknownIdIsRejected: !upsertRoutes.has(routeKey(operation)),
        });
        await checkRoute(operation, arbitrary, REJECTED_RUNS, (request, response) => {
          expectWellFormed(request, response);
          const where = describeRequest(request, response);
          expect(response.status, where).toBeGreaterThanOrEqual(400);
          if (request.expected) expect(request.expected, where).toContain(response.status);
        });
      }
      expect(differences(before, await snapshot())).toEqual([]);
    });
  });

  describe.each(tags)('%s routes: requests the contract accepts', (tag) => {
    it('never answer a 5xx, every error has the error shape, and one refused writes nothing when sent again', async () => {
      const refused: FuzzRequest[] = [];
      // Deletions last, so the other routes still find the fixtures.
      const ofTag = operations.filter((candidate) => candidate.tag === tag);
      for (const operation of [...ofTag.filter((candidate) => candidate.method !== 'DELETE'), ...ofTag.filter((candidate) => candidate.method === 'DELETE')]) {
        await checkRoute(operation, validRequest(operation, pools), VALID_RUNS, (request, response) => {
          expectWellFormed(request, response);
          cleanUpLater(operation, response);
          if (response.status >= 400) refused.push(request);
        });
      }
      await expectNothingWrittenBy(refused);
    });
  });
});

/**
 * Sends requests refused once, many for reasons only the use case knows (an unknown reference, a
 * stale version, a duplicate id, someone else's object), again between two snapshots. One that
 * succeeds this time (the state moved on) is dropped and the rest sent once more, so the
 * comparison only ever covers refusals.
 */
async function expectNothingWrittenBy(refused: FuzzRequest[]) {
  let batch = refused;
  for (let round = 1; batch.length > 0; round += 1) {
    const before = await snapshot();
    const refusedAgain: FuzzRequest[] = [];
    for (const request of batch) {
      const response = await send(request);
      expectWellFormed(request, response);
      if (response.status >= 400) refusedAgain.push(request);
    }
    if (refusedAgain.length === batch.length) {
      expect(differences(before, await snapshot())).toEqual([]);
      return;
    }
    expect(round, 'requests refused once kept succeeding when sent again').toBeLessThan(3);
    batch = refusedAgain;
  }
}

/** What a generated request created is removed at the end, so later test files see the data they expect. */
function cleanUpLater(operation: Operation, response: ApiResponse) {
  if (operation.method !== 'POST' || response.status !== 201 || typeof response.body?.id !== 'string') return;
  const { id } = response.body;
  const remover = manifest.routes.find((route) => route.method === 'DELETE' && new RegExp(`^${operation.path}/\\{[^/}]+\\}$`).test(route.path));
  if (remover) cleanups.push({ method: 'DELETE', path: `${operation.path}/${id}` });
  // Incidents and maintenance are never deleted: an incident is resolved, maintenance cancelled.
  if (operation.path === '/v1/staff/incidents') cleanups.push({ method: 'POST', path: `/v1/staff/incidents/${id}/updates`, body: { status: 'resolved', message: 'Fuzzing done' } });
  if (operation.path === '/v1/staff/maintenance') cleanups.push({ method: 'PATCH', path: `/v1/staff/maintenance/${id}`, body: { cancelled: true } });
}

describe('refused requests and rate limits', () => {
  /** A department of its own: the generated requests above may have changed or deleted the fixtures. */
  let openToGuests: string;
  beforeAll(async () => {
    openToGuests = (await created('POST', '/v1/staff/departments', admin, { id: `fuzz-limits-${Date.now().toString(36)}`, name: 'Limits', openToGuests: true })).id;
    cleanups.push({ method: 'DELETE', path: `/v1/staff/departments/${openToGuests}` });
  });

  it('does not count refused ticket openings against the per-address allowance of guests', async () => {
    const address = { 'x-local-source-ip': `10.99.${Date.now() % 250}.7` };
    const guest = (overrides: Record<string, unknown>) =>
      api('POST', '/v1/tickets', { headers: address, body: { department: openToGuests, subject: 'Limit', message: 'Limit', name: 'Guest', email: 'limit@example.com', ...overrides } });
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await guest({ department: 'no-such-department' })).status).toBe(400);
      expect((await guest({ attachmentIds: ['0123456789abcdef0123456789abcdef'] })).status).toBe(400);
    }
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) statuses.push((await guest({})).status);
    // The documented allowance (10 an hour per address) is intact after 12 refusals, and then enforced.
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  });

  it('refuses a JSON escape of a lone surrogate, which no e-mail or UTF-8 store can carry, and stores nothing', async () => {
    const before = await api('GET', '/v1/tickets', { token: customerToken });
    const response = await api('POST', '/v1/tickets', {
      token: customerToken,
      headers: { 'content-type': 'application/json' },
      rawBody: `{"department":"${openToGuests}","subject":"Broken \\ud800 text","message":"Hello"}`,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'body.subject', message: expect.stringMatching(/surrogate/) }]);
    expect((await api('GET', '/v1/tickets', { token: customerToken })).body).toEqual(before.body);
  });
});
