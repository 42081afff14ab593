/**
 * The authorization matrix: every route of the manifest, called by each of seven callers on real
 * objects, answers exactly as the matrix below says. Another customer's object is a 404, never a
 * 403; staff routes are 403 for customers and 401 without a token. A route added to the manifest
 * without a row (or a sample body, or a target for its path parameters) fails here, and so does a
 * row for a route that is gone. Every response to a customer-side caller is then scanned for
 * staff-only fields and for data that belongs to someone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, routeKey, routes, type HttpRoute } from '../../shared/manifest.ts';
import { downloadLinkSchema, uploadFormSchema } from '../../shared/schemas/uploads.ts';
import { api, checkAgainstContract } from './support/api.ts';
import { settle } from './support/files.ts';
import {
  buildWorld,
  callerNames,
  createAnnouncement,
  createDepartment,
  createDownload,
  createDownloadCategory,
  createIncident,
  createKbArticle,
  createKbCategory,
  createServer,
  createTicketOf,
  credentialsOf,
  customerSideCallers,
  isGuest,
  KeyedLocks,
  runWithConcurrency,
  scanForLeaks,
  serverCheck,
  type CallerName,
  type LeakRules,
  type World,
} from './support/authorization.ts';

type Outcome = '2xx' | 401 | 403 | 404;
type Row = Record<CallerName, Outcome>;

/** `2xx` is the success status the manifest declares for the route; errors carry their error code. */
const row = (
  anonymous: Outcome,
  customerA: Outcome,
  customerB: Outcome,
  guest: Outcome,
  otherGuest: Outcome,
  staff: Outcome,
  admin: Outcome,
): Row => ({ anonymous, customerA, customerB, guest, otherGuest, staff, admin });

// Columns: anonymous, customer A, customer B, guest with the guest ticket's key, guest with
// another ticket's key, staff, admin. Per-object routes act on customer A's object (the guests:
// on the guest ticket), so customer B and the wrong key are someone else calling.
//                      anon   A      B      guest  other  staff  admin
const anyone = row(     '2xx', '2xx', '2xx', '2xx', '2xx', '2xx', '2xx');
const signedIn = row(   401,   '2xx', '2xx', 401,   401,   '2xx', '2xx');
const staffOnly = row(  401,   403,   403,   401,   401,   '2xx', '2xx');
const adminOnly = row(  401,   403,   403,   401,   401,   403,   '2xx');
/** Customer routes give staff no powers: on A's ticket they are just another customer. */
const ownerOrKey = row( 404,   '2xx', 404,   '2xx', 404,   404,   404);

