/**
 * The world of the authorization matrix (tests/integration/authorizationMatrix.test.ts): the seven
 * callers, the objects they call on (owned by customer A, with real ids, and carrying staff-only
 * data for the leak scan to look for), factories for cells that need an object of their own, a
 * FIFO lock per object so that writes to one object never race each other, and the deep scan of
 * customer responses.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { api, apiUrl, tokenFor, type RequestOptions, type TestUser } from './api.ts';
import { localInfo, png, postForm, settle, uploadAttachment, type FileSpec } from './files.ts';

export const callerNames = ['anonymous', 'customerA', 'customerB', 'guest', 'otherGuest', 'staff', 'admin'] as const;
/**
 * `guest` holds the key of the fixtures' guest ticket, `otherGuest` the key of another guest's
 * ticket; neither sends a token.
 */
export type CallerName = (typeof callerNames)[number];

/** Callers whose every response must be free of staff-only data and of other people's data. */
export const customerSideCallers: readonly CallerName[] = ['anonymous', 'customerA', 'customerB', 'guest', 'otherGuest'];

export const isGuest = (caller: CallerName) => caller === 'guest' || caller === 'otherGuest';

export interface Party {
  user: TestUser;
  token: string;
}

/** A value only some callers may ever see (an empty `visibleTo`: no customer-side caller). */
export interface PrivateValue {
  value: string;
  what: string;
  visibleTo: readonly CallerName[];
}

export interface Service {
  id: string;
  name: string;
  product: string;
  serverId: string;
}

export interface World {
  /** Lower-case hex, safe inside ids, slugs and e-mail addresses. */
  unique: string;
  customerA: Party;
  customerB: Party;
  staff: Party;
  admin: Party;
  /** Open to guests, reopens on a reply, and has a (staff-only) notification address. */
  department: string;
  tickets: {
    /** Customer A's: a reply and an attachment of A, a staff reply, an internal note with a file, an assignee. */
    a: { number: string; attachmentId: string; noteAttachmentId: string };
    /** A guest's: an attachment, an internal note, an assignee, and an upload bound to it by its key. */
    guest: { number: string; key: string; attachmentId: string; boundUploadId: string };
    otherGuest: { number: string; key: string };
    /** Customer B's, with CC addresses of B's own. */
    b: { number: string };
  };
  servicesOfA: Service[];
  server: string;
  incident: string;
  maintenance: string;
  announcement: string;
  kbCategory: string;
  kbArticle: string;
  downloadCategory: string;
  /** A verified download shared with customer A alone. */
  download: string;
  /** Text of the internal notes: staff only. */
  internalNote: string;
  /** In the title of every draft article and announcement: staff only. */
  draftMarker: string;
  /** Objects customers must not reach yet: a draft article and announcement, a file not uploaded (shared with A). */
  unpublished: { kbArticle: string; announcement: string; download: string };
  buckets: string[];
  privateValues: PrivateValue[];
  /** The CC address a caller's sample CC body sets (their own data). */
  ccAddressOf: (caller: CallerName) => string;
  /** The address a caller without a token opens a ticket with (their own data). */
  guestEmailOf: (caller: CallerName) => string;
}

/** Token and X-Ticket-Key of a caller; anonymous callers send neither. */
export function credentialsOf(world: World, caller: CallerName): Pick<RequestOptions, 'token' | 'headers'> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'guest':
      return { headers: { 'x-ticket-key': world.tickets.guest.key } };
    case 'otherGuest':
      return { headers: { 'x-ticket-key': world.tickets.otherGuest.key } };
    default:
      return { token: world[caller].token };
  }
}

async function expectStatus<T = any>(
  status: number,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await api(method, path, options);
  expect(response.status, `${method} ${path}: ${response.text}`).toBe(status);
  return response.body as T;
}

async function newParty(label: string, unique: string, groups: string[]): Promise<Party> {
  const user: TestUser = { sub: `matrix-${label}-${unique}`, email: `matrix-${label}-${unique}@example.com`, name: `Matrix ${label} ${unique}`, groups };
  return { user, token: await tokenFor(user) };
}

