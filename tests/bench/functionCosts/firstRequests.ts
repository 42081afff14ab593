/**
 * The first request each function handles in the cold-start benchmark: for every route of the
 * manifest a real request of its kind (valid, by a caller allowed to make it, on objects that
 * exist), and for every consumer and job the event AWS would deliver. Each must succeed: the
 * benchmark checks the route's success status (or a batch with no failures), so a cold start is
 * never measured on a request refused before it reached the function's real work.
 *
 * `prepare` runs in the benchmark process before each cold start, untimed, through the local
 * cloud's API (so every object it needs is created the way users create it).
 */
import type { RouteId } from '../../../shared/manifest.ts';

export interface BenchUser {
  sub: string;
  email: string;
  name: string;
  groups: string[];
}

/** An upload form as POST /v1/uploads and the staff download routes return it. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

export interface FixtureContext {
  apiUrl: string;
  buckets: { attachments: string; downloads: string };
  region: string;
  customer: BenchUser;
  staff: BenchUser;
  admin: BenchUser;
  /** A customer nobody has used yet (per-user hourly limits never trip). */
  newCustomer(): BenchUser;
  /** Unique and slug-safe: `<label>-<counter>-<time>`. */
  unique(label: string): string;
  /** Calls the API as `as` (or anonymously) and returns the JSON body; throws unless the status is `expect` (default 2xx). */
  api(method: string, path: string, options?: { as?: BenchUser; body?: unknown; headers?: Record<string, string>; expect?: number }): Promise<any>;
  /** Waits until the local cloud has handled every pending stream record and S3 event. */
  settle(): Promise<void>;
  /** Posts a presigned form with a file, as a browser does. */
  postForm(form: UploadForm, bytes: Buffer, contentType: string): Promise<void>;
  /** A table item as stored (DynamoDB attribute values), read straight from the emulator. */
  rawItem(key: { pk: string; sk: string }): Promise<Record<string, unknown>>;
  /** The items of a partition whose sort key begins with `prefix`, as stored. */
  rawItems(pk: string, skPrefix: string): Promise<Record<string, unknown>[]>;
  /** Computed once per benchmark run: objects several runs can share. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface FirstHttpRequest {
  /** The caller; anonymous when absent. Protected routes get the claims from API Gateway's authorizer, the others the token. */
  as?: BenchUser;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FirstRequestFixture<T> {
  /** What the request is, in a few words, for the report. */
  describe: string;
  prepare(context: FixtureContext): Promise<T>;
}

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

// ── Objects the requests act on, created through the API ──

async function newDepartment(ctx: FixtureContext) {
  const id = ctx.unique('bench-dept');
  await ctx.api('POST', '/v1/staff/departments', { as: ctx.admin, body: { id, name: { pl: `Dział ${id}`, en: `Department ${id}` } } });
  return id;
}

async function newServer(ctx: FixtureContext): Promise<string> {
  const server = await ctx.api('POST', '/v1/staff/servers', {
    as: ctx.admin,
    body: { name: ctx.unique('bench-srv'), group: 'Bench', check: { type: 'http', url: `${ctx.apiUrl}/_local/probe-target/bench` } },
  });
  return server.id;
}