const matrix: Record<string, Row> = {
  'GET /v1/health': anyone,
  'GET /v1/openapi.json': anyone,
  'GET /v1/me': signedIn,
  'GET /v1/departments': anyone,
  'GET /v1/staff/departments': staffOnly,
  'POST /v1/staff/departments': adminOnly,
  'PATCH /v1/staff/departments/{id}': adminOnly,
  'DELETE /v1/staff/departments/{id}': adminOnly,
  'GET /v1/services': signedIn,
  'PUT /v1/staff/customers/{customerId}/services': adminOnly,
  'GET /v1/staff/servers': staffOnly,
  'POST /v1/staff/servers': adminOnly,
  'PATCH /v1/staff/servers/{id}': adminOnly,
  'DELETE /v1/staff/servers/{id}': adminOnly,
  'GET /v1/staff/servers/{id}/checks': staffOnly,
  'POST /v1/staff/incidents': staffOnly,
  'PATCH /v1/staff/incidents/{id}': staffOnly,
  'POST /v1/staff/incidents/{id}/updates': staffOnly,
  'GET /v1/staff/maintenance': staffOnly,
  'POST /v1/staff/maintenance': staffOnly,
  'PATCH /v1/staff/maintenance/{id}': staffOnly,
  'GET /v1/status': anyone,
  'GET /v1/status/incidents': anyone,
  'GET /v1/announcements': anyone,
  'GET /v1/announcements/rss': anyone,
  'GET /v1/announcements/{id}': anyone,
  'GET /v1/staff/announcements': staffOnly,
  'GET /v1/staff/announcements/{id}': staffOnly,
  'POST /v1/staff/announcements': staffOnly,
  'PATCH /v1/staff/announcements/{id}': staffOnly,
  'DELETE /v1/staff/announcements/{id}': staffOnly,
  'GET /v1/kb/categories': anyone,
  'GET /v1/kb/categories/{slug}': anyone,
  'GET /v1/kb/articles/{slug}': anyone,
  'POST /v1/kb/articles/{slug}/vote': anyone,
  'GET /v1/kb/search': anyone,
  'GET /v1/kb/suggestions': anyone,
  'GET /v1/staff/kb/categories': staffOnly,
  'POST /v1/staff/kb/categories': staffOnly,
  'PATCH /v1/staff/kb/categories/{id}': staffOnly,
  'DELETE /v1/staff/kb/categories/{id}': staffOnly,
  'GET /v1/staff/kb/articles': staffOnly,
  'GET /v1/staff/kb/articles/{id}': staffOnly,
  'POST /v1/staff/kb/articles': staffOnly,
  'PATCH /v1/staff/kb/articles/{id}': staffOnly,
  'DELETE /v1/staff/kb/articles/{id}': staffOnly,
  'POST /v1/staff/kb/search-index/rebuild': adminOnly,
  // Anyone may open a ticket: without a token as a guest (name and e-mail in the body).
  'POST /v1/tickets': anyone,
  'GET /v1/staff/tickets': staffOnly,
  'GET /v1/staff/tickets/{number}': staffOnly,
  'PATCH /v1/staff/tickets/{number}': staffOnly,
  'POST /v1/staff/tickets/{number}/replies': staffOnly,
  'POST /v1/staff/tickets/{number}/notes': staffOnly,
  'GET /v1/tickets': signedIn,
  'GET /v1/tickets/{number}': ownerOrKey,
  'POST /v1/tickets/{number}/replies': ownerOrKey,
  'POST /v1/tickets/{number}/close': ownerOrKey,
  'PUT /v1/tickets/{number}/cc': ownerOrKey,
  // Guests with a key upload for the guest ticket (`ticketNumber`): the wrong key may not.
  'POST /v1/uploads': row('2xx', '2xx', '2xx', '2xx', 404, '2xx', '2xx'),
  // A's upload (the guests: one bound to the guest ticket); only its owner sees its state.
  'GET /v1/uploads/{uploadId}': ownerOrKey,
  'GET /v1/tickets/{number}/attachments/{attachmentId}': ownerOrKey,
  'GET /v1/staff/tickets/{number}/attachments/{attachmentId}': staffOnly,
  'GET /v1/downloads/categories': anyone,
  'GET /v1/downloads': anyone,
  // A file shared with customer A alone: everyone else, staff included, gets 404.
  'POST /v1/downloads/{id}/link': row(404, '2xx', 404, 404, 404, 404, 404),
  'GET /v1/staff/downloads/categories': staffOnly,
  'POST /v1/staff/downloads/categories': staffOnly,
  'PATCH /v1/staff/downloads/categories/{id}': staffOnly,
  'DELETE /v1/staff/downloads/categories/{id}': staffOnly,
  'GET /v1/staff/downloads': staffOnly,
  'GET /v1/staff/downloads/{id}': staffOnly,
  'POST /v1/staff/downloads': staffOnly,
  'PATCH /v1/staff/downloads/{id}': staffOnly,
  'DELETE /v1/staff/downloads/{id}': staffOnly,
};

type FreshObject = Record<string, string | number>;

interface CellContext {
  world: World;
  caller: CallerName;
  /** The cell's own object, on routes with a `fresh` factory. */
  object: FreshObject | undefined;
  /** Different for every cell: ids and slugs of created objects. */
  unique: string;
}

interface Target {
  params?: (cell: CellContext) => Record<string, string>;
  query?: (cell: CellContext) => Record<string, string>;
  /** A new object for every cell: for routes that delete it or must name its version. */
  fresh?: (world: World) => Promise<FreshObject>;
}

/** The ticket a caller acts on: A's, and the guest ticket for the two guests. */
const ticketOf = ({ world, caller }: CellContext) => (isGuest(caller) ? world.tickets.guest : world.tickets.a);
const attachmentOf = (cell: CellContext) => ({ number: ticketOf(cell).number, attachmentId: ticketOf(cell).attachmentId });
const freshId = ({ object }: CellContext) => ({ id: String(object!.id) });
const fixed = (params: (world: World) => Record<string, string>) => (cell: CellContext) => params(cell.world);

