/**
 * How faithfully the local cloud plays AWS, driven with fixture handlers through a manifest of
 * their own: the API Gateway payload v2 event and response rules, the table's stream with
 * event-source-mapping semantics, S3 ObjectCreated notifications and scheduled jobs. The
 * application's own handlers rely on exactly these behaviours.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/localCloud.ts';
import { routes } from '../../shared/manifest.ts';
import { recorded } from './fixtures/recorder.ts';

const fixtureRoute = { access: {}, summary: 'fixture', tag: 'Fixture', response: { status: 200 as const } };

let cloud: LocalCloud;
let table: DynamoDBDocumentClient;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  cloud = await startLocalCloud({
    ephemeral: true,
    seed: false,
    scheduleTimers: false,
    log: () => undefined,
    manifest: {
      routes: [
        routes.health,
        { ...fixtureRoute, method: 'GET', path: '/echo/{id}', handler: 'tests/integration/fixtures/echoEvent.ts', auth: 'public' },
        { ...fixtureRoute, method: 'POST', path: '/echo/{id}', handler: 'tests/integration/fixtures/echoEvent.ts', auth: 'staff' },
        { ...fixtureRoute, method: 'GET', path: '/shapes', handler: 'tests/integration/fixtures/responseShapes.ts', auth: 'public', timeoutSeconds: 1 },
      ],
      streamConsumers: [
        { name: 'recorder', handler: 'tests/integration/fixtures/streamRecorder.ts', access: {}, batchSize: 3, maxRetries: 2 },
      ],
      bucketEventConsumers: [
        { name: 'uploads', handler: 'tests/integration/fixtures/bucketRecorder.ts', bucket: 'attachments', prefix: 'incoming/', access: {} },
      ],
      scheduledJobs: [{ name: 'tick', handler: 'tests/integration/fixtures/jobRecorder.ts', everyMinutes: 1, access: {} }],
    },
  });
  table = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: cloud.dynamodbUrl, region: 'eu-central-1', credentials }));
});

afterAll(async () => {
  await cloud?.stop();
});

const settle = async () => expect((await fetch(`${cloud.apiUrl}/_local/settle`, { method: 'POST' })).status).toBe(200);
const put = (id: string, behaviour = 'ok') =>
  table.send(new PutCommand({ TableName: cloud.tableName, Item: { pk: `TEST#${id}`, sk: 'ITEM', id, behaviour } }));
const deliveredIds = () => recorded.stream.flatMap((batch) => batch.ids);

describe('DynamoDB stream delivery', () => {
  it('delivers every change in order, in batches no larger than the batch size, before settle returns', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `ordered-${i}`);
    for (const id of ids) await put(id);
    await settle();
    expect(deliveredIds().filter((id) => id.startsWith('ordered-'))).toEqual(ids);
    expect(Math.max(...recorded.stream.map((batch) => batch.ids.length))).toBeLessThanOrEqual(3);
  });

  it('retries a batch whose handler throws, and delivers it again', async () => {
    await put('flaky', 'fail-once');
    await settle();
    expect(recorded.attemptsById.get('flaky')).toBe(2);
  });

  it('sends a record reported as failed to the failure destination after its retries, without blocking the records behind it', async () => {
    await put('before-poison');
    await put('poison', 'poison');
    await put('after-poison');
    await settle();
    // The first delivery plus maxRetries (2) retries.
    expect(recorded.attemptsById.get('poison')).toBe(3);
    // Records before the failure were checkpointed: delivered once.
    expect(recorded.attemptsById.get('before-poison')).toBe(1);
    expect(deliveredIds()).toContain('after-poison');
    const failures = (await (await fetch(`${cloud.apiUrl}/_local/failures`)).json()) as { items: unknown[] };
    expect(failures.items).toEqual([
      expect.objectContaining({ consumer: 'recorder', source: 'stream', recordCount: expect.any(Number) }),
    ]);
  });
});

describe('S3 ObjectCreated notifications', () => {
  it('delivers created objects under the subscribed prefix, and not others', async () => {
    const s3 = new S3Client({ endpoint: cloud.s3Url, region: 'eu-central-1', credentials, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: cloud.buckets.attachments, Key: 'incoming/report.txt', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: cloud.buckets.attachments, Key: 'elsewhere/other.txt', Body: 'x' }));
    await settle();
    expect(recorded.s3).toEqual([expect.stringMatching(/^ObjectCreated:Put support-desk-attachments\/incoming\/report\.txt$/)]);
  });
});

describe('scheduled jobs', () => {
  it('runs a job on demand with the scheduled-event payload and returns its result', async () => {
    const response = await fetch(`${cloud.apiUrl}/_local/jobs/tick`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ job: 'tick', result: { runs: 1 } });
    expect(recorded.jobs).toEqual(['Scheduled Event']);
  });
});

describe('the local API Gateway', () => {
  it('builds an HTTP API payload v2 event with path and query parameters, cookies and lower-cased headers', async () => {
    const response = await fetch(`${cloud.apiUrl}/echo/caf%C3%A9?a=1&a=2&b=x`, {
      headers: { 'X-Trace': 'abc', cookie: 'session=s1; theme=dark', 'user-agent': 'fidelity-test' },
    });
    expect(response.status).toBe(200);
    const { event, remainingMs, functionName } = (await response.json()) as any;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /echo/{id}',
      rawPath: '/echo/caf%C3%A9',
      rawQueryString: 'a=1&a=2&b=x',
      pathParameters: { id: 'café' },
      queryStringParameters: { a: '1,2', b: 'x' },
      cookies: ['session=s1', 'theme=dark'],
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /echo/{id}',
        stage: '$default',
        http: { method: 'GET', path: '/echo/caf%C3%A9', sourceIp: '127.0.0.1', userAgent: 'fidelity-test' },
        requestId: expect.any(String),
      },
    });
    expect(event.headers['x-trace']).toBe('abc');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(remainingMs).toBeGreaterThan(0);
    expect(functionName).toBe('tests-integration-fixtures-echoEvent');
  });

  it('passes verified claims as the JWT authorizer does, arrays flattened to strings', async () => {
    const token: any = await (
      await fetch(`${cloud.apiUrl}/_local/token`, {
        method: 'POST',
        body: JSON.stringify({ sub: 'staff-1', email: 's@example.com', name: 'S', groups: ['staff', 'admin'] }),
      })
    ).json();
    const response = await fetch(`${cloud.apiUrl}/echo/1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    });
    const { event } = (await response.json()) as any;
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      sub: 'staff-1',
      email: 's@example.com',
      'cognito:groups': '[staff admin]',
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  it('turns a result without statusCode into a 200 JSON response', async () => {
    const response = await fetch(`${cloud.apiUrl}/shapes?shape=inferred`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('writes cookies as Set-Cookie, keeps headers and status, and decodes base64 bodies', async () => {
    const cookies = await fetch(`${cloud.apiUrl}/shapes?shape=cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(cookies.headers.get('x-custom')).toBe('yes');
    expect(await cookies.text()).toBe('created');
    const binary = await fetch(`${cloud.apiUrl}/shapes?shape=binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('answers a crashing function with a bare 500 and a function past its timeout with 503', async () => {
    const crash = await fetch(`${cloud.apiUrl}/shapes?shape=crash`);
    expect(crash.status).toBe(500);
    expect(await crash.text()).not.toContain('boom');
    const slow = await fetch(`${cloud.apiUrl}/shapes?shape=slow`);
    expect(slow.status).toBe(503);
  });

  it('answers 404 for a path no route matches and for a method the path does not have', async () => {
    expect((await fetch(`${cloud.apiUrl}/nowhere`)).status).toBe(404);
    expect((await fetch(`${cloud.apiUrl}/shapes`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a request body over the 10 MB HTTP API limit with 413', async () => {
    const response = await fetch(`${cloud.apiUrl}/echo/1`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
  });
});