async function newIncident(ctx: FixtureContext): Promise<string> {
  const serverId = await ctx.once('server', () => newServer(ctx));
  const incident = await ctx.api('POST', '/v1/staff/incidents', {
    as: ctx.staff,
    body: { title: 'Wolne odpowiedzi panelu', serverIds: [serverId], message: 'Sprawdzamy przyczynę.' },
  });
  return incident.id;
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

async function newMaintenance(ctx: FixtureContext): Promise<string> {
  const serverId = await ctx.once('server', () => newServer(ctx));
  const window = await ctx.api('POST', '/v1/staff/maintenance', {
    as: ctx.staff,
    body: { title: 'Aktualizacja jądra', serverIds: [serverId], startsAt: hoursFromNow(24), endsAt: hoursFromNow(26) },
  });
  return window.id;
}

async function newAnnouncement(ctx: FixtureContext): Promise<string> {
  const announcement = await ctx.api('POST', '/v1/staff/announcements', {
    as: ctx.staff,
    body: { title: 'Nowa wersja panelu', body: 'Od dziś **szybsze** wyszukiwanie w bazie wiedzy.' },
  });
  return announcement.id;
}

async function newKbCategory(ctx: FixtureContext): Promise<string> {
  const slug = ctx.unique('bench-cat');
  await ctx.api('POST', '/v1/staff/kb/categories', { as: ctx.staff, body: { slug, name: { pl: `Kategoria ${slug}`, en: `Category ${slug}` } } });
  return slug;
}

async function newKbArticle(ctx: FixtureContext): Promise<string> {
  const category = await ctx.once('kb-category', () => newKbCategory(ctx));
  const slug = ctx.unique('bench-art');
  await ctx.api('POST', '/v1/staff/kb/articles', {
    as: ctx.staff,
    body: { slug, category, title: 'Jak zmienić wersję PHP', body: 'W panelu klienta wybierz **Hosting → PHP**.', published: true },
  });
  return slug;
}

/** A ticket opened by a fresh customer, who is returned with it. */
async function newTicket(ctx: FixtureContext, attachmentIds: string[] = []) {
  const owner = ctx.newCustomer();
  const ticket = await ctx.api('POST', '/v1/tickets', {
    as: owner,
    body: {
      department: 'technical-support',
      priority: 'medium',
      subject: 'Strona pokazuje błąd 500',
      message: 'Dzień dobry, po zmianie wersji PHP strona nie działa.',
      ...(attachmentIds.length > 0 ? { attachmentIds } : {}),
    },
  });
  return { owner, number: ticket.number as string, version: ticket.version as number | undefined };
}

/** An attachment uploaded by `owner` and verified by the bucket event. */
async function newUpload(ctx: FixtureContext, owner: BenchUser): Promise<string> {
  const form = await ctx.api('POST', '/v1/uploads', { as: owner, body: { filename: 'zrzut.png', contentType: 'image/png', size: png.length } });
  await ctx.postForm(form, png, 'image/png');
  await ctx.settle();
  return form.uploadId;
}

async function newTicketWithAttachment(ctx: FixtureContext) {
  const owner = ctx.newCustomer();
  const uploadId = await newUpload(ctx, owner);
  const ticket = await ctx.api('POST', '/v1/tickets', {
    as: owner,
    body: { department: 'technical-support', subject: 'Zrzut ekranu błędu', message: 'W załączniku zrzut ekranu.', attachmentIds: [uploadId] },
  });
  await ctx.settle();
  return { owner, number: ticket.number as string, uploadId };
}

async function newDownloadCategory(ctx: FixtureContext): Promise<string> {
  const category = await ctx.api('POST', '/v1/staff/downloads/categories', { as: ctx.staff, body: { id: ctx.unique('bench-dl'), name: 'Narzędzia' } });
  return category.id;
}

const downloadFile = (bytes: Buffer) => ({ filename: 'narzedzie.zip', contentType: 'application/zip', size: bytes.length });

/** A file shared with everyone, uploaded and verified. */
async function newDownload(ctx: FixtureContext): Promise<string> {
  const category = await ctx.once('download-category', () => newDownloadCategory(ctx));
  const bytes = Buffer.from('PK\u0003\u0004 bench download');
  const created = await ctx.api('POST', '/v1/staff/downloads', {
    as: ctx.staff,
    body: { title: 'Narzędzie do migracji', category, visibility: { audience: 'everyone' }, file: downloadFile(bytes) },
  });
  await ctx.postForm(created.upload, bytes, 'application/zip');
  await ctx.settle();
  return created.id;
}

const http = (describe: string, prepare: (ctx: FixtureContext) => Promise<FirstHttpRequest>): FirstRequestFixture<FirstHttpRequest> => ({ describe, prepare });

/** Every route's first request; the type makes a route without one a compile error. */
export const firstHttpRequests: Record<RouteId, FirstRequestFixture<FirstHttpRequest>> = {
  // System and departments
  health: http('liveness with a table read', async () => ({})),
  openapi: http('the OpenAPI document', async () => ({})),
  me: http('a customer asks who they are', async (ctx) => ({ as: ctx.customer })),
  listDepartments: http('a guest lists departments', async () => ({})),
  staffListDepartments: http('staff list departments', async (ctx) => ({ as: ctx.staff })),
  createDepartment: http('an admin creates a department', async (ctx) => ({
    as: ctx.admin,
    body: { id: ctx.unique('bench-dept'), name: { pl: 'Kolokacja', en: 'Colocation' }, openToGuests: true },
  })),
  updateDepartment: http('an admin renames a department', async (ctx) => ({
    as: ctx.admin,
    params: { id: await newDepartment(ctx) },
    body: { name: { pl: 'Kolokacja i serwery', en: 'Colocation and servers' } },
  })),
  deleteDepartment: http('an admin deletes a department', async (ctx) => ({ as: ctx.admin, params: { id: await newDepartment(ctx) } })),

  // Server status
  listMyServices: http("a customer lists their services", async (ctx) => ({ as: ctx.customer })),
  replaceCustomerServices: http("an admin replaces a customer's services", async (ctx) => ({
    as: ctx.admin,
    params: { customerId: ctx.unique('bench-customer') },
    body: { services: [{ id: ctx.unique('svc'), name: 'Hosting Pro', product: 'shared-hosting' }] },
  })),
  staffListServers: http('staff list monitored servers', async (ctx) => ({ as: ctx.staff })),
  createServer: http('an admin adds an HTTP check', async (ctx) => ({
    as: ctx.admin,
    body: { name: ctx.unique('bench-srv'), group: 'Bench', check: { type: 'http', url: `${ctx.apiUrl}/_local/probe-target/bench` } },
  })),
  updateServer: http('an admin renames a server', async (ctx) => ({ as: ctx.admin, params: { id: await newServer(ctx) }, body: { name: ctx.unique('renamed') } })),
  deleteServer: http('an admin deletes a server', async (ctx) => ({ as: ctx.admin, params: { id: await newServer(ctx) } })),
  listServerChecks: http("staff read a server's check history", async (ctx) => ({ as: ctx.staff, params: { id: await ctx.once('server', () => newServer(ctx)) } })),
  createIncident: http('staff open an incident', async (ctx) => ({
    as: ctx.staff,
    body: { title: 'Awaria poczty', serverIds: [await ctx.once('server', () => newServer(ctx))], message: 'Badamy problem.' },
  })),
  updateIncident: http('staff retitle an incident', async (ctx) => ({ as: ctx.staff, params: { id: await newIncident(ctx) }, body: { title: 'Awaria poczty (Warszawa)' } })),
  addIncidentUpdate: http('staff add a timeline entry', async (ctx) => ({
    as: ctx.staff,
    params: { id: await newIncident(ctx) },
    body: { status: 'identified', message: 'Przyczyna znaleziona.' },
  })),
  staffListMaintenance: http('staff list maintenance windows', async (ctx) => ({ as: ctx.staff })),
  createMaintenance: http('staff plan maintenance', async (ctx) => ({
    as: ctx.staff,
    body: { title: 'Wymiana dysków', serverIds: [await ctx.once('server', () => newServer(ctx))], startsAt: hoursFromNow(48), endsAt: hoursFromNow(50) },
  })),
  updateMaintenance: http('staff cancel a maintenance window', async (ctx) => ({ as: ctx.staff, params: { id: await newMaintenance(ctx) }, body: { cancelled: true } })),
  statusPage: http('a guest opens the status page', async () => ({})),
  statusIncidentHistory: http('a guest reads the incident history', async () => ({})),

  // Announcements and knowledge base
  listAnnouncements: http('a guest lists announcements', async () => ({})),
  announcementFeed: http('a feed reader fetches the RSS', async () => ({})),
  getAnnouncement: http('a guest reads an announcement', async (ctx) => ({ params: { id: await ctx.once('announcement', () => newAnnouncement(ctx)) } })),
  staffListAnnouncements: http('staff list announcements', async (ctx) => ({ as: ctx.staff })),
  staffGetAnnouncement: http('staff open an announcement', async (ctx) => ({ as: ctx.staff, params: { id: await ctx.once('announcement', () => newAnnouncement(ctx)) } })),
  createAnnouncement: http('staff publish an announcement (Markdown rendered)', async (ctx) => ({
    as: ctx.staff,
    body: { title: 'Przerwa techniczna', body: 'W nocy z **soboty** na niedzielę [szczegóły](https://status.example.com).' },
  })),
  updateAnnouncement: http('staff edit an announcement', async (ctx) => ({
    as: ctx.staff,
    params: { id: await newAnnouncement(ctx) },
    body: { body: 'Zmieniona treść z *wyróżnieniem*.' },
  })),
  deleteAnnouncement: http('staff delete an announcement', async (ctx) => ({ as: ctx.staff, params: { id: await newAnnouncement(ctx) } })),
  listKbCategories: http('a guest lists knowledge-base categories', async () => ({})),
  getKbCategory: http('a guest opens a category', async (ctx) => ({ params: { slug: await ctx.once('kb-category', () => newKbCategory(ctx)) } })),
  getKbArticle: http('a guest reads an article (view counted)', async (ctx) => ({ params: { slug: await ctx.once('kb-article', () => newKbArticle(ctx)) } })),
  voteKbArticle: http('a guest votes on an article', async (ctx) => ({
    params: { slug: await ctx.once('kb-article', () => newKbArticle(ctx)) },
    body: { helpful: true },
    // A guest is their address and browser: each run is another visitor, who has not voted yet.
    headers: { 'user-agent': `Mozilla/5.0 (${ctx.unique('visitor')})` },
  })),
  searchKb: http('a guest searches (index loaded)', async () => ({ query: { q: 'faktura', lang: 'pl' } })),
  kbSuggestions: http('suggestions while writing a ticket', async () => ({
    query: { subject: 'Nie mogę zapłacić faktury', message: 'Płatność kartą jest odrzucana.' },
  })),
  staffListKbCategories: http('staff list categories', async (ctx) => ({ as: ctx.staff })),
  createKbCategory: http('staff create a category', async (ctx) => ({ as: ctx.staff, body: { slug: ctx.unique('bench-cat'), name: 'Serwery VPS' } })),
  updateKbCategory: http('staff rename a category', async (ctx) => ({ as: ctx.staff, params: { id: await newKbCategory(ctx) }, body: { name: 'Serwery dedykowane' } })),
  deleteKbCategory: http('staff delete an empty category', async (ctx) => ({ as: ctx.staff, params: { id: await newKbCategory(ctx) } })),
  staffListKbArticles: http('staff list articles', async (ctx) => ({ as: ctx.staff })),
  staffGetKbArticle: http('staff open an article', async (ctx) => ({ as: ctx.staff, params: { id: await ctx.once('kb-article', () => newKbArticle(ctx)) } })),
  createKbArticle: http('staff write an article (Markdown rendered)', async (ctx) => ({
    as: ctx.staff,
    body: {
      slug: ctx.unique('bench-art'),
      category: await ctx.once('kb-category', () => newKbCategory(ctx)),
      title: 'Konfiguracja rekordu SPF',
      body: '## SPF\n\nDodaj rekord `TXT` w strefie DNS:\n\n```\nv=spf1 include:_spf.example.com ~all\n```',
      published: true,
    },
  })),
  updateKbArticle: http('staff edit an article', async (ctx) => ({ as: ctx.staff, params: { id: await newKbArticle(ctx) }, body: { body: 'Nowa treść z **pogrubieniem**.' } })),
  deleteKbArticle: http('staff delete an article', async (ctx) => ({ as: ctx.staff, params: { id: await newKbArticle(ctx) } })),
  rebuildKbSearchIndex: http('an admin rebuilds the search index', async (ctx) => ({ as: ctx.admin })),

  // Tickets
  openTicket: http('a signed-in customer opens a ticket', async (ctx) => ({
    as: ctx.newCustomer(),
    body: { department: 'technical-support', priority: 'high', subject: 'Nie działa poczta', message: 'Od rana nie mogę wysłać żadnej wiadomości.' },
  })),
  staffListTickets: http('staff open the queue', async (ctx) => ({ as: ctx.staff })),
  staffGetTicket: http('staff open a ticket', async (ctx) => ({ as: ctx.staff, params: { number: (await newTicket(ctx)).number } })),
  staffUpdateTicket: http('staff raise the priority', async (ctx) => ({ as: ctx.staff, params: { number: (await newTicket(ctx)).number }, body: { version: 1, priority: 'high' } })),
  staffReplyToTicket: http('staff reply', async (ctx) => ({ as: ctx.staff, params: { number: (await newTicket(ctx)).number }, body: { message: 'Sprawdziliśmy konfigurację.' } })),
  staffAddTicketNote: http('staff add an internal note', async (ctx) => ({ as: ctx.staff, params: { number: (await newTicket(ctx)).number }, body: { message: 'Klient VIP.' } })),
  listTickets: http('a customer lists their tickets', async (ctx) => ({ as: (await newTicket(ctx)).owner })),
  getTicket: http('a customer opens their ticket', async (ctx) => {
    const { owner, number } = await newTicket(ctx);
    return { as: owner, params: { number } };
  }),
  replyToTicket: http('a customer replies', async (ctx) => {
    const { owner, number } = await newTicket(ctx);
    return { as: owner, params: { number }, body: { message: 'Nadal nie działa.' } };
  }),
  closeTicket: http('a customer closes their ticket', async (ctx) => {
    const { owner, number } = await newTicket(ctx);
    return { as: owner, params: { number } };
  }),
  updateTicketCc: http('a customer sets the CC list', async (ctx) => {
    const { owner, number } = await newTicket(ctx);
    return { as: owner, params: { number }, body: { emails: ['ksiegowosc@example.com'] } };
  }),

  // Attachments and downloads
  createUpload: http('a customer asks for an upload form (presigned POST)', async (ctx) => ({
    as: ctx.newCustomer(),
    body: { filename: 'zrzut.png', contentType: 'image/png', size: 2048 },
  })),
  getUpload: http('a customer checks an upload', async (ctx) => {
    const owner = ctx.newCustomer();
    return { as: owner, params: { uploadId: await newUpload(ctx, owner) } };
  }),
  ticketAttachmentLink: http('a customer gets an attachment link (presigned GET)', async (ctx) => {
    const { owner, number, uploadId } = await ctx.once('ticket-with-attachment', () => newTicketWithAttachment(ctx));
    return { as: owner, params: { number, attachmentId: uploadId } };
  }),
  staffTicketAttachmentLink: http('staff get an attachment link (presigned GET)', async (ctx) => {
    const { number, uploadId } = await ctx.once('ticket-with-attachment', () => newTicketWithAttachment(ctx));
    return { as: ctx.staff, params: { number, attachmentId: uploadId } };
  }),
  listDownloadCategories: http('a guest lists download categories', async () => ({})),
  listDownloads: http('a customer lists a category', async (ctx) => {
    await ctx.once('download', () => newDownload(ctx)); // so the category holds a file
    return { as: ctx.customer, query: { category: await ctx.once('download-category', () => newDownloadCategory(ctx)) } };
  }),
  createDownloadLink: http('a guest gets a download link (presigned GET, counted)', async (ctx) => ({ params: { id: await ctx.once('download', () => newDownload(ctx)) } })),
  staffListDownloadCategories: http('staff list download categories', async (ctx) => ({ as: ctx.staff })),
  createDownloadCategory: http('staff create a download category', async (ctx) => ({ as: ctx.staff, body: { id: ctx.unique('bench-dl'), name: 'Sterowniki' } })),
  updateDownloadCategory: http('staff rename a download category', async (ctx) => ({ as: ctx.staff, params: { id: await newDownloadCategory(ctx) }, body: { name: 'Programy' } })),
  deleteDownloadCategory: http('staff delete an empty download category', async (ctx) => ({ as: ctx.staff, params: { id: await newDownloadCategory(ctx) } })),
  staffListDownloads: http('staff list shared files', async (ctx) => ({ as: ctx.staff })),
  staffGetDownload: http('staff open a shared file', async (ctx) => ({ as: ctx.staff, params: { id: await ctx.once('download', () => newDownload(ctx)) } })),
  createDownload: http('staff share a file (presigned POST)', async (ctx) => ({
    as: ctx.staff,
    body: {
      title: 'Klient VPN',
      category: await ctx.once('download-category', () => newDownloadCategory(ctx)),
      visibility: { audience: 'signed-in' },
      file: downloadFile(Buffer.alloc(4096)),
    },
  })),
  updateDownload: http('staff replace a file (presigned POST)', async (ctx) => ({
    as: ctx.staff,
    params: { id: await newDownload(ctx) },
    body: { fileVersion: '2.0', file: downloadFile(Buffer.alloc(8192)) },
  })),
  deleteDownload: http('staff delete a shared file (and its object)', async (ctx) => ({ as: ctx.staff, params: { id: await newDownload(ctx) } })),
};

// ── Events of the stream consumers, bucket consumers and scheduled jobs ──

/** A table-stream record as Lambda delivers it (the local stream poller builds the same shape). */
function streamRecord(
  ctx: FixtureContext,
  eventName: 'INSERT' | 'MODIFY',
  images: { keys: Record<string, unknown>; newImage: Record<string, unknown>; oldImage?: Record<string, unknown> },
) {
  const sequenceNumber = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  return {
    eventID: ctx.unique('event'),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: ctx.region,
    eventSourceARN: `arn:aws:dynamodb:${ctx.region}:000000000000:table/support-desk/stream/bench`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: images.keys,
      NewImage: images.newImage,
      ...(images.oldImage ? { OldImage: images.oldImage } : {}),
      SequenceNumber: sequenceNumber,
      SizeBytes: JSON.stringify(images.newImage).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** An S3 ObjectCreated notification for one object, as S3 sends it. */
function objectCreated(ctx: FixtureContext, bucket: string, key: string, size: number) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: ctx.region,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:BENCH' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': ctx.unique('request'), 'x-amz-id-2': ctx.unique('id') },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'bench',
          bucket: { name: bucket, ownerIdentity: { principalId: 'BENCH' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key), size, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: Date.now().toString(16).toUpperCase() },
        },
      },
    ],
  };
}