const targets: Record<string, Target> = {
  'PATCH /v1/staff/departments/{id}': { params: fixed((world) => ({ id: world.department })) },
  'DELETE /v1/staff/departments/{id}': {
    params: freshId,
    fresh: (world) => createDepartment(world.admin, `matrix-gone-${world.unique}-${nextUnique()}`),
  },
  'PUT /v1/staff/customers/{customerId}/services': { params: fixed((world) => ({ customerId: world.customerA.user.sub })) },
  'PATCH /v1/staff/servers/{id}': { params: fixed((world) => ({ id: world.server })) },
  'DELETE /v1/staff/servers/{id}': { params: freshId, fresh: (world) => createServer(world.admin, `matrix-gone-${world.unique}-${nextUnique()}`) },
  'GET /v1/staff/servers/{id}/checks': { params: fixed((world) => ({ id: world.server })) },
  'PATCH /v1/staff/incidents/{id}': { params: fixed((world) => ({ id: world.incident })) },
  // Each cell moves its own incident on (a status never moves back).
  'POST /v1/staff/incidents/{id}/updates': { params: freshId, fresh: (world) => createIncident(world.staff, world.server) },
  'PATCH /v1/staff/maintenance/{id}': { params: fixed((world) => ({ id: world.maintenance })) },
  'GET /v1/announcements/{id}': { params: fixed((world) => ({ id: world.announcement })) },
  'GET /v1/staff/announcements/{id}': { params: fixed((world) => ({ id: world.announcement })) },
  'PATCH /v1/staff/announcements/{id}': { params: fixed((world) => ({ id: world.announcement })) },
  'DELETE /v1/staff/announcements/{id}': {
    params: freshId,
    fresh: (world) => createAnnouncement(world.staff, `${world.draftMarker}: to be deleted`, false),
  },
  'GET /v1/kb/categories/{slug}': { params: fixed((world) => ({ slug: world.kbCategory })) },
  'GET /v1/kb/articles/{slug}': { params: fixed((world) => ({ slug: world.kbArticle })) },
  'POST /v1/kb/articles/{slug}/vote': { params: fixed((world) => ({ slug: world.kbArticle })) },
  'GET /v1/kb/search': { query: () => ({ q: 'matrix' }) },
  'PATCH /v1/staff/kb/categories/{id}': { params: fixed((world) => ({ id: world.kbCategory })) },
  'DELETE /v1/staff/kb/categories/{id}': {
    params: freshId,
    fresh: (world) => createKbCategory(world.staff, `matrix-gone-${world.unique}-${nextUnique()}`),
  },
  'GET /v1/staff/kb/articles/{id}': { params: fixed((world) => ({ id: world.kbArticle })) },
  'PATCH /v1/staff/kb/articles/{id}': { params: fixed((world) => ({ id: world.kbArticle })) },
  'DELETE /v1/staff/kb/articles/{id}': {
    params: freshId,
    fresh: (world) =>
      createKbArticle(world.staff, `matrix-gone-${world.unique}-${nextUnique()}`, world.kbCategory, `${world.draftMarker}: to be deleted`, false),
  },
  'GET /v1/staff/tickets/{number}': { params: fixed((world) => ({ number: world.tickets.a.number })) },
  // A staff edit names the ticket's version: each cell edits a ticket of A's of its own.
  'PATCH /v1/staff/tickets/{number}': {
    params: ({ object }) => ({ number: String(object!.number) }),
    fresh: (world) => createTicketOf(world.customerA, world.staff, world.department),
  },
  'POST /v1/staff/tickets/{number}/replies': { params: fixed((world) => ({ number: world.tickets.a.number })) },
  'POST /v1/staff/tickets/{number}/notes': { params: fixed((world) => ({ number: world.tickets.a.number })) },
  'GET /v1/tickets/{number}': { params: (cell) => ({ number: ticketOf(cell).number }) },
  'POST /v1/tickets/{number}/replies': { params: (cell) => ({ number: ticketOf(cell).number }) },
  'POST /v1/tickets/{number}/close': { params: (cell) => ({ number: ticketOf(cell).number }) },
  'PUT /v1/tickets/{number}/cc': { params: (cell) => ({ number: ticketOf(cell).number }) },
  'GET /v1/uploads/{uploadId}': {
    params: ({ world, caller }) => ({ uploadId: isGuest(caller) ? world.tickets.guest.boundUploadId : world.tickets.a.attachmentId }),
  },
  'GET /v1/tickets/{number}/attachments/{attachmentId}': { params: attachmentOf },
  // The file on the internal note: staff may fetch it.
  'GET /v1/staff/tickets/{number}/attachments/{attachmentId}': {
    params: fixed((world) => ({ number: world.tickets.a.number, attachmentId: world.tickets.a.noteAttachmentId })),
  },
  'POST /v1/downloads/{id}/link': { params: fixed((world) => ({ id: world.download })) },
  'PATCH /v1/staff/downloads/categories/{id}': { params: fixed((world) => ({ id: world.downloadCategory })) },
  'DELETE /v1/staff/downloads/categories/{id}': {
    params: freshId,
    fresh: (world) => createDownloadCategory(world.staff, `matrix-gone-${world.unique}-${nextUnique()}`),
  },
  'GET /v1/staff/downloads/{id}': { params: fixed((world) => ({ id: world.download })) },
  'PATCH /v1/staff/downloads/{id}': { params: fixed((world) => ({ id: world.download })) },
  'DELETE /v1/staff/downloads/{id}': {
    params: freshId,
    fresh: (world) => createDownload(world.staff, world.downloadCategory, [world.customerA.user.sub], 'Matrix file to delete'),
  },
};

