/**
 * Fault injection (local cloud only, never deployed). The functions reach DynamoDB, S3 and SES
 * through small HTTP proxies that pass every request through untouched, until a test arms a
 * fault with `POST /_local/faults {service, operation?, error, count?}`: the next `count`
 * requests of that operation are then answered by the proxy itself with the error AWS sends, in
 * that service's wire format (JSON 1.0, Query XML, REST XML). The functions' real SDK clients
 * parse, classify and retry those answers exactly as they would in AWS, so a test sees what the
 * SDK's own retries absorb and what reaches the product's error handling.
 *
 * Only the functions go through the proxies: the stream poller, the seed's table set-up and the
 * tests' own emulator clients (GET /_local/info) reach the emulators directly.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';

export type FaultService = 'dynamodb' | 's3' | 'ses';

/** Why a transaction is cancelled: it lost a conditional-check race, or ran into another transaction. */
type CancellationReason = 'ConditionalCheckFailed' | 'TransactionConflict';

interface ErrorSpec {
  status: number;
  message: string;
}

/** The errors a test may inject, per service: what AWS answers when it throttles or loses a race. */
const catalog: Record<FaultService, Record<string, ErrorSpec>> = {
  dynamodb: {
    ProvisionedThroughputExceededException: {
      status: 400,
      message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    },
    ThrottlingException: { status: 400, message: 'Rate of requests exceeds the allowed throughput.' },
    ConditionalCheckFailedException: { status: 400, message: 'The conditional request failed' },
    TransactionCanceledException: { status: 400, message: 'Transaction cancelled, please refer cancellation reasons for specific reasons' },
  },
  s3: {
    NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
  },
  ses: {
    Throttling: { status: 400, message: 'Maximum sending rate exceeded.' },
  },
};

export interface Fault {
  service: FaultService;
  /** The API operation (`TransactWriteItems`, `HeadObject`, `SendEmail`…); any operation of the service when absent. */
  operation?: string;
  error: string;
  /** How many matching requests fail. */
  count: number;
  /** TransactionCanceledException only: the reason given for the item at `item` (the others: None). */
  reason?: CancellationReason;
  item?: number;
}

interface ArmedFault extends Fault {
  remaining: number;
  injected: number;
}

