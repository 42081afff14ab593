/**
 * Every function of the manifest (each route, stream consumer, bucket consumer and scheduled job):
 * its bundle size and its cold start, each next to its floor, measured in the same run.
 *
 * - Bundle: esbuild with the stack's own settings (infra/constructs/lambdaBundling.ts), size of
 *   index.mjs.
 * - Cold start: a fresh Node 24 process (`process.execPath`) with the function's environment (the
 *   one the local cloud gives its functions, plus Lambda's NODE_OPTIONS) imports the bundle and
 *   handles one realistic first request (functionCosts/firstRequests.ts) against this local cloud;
 *   the time from process start to the handler's answer, median of RUNS runs.
 * - Floor (functionCosts/floors.ts): a module that only creates the same SDK clients and makes the
 *   same first AWS call (recorded from the function's own first request), bundled and started the
 *   same way. Function and floor runs alternate, so load on the machine hits both alike.
 *
 * Targets: cold start ≤ 1.25 × floor, bundle ≤ 1.15 × floor. A function that creates no SDK client
 * has a floor that is an empty module; it is reported apart (see the report's explanation).
 * `BENCH_ONLY=<name>,<name>` measures only those functions (route ids, consumer or job names).
 */
import { DynamoDBClient, GetItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lambdaNodeOptions } from '../../../infra/constructs/lambdaBundling.ts';
import { flattenClaims, httpEventFor, PROTECTED } from '../../../infra/local/gateway.ts';
import type { LocalCloud } from '../../../infra/local/localCloud.ts';
import { ENV } from '../../../shared/environmentNames.ts';
import { functionDefaults, manifest, routes, type HttpRoute, type ResourceAccess, type RouteId } from '../../../shared/manifest.ts';
import { bundleFunction, coldStart, startCallRecorder, type Bundle } from '../functionCosts/coldStart.ts';
import { firstEvents, firstHttpRequests, type BenchUser, type FirstHttpRequest, type FixtureContext, type UploadForm } from '../functionCosts/firstRequests.ts';
import { callsLabel, clientsLabel, floorEvent, floorSource, floorSpecOf, type FloorSpec } from '../functionCosts/floors.ts';
import { median, type BenchSuite, type FunctionCost } from '../harness.ts';

/** Timed cold starts per function (and as many of its floor). */
const RUNS = 9;
export const coldStartTarget = 1.25;
export const bundleTarget = 1.15;

const repositoryRoot = resolve(import.meta.dirname, '../../..');
export const floorsDirectory = resolve(repositoryRoot, 'bench-report/floors');

interface BenchedFunction {
  name: string;
  kind: FunctionCost['kind'];
  family: string;
  handler: string;
  access: ResourceAccess;
  timeoutSeconds: number;
  describe: string;
  /** Prepares the objects and returns the event of one first request. */
  nextEvent(ctx: FixtureContext): Promise<unknown>;
  /** Throws unless the answer is the request's success. */
  check(answer: unknown): void;
}


/**
 * The environment the local cloud gives its functions (it sets it on this process), with Lambda's
 * NODE_OPTIONS. The AWS endpoints are the emulators themselves: the local cloud routes its own
 * functions through fault-injection proxies, a test device that would add a hop to every call.
 */
function functionEnvironment(cloud: LocalCloud): Record<string, string> {
  const names = [...Object.values(ENV), 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
  const present = names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]);
  return {
    ...Object.fromEntries(present),
    [ENV.dynamodbEndpoint]: cloud.dynamodbUrl,
    [ENV.s3Endpoint]: cloud.s3Url,
    [ENV.sesEndpoint]: cloud.sesUrl,
    NODE_OPTIONS: lambdaNodeOptions,
    TZ: 'UTC',
  };
}

const decodeClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