/** A valid body for every route that takes one (checked against the route's schema before it is sent). */
const bodies: Record<string, (cell: CellContext) => unknown> = {
  'POST /v1/staff/departments': ({ world, unique }) => ({ id: `matrix-new-${world.unique}-${unique}`, name: 'Matrix department' }),
  'PATCH /v1/staff/departments/{id}': () => ({ description: 'Checked by the authorization matrix' }),
  'PUT /v1/staff/customers/{customerId}/services': ({ world }) => ({ services: world.servicesOfA }),
  'POST /v1/staff/servers': ({ world, unique }) => ({
    id: `matrix-new-${world.unique}-${unique}`,
    name: 'Matrix server',
    group: 'Matrix',
    check: serverCheck(),
  }),
  'PATCH /v1/staff/servers/{id}': () => ({ name: 'Matrix server (renamed)' }),
  'POST /v1/staff/incidents': ({ world }) => ({ title: 'Matrix outage', serverIds: [world.server], message: 'Investigating' }),
  'PATCH /v1/staff/incidents/{id}': () => ({ title: 'Matrix incident (renamed)' }),
  'POST /v1/staff/incidents/{id}/updates': () => ({ status: 'identified', message: 'Found the cause' }),
  'POST /v1/staff/maintenance': ({ world }) => ({
    title: 'Matrix window',
    serverIds: [world.server],
    startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString(),
  }),
  'PATCH /v1/staff/maintenance/{id}': () => ({ title: 'Matrix maintenance (renamed)' }),
  'POST /v1/staff/announcements': ({ world }) => ({ title: `${world.draftMarker}: new`, body: 'Kept as a draft.', publishAt: null }),
  'PATCH /v1/staff/announcements/{id}': () => ({ pinned: false }),
  'POST /v1/kb/articles/{slug}/vote': () => ({ helpful: true }),
  'POST /v1/staff/kb/categories': ({ world, unique }) => ({ slug: `matrix-new-${world.unique}-${unique}`, name: 'Matrix category' }),
  'PATCH /v1/staff/kb/categories/{id}': () => ({ description: 'Checked by the authorization matrix' }),
  'POST /v1/staff/kb/articles': ({ world, unique }) => ({
    slug: `matrix-new-${world.unique}-${unique}`,
    title: `${world.draftMarker}: new`,
    body: 'Not published.',
    category: world.kbCategory,
  }),
  'PATCH /v1/staff/kb/articles/{id}': () => ({ tags: ['matrix'] }),
  'POST /v1/tickets': ({ world, caller }) => ({
    department: world.department,
    subject: 'Opened by the matrix',
    message: 'Please help',
    ...(credentialsOf(world, caller).token ? {} : { name: 'Matrix Opener', email: world.guestEmailOf(caller) }),
  }),
  'PATCH /v1/staff/tickets/{number}': ({ object }) => ({ version: object!.version, priority: 'high' }),
  'POST /v1/staff/tickets/{number}/replies': () => ({ message: 'A staff reply from the matrix' }),
  'POST /v1/staff/tickets/{number}/notes': ({ world }) => ({ message: `${world.internalNote} (another one)` }),
  'POST /v1/tickets/{number}/replies': () => ({ message: 'A reply from the matrix' }),
  'PUT /v1/tickets/{number}/cc': ({ world, caller }) => ({ emails: [world.ccAddressOf(caller)] }),
  'POST /v1/uploads': ({ world, caller }) => ({
    filename: 'matrix.txt',
    contentType: 'text/plain',
    size: 12,
    ...(isGuest(caller) ? { ticketNumber: world.tickets.guest.number } : {}),
  }),
  'POST /v1/staff/downloads/categories': ({ world, unique }) => ({ id: `matrix-new-${world.unique}-${unique}`, name: 'Matrix category' }),
  'PATCH /v1/staff/downloads/categories/{id}': () => ({ description: 'Checked by the authorization matrix' }),
  'POST /v1/staff/downloads': ({ world }) => ({
    title: 'Matrix file',
    category: world.downloadCategory,
    visibility: { audience: 'customers', customerIds: [world.customerA.user.sub] },
    file: { filename: 'matrix.zip', contentType: 'application/zip', size: 16 },
  }),
  'PATCH /v1/staff/downloads/{id}': () => ({ fileVersion: '1.1' }),
};