const textFile = (filename: string, text: string): FileSpec => ({ filename, contentType: 'text/plain', bytes: Buffer.from(text) });

// Factories: each creates one object through the API and returns the path parameters naming it.

export async function createDepartment(admin: Party, id: string, extra: Record<string, unknown> = {}) {
  const created = await expectStatus(201, 'POST', '/v1/staff/departments', { token: admin.token, body: { id, name: `Matrix ${id}`, ...extra } });
  return { id: created.id as string };
}

/** The API's own port: servers of the matrix stay up whenever another test runs the probe. */
export const serverCheck = () => ({ type: 'tcp', host: '127.0.0.1', port: Number(new URL(apiUrl()).port) });

export async function createServer(admin: Party, id: string) {
  const check = serverCheck();
  const created = await expectStatus(201, 'POST', '/v1/staff/servers', { token: admin.token, body: { id, name: `Matrix ${id}`, group: 'Matrix', check } });
  return { id: created.id as string };
}

export async function createIncident(staff: Party, serverId: string) {
  const body = { title: 'Matrix incident', serverIds: [serverId], message: 'Looking into it' };
  const created = await expectStatus(201, 'POST', '/v1/staff/incidents', { token: staff.token, body });
  return { id: created.id as string };
}

/** Published at once, or a draft. */
export async function createAnnouncement(staff: Party, title: string, published: boolean) {
  const body = { title, body: 'For the matrix.', ...(published ? {} : { publishAt: null }) };
  const created = await expectStatus(201, 'POST', '/v1/staff/announcements', { token: staff.token, body });
  return { id: created.id as string };
}

export async function createKbCategory(staff: Party, slug: string) {
  const created = await expectStatus(201, 'POST', '/v1/staff/kb/categories', { token: staff.token, body: { slug, name: `Matrix ${slug}` } });
  return { id: created.id as string };
}

export async function createKbArticle(staff: Party, slug: string, category: string, title: string, published: boolean) {
  const body = { slug, title, body: 'How the matrix works.', category, published };
  const created = await expectStatus(201, 'POST', '/v1/staff/kb/articles', { token: staff.token, body });
  return { id: created.id as string };
}

export async function createDownloadCategory(staff: Party, id: string) {
  const created = await expectStatus(201, 'POST', '/v1/staff/downloads/categories', { token: staff.token, body: { id, name: `Matrix ${id}` } });
  return { id: created.id as string };
}

/** A file shared with the named customers; `content` also uploads and verifies it. */
export async function createDownload(staff: Party, category: string, customerIds: string[], title: string, content?: FileSpec) {
  const file = content ?? textFile('matrix.txt', 'never uploaded');
  const body = {
    title,
    category,
    visibility: { audience: 'customers', customerIds },
    file: { filename: file.filename, contentType: file.contentType, size: file.bytes.length },
  };
  const created = await expectStatus(201, 'POST', '/v1/staff/downloads', { token: staff.token, body });
  if (content) {
    expect((await postForm(created.upload, content.bytes, content.contentType, content.filename)).status).toBe(204);
  }
  return { id: created.id as string };
}

/** A new ticket of customer A, with the version a staff edit must name. */
export async function createTicketOf(customer: Party, staff: Party, department: string) {
  const opened = await expectStatus(201, 'POST', '/v1/tickets', {
    token: customer.token,
    body: { department, subject: 'Matrix ticket', message: 'Opened for one cell of the matrix' },
  });
  const view = await expectStatus(200, 'GET', `/v1/staff/tickets/${opened.number}`, { token: staff.token });
  return { number: opened.number as string, version: view.version as number };
}

async function assign(staff: Party, number: string, assignee: { id: string; name: string }) {
  const { version } = await expectStatus(200, 'GET', `/v1/staff/tickets/${number}`, { token: staff.token });
  await expectStatus(200, 'PATCH', `/v1/staff/tickets/${number}`, { token: staff.token, body: { version, assignee } });
}

