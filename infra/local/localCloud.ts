/**
 * The local cloud: the whole backend on this machine, no AWS account. DynamoDB Local, the S3 and
 * SES emulators, a gateway playing API Gateway, a stream poller playing the event source mapping,
 * S3 notifications and schedules, all built from the same manifest and table definition as the
 * CDK stack, invoking the same handler modules.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ENV } from '../../shared/environmentNames.ts';
import { functionDefaults, manifest as defaultManifest, type Manifest } from '../../shared/manifest.ts';
import { createBucketEventDelivery } from './bucketEvents.ts';
import { createScratchDirectory } from './ephemeralDirectory.ts';
import { seedDemoData } from './demoData.ts';
import { demoUsers } from './demoUsers.ts';
import { serveProbeTarget } from './demo/probeTargets.ts';
import { renderDocsPage } from './docsPage.ts';
import { ensureTable, startDynamoDbLocal, type LocalCredentials } from './dynamodbLocal.ts';
import { createFaultInjection } from './faults.ts';
import { createGateway, jsonError } from './gateway.ts';
import { invoke } from './lambdaRuntime.ts';
import { createLocalIssuer, type TokenRequest } from './localIssuer.ts';
import { startS3Local } from './s3Local.ts';
import { startScheduler } from './scheduler.ts';
import { startSesLocal } from './sesLocal.ts';
import { startStreamPoller } from './streamPoller.ts';

export interface LocalCloudOptions {
  /** Keep everything in memory on free ports; nothing is written to disk. */
  ephemeral: boolean;
  /** API port; default 3000 (or a free port when ephemeral). */
  port?: number;
  /** Where state persists between runs; default `.local/` in the repository. */
  stateDirectory?: string;
  manifest?: Manifest;
  seed?: boolean;
  log?: (line: string) => void;
  logRequests?: boolean;
  /** Run scheduled jobs on their timers (default) or only through POST /_local/jobs/{name}. */
  scheduleTimers?: boolean;
}

export interface LocalCloud {
  apiUrl: string;
  sesUrl: string;
  s3Url: string;
  dynamodbUrl: string;
  tableName: string;
  buckets: { attachments: string; downloads: string };
  tokens: Record<keyof typeof demoUsers, string>;
  stop(): Promise<void>;
}