let uniqueCounter = 0;
const nextUnique = () => (uniqueCounter += 1).toString(36);

const pathParamNames = (route: HttpRoute) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
const takesRequiredQuery = (route: HttpRoute) => route.request?.query?.safeParse({}).success === false;

interface CellResult {
  status: number;
  body: unknown;
  /** Why the cell could not be judged by its status alone: a bad sample, an off-contract response. */
  problem?: string;
}

let world: World;
const results = new Map<string, Map<CallerName, CellResult>>();
const resultOf = (route: HttpRoute, caller: CallerName) => results.get(routeKey(route))?.get(caller);

/** The request of one cell, or the reason it cannot be made. */
function requestOf(route: HttpRoute, cell: CellContext) {
  const key = routeKey(route);
  const target = targets[key];
  const params = target?.params?.(cell) ?? {};
  const query = target?.query?.(cell);
  const body = bodies[key]?.(cell);
  const problems = [
    ...pathParamNames(route).filter((name) => params[name] === undefined).map((name) => `no value for {${name}}`),
    // A malformed parameter is a 404 too: it must not pass for a refusal.
    ...(route.request?.params && !route.request.params.safeParse(params).success ? [`the parameters ${JSON.stringify(params)} are malformed`] : []),
    ...(route.request?.body && !route.request.body.safeParse(body).success ? ['the sample body no longer matches the schema'] : []),
  ];
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return {
    path: query ? `${path}?${new URLSearchParams(query)}` : path,
    pathname: path,
    body,
    problems,
    // Writes of one feature, and every call on one object, go one at a time: no 409 from a race.
    locks: [...(route.method === 'GET' ? [] : [`tag:${route.tag}`]), ...Object.values(params).map((value) => `object:${value}`)],
  };
}

async function send(route: HttpRoute, caller: CallerName, request: ReturnType<typeof requestOf>): Promise<CellResult> {
  if (request.problems.length > 0) return { status: 0, body: undefined, problem: request.problems.join('; ') };
  const response = await api(route.method, request.path, {
    ...credentialsOf(world, caller),
    ...(request.body !== undefined ? { body: request.body } : {}),
    unchecked: true,
  });
  try {
    await checkAgainstContract(route.method, request.pathname, response.status, response.body);
    return { status: response.status, body: response.body };
  } catch (error) {
    return { status: response.status, body: response.body, problem: (error as Error).message.split('\n')[0] };
  }
}

beforeAll(async () => {
  world = await buildWorld();
  const covered = manifest.routes.filter((route) => matrix[routeKey(route)] !== undefined);

  const freshObjects = new Map<string, FreshObject>();
  await Promise.all(
    covered.map(async (route) => {
      const factory = targets[routeKey(route)]?.fresh;
      if (!factory) return;
      for (const caller of callerNames) freshObjects.set(`${routeKey(route)} ${caller}`, await factory(world));
    }),
  );

  const locks = new KeyedLocks();
  const cells = covered.flatMap((route) =>
    callerNames.map((caller) => async () => {
      const key = routeKey(route);
      const cell: CellContext = { world, caller, object: freshObjects.get(`${key} ${caller}`), unique: nextUnique() };
      let result: CellResult;
      try {
        const request = requestOf(route, cell);
        result = await locks.run(request.locks, () => send(route, caller, request));
      } catch (error) {
        result = { status: 0, body: undefined, problem: String(error) };
      }
      if (!results.has(key)) results.set(key, new Map());
      results.get(key)!.set(caller, result);
    }),
  );
  await runWithConcurrency(cells, 12);
}, 180_000);

