/**
 * The local cloud's event plumbing, driven with fixture handlers through a manifest of their own:
 * the table's stream with event-source-mapping semantics, S3 ObjectCreated notifications, and
 * scheduled jobs. The application's own consumers rely on exactly these behaviours.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/localCloud.ts';
import { routes } from '../../shared/manifest.ts';
import { recorded } from './fixtures/recorder.ts';

let cloud: LocalCloud;
let table: DynamoDBDocumentClient;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  cloud = await startLocalCloud({
    ephemeral: true,
    seed: false,
    log: () => undefined,
    manifest: {
      routes: [routes.health],
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