const repositoryRoot = resolve(import.meta.dirname, '../..');
// s3rver accepts only its built-in key pair; DynamoDB Local accepts any alphanumeric key.
const credentials: LocalCredentials = { region: 'eu-central-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const TABLE_NAME = 'support-desk';
const BUCKETS = { attachments: 'support-desk-attachments', downloads: 'support-desk-downloads' };

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  const manifest = options.manifest ?? defaultManifest;
  const stateDirectory = options.stateDirectory ?? join(repositoryRoot, '.local');
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  };

  try {
    let s3Directory: string;
    if (options.ephemeral) {
      s3Directory = createScratchDirectory();
      stoppers.push(async () => rmSync(s3Directory, { recursive: true, force: true }));
    } else {
      s3Directory = join(stateDirectory, 's3');
      mkdirSync(join(stateDirectory, 'dynamodb'), { recursive: true });
      mkdirSync(s3Directory, { recursive: true });
    }

    const [dynamodbPort, s3Port, sesPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const dynamodb = await startDynamoDbLocal(
      dynamodbPort,
      options.ephemeral ? undefined : join(stateDirectory, 'dynamodb'),
      credentials,
    );
    stoppers.push(dynamodb.stop);
    const s3 = await startS3Local(s3Port, s3Directory, Object.values(BUCKETS));
    stoppers.push(s3.stop);
    const ses = await startSesLocal(sesPort);
    stoppers.push(ses.stop);

    // The functions reach the emulators through fault proxies (POST /_local/faults arms them).
    const faults = createFaultInjection(log);
    const proxies = {
      dynamodb: await faults.startProxy('dynamodb', dynamodb.endpoint),
      s3: await faults.startProxy('s3', s3.endpoint),
      ses: await faults.startProxy('ses', ses.endpoint),
    };
    for (const proxy of Object.values(proxies)) stoppers.push(proxy.stop);

    const dynamodbClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: credentials.region, credentials });
    const streamArn = await ensureTable(dynamodbClient, TABLE_NAME);
    dynamodbClient.destroy();

    const issuer = await createLocalIssuer(options.ephemeral ? undefined : join(stateDirectory, 'issuer-key.json'));

    const server = createServer();
    const port = options.port ?? (options.ephemeral ? 0 : 3000);
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolveListen());
    });
    stoppers.push(
      () =>
        new Promise<void>((resolveClose) => {
          server.closeAllConnections();
          server.close(() => resolveClose());
        }),
    );
    const address = server.address();
    const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;

    // The environment the handler modules read at import time (shared/config.ts), set before any
    // of them is loaded: the local equivalents of what the CDK stack gives each function.
    Object.assign(process.env, {
      AWS_REGION: credentials.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      [ENV.tableName]: TABLE_NAME,
      [ENV.attachmentsBucket]: BUCKETS.attachments,
      [ENV.downloadsBucket]: BUCKETS.downloads,
      [ENV.mailFrom]: 'Hosting Support <support@hosting.example>',
      [ENV.portalUrl]: process.env[ENV.portalUrl] ?? 'http://localhost:5173',
      [ENV.jwtIssuer]: issuer.issuer,
      [ENV.jwtAudience]: issuer.audience,
      [ENV.jwksUrl]: `${apiUrl}/_local/jwks.json`,
      [ENV.dynamodbEndpoint]: proxies.dynamodb.endpoint,
      [ENV.s3Endpoint]: proxies.s3.endpoint,
      [ENV.sesEndpoint]: proxies.ses.endpoint,
      [ENV.logLevel]: process.env[ENV.logLevel] ?? 'warn',
      // Status checks probe test servers and demo targets on this machine.
      [ENV.statusAllowLoopback]: 'true',
      // Ticket settings may be tried out locally through the environment, as in AWS through context.
      ...Object.fromEntries(
        [ENV.ticketNumberMask, ENV.autoCloseHours, ENV.guestAccessDays, ENV.openTicketLimitCustomer, ENV.openTicketLimitGuest]
          .filter((name) => process.env[name] !== undefined)
          .map((name) => [name, process.env[name]!]),
      ),
    });

    const failures: unknown[] = [];
    const poller = startStreamPoller({
      client: new DynamoDBStreamsClient({ endpoint: dynamodb.endpoint, region: credentials.region, credentials }),
      streamArn,
      region: credentials.region,
      consumers: manifest.streamConsumers.map((consumer) => ({
        name: consumer.name,
        batchSize: consumer.batchSize,
        maxRetries: consumer.maxRetries,
        // As the stack configures every mapping (infra/supportStack.ts).
        bisectBatchOnError: true,
        invoke: (event) => invoke(consumer.handler, event, consumer.timeoutSeconds ?? functionDefaults.eventTimeoutSeconds),
      })),
      onFailedBatch: (failure) => failures.push(failure),
      log,
    });
    stoppers.push(poller.stop);
    await poller.ready;

    const bucketEvents = createBucketEventDelivery({
      consumers: manifest.bucketEventConsumers.map((consumer) => ({
        name: consumer.name,
        bucketName: BUCKETS[consumer.bucket],
        ...(consumer.prefix ? { prefix: consumer.prefix } : {}),
        invoke: (event) => invoke(consumer.handler, event, consumer.timeoutSeconds ?? functionDefaults.eventTimeoutSeconds),
      })),
      onFailedEvent: (failure) => failures.push(failure),
      log,
    });
    s3.onEvent((event) => bucketEvents.publish(event));

    const scheduler = startScheduler(
      manifest.scheduledJobs.map((job) => ({
        name: job.name,
        everyMinutes: job.everyMinutes,
        invoke: (event) => invoke(job.handler, event, job.timeoutSeconds ?? functionDefaults.eventTimeoutSeconds),
      })),
      credentials.region,
      log,
      { timers: options.scheduleTimers ?? true },
    );
    stoppers.push(scheduler.stop);

    const info = {
      apiUrl,
      sesUrl: ses.endpoint,
      sesStoreUrl: `${ses.endpoint}/store`,
      s3Url: s3.endpoint,
      dynamodbUrl: dynamodb.endpoint,
      tableName: TABLE_NAME,
      buckets: BUCKETS,
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUrl: `${apiUrl}/_local/jwks.json`,
      jobs: scheduler.jobNames,
    };

    const gateway = createGateway({
      routes: manifest.routes,
      issuer,
      corsAllowedOrigins: ['*'],
      ...(options.logRequests ? { logRequest: (line: string) => log(`[api] ${line}`) } : {}),
    });
    const { buildOpenApiDocument } = await import('../../shared/http/openapi.ts');
    const docsPage = renderDocsPage(buildOpenApiDocument(manifest.routes, { version: '1.0.0' }) as never);

    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', apiUrl);
      const local = async (): Promise<boolean> => {
        const method = request.method ?? 'GET';
        const path = url.pathname;
        if (method === 'GET' && (path === '/docs' || path === '/')) {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          response.end(docsPage);
          return true;
        }
        if (!path.startsWith('/_local/')) return false;
        if (method === 'GET' && path === '/_local/info') return (sendJson(response, 200, info), true);
        if (method === 'GET' && path === '/_local/jwks.json') return (sendJson(response, 200, issuer.jwks), true);
        if (method === 'GET' && path === '/_local/failures') return (sendJson(response, 200, { items: failures }), true);
        const faultAnswer = path === '/_local/faults' ? await faults.handle(method, () => readJson(request)) : undefined;
        if (faultAnswer) {
          if (faultAnswer.status === 400) jsonError(response, 400, 'validation_failed', faultAnswer.message);
          else if (faultAnswer.status === 204) response.writeHead(204).end();
          else sendJson(response, faultAnswer.status, faultAnswer.body);
          return true;
        }
        if (method === 'POST' && path === '/_local/token') {
          const body = (await readJson(request).catch(() => undefined)) as Partial<TokenRequest> | undefined;
          const valid =
            body &&
            typeof body.sub === 'string' &&
            body.sub.length > 0 &&
            typeof body.email === 'string' &&
            typeof body.name === 'string' &&
            (body.groups === undefined || (Array.isArray(body.groups) && body.groups.every((g) => typeof g === 'string'))) &&
            (body.expiresIn === undefined || typeof body.expiresIn === 'number');
          if (!valid) {
            jsonError(response, 400, 'validation_failed', 'Body must be {sub, email, name, groups?, expiresIn?}');
            return true;
          }
          sendJson(response, 200, { token: await issuer.sign(body as TokenRequest) });
          return true;
        }
        if (method === 'POST' && path === '/_local/settle') {
          await poller.settle();
          await bucketEvents.settle();
          await poller.settle();
          sendJson(response, 200, { settled: true });
          return true;
        }
        const job = /^\/_local\/jobs\/([A-Za-z0-9-]+)$/.exec(path)?.[1];
        if (method === 'POST' && job) {
          const run = scheduler.runNow(job);
          if (!run) {
            jsonError(response, 404, 'not_found', `No scheduled job named ${job}; known: ${scheduler.jobNames.join(', ')}`);
            return true;
          }
          try {
            sendJson(response, 200, { job, result: (await run) ?? null });
          } catch (error) {
            jsonError(response, 500, 'internal', `Job ${job} failed: ${String(error)}`);
          }
          return true;
        }
        if (method === 'GET' && serveProbeTarget(path, response)) return true;
        jsonError(response, 404, 'not_found', `No local endpoint ${method} ${path}`);
        return true;
      };
      local()
        .then((handled) => (handled ? undefined : gateway(request, response, url)))
        .catch((error: unknown) => {
          log(`[local] ${request.method} ${url.pathname} failed: ${String(error)}`);
          if (!response.headersSent) jsonError(response, 500, 'internal', 'Internal Server Error');
          else response.end();
        });
    });

    if (options.seed ?? true) await seedDemoData(log);

    const tokens = Object.fromEntries(
      await Promise.all(Object.entries(demoUsers).map(async ([role, user]) => [role, await issuer.sign(user)])),
    ) as LocalCloud['tokens'];

    return {
      apiUrl,
      sesUrl: ses.endpoint,
      s3Url: s3.endpoint,
      dynamodbUrl: dynamodb.endpoint,
      tableName: TABLE_NAME,
      buckets: BUCKETS,
      tokens,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