/**
 * Everything the matrix calls on. Objects that depend on nothing are created concurrently; each
 * ticket's staff actions run one after another (they would otherwise race on the ticket).
 */
export async function buildWorld(): Promise<World> {
  const unique = randomBytes(5).toString('hex');
  const [customerA, customerB, staff, admin, info] = await Promise.all([
    newParty('customer-a', unique, []),
    newParty('customer-b', unique, []),
    newParty('staff', unique, ['staff']),
    newParty('admin', unique, ['staff', 'admin']),
    localInfo(),
  ]);
  const assignee = { id: `matrix-assignee-${unique}`, name: `Matrix Assignee ${unique}` };
  const internalNote = `Internal note ${unique}: staff eyes only`;
  const draftMarker = `Draft ${unique}`;
  const departmentEmail = `matrix-desk-${unique}@example.com`;
  const noteFile = textFile(`internal-${unique}.txt`, 'staff-only file');
  const guestEmail = `matrix-guest-${unique}@example.com`;
  const otherGuestEmail = `matrix-other-guest-${unique}@example.com`;
  const ccOfA = `matrix-a-colleague-${unique}@example.com`;
  const ccOfB = `matrix-b-colleague-${unique}@example.com`;
  const downloadTitle = `Matrix file for A ${unique}`;

  const [department, kb, announcements, status, downloads, uploads] = await Promise.all([
    createDepartment(admin, `matrix-${unique}`, { openToGuests: true, allowReopen: true, email: departmentEmail }),
    (async () => {
      const category = await createKbCategory(staff, `matrix-kb-${unique}`);
      const article = await createKbArticle(staff, `matrix-article-${unique}`, category.id, 'How the matrix works', true);
      // A draft in the same category: the category page must not show it.
      const draft = await createKbArticle(staff, `matrix-draft-${unique}`, category.id, `${draftMarker}: unfinished article`, false);
      return { category: category.id, article: article.id, draft: draft.id };
    })(),
    Promise.all([createAnnouncement(staff, 'Matrix news', true), createAnnouncement(staff, `${draftMarker}: unannounced news`, false)]),
    (async () => {
      const server = await createServer(admin, `matrix-${unique}`);
      const servicesOfA: Service[] = [{ id: `svc-a-${unique}`, name: `A hosting ${unique}`, product: 'matrix-hosting', serverId: server.id }];
      const servicesOfB: Service[] = [{ id: `svc-b-${unique}`, name: `B private VPS ${unique}`, product: 'matrix-vps', serverId: server.id }];
      const [incident, maintenance] = await Promise.all([
        createIncident(staff, server.id),
        expectStatus(201, 'POST', '/v1/staff/maintenance', {
          token: staff.token,
          body: {
            title: 'Matrix maintenance',
            serverIds: [server.id],
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          },
        }),
        expectStatus(200, 'PUT', `/v1/staff/customers/${customerA.user.sub}/services`, { token: admin.token, body: { services: servicesOfA } }),
        expectStatus(200, 'PUT', `/v1/staff/customers/${customerB.user.sub}/services`, { token: admin.token, body: { services: servicesOfB } }),
      ]);
      return { server: server.id, incident: incident.id, maintenance: maintenance.id as string, servicesOfA, servicesOfB };
    })(),
    (async () => {
      const category = await createDownloadCategory(staff, `matrix-dl-${unique}`);
      const file = await createDownload(staff, category.id, [customerA.user.sub], downloadTitle, textFile(`for-a-${unique}.txt`, 'shared with A'));
      const notUploaded = await createDownload(staff, category.id, [customerA.user.sub], `${draftMarker}: file not uploaded`);
      return { category: category.id, file: file.id, notUploaded: notUploaded.id };
    })(),
    Promise.all([
      uploadAttachment(png(), { token: customerA.token }),
      uploadAttachment(png(), {}),
      uploadAttachment(noteFile, { token: staff.token }),
    ]),
  ]);
  const [attachmentOfA, attachmentOfGuest, noteAttachment] = uploads;

  const openAsGuest = async (email: string, attachmentIds: string[]) => {
    const body = { department: department.id, subject: 'Guest ticket', message: 'Help, please', name: 'Matrix Guest', email, attachmentIds };
    const opened = await expectStatus(201, 'POST', '/v1/tickets', { body });
    return { number: opened.number as string, key: opened.accessKey as string };
  };
  const [ticketOfA, guestTicket, otherGuestTicket, ticketOfB] = await Promise.all([
    expectStatus(201, 'POST', '/v1/tickets', {
      token: customerA.token,
      body: { department: department.id, subject: 'My site is down', message: 'See the screenshot', attachmentIds: [attachmentOfA] },
    }),
    openAsGuest(guestEmail, [attachmentOfGuest]),
    openAsGuest(otherGuestEmail, []),
    expectStatus(201, 'POST', '/v1/tickets', {
      token: customerB.token,
      body: { department: department.id, subject: `B's private matter ${unique}`, message: 'Only B may read this' },
    }),
  ]);
  // The confirmation e-mails write guest key digests to the guest tickets: let them land first.
  await settle();

  const [boundUploadId] = await Promise.all([
    uploadAttachment(textFile('for-my-ticket.txt', 'bound to the guest ticket'), {
      headers: { 'x-ticket-key': guestTicket.key },
      ticketNumber: guestTicket.number,
    }),
    (async () => {
      const number = ticketOfA.number as string;
      await expectStatus(200, 'PUT', `/v1/tickets/${number}/cc`, { token: customerA.token, body: { emails: [ccOfA] } });
      await expectStatus(201, 'POST', `/v1/staff/tickets/${number}/replies`, { token: staff.token, body: { message: 'We are on it' } });
      await expectStatus(201, 'POST', `/v1/staff/tickets/${number}/notes`, {
        token: staff.token,
        body: { message: internalNote, attachmentIds: [noteAttachment] },
      });
      await assign(staff, number, assignee);
    })(),
    (async () => {
      await expectStatus(201, 'POST', `/v1/staff/tickets/${guestTicket.number}/notes`, { token: staff.token, body: { message: internalNote } });
      await assign(staff, guestTicket.number, assignee);
    })(),
    expectStatus(200, 'PUT', `/v1/tickets/${ticketOfB.number}/cc`, { token: customerB.token, body: { emails: [ccOfB] } }),
  ]);
  await settle();

  const only = (visibleTo: CallerName[]) => (value: string, what: string): PrivateValue => ({ value, what, visibleTo });
  const ccAddressOf = (caller: CallerName) => `matrix-cc-${caller.toLowerCase()}-${unique}@example.com`;
  const guestEmailOf = (caller: CallerName) => `matrix-opener-${caller.toLowerCase()}-${unique}@example.com`;
  const privateValues: PrivateValue[] = [
    only(['customerA'])(customerA.user.email, "customer A's e-mail"),
    only(['customerA'])(customerA.user.sub, "customer A's id"),
    only(['customerA'])(ccOfA, "customer A's CC address"),
    only(['customerA'])(status.servicesOfA[0]!.name, "customer A's service"),
    only(['customerA'])(downloadTitle, 'a download shared with customer A alone'),
    only(['customerA'])(`Matrix matrix-dl-${unique}`, 'a download category holding files for customer A alone'),
    only(['customerB'])(customerB.user.email, "customer B's e-mail"),
    only(['customerB'])(customerB.user.sub, "customer B's id"),
    only(['customerB'])(ccOfB, "customer B's CC address"),
    only(['customerB'])(status.servicesOfB[0]!.name, "customer B's service"),
    only(['customerB'])(`B's private matter ${unique}`, "customer B's ticket subject"),
    only(['guest'])(guestEmail, "the guest's e-mail"),
    only(['otherGuest'])(otherGuestEmail, "the other guest's e-mail"),
    only([])(internalNote, 'internal note text'),
    only([])(draftMarker, 'a draft article or announcement, or a file not uploaded yet'),
    only([])(noteFile.filename, "an internal note's file name"),
    only([])(noteAttachment, "an internal note's attachment id"),
    only([])(assignee.id, "the assignee's id"),
    only([])(assignee.name, "the assignee's name"),
    only([])(staff.user.email, "a staff member's e-mail"),
    only([])(staff.user.sub, "a staff member's id"),
    only([])(admin.user.email, "an admin's e-mail"),
    only([])(admin.user.sub, "an admin's id"),
    only([])(departmentEmail, "the department's notification address"),
    only([])(guestTicket.key, "the guest ticket's access key"),
    only([])(otherGuestTicket.key, "the other guest ticket's access key"),
    ...callerNames.map((caller) => only([caller])(ccAddressOf(caller), `the CC address ${caller} sets`)),
    ...callerNames.map((caller) => only([caller])(guestEmailOf(caller), `the e-mail ${caller} opens a ticket with`)),
  ];

  return {
    unique,
    customerA,
    customerB,
    staff,
    admin,
    department: department.id,
    tickets: {
      a: { number: ticketOfA.number, attachmentId: attachmentOfA, noteAttachmentId: noteAttachment },
      guest: { ...guestTicket, attachmentId: attachmentOfGuest, boundUploadId },
      otherGuest: otherGuestTicket,
      b: { number: ticketOfB.number },
    },
    servicesOfA: status.servicesOfA,
    server: status.server,
    incident: status.incident,
    maintenance: status.maintenance,
    announcement: announcements[0].id,
    kbCategory: kb.category,
    kbArticle: kb.article,
    downloadCategory: downloads.category,
    download: downloads.file,
    internalNote,
    draftMarker,
    unpublished: { kbArticle: kb.draft, announcement: announcements[1].id, download: downloads.notUploaded },
    buckets: Object.values(info.buckets),
    privateValues,
    ccAddressOf,
    guestEmailOf,
  };
}