/** The scheduled event EventBridge sends a job (the local scheduler sends the same). */
function scheduledEvent(ctx: FixtureContext, job: string) {
  return {
    version: '0',
    id: ctx.unique('event'),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: ctx.region,
    resources: [`arn:aws:events:${ctx.region}:000000000000:rule/${job}`],
    detail: {},
  };
}

const event = (describe: string, prepare: (ctx: FixtureContext) => Promise<unknown>): FirstRequestFixture<unknown> => ({ describe, prepare });

/** Servers checked this seldom are not due again during a benchmark run. */
const dailySeconds = 86_400;

/**
 * Leaves no server due for the next probe run: earlier fixtures' servers and the demo's check
 * every minute, which is every run, so each one is moved to a daily check and the local cloud's
 * job checks them once now. A second job run proves none is left due.
 */
async function leaveNoServerDue(ctx: FixtureContext): Promise<void> {
  const { items } = await ctx.api('GET', '/v1/staff/servers', { as: ctx.admin });
  for (const server of items as Array<{ id: string; intervalSeconds: number }>) {
    if (server.intervalSeconds >= dailySeconds) continue;
    await ctx.api('PATCH', `/v1/staff/servers/${server.id}`, { as: ctx.admin, body: { intervalSeconds: dailySeconds } });
  }
  await ctx.api('POST', '/_local/jobs/status-probe');
  const { result } = await ctx.api('POST', '/_local/jobs/status-probe');
  if (result.due !== 0) throw new Error(`${result.due} servers still due after a probe run: ${JSON.stringify(result)}`);
}

