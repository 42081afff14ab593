/**
 * Tickets at scale. Two customers' tickets are written in this process through
 * ticketRepository.create (the same items, index entries and first messages as opening a ticket
 * writes) against the local cloud's table: one customer with 10 tickets, one with 10,000. Then
 * p50/p99 and requests/s, each series over at least 10 s of sequential requests:
 * - GET /v1/tickets (a page of 20) taking turns with the raw DynamoDB Local Query that page rests
 *   on (same index and key, sent straight to the endpoint /_local/info names): the floor;
 * - GET /v1/tickets for the customer with 10 tickets taking turns with the one with 10,000, at
 *   the same page size (10), so only the length of the list differs;
 * - POST /v1/tickets/{number}/replies, round-robin over 200 of the large customer's tickets.
 * Targets: list p50 within 2× the raw Query's; 10,000 tickets within 1.2× of 10.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredMessage, StoredTicket } from '../../../shared/domain/tickets.ts';
import { percentile, type BenchSuite } from '../harness.ts';

const MEASURE_MS = 10_000;
const PAGE = 20;
/** Replies go round-robin to this many tickets, so each history stays the size of a real one. */
const REPLY_TICKETS = 200;
const SEED_CONCURRENCY = 25;

interface Timing {
  /** Sorted milliseconds. */
  samples: number[];
  /** Samples ÷ the time spent in them: the throughput of one sequential client. */
  perSecond: number;
}

/**
 * Calls the given functions in turn (a, b, a, b…), after `warmup` untimed rounds, until each has
 * spent at least `durationMs` in its calls. Taking turns puts every series under the same load
 * (the stream poller, other processes on the machine), so their ratio is a fair one.
 */
async function timeInTurns(durationMs: number, warmup: number, calls: Array<(i: number) => Promise<void>>): Promise<Timing[]> {
  for (let i = 0; i < warmup; i += 1) for (const call of calls) await call(i);
  const samples = calls.map(() => [] as number[]);
  const spent = calls.map(() => 0);
  for (let i = warmup; spent.some((total) => total < durationMs); i += 1) {
    for (const [index, call] of calls.entries()) {
      const before = performance.now();
      await call(i);
      const elapsed = performance.now() - before;
      samples[index]!.push(elapsed);
      spent[index]! += elapsed;
    }
  }
  return samples.map((series, index) => ({ samples: series.sort((a, b) => a - b), perSecond: series.length / (spent[index]! / 1000) }));
}

async function expectStatus(response: Response, status: number): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