/**
 * FIFO locks by key. A task takes all its keys at once, when it starts, and waits only for tasks
 * that took one of them earlier, so tasks started in order can never deadlock.
 */
export class KeyedLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const earlier = [...new Set(keys)].map((key) => {
      const previous = this.tails.get(key) ?? Promise.resolve();
      this.tails.set(key, done);
      return previous;
    });
    await Promise.all(earlier);
    try {
      return await task();
    } finally {
      release();
    }
  }
}

/** Runs tasks in order with at most `limit` of them in flight. */
export async function runWithConcurrency(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

export interface LeakRules {
  /** Property names that must not occur (checked unless `scanKeys` is false). */
  keys: ReadonlySet<string>;
  scanKeys: boolean;
  /** Text that must not occur in any key or string value (case-insensitive). */
  values: ReadonlyArray<{ value: string; what: string }>;
  patterns: ReadonlyArray<{ pattern: RegExp; what: string }>;
  /** JSON paths (`$.url`) whose subtree may hold what the rules forbid elsewhere. */
  exempt: ReadonlySet<string>;
}

/** Every place in a JSON value (or a text body) that breaks the rules, as `path: problem`. */
export function scanForLeaks(value: unknown, rules: LeakRules, path = '$'): string[] {
  if (rules.exempt.has(path)) return [];
  if (typeof value === 'string') return textProblems(value, rules).map((problem) => `${path}: ${problem}`);
  if (Array.isArray(value)) return value.flatMap((item, index) => scanForLeaks(item, rules, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = `${path}.${key}`;
    if (rules.exempt.has(childPath)) return [];
    const keyProblems = [
      ...(rules.scanKeys && rules.keys.has(key) ? [`${childPath}: staff-only field "${key}"`] : []),
      ...textProblems(key, rules).map((problem) => `${childPath} (the key): ${problem}`),
    ];
    return [...keyProblems, ...scanForLeaks(child, rules, childPath)];
  });
}

function textProblems(text: string, rules: LeakRules): string[] {
  const lower = text.toLowerCase();
  return [
    ...rules.values.filter(({ value }) => lower.includes(value.toLowerCase())).map(({ what }) => what),
    ...rules.patterns.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what),
  ];
}