export const functionsSuite: BenchSuite = {
  name: 'functions',
  async run({ cloud, recordFunction, record }) {
    const workspace = mkdtempSync(join(tmpdir(), 'support-desk-cold-starts-'));
    rmSync(floorsDirectory, { recursive: true, force: true });
    mkdirSync(floorsDirectory, { recursive: true });
    const environment = functionEnvironment(cloud);
    const recorder = await startCallRecorder({
      dynamodb: environment[ENV.dynamodbEndpoint]!,
      s3: environment[ENV.s3Endpoint]!,
      ses: environment[ENV.sesEndpoint]!,
    });
    const discoveryEnvironment = {
      ...environment,
      [ENV.dynamodbEndpoint]: recorder.endpoints.dynamodb,
      [ENV.s3Endpoint]: recorder.endpoints.s3,
      [ENV.sesEndpoint]: recorder.endpoints.ses,
    };
    const table = new DynamoDBClient({
      endpoint: cloud.dynamodbUrl,
      region: environment.AWS_REGION!,
      credentials: { accessKeyId: environment.AWS_ACCESS_KEY_ID!, secretAccessKey: environment.AWS_SECRET_ACCESS_KEY! },
    });
    try {
      const { ctx, tokenOf } = fixtureContext(cloud.apiUrl, cloud.buckets, environment.AWS_REGION!, table, cloud.tableName);
      const only = process.env.BENCH_ONLY?.split(',');
      const functions = benchedFunctions(cloud.apiUrl, tokenOf).filter((fn) => !only || only.includes(fn.name));
      const floors = new Map<string, { bundle: Bundle; spec: FloorSpec }>();
      const scratch = join(workspace, 'run');
      mkdirSync(scratch);

      for (const fn of functions) {
        const bundle = await bundleFunction(resolve(repositoryRoot, fn.handler), join(workspace, 'functions', fn.name));

        // Discovery (untimed): the same first request through the call recorder, which also warms the file cache.
        const discovery = await coldStart(bundle, await fn.nextEvent(ctx), discoveryEnvironment, fn.timeoutSeconds, scratch);
        fn.check(discovery.result);
        const calls = recorder.take();
        await ctx.settle();

        const spec = floorSpecOf(fn.access, bundle.packages, calls, discovery.result);
        let floor = floors.get(spec.id);
        if (!floor) {
          const source = join(floorsDirectory, `${spec.id}.mjs`);
          writeFileSync(source, floorSource(spec));
          floor = { bundle: await bundleFunction(source, join(workspace, 'floors', spec.id)), spec };
          floors.set(spec.id, floor);
        }
        const floorInput = floorEvent(spec, cloud.buckets);
        const checkFloor = (answer: unknown) => {
          if ((answer as { statusCode?: number } | undefined)?.statusCode !== 200) throw new Error(`floor ${spec.id} answered ${JSON.stringify(answer)}`);
        };
        checkFloor((await coldStart(floor.bundle, floorInput, environment, fn.timeoutSeconds, scratch)).result);

        const own: { initMs: number; answeredMs: number }[] = [];
        const base: { initMs: number; answeredMs: number }[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const event = await fn.nextEvent(ctx);
          const runFunction = async () => {
            const started = await coldStart(bundle, event, environment, fn.timeoutSeconds, scratch);
            fn.check(started.result);
            own.push(started);
            // What the local cloud does with the function's writes (stream, S3 events) ends before the next process starts.
            await ctx.settle();
          };
          const runFloor = async () => {
            const started = await coldStart(floor.bundle, floorInput, environment, fn.timeoutSeconds, scratch);
            checkFloor(started.result);
            base.push(started);
          };
          // Alternating which goes first cancels any drift within a pair.
          if (run % 2 === 0) {
            await runFunction();
            await runFloor();
          } else {
            await runFloor();
            await runFunction();
          }
        }

        const cost: FunctionCost = {
          name: fn.name,
          kind: fn.kind,
          family: fn.family,
          handler: fn.handler,
          request: fn.describe,
          clients: clientsLabel(spec),
          calls: callsLabel(calls),
          floor: spec.id,
          bundleBytes: bundle.bytes,
          floorBundleBytes: floor.bundle.bytes,
          initMs: median(own.map((sample) => sample.initMs)),
          coldStartMs: median(own.map((sample) => sample.answeredMs)),
          floorInitMs: median(base.map((sample) => sample.initMs)),
          floorColdStartMs: median(base.map((sample) => sample.answeredMs)),
          coldStartRunsMs: own.map((sample) => sample.answeredMs),
          floorColdStartRunsMs: base.map((sample) => sample.answeredMs),
          loadAverage: loadavg()[0]!,
        };
        recordFunction(cost);
        const withFloor = cost.clients !== 'none';
        record({
          name: `${fn.name} bundle`,
          value: cost.bundleBytes / 1024,
          unit: 'KiB',
          ...(withFloor ? { target: { max: (bundleTarget * cost.floorBundleBytes) / 1024 } } : {}),
        });
        record({ name: `${fn.name} cold start`, value: cost.coldStartMs, unit: 'ms', target: { max: coldStartTarget * cost.floorColdStartMs } });
        console.log(
          `functions    ${fn.name.padEnd(28)} ${(cost.bundleBytes / 1024).toFixed(0).padStart(5)} KiB (floor ${(cost.floorBundleBytes / 1024).toFixed(0)})` +
            `  ${cost.coldStartMs.toFixed(1).padStart(6)} ms (floor ${cost.floorColdStartMs.toFixed(1)})  ${cost.calls.join(', ') || 'no AWS call'}`,
        );
      }
    } finally {
      table.destroy();
      await recorder.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  },
};

/** Every function of the manifest with its first request; a function without one fails the benchmark. */
function benchedFunctions(apiUrl: string, tokenOf: (user: BenchUser) => Promise<string>): BenchedFunction[] {
  const routeIds = Object.keys(routes) as RouteId[];
  const eventNames = [...manifest.streamConsumers, ...manifest.bucketEventConsumers, ...manifest.scheduledJobs].map((entry) => entry.name);
  const unknown = Object.keys(firstEvents).filter((name) => !eventNames.includes(name));
  const missing = eventNames.filter((name) => !(name in firstEvents));
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(`first events out of step with the manifest: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`);
  }

  const fromRoutes = routeIds.map((id): BenchedFunction => {
    const route = routes[id] as HttpRoute;
    const fixture = firstHttpRequests[id];
    return {
      name: id,
      kind: 'route',
      family: route.tag,
      handler: route.handler,
      access: route.access,
      timeoutSeconds: route.timeoutSeconds ?? functionDefaults.httpTimeoutSeconds,
      describe: `${route.method} ${route.path}: ${fixture.describe}`,
      nextEvent: async (ctx) => httpEvent(apiUrl, route, await fixture.prepare(ctx), tokenOf),
      check: (answer) => {
        const status = (answer as { statusCode?: number } | undefined)?.statusCode;
        if (status !== route.response.status) {
          throw new Error(`${id}: the first request answered ${status}, not ${route.response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
        }
      },
    };
  });

  const consumer = (kind: FunctionCost['kind'], family: string, timeoutDefault: number) => (entry: { name: string; handler: string; access: ResourceAccess; timeoutSeconds?: number }): BenchedFunction => ({
    name: entry.name,
    kind,
    family,
    handler: entry.handler,
    access: entry.access,
    timeoutSeconds: entry.timeoutSeconds ?? timeoutDefault,
    describe: firstEvents[entry.name]!.describe,
    nextEvent: (ctx) => firstEvents[entry.name]!.prepare(ctx),
    check: (answer) => {
      const failures = (answer as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures ?? [];
      if (failures.length > 0) throw new Error(`${entry.name}: the first event failed: ${JSON.stringify(answer)}`);
    },
  });
  return [
    ...fromRoutes,
    ...manifest.streamConsumers.map(consumer('stream consumer', 'Stream consumers', functionDefaults.eventTimeoutSeconds)),
    ...manifest.bucketEventConsumers.map(consumer('bucket consumer', 'S3-event consumers', functionDefaults.eventTimeoutSeconds)),
    ...manifest.scheduledJobs.map(consumer('scheduled job', 'Scheduled jobs', functionDefaults.eventTimeoutSeconds)),
  ];
}

/** The payload v2 event API Gateway builds for the request (the local gateway's own builder). */
async function httpEvent(apiUrl: string, route: HttpRoute, request: FirstHttpRequest, tokenOf: (user: BenchUser) => Promise<string>) {
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new Error(`${route.path}: the first request names no ${name}`);
    return encodeURIComponent(value);
  });
  const url = new URL(path, apiUrl);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = {
    host: url.host,
    'user-agent': 'Mozilla/5.0 (support-desk bench)',
    accept: 'application/json',
    // As every browser and fetch() send it.
    'accept-encoding': 'gzip, deflate, br',
    ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
  };
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  if (body.length > 0) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.length) });
  let claims: Record<string, string> | undefined;
  if (request.as) {
    const token = await tokenOf(request.as);
    headers.authorization = `Bearer ${token}`;
    // Behind the authorizer the function receives the verified claims; elsewhere it verifies the token itself.
    if (PROTECTED.has(route.auth)) claims = flattenClaims(decodeClaims(token));
  }
  return httpEventFor({
    route,
    url,
    pathParameters: request.params ?? {},
    headers,
    body,
    httpVersion: '1.1',
    // A documentation address per request: per-address limits (guest votes, uploads) never trip.
    sourceIp: `203.0.113.${Math.floor(Math.random() * 254) + 1}`,
    ...(claims ? { claims } : {}),
    requestId: randomUUID(),
  });
}

function fixtureContext(
  apiUrl: string,
  buckets: { attachments: string; downloads: string },
  region: string,
  table: DynamoDBClient,
  tableName: string,
): { ctx: FixtureContext; tokenOf: (user: BenchUser) => Promise<string> } {
  let counter = 0;
  const unique = (label: string) => `${label}-${(counter += 1)}-${Date.now().toString(36)}`;
  const user = (kind: string, groups: string[]): BenchUser => {
    const sub = unique(`bench-${kind}`);
    return { sub, email: `${sub}@example.com`, name: `Bench ${kind} ${counter}`, groups };
  };
  const tokens = new Map<string, string>();
  const tokenOf = async (caller: BenchUser) => {
    let token = tokens.get(caller.sub);
    if (!token) {
      token = ((await ctx.api('POST', '/_local/token', { body: caller })) as { token: string }).token;
      tokens.set(caller.sub, token);
    }
    return token;
  };
  const memo = new Map<string, Promise<unknown>>();

  const ctx: FixtureContext = {
    apiUrl,
    buckets,
    region,
    customer: user('customer', []),
    staff: user('staff', ['staff']),
    admin: user('admin', ['staff', 'admin']),
    newCustomer: () => user('customer', []),
    unique,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = { 'x-local-source-ip': `198.51.100.${(counter % 250) + 1}`, ...options.headers };
      if (options.as) headers.authorization = `Bearer ${await tokenOf(options.as)}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${apiUrl}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      const text = await response.text();
      const ok = options.expect === undefined ? response.status < 300 : response.status === options.expect;
      if (!ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : undefined;
    },
    async settle() {
      await ctx.api('POST', '/_local/settle');
    },
    async postForm(form: UploadForm, bytes: Buffer, contentType: string) {
      const body = new FormData();
      for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
      body.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }));
      const response = await fetch(form.url, { method: 'POST', body });
      if (response.status !== 204) throw new Error(`S3 answered the form with ${response.status}: ${await response.text()}`);
    },
    async rawItem(key) {
      const { Item } = await table.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
      if (!Item) throw new Error(`no item ${key.pk} / ${key.sk}`);
      return Item;
    },
    async rawItems(pk, skPrefix) {
      const { Items } = await table.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: skPrefix } } satisfies Record<string, AttributeValue>,
          ConsistentRead: true,
        }),
      );
      return Items ?? [];
    },
    once<T>(key: string, make: () => Promise<T>): Promise<T> {
      let value = memo.get(key);
      if (!value) {
        value = make();
        memo.set(key, value);
      }
      return value as Promise<T>;
    },
  };
  return { ctx, tokenOf };
}