export const ticketsSuite: BenchSuite = {
  name: 'tickets',
  async run({ cloud, record }) {
    // Imported now: the local cloud has set the environment the shared modules read.
    const ticketRepository = await import('../../../shared/data/ticketRepository.ts');
    const { createDepartment } = await import('../../../shared/useCases/departments.ts');
    const settle = () => fetch(`${cloud.apiUrl}/_local/settle`, { method: 'POST' }).then((response) => response.arrayBuffer());

    // No department address: the replies measured below send no department e-mail.
    const department = await createDepartment({ id: 'bench-tickets', name: { pl: 'Wsparcie (bench)', en: 'Support (bench)' } });

    const customers = {
      small: { id: 'bench-customer-10', tickets: 10 },
      large: { id: 'bench-customer-10000', tickets: 10_000 },
    };
    const startedAt = Date.now() - 20 * 86_400_000;

    function ticketOf(customerId: string, label: string, index: number): { ticket: StoredTicket; message: StoredMessage } {
      const at = new Date(startedAt + index * 60_000).toISOString();
      const number = `${label}-${String(index).padStart(5, '0')}`;
      const owner = { kind: 'customer' as const, customerId, name: `Bench ${label}`, email: `${customerId}@example.com` };
      const ticket: StoredTicket = {
        number,
        subject: `Zgłoszenie testowe ${index}: strona nie działa po zmianie wersji PHP`,
        departmentId: department.id,
        status: (['open', 'answered', 'customer_reply', 'closed'] as const)[index % 4]!,
        priority: (['low', 'medium', 'high'] as const)[index % 3]!,
        serviceId: null,
        owner,
        language: 'pl',
        cc: [],
        assignee: null,
        createdAt: at,
        updatedAt: at,
        lastActivityAt: at,
        lastReplyAt: at,
        lastReply: { authorName: owner.name, role: 'customer', at },
        closedAt: null,
        closedBy: null,
        messageCount: 1,
        version: 1,
      };
      const message: StoredMessage = {
        id: `m${number}`,
        ticketNumber: number,
        kind: 'message',
        author: { id: customerId, name: owner.name, role: 'customer' },
        body: 'Dzień dobry, po zmianie wersji PHP strona pokazuje błąd 500. Proszę o pomoc.',
        attachments: [],
        createdAt: at,
        opensTicket: true,
      };
      return { ticket, message };
    }

    const seeding = performance.now();
    for (const [label, customer] of Object.entries(customers)) {
      for (let start = 0; start < customer.tickets; start += SEED_CONCURRENCY) {
        const batch = Array.from({ length: Math.min(SEED_CONCURRENCY, customer.tickets - start) }, (_, i) => ticketOf(customer.id, label, start + i));
        await Promise.all(batch.map(({ ticket, message }) => ticketRepository.create(ticket, message, [])));
      }
    }
    record({ name: `seed ${customers.small.tickets + customers.large.tickets} tickets (repository, ${SEED_CONCURRENCY} at a time)`, value: (performance.now() - seeding) / 1000, unit: 's' });
    // The opening e-mails of the seeded tickets go out now, not during the measurements.
    const settling = performance.now();
    await settle();
    record({ name: 'stream settled after seeding (opening e-mails)', value: (performance.now() - settling) / 1000, unit: 's' });

    const tokenOf = async (customerId: string) => {
      const response = await fetch(`${cloud.apiUrl}/_local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: customerId, email: `${customerId}@example.com`, name: `Bench ${customerId}` }),
      });
      return ((await expectStatus(response, 200)) as { token: string }).token;
    };
    const tokens = { small: await tokenOf(customers.small.id), large: await tokenOf(customers.large.id) };

    const listPage = async (token: string, limit: number) =>
      (await expectStatus(await fetch(`${cloud.apiUrl}/v1/tickets?limit=${limit}`, { headers: { authorization: `Bearer ${token}` } }), 200)) as {
        items: Array<{ number: string }>;
      };

    // The floor: the Query listForCustomer makes (shared/data/ticketRepository.ts: index gsi1, the
    // customer's list partition, newest first), sent straight to DynamoDB Local. It must return
    // the very page the API returns, or the comparison would be meaningless.
    const info = (await (await fetch(`${cloud.apiUrl}/_local/info`)).json()) as { dynamodbUrl: string; tableName: string };
    const raw = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: info.dynamodbUrl, region: 'eu-central-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } }),
    );
    const rawQuery = (customerId: string) =>
      raw.send(
        new QueryCommand({
          TableName: info.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}#TICKETS` },
          ScanIndexForward: false,
          Limit: PAGE,
        }),
      );
    const apiPage = (await listPage(tokens.large, PAGE)).items.map((ticket) => ticket.number);
    const rawPage = ((await rawQuery(customers.large.id)).Items ?? []).map((item) => item.number as string);
    if (apiPage.length !== PAGE || JSON.stringify(apiPage) !== JSON.stringify(rawPage)) {
      throw new Error(`the raw Query does not return the API's page: ${JSON.stringify({ apiPage, rawPage })}`);
    }

    const [rawQueryTiming, listTiming] = await timeInTurns(MEASURE_MS, 100, [
      async () => void (await rawQuery(customers.large.id)),
      async () => void (await listPage(tokens.large, PAGE)),
    ]);
    // The same page size for both (the small customer's whole list), so only the list's length differs.
    const [smallListTiming, largeListTiming] = await timeInTurns(MEASURE_MS, 100, [
      async () => void (await listPage(tokens.small, customers.small.tickets)),
      async () => void (await listPage(tokens.large, customers.small.tickets)),
    ]);

    const replyTargets = Array.from({ length: REPLY_TICKETS }, (_, i) => `large-${String(customers.large.tickets - 1 - i).padStart(5, '0')}`);
    const replyTo = async (i: number) => {
      const response = await fetch(`${cloud.apiUrl}/v1/tickets/${replyTargets[i % REPLY_TICKETS]}/replies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.large}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: `Odpowiedź numer ${i}: nadal widzę błąd 500 na stronie głównej.` }),
      });
      await expectStatus(response, 201);
    };
    const [replyTiming] = await timeInTurns(MEASURE_MS, 20, [replyTo]);
    await settle();

    const report = (name: string, timing: Timing) => {
      record({ name: `${name} p50`, value: percentile(timing.samples, 50), unit: 'ms' });
      record({ name: `${name} p99`, value: percentile(timing.samples, 99), unit: 'ms' });
      record({ name: `${name} requests/s (1 sequential client, ≥10 s)`, value: timing.perSecond, unit: 'req/s' });
    };
    report(`raw DynamoDB Query, page of ${PAGE} (customer with 10,000 tickets)`, rawQueryTiming!);
    report(`GET /v1/tickets, page of ${PAGE} (customer with 10,000 tickets)`, listTiming!);
    report('GET /v1/tickets, page of 10 (customer with 10 tickets)', smallListTiming!);
    report('GET /v1/tickets, page of 10 (customer with 10,000 tickets)', largeListTiming!);
    report(`POST /v1/tickets/{number}/replies (round-robin over ${REPLY_TICKETS} tickets)`, replyTiming!);

    const p50 = (timing: Timing) => percentile(timing.samples, 50);
    // As percentages: the report prints whole numbers for every unit but ms.
    record({ name: 'list p50 as % of raw Query p50 (page of 20, 10,000 tickets)', value: (100 * p50(listTiming!)) / p50(rawQueryTiming!), unit: '%', target: { max: 200 } });
    record({ name: 'list p50, 10,000 tickets as % of 10 tickets (page of 10)', value: (100 * p50(largeListTiming!)) / p50(smallListTiming!), unit: '%', target: { max: 120 } });
  },
};