/** Keyed by consumer or job name (checked against the manifest by the benchmark). */
export const firstEvents: Record<string, FirstRequestFixture<unknown>> = {
  'kb-search-index': event('an article published: the index is rebuilt over every published article', async (ctx) => {
    const slug = await newKbArticle(ctx);
    await ctx.settle();
    const item = await ctx.rawItem({ pk: `KB#ARTICLE#${slug}`, sk: 'ARTICLE' });
    return { Records: [streamRecord(ctx, 'INSERT', { keys: { pk: item.pk, sk: item.sk }, newImage: item })] };
  }),
  'ticket-notifications': event("a staff reply: its e-mail to the customer is sent (a message id never e-mailed)", async (ctx) => {
    const { number } = await newTicket(ctx);
    await ctx.api('POST', `/v1/staff/tickets/${number}/replies`, { as: ctx.staff, body: { message: 'Problem rozwiązany, prosimy sprawdzić.' } });
    await ctx.settle();
    const messages = await ctx.rawItems(`TICKET#${number}`, 'MESSAGE#');
    const reply = messages.find((item) => (item.author as { M: { role: { S: string } } }).M.role.S === 'staff');
    if (!reply) throw new Error('the staff reply was not stored');
    // The local cloud has e-mailed this reply already; under a new message id the record is one
    // whose e-mail has not gone out, so the function does the whole job (claim, send, mark sent).
    const id = ctx.unique('m');
    const sk = (reply.sk as { S: string }).S.replace(/#[^#]+$/, `#${id}`);
    const image = { ...reply, sk: { S: sk }, id: { S: id } };
    return { Records: [streamRecord(ctx, 'INSERT', { keys: { pk: reply.pk, sk: { S: sk } }, newImage: image })] };
  }),
  'store-attachments': event('an upload attached to a new ticket: copied from pending/ to its permanent key', async (ctx) => {
    const { uploadId } = await newTicketWithAttachment(ctx);
    const stored = await ctx.rawItem({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' });
    // The record of the attach itself: the local cloud has stored the file since, so the images
    // are the item as it was then (still under pending/, available before, attached after).
    const attached = { ...stored, objectKey: { S: `pending/${uploadId}` } };
    const available = { ...attached, status: { S: 'available' }, ticketNumber: { NULL: true }, messageId: { NULL: true }, attachedAt: { NULL: true } };
    return { Records: [streamRecord(ctx, 'MODIFY', { keys: { pk: stored.pk, sk: stored.sk }, newImage: attached, oldImage: available })] };
  }),
  'verify-attachment-upload': event('ObjectCreated of an attachment (a repeated delivery: checks it, finds it verified)', async (ctx) => {
    const uploadId = await newUpload(ctx, ctx.newCustomer());
    return objectCreated(ctx, ctx.buckets.attachments, `pending/${uploadId}`, png.length);
  }),
  'verify-download-upload': event('ObjectCreated of a shared file (a repeated delivery: finds it stored, deletes the stray copy)', async (ctx) => {
    const category = await ctx.once('download-category', () => newDownloadCategory(ctx));
    const bytes = Buffer.from('PK\u0003\u0004 bench download');
    const created = await ctx.api('POST', '/v1/staff/downloads', {
      as: ctx.staff,
      body: { title: 'Sterownik', category, visibility: { audience: 'everyone' }, file: downloadFile(bytes) },
    });
    await ctx.postForm(created.upload, bytes, 'application/zip');
    await ctx.settle();
    return objectCreated(ctx, ctx.buckets.downloads, created.upload.fields.key, bytes.length);
  }),
  'status-probe': event('a probe run with one new server due (every other one checked daily, last just before)', async (ctx) => {
    await leaveNoServerDue(ctx);
    await newServer(ctx);
    return scheduledEvent(ctx, 'status-probe');
  }),
  'auto-close': event('an auto-close run', async (ctx) => scheduledEvent(ctx, 'auto-close')),
};