// The e-mails, index rebuilds and file copies the cells set off finish here, not in the next file.
afterAll(settle);

const routeCases = manifest.routes.map((route) => ({ key: routeKey(route), route }));

describe('the matrix covers the manifest', () => {
  it('has a row for every route, and no row for a route that is gone', () => {
    const keys = manifest.routes.map(routeKey);
    expect({
      withoutRow: keys.filter((key) => matrix[key] === undefined),
      rowsWithoutRoute: Object.keys(matrix).filter((key) => !keys.includes(key)),
    }).toEqual({ withoutRow: [], rowsWithoutRoute: [] });
  });

  it('has a sample body for every route that takes one, and none for a route that takes none', () => {
    const keys = manifest.routes.filter((route) => route.request?.body).map(routeKey);
    expect({
      withoutSample: keys.filter((key) => bodies[key] === undefined),
      samplesWithoutRoute: Object.keys(bodies).filter((key) => !keys.includes(key)),
    }).toEqual({ withoutSample: [], samplesWithoutRoute: [] });
  });

  it('has a target for every route with path parameters or a required query, and none for other routes', () => {
    const needTarget = manifest.routes.filter((route) => pathParamNames(route).length > 0 || takesRequiredQuery(route));
    const keys = needTarget.map(routeKey);
    expect({
      withoutParams: needTarget.filter((route) => pathParamNames(route).length > 0 && !targets[routeKey(route)]?.params).map(routeKey),
      withoutQuery: needTarget.filter((route) => takesRequiredQuery(route) && !targets[routeKey(route)]?.query).map(routeKey),
      targetsWithoutRoute: Object.keys(targets).filter((key) => !keys.includes(key)),
    }).toEqual({ withoutParams: [], withoutQuery: [], targetsWithoutRoute: [] });
  });
});

const errorCodes: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

const expectedLabel = (route: HttpRoute, outcome: Outcome) =>
  outcome === '2xx' ? String(route.response.status) : `${outcome} ${errorCodes[outcome]}`;

function actualLabel(result: CellResult | undefined): string {
  if (!result) return 'not called';
  if (result.problem) return `${result.status} (${result.problem})`;
  if (result.status >= 200 && result.status < 300) return String(result.status);
  return `${result.status} ${(result.body as { error?: { code?: string } } | undefined)?.error?.code ?? '(no error body)'}`;
}

describe('every route answers each caller as the matrix says', () => {
  it.each(routeCases)('$key', ({ key, route }) => {
    const expected = matrix[key];
    expect(expected, `${key} has no row in the authorization matrix`).toBeDefined();
    const wanted = Object.fromEntries(callerNames.map((caller) => [caller, expectedLabel(route, expected![caller])]));
    const got = Object.fromEntries(callerNames.map((caller) => [caller, actualLabel(resultOf(route, caller))]));
    expect(got).toEqual(wanted);
  });
});

/**
 * Fields no customer schema has: staff-only data (`internal` notes, the `assignee`, the edit
 * `version`, visibility rules and customer ids, monitoring checks) and storage internals.
 */
const staffOnlyKeys = [
  'internal',
  'assignee',
  'version',
  'guestKeyHashes',
  'accessKey',
  'objectKey',
  'ownerKey',
  's3Key',
  'customerId',
  'customerIds',
  'visibility',
  'check',
  'lastError',
];

/** Every property name a JSON schema of the served OpenAPI document can produce. */
function propertyNames(schema: unknown, document: { components?: { schemas?: Record<string, unknown> } }, seen = new Set<unknown>()): Set<string> {
  const names = new Set<string>();
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return names;
  seen.add(schema);
  const node = schema as Record<string, unknown>;
  const ref = typeof node.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1] : undefined;
  const children = [
    ...(ref ? [document.components?.schemas?.[ref]] : []),
    ...Object.values((node.properties as Record<string, unknown> | undefined) ?? {}),
    node.items,
    node.additionalProperties,
    ...((node.anyOf as unknown[] | undefined) ?? []),
    ...((node.oneOf as unknown[] | undefined) ?? []),
    ...((node.allOf as unknown[] | undefined) ?? []),
  ];
  for (const name of Object.keys((node.properties as object | undefined) ?? {})) names.add(name);
  for (const child of children) for (const name of propertyNames(child, document, seen)) names.add(name);
  return names;
}

