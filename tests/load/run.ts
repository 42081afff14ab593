/**
 * `npm run load`: a bounded mixed workload against an ephemeral local cloud started in its own
 * process (as `npm start -- --ephemeral` does), then an audit. Customers open tickets, reply,
 * list and read their tickets; staff reply and read the queue; anyone reads the status page and
 * the knowledge base; a fixed number of concurrent clients, for LOAD_SECONDS (default 120).
 *
 * Afterwards, once every stream record is handled: no 5xx (nor any status outside the expected
 * ones), and every ticket, reply and notification accounted for: the tickets and messages in the
 * table (read straight from DynamoDB Local) and the e-mails in the SES store match, ticket by
 * ticket, what the generator recorded as successful; nothing in the failure destination. Prints
 * a summary; exits 1 on any mismatch.
 *
 * A hand-rolled client rather than autocannon: every request depends on earlier answers (a reply
 * needs a ticket the caller owns, with the owner's token) and the audit needs to know exactly
 * which requests succeeded, while autocannon replays fixed requests and reports one latency
 * distribution for all of them.
 *
 * Environment: LOAD_SECONDS (default 120), LOAD_CONCURRENCY (default 16), LOG_LEVEL of the local
 * cloud (default error).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';

const durationSeconds = Number(process.env.LOAD_SECONDS ?? 120);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 16);
if (!(durationSeconds > 0) || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('LOAD_SECONDS must be a positive number and LOAD_CONCURRENCY a positive integer');
  process.exit(2);
}
/** The product's default: tickets a signed-in customer may open per hour (shared/config.ts). */
const OPENS_PER_CUSTOMER = 20;
const REQUEST_TIMEOUT_MS = 30_000;

type Kind = 'open' | 'reply' | 'list' | 'page' | 'staffReply' | 'staffQueue' | 'status' | 'kb';
/** How often each kind is drawn, relative to the others. */
const weights: Record<Kind, number> = { open: 15, reply: 15, list: 15, page: 10, staffReply: 10, staffQueue: 5, status: 15, kb: 15 };
/** Statuses a request may answer without anything being wrong (409: a reply that lost four version races in a row). */
const expectedStatuses: Record<Kind, number[]> = {
  open: [201],
  reply: [201, 409],
  list: [200],
  page: [200],
  staffReply: [201, 409],
  staffQueue: [200],
  status: [200],
  kb: [200],
};

interface Customer {
  email: string;
  token: string;
  opens: number;
  tickets: string[];
}

interface TicketRecord {
  owner: Customer;
  customerReplies: number;
  staffReplies: number;
}

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function tokenFor(sub: string, email: string, groups: string[] = []): Promise<string> {
  const response = await call('POST', '/_local/token', { body: { sub, email, name: `Load ${sub}`, groups } });
  if (response.status !== 200) throw new Error(`Could not mint a token: ${response.status}`);
  return response.body.token;
}

/** POST /_local/settle without a client timeout: the e-mail backlog of a long run takes a while. */
function settle(): Promise<void> {
  return new Promise((resolveSettle, reject) => {
    const pending = httpRequest(`${apiUrl}/_local/settle`, { method: 'POST' }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolveSettle() : reject(new Error(`settle answered ${response.statusCode}`))));
    });
    pending.on('error', reject);
    pending.end();
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