export type FaultRequestResult = { status: 200 | 201; body: unknown } | { status: 204 } | { status: 400; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a `POST /_local/faults` body; returns the fault or what is wrong with it. */
export function parseFault(body: unknown): Fault | string {
  if (!isRecord(body)) return 'Body must be {service, operation?, error, count?}';
  const allowed = new Set(['service', 'operation', 'error', 'count', 'reason', 'item']);
  const unknown = Object.keys(body).filter((name) => !allowed.has(name));
  if (unknown.length > 0) return `Unknown fields: ${unknown.join(', ')}`;
  const { service, operation, error, count = 1, reason, item } = body;
  if (typeof service !== 'string' || !(service in catalog)) return `service must be one of ${Object.keys(catalog).join(', ')}`;
  const errors = catalog[service as FaultService];
  if (typeof error !== 'string' || !(error in errors)) return `error for ${service} must be one of ${Object.keys(errors).join(', ')}`;
  if (operation !== undefined && (typeof operation !== 'string' || !/^[A-Za-z]{1,64}$/.test(operation))) return 'operation must be an operation name';
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000) return 'count must be an integer from 1 to 10000';
  const fault: Fault = { service: service as FaultService, error, count, ...(operation !== undefined ? { operation: operation as string } : {}) };
  if (error !== 'TransactionCanceledException') {
    return reason === undefined && item === undefined ? fault : 'reason and item are for TransactionCanceledException';
  }
  if (operation !== 'TransactWriteItems' && operation !== 'TransactGetItems') return 'TransactionCanceledException needs operation TransactWriteItems or TransactGetItems';
  if (reason !== undefined && reason !== 'ConditionalCheckFailed' && reason !== 'TransactionConflict') return 'reason must be ConditionalCheckFailed or TransactionConflict';
  if (item !== undefined && (typeof item !== 'number' || !Number.isInteger(item) || item < 0 || item > 99)) return 'item must be the index of an item of the transaction';
  return { ...fault, reason: (reason as CancellationReason | undefined) ?? 'ConditionalCheckFailed', item: (item as number | undefined) ?? 0 };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An S3 REST request's operation, from its method, path and headers (path-style addressing). */
function s3Operation(request: IncomingMessage): string {
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  const hasKey = path.split('/').filter(Boolean).length > 1;
  const method = request.method ?? 'GET';
  if (!hasKey) return method === 'POST' ? 'PostObject' : `${method}Bucket`;
  if (method === 'PUT') return request.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
  return { HEAD: 'HeadObject', GET: 'GetObject', DELETE: 'DeleteObject' }[method] ?? `${method}Object`;
}

/** The operation a request calls, and its body when reading the operation needed it. */
async function operationOf(service: FaultService, request: IncomingMessage): Promise<{ operation: string; body?: Buffer }> {
  if (service === 'dynamodb') return { operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '' };
  if (service === 's3') return { operation: s3Operation(request) };
  // SES v1 is the Query protocol: the operation is the form body's Action.
  const body = await readBody(request);
  return { operation: new URLSearchParams(body.toString('utf8')).get('Action') ?? '', body };
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answers as the service would: its status, content type, request-id header and error body. */
function answerWithError(service: FaultService, fault: ArmedFault, request: IncomingMessage, body: Buffer, response: ServerResponse) {
  const spec = catalog[service][fault.error]!;
  const requestId = randomUUID();
  if (service === 'dynamodb') {
    const payload: Record<string, unknown> = { __type: `com.amazonaws.dynamodb.v20120810#${fault.error}`, message: spec.message };
    if (fault.error === 'TransactionCanceledException') {
      const items = (JSON.parse(body.toString('utf8') || '{}') as { TransactItems?: unknown[] }).TransactItems ?? [];
      const reasons = items.map((_, index) =>
        index === fault.item ? { Code: fault.reason, Message: fault.reason === 'ConditionalCheckFailed' ? 'The conditional request failed' : 'Transaction is ongoing for the item' } : { Code: 'None' },
      );
      Object.assign(payload, { Message: `${spec.message} [${reasons.map((reason) => reason.Code).join(', ')}]`, CancellationReasons: reasons });
    }
    response.writeHead(spec.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId });
    response.end(JSON.stringify(payload));
    return;
  }
  if (service === 's3') {
    response.writeHead(spec.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    // A HEAD answer has no body: the SDK reads the error from the status alone.
    const key = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname.split('/').slice(2).join('/'));
    response.end(
      request.method === 'HEAD'
        ? undefined
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.error}</Code><Message>${xmlEscape(spec.message)}</Message><Key>${xmlEscape(key)}</Key><RequestId>${requestId}</RequestId></Error>`,
    );
    return;
  }
  response.writeHead(spec.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${fault.error}</Code>` +
      `<Message>${xmlEscape(spec.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

export function createFaultInjection(log: (line: string) => void) {
  let armed: ArmedFault[] = [];

  /** The armed fault this request triggers, if any, counted as injected. */
  function take(service: FaultService, operation: string): ArmedFault | undefined {
    const fault = armed.find(
      (candidate) =>
        candidate.service === service && candidate.remaining > 0 && (candidate.operation === undefined || candidate.operation === operation),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.injected += 1;
    log(`[faults] ${service} ${operation}: injected ${fault.error} (${fault.remaining} left)`);
    return fault;
  }

  return {
    /** Starts a pass-through proxy for `service` in front of `upstream`; its endpoint is what the functions use. */
    async startProxy(service: FaultService, upstream: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
      const target = new URL(upstream);
      const agent = new Agent({ keepAlive: true });
      const server = createServer((request, response) => {
        void (async () => {
          const { operation, body } = await operationOf(service, request);
          const fault = take(service, operation);
          if (fault) {
            answerWithError(service, fault, request, body ?? (await readBody(request)), response);
            return;
          }
          // The client was already told to go on (Node answers `Expect: 100-continue` itself).
          const { expect: _expect, ...headers } = request.headers;
          const upstreamRequest = forward(
            { host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent },
            (upstreamResponse) => {
              response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
              upstreamResponse.pipe(response);
            },
          );
          upstreamRequest.on('error', (error) => {
            if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
            response.end(`Fault proxy could not reach ${service}: ${error.message}`);
          });
          response.on('close', () => {
            if (!response.writableFinished) upstreamRequest.destroy();
          });
          if (body) upstreamRequest.end(body);
          else request.pipe(upstreamRequest);
        })().catch((error: unknown) => {
          log(`[faults] ${service} proxy failed: ${String(error)}`);
          if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
          response.end();
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const address = server.address();
      return {
        endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        stop: () =>
          new Promise<void>((resolve) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },

    /** `POST` arms a fault, `GET` lists the armed ones with what is left of each, `DELETE` clears them. */
    async handle(method: string, readJson: () => Promise<unknown>): Promise<FaultRequestResult | undefined> {
      if (method === 'GET') return { status: 200, body: { items: armed } };
      if (method === 'DELETE') {
        armed = [];
        return { status: 204 };
      }
      if (method !== 'POST') return undefined;
      const fault = parseFault(await readJson().catch(() => undefined));
      if (typeof fault === 'string') return { status: 400, message: fault };
      const entry: ArmedFault = { ...fault, remaining: fault.count, injected: 0 };
      armed.push(entry);
      return { status: 201, body: entry };
    },
  };
}