const storagePatterns = [
  { pattern: /pending\//, what: 'an S3 key under pending/' },
  { pattern: /(^|\/)(tickets|files)\/[^/\s]+\/[0-9a-f]{32}/, what: 'a stored file’s S3 key' },
  { pattern: /^(user|ticket):/, what: "an upload's owner id" },
];

/** A presigned form or link must name its bucket and key: there, and only there, they may appear. */
function presignedPaths(route: HttpRoute): string[] {
  if (route.response.schema === uploadFormSchema) return ['$.url', '$.fields'];
  if (route.response.schema === downloadLinkSchema) return ['$.url'];
  return [];
}

function leakRulesFor(route: HttpRoute, caller: CallerName): LeakRules {
  // The guest's access key is shown once, in the answer to opening the ticket.
  const opensAsGuest = route === routes.openTicket && !credentialsOf(world, caller).token;
  return {
    keys: new Set(staffOnlyKeys.filter((key) => !(key === 'accessKey' && opensAsGuest))),
    // The OpenAPI document describes the staff schemas too; it carries no data.
    scanKeys: route !== routes.openapi,
    values: [
      ...world.privateValues.filter((value) => !value.visibleTo.includes(caller)),
      ...world.buckets.map((bucket) => ({ value: bucket, what: 'a bucket name' })),
    ],
    patterns: storagePatterns,
    exempt: new Set(presignedPaths(route)),
  };
}

describe('no response to a customer or a guest carries staff-only data or anybody else’s', () => {
  it('forbids only fields that no customer-side response schema declares (accessKey: only when a ticket is opened)', async () => {
    const document = (await api('GET', '/v1/openapi.json')).body;
    const successSchema = (route: HttpRoute) =>
      document.paths[route.path]?.[route.method.toLowerCase()]?.responses?.[route.response.status]?.content?.['application/json']?.schema;
    // The walk does see nested fields: the staff ticket page declares the staff-only ones.
    expect([...propertyNames(successSchema(routes.staffGetTicket), document)]).toEqual(expect.arrayContaining(['internal', 'assignee', 'version']));

    const declared: Record<string, string[]> = {};
    for (const route of manifest.routes) {
      if (route.auth === 'staff' || route.auth === 'admin' || route === routes.openapi) continue;
      const schema = successSchema(route);
      const allowed = route === routes.openTicket ? ['accessKey'] : [];
      const clashes = [...propertyNames(schema, document)].filter((name) => staffOnlyKeys.includes(name) && !allowed.includes(name));
      if (clashes.length > 0) declared[routeKey(route)] = clashes;
    }
    expect(declared).toEqual({});
  });

  it.each(routeCases)('$key', ({ route }) => {
    const leaks: Partial<Record<CallerName, string[]>> = {};
    for (const caller of customerSideCallers) {
      const result = resultOf(route, caller);
      const found = result ? scanForLeaks(result.body, leakRulesFor(route, caller)) : [];
      if (found.length > 0) leaks[caller] = found;
    }
    expect(leaks).toEqual({});
  });

  /**
   * Positive controls: the data the scan looks for is really there, in responses to those who may
   * see it (staff, or the one customer it belongs to); scanned as if another caller had received
   * them, the scan reports it. So a clean scan above means absent, not never created.
   */
  it.each([
    {
      response: 'staff: A’s ticket',
      of: () => resultOf(routes.staffGetTicket, 'staff'),
      asIf: ['customerA', routes.getTicket],
      finds: ['internal note text', "an internal note's file name", "the assignee's name", 'staff-only field "internal"', 'staff-only field "assignee"', 'staff-only field "version"'],
    },
    {
      response: 'staff: the announcements',
      of: () => resultOf(routes.staffListAnnouncements, 'staff'),
      asIf: ['customerA', routes.listAnnouncements],
      finds: ['a draft article or announcement, or a file not uploaded yet'],
    },
    {
      response: 'staff: the file shared with A',
      of: () => resultOf(routes.staffGetDownload, 'staff'),
      asIf: ['customerB', routes.listDownloads],
      finds: ['a download shared with customer A alone', 'staff-only field "customerIds"'],
    },
    {
      response: 'customer A: the downloads',
      of: () => resultOf(routes.listDownloads, 'customerA'),
      asIf: ['customerB', routes.listDownloads],
      finds: ['a download shared with customer A alone'],
    },
    {
      response: 'customer A: the download categories',
      of: () => resultOf(routes.listDownloadCategories, 'customerA'),
      asIf: ['customerB', routes.listDownloadCategories],
      finds: ['a download category holding files for customer A alone'],
    },
    {
      response: 'customer A: the status page',
      of: () => resultOf(routes.statusPage, 'customerA'),
      asIf: ['customerB', routes.statusPage],
      finds: ["customer A's service"],
    },
    {
      response: 'customer B: the ticket list',
      of: () => resultOf(routes.listTickets, 'customerB'),
      asIf: ['customerA', routes.listTickets],
      finds: ["customer B's ticket subject"],
    },
  ] as const)('would notice what $response holds', ({ of, asIf: [caller, route], finds }) => {
    const result = of();
    expect(result?.status).toBe(200);
    const found = scanForLeaks(result!.body, leakRulesFor(route, caller)).join('\n');
    for (const problem of finds) expect(found).toContain(problem);
  });

  it('would notice B’s CC addresses and e-mail in B’s ticket, and a bucket and key outside a presigned URL', async () => {
    const staffTicketB = await api('GET', `/v1/staff/tickets/${world.tickets.b.number}`, { token: world.staff.token });
    const bAsSeenByA = scanForLeaks(staffTicketB.body, leakRulesFor(routes.getTicket, 'customerA')).join('\n');
    expect(bAsSeenByA).toContain("customer B's CC address");
    expect(bAsSeenByA).toContain("customer B's e-mail");

    const link = resultOf(routes.ticketAttachmentLink, 'customerA')!;
    expect(link.status).toBe(200);
    const linkElsewhere = scanForLeaks({ note: (link.body as { url: string }).url }, leakRulesFor(routes.ticketAttachmentLink, 'customerA')).join('\n');
    expect(linkElsewhere).toContain('a bucket name');
    expect(linkElsewhere).toContain('S3 key');
  });
});

describe('what is not published yet is a 404 on every customer route, for everyone', () => {
  it.each(customerSideCallers)('%s', async (caller) => {
    const { kbArticle, announcement, download } = world.unpublished;
    const credentials = credentialsOf(world, caller);
    const answers = await Promise.all([
      api('GET', `/v1/kb/articles/${kbArticle}`, credentials),
      api('POST', `/v1/kb/articles/${kbArticle}/vote`, { ...credentials, body: { helpful: true } }),
      api('GET', `/v1/announcements/${announcement}`, credentials),
      // Shared with customer A, but its file was never uploaded.
      api('POST', `/v1/downloads/${download}/link`, credentials),
    ]);
    expect(answers.map((answer) => `${answer.status} ${answer.body.error?.code}`)).toEqual(Array(4).fill('404 not_found'));
  });
});

describe('a file or a ticket is reached only through its own ticket and its own access', () => {
  const link = (number: string, attachmentId: string, access: { token?: string; key?: string }, staffRoute = false) =>
    api('GET', `/v1${staffRoute ? '/staff' : ''}/tickets/${number}/attachments/${attachmentId}`, {
      ...(access.token ? { token: access.token } : {}),
      ...(access.key ? { headers: { 'x-ticket-key': access.key } } : {}),
    });

  it('is a 404 for a real attachment id under another ticket, or on an internal note', async () => {
    const { a, guest } = world.tickets;
    const answers = await Promise.all([
      link(a.number, guest.attachmentId, { token: world.customerA.token }),
      link(guest.number, a.attachmentId, { key: guest.key }),
      link(a.number, a.noteAttachmentId, { token: world.customerA.token }),
      link(guest.number, a.attachmentId, { token: world.staff.token }, true),
    ]);
    expect(answers.map((answer) => `${answer.status} ${answer.body.error?.code}`)).toEqual(Array(4).fill('404 not_found'));
  });

  it('judges a signed-in caller by the token, never by a ticket key sent along', async () => {
    const answer = await api('GET', `/v1/tickets/${world.tickets.guest.number}`, {
      token: world.customerB.token,
      headers: { 'x-ticket-key': world.tickets.guest.key },
    });
    expect(`${answer.status} ${answer.body.error?.code}`).toBe('404 not_found');
  });
});