async function run(): Promise<number> {
  const runId = Date.now().toString(36);
  const info = (await call('GET', '/_local/info')).body as { sesUrl: string; dynamodbUrl: string; tableName: string };
  const admin = await tokenFor(`load-admin-${runId}`, `load-admin-${runId}@example.com`, ['staff', 'admin']);
  const staff = await tokenFor(`load-staff-${runId}`, `load-staff-${runId}@example.com`, ['staff']);
  const department = { id: `load-${runId}`, email: `load-desk-${runId}@hosting.example` };
  const created = await call('POST', '/v1/staff/departments', { token: admin, body: { id: department.id, name: 'Load test', email: department.email } });
  if (created.status !== 201) throw new Error(`Could not create the department: ${created.status} ${JSON.stringify(created.body)}`);
  const categories = ((await call('GET', '/v1/kb/categories')).body.items as Array<{ slug: string }>).map((category) => category.slug);
  const articles: string[] = [];
  for (const slug of categories) articles.push(...((await call('GET', `/v1/kb/categories/${slug}`)).body.items as Array<{ slug: string }>).map((article) => article.slug));
  const searches = ['wordpress', 'php', 'ftp', 'mysql', 'dns', 'faktura', 'ssl'];

  const customers: Customer[] = [];
  const tickets = new Map<string, TicketRecord>();
  const ticketNumbers: string[] = [];
  let reservedCustomer: Promise<Customer> | undefined;
  let reservedOpens = 0;

  /** A customer with an opening to spare under the hourly limit; a new one once the last is used up. */
  function customerForOpening(): Promise<Customer> {
    if (!reservedCustomer || reservedOpens >= OPENS_PER_CUSTOMER) {
      const sub = `load-customer-${runId}-${customers.length + 1}`;
      const email = `${sub}@example.com`;
      reservedCustomer = tokenFor(sub, email).then((token) => {
        const customer = { email, token, opens: 0, tickets: [] };
        customers.push(customer);
        return customer;
      });
      reservedOpens = 0;
    }
    reservedOpens += 1;
    return reservedCustomer;
  }

  const latencies = new Map<Kind, number[]>(Object.keys(weights).map((kind) => [kind as Kind, []]));
  const statuses = new Map<Kind, Map<number | 'network', number>>(Object.keys(weights).map((kind) => [kind as Kind, new Map()]));
  const totalWeight = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const drawKind = (): Kind => {
    let ticket = Math.random() * totalWeight;
    for (const [kind, weight] of Object.entries(weights) as Array<[Kind, number]>) {
      ticket -= weight;
      if (ticket < 0) return kind;
    }
    return 'status';
  };

  async function perform(drawn: Kind): Promise<void> {
    // Ticket work needs a ticket first.
    const kind: Kind = ticketNumbers.length === 0 && ['reply', 'list', 'page', 'staffReply'].includes(drawn) ? 'open' : drawn;
    const number = pick(ticketNumbers);
    const ticket = number === undefined ? undefined : tickets.get(number);
    const customer = kind === 'open' ? await customerForOpening() : undefined;
    const started = performance.now();
    let status: number | 'network';
    try {
      const response = await (async () => {
        switch (kind) {
          case 'open':
            return call('POST', '/v1/tickets', {
              token: customer!.token,
              body: { department: department.id, subject: `Load ${customer!.opens + 1}`, message: 'The site answers 502 since this morning.' },
            });
          case 'reply':
            return call('POST', `/v1/tickets/${number}/replies`, { token: ticket!.owner.token, body: { message: 'Still broken, please check again.' } });
          case 'list':
            return call('GET', '/v1/tickets?limit=20', { token: ticket!.owner.token });
          case 'page':
            return call('GET', `/v1/tickets/${number}`, { token: ticket!.owner.token });
          case 'staffReply':
            return call('POST', `/v1/staff/tickets/${number}/replies`, { token: staff, body: { message: 'We are on it.' } });
          case 'staffQueue':
            return call('GET', `/v1/staff/tickets?department=${department.id}&status=active&limit=50`, { token: staff });
          case 'status':
            return call('GET', '/v1/status');
          case 'kb': {
            const choice = Math.random();
            if (choice < 0.3) return call('GET', '/v1/kb/categories');
            if (choice < 0.6) return call('GET', `/v1/kb/search?q=${pick(searches)}`);
            return call('GET', `/v1/kb/articles/${pick(articles)}`);
          }
        }
      })();
      status = response.status;
      if (kind === 'open' && status === 201) {
        customer!.opens += 1;
        customer!.tickets.push(response.body.number);
        tickets.set(response.body.number, { owner: customer!, customerReplies: 0, staffReplies: 0 });
        ticketNumbers.push(response.body.number);
      }
      if (kind === 'reply' && status === 201) ticket!.customerReplies += 1;
      if (kind === 'staffReply' && status === 201) ticket!.staffReplies += 1;
    } catch {
      status = 'network';
    }
    latencies.get(kind)!.push(performance.now() - started);
    const byStatus = statuses.get(kind)!;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  console.log(`Load: ${concurrency} concurrent clients for ${durationSeconds} s against ${apiUrl}`);
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await perform(drawKind());
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const settleStarted = performance.now();
  await settle();
  const settleSeconds = (performance.now() - settleStarted) / 1000;

  // The summary of the workload.
  const problems: string[] = [];
  let requests = 0;
  const errorsByStatus = new Map<string, number>();
  console.log(`\n${'kind'.padEnd(11)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  statuses`);
  for (const kind of Object.keys(weights) as Kind[]) {
    const sorted = latencies.get(kind)!.sort((a, b) => a - b);
    requests += sorted.length;
    const byStatus = [...statuses.get(kind)!.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
    for (const [status, count] of byStatus) {
      if (status === 'network' || status >= 400) errorsByStatus.set(String(status), (errorsByStatus.get(String(status)) ?? 0) + count);
      if (!expectedStatuses[kind].includes(status as number)) problems.push(`${kind}: ${count} × ${status}`);
    }
    console.log(
      `${kind.padEnd(11)} ${String(sorted.length).padStart(8)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)}  ` +
        byStatus.map(([status, count]) => `${status}: ${count}`).join(', '),
    );
  }
  console.log(`\n${requests} requests in ${elapsedSeconds.toFixed(1)} s: ${(requests / elapsedSeconds).toFixed(1)} requests/s; stream settled ${settleSeconds.toFixed(1)} s later`);
  console.log(`errors by status: ${errorsByStatus.size === 0 ? 'none' : [...errorsByStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(', ')}`);

  // The audit: the table and the SES store against what the generator recorded.
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: info.dynamodbUrl, region: 'eu-central-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }),
  );
  const stored = new Map<string, { departmentId?: string; customerMessages: number; staffMessages: number }>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.send(
      new ScanCommand({
        TableName: info.tableName,
        FilterExpression: 'begins_with(pk, :tickets) AND (entity = :ticket OR entity = :message)',
        ExpressionAttributeValues: { ':tickets': 'TICKET#', ':ticket': 'ticket', ':message': 'ticketMessage' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const number = String(item.pk).slice('TICKET#'.length);
      const entry = stored.get(number) ?? { customerMessages: 0, staffMessages: 0 };
      if (item.entity === 'ticket') entry.departmentId = item.departmentId;
      else if (item.author?.role === 'staff') entry.staffMessages += 1;
      else entry.customerMessages += 1;
      stored.set(number, entry);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  table.destroy();

  const emails = ((await (await fetch(`${info.sesUrl}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> }).emails;
  const emailCount = new Map<string, number>();
  for (const email of emails) {
    const number = /^\[#([^\]]+)\]/.exec(email.subject)?.[1];
    if (number === undefined) continue;
    for (const to of email.destination.to) emailCount.set(`${number} ${to}`, (emailCount.get(`${number} ${to}`) ?? 0) + 1);
  }

  let expectedMessages = 0;
  let expectedEmails = 0;
  let foundMessages = 0;
  let foundEmails = 0;
  for (const [number, record] of tickets) {
    const found = stored.get(number);
    const ownerEmails = emailCount.get(`${number} ${record.owner.email}`) ?? 0;
    const departmentEmails = emailCount.get(`${number} ${department.email}`) ?? 0;
    expectedMessages += 1 + record.customerReplies + record.staffReplies;
    expectedEmails += 2 + record.customerReplies + record.staffReplies;
    foundMessages += (found?.customerMessages ?? 0) + (found?.staffMessages ?? 0);
    foundEmails += ownerEmails + departmentEmails;
    if (found?.departmentId !== department.id) problems.push(`ticket ${number}: not in the table`);
    if (found && found.customerMessages !== 1 + record.customerReplies) problems.push(`ticket ${number}: ${found.customerMessages} customer messages stored, ${1 + record.customerReplies} recorded`);
    if (found && found.staffMessages !== record.staffReplies) problems.push(`ticket ${number}: ${found.staffMessages} staff replies stored, ${record.staffReplies} recorded`);
    if (ownerEmails !== 1 + record.staffReplies) problems.push(`ticket ${number}: ${ownerEmails} e-mails to the owner, ${1 + record.staffReplies} expected`);
    if (departmentEmails !== 1 + record.customerReplies) problems.push(`ticket ${number}: ${departmentEmails} e-mails to the department, ${1 + record.customerReplies} expected`);
  }
  const unrecorded = [...stored.entries()].filter(([number, entry]) => entry.departmentId === department.id && !tickets.has(number));
  for (const [number] of unrecorded) problems.push(`ticket ${number}: in the table but never answered 201`);
  const failures = (await call('GET', '/_local/failures')).body.items as unknown[];
  if (failures.length > 0) problems.push(`${failures.length} batches or events in the failure destination`);

  const customerReplies = [...tickets.values()].reduce((sum, record) => sum + record.customerReplies, 0);
  const staffReplies = [...tickets.values()].reduce((sum, record) => sum + record.staffReplies, 0);
  console.log(
    `\naudit: ${tickets.size} tickets opened by ${customers.length} customers, ${customerReplies} customer and ${staffReplies} staff replies recorded; ` +
      `messages ${foundMessages}/${expectedMessages} in the table, e-mails ${foundEmails}/${expectedEmails} in the SES store, ` +
      `${unrecorded.length} unrecorded tickets, ${failures.length} failures`,
  );
  if (problems.length > 0) {
    console.log(`\nFAILED: ${problems.length} problems\n  ${problems.slice(0, 30).join('\n  ')}${problems.length > 30 ? '\n  …' : ''}`);
    return 1;
  }
  console.log('\nPASSED: no 5xx, every ticket, reply and e-mail accounted for');
  return 0;
}

// The local cloud, in a process of its own.
const root = resolve(import.meta.dirname, '../..');
const cloud = spawn(resolve(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'infra/local/main.ts', '--ephemeral', '--quiet', '--manual-jobs'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  // Warnings such as a redrawn ticket number are expected under load; errors still show.
  env: { ...process.env, PORT: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
});
const stopCloud = () => {
  if (cloud.exitCode === null) cloud.kill('SIGTERM');
};
process.on('SIGINT', () => {
  stopCloud();
  process.exit(130);
});

const apiUrl = await new Promise<string>((resolveUrl, reject) => {
  let output = '';
  const timer = setTimeout(() => reject(new Error(`The local cloud did not start in 60 s:\n${output}`)), 60_000);
  cloud.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /^API: (http:\/\/\S+)$/m.exec(output);
    if (match?.[1]) {
      clearTimeout(timer);
      resolveUrl(match[1]);
    }
  });
  cloud.once('exit', (code) => reject(new Error(`The local cloud exited with ${code}:\n${output}`)));
});

let exitCode = 1;
try {
  exitCode = await run();
} finally {
  const exited = new Promise((resolveExit) => cloud.once('exit', resolveExit));
  stopCloud();
  await exited;
}
process.exit(exitCode);
