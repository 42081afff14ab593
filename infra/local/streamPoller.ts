/**
 * Plays the Lambda event source mapping for the table's stream. Each consumer reads every shard
 * on its own (as separate mappings do), in batches of its `batchSize`, and:
 * - a batch whose handler throws is retried, up to `maxRetries` times;
 * - a handler answering `{ batchItemFailures }` has the records before the first failure
 *   checkpointed, and the rest retried from that record;
 * - with `bisectBatchOnError` (as the stack sets on every mapping), the failing records are split
 *   in two before each retry and the first half is retried on its own, so a record that can never
 *   succeed ends up alone in its batch instead of taking the records behind it to the failure
 *   destination; each split counts as one of the batch's `maxRetries` retries;
 * - a batch still failing after its retries goes to the failure destination (here: a list the
 *   local cloud shows) and the records behind it are delivered.
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamConsumerRuntime {
  name: string;
  batchSize: number;
  maxRetries: number;
  bisectBatchOnError: boolean;
  invoke(event: DynamoDBStreamEvent): Promise<unknown>;
}

export interface FailedBatch {
  consumer: string;
  source: 'stream';
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  recordCount: number;
  error: string;
  at: string;
}

interface ShardCursor {
  shardId: string;
  iterator: string | undefined;
  buffered: StreamRecord[];
  attempts: number;
  /** The size of the next batch after a split; the consumer's batch size otherwise. */
  splitSize: number | undefined;
  closed: boolean;
}

const POLL_INTERVAL_MS = 100;
const SHARD_REFRESH_MS = 2_000;

export function startStreamPoller(options: {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  consumers: StreamConsumerRuntime[];
  onFailedBatch: (failure: FailedBatch) => void;
  log: (message: string) => void;
}) {
  const { client, streamArn, region, consumers, onFailedBatch, log } = options;
  let stopped = false;
  let knownAtStart: Set<string> | undefined;
  /** Bumped by every quiet pass over all shards of all consumers. */
  let quietPasses = 0;
  const waiters: Array<{ after: number; resolve: () => void }> = [];

  const cursors = new Map<string, Map<string, ShardCursor>>(consumers.map((c) => [c.name, new Map()]));

  async function listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async function refreshShards() {
    const shards = await listShards();
    knownAtStart ??= new Set(shards.map((shard) => shard.ShardId!));
    for (const consumer of consumers) {
      const mine = cursors.get(consumer.name)!;
      for (const shard of shards) {
        const shardId = shard.ShardId!;
        if (mine.has(shardId)) continue;
        // Like a mapping created now: shards that existed at start are read from their tip,
        // shards that appear later from their beginning, so nothing written after start is missed.
        const fromTip = knownAtStart.has(shardId) && shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
        if (knownAtStart.has(shardId) && !fromTip) continue;
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: fromTip ? 'LATEST' : 'TRIM_HORIZON',
          }),
        );
        mine.set(shardId, { shardId, iterator: ShardIterator, buffered: [], attempts: 0, splitSize: undefined, closed: false });
      }
    }
  }

  function toLambdaRecord(record: StreamRecord): DynamoDBRecord {
    const change = record.dynamodb ?? {};
    return {
      eventID: record.eventID,
      eventName: record.eventName as DynamoDBRecord['eventName'],
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      eventSourceARN: streamArn,
      dynamodb: {
        ApproximateCreationDateTime: change.ApproximateCreationDateTime
          ? Math.floor(change.ApproximateCreationDateTime.getTime() / 1000)
          : undefined,
        Keys: change.Keys as never,
        NewImage: change.NewImage as never,
        OldImage: change.OldImage as never,
        SequenceNumber: change.SequenceNumber,
        SizeBytes: change.SizeBytes,
        StreamViewType: change.StreamViewType as never,
      },
    };
  }

  /** Delivers at most one batch for this shard; returns whether there was anything to do. */
  async function pollShard(consumer: StreamConsumerRuntime, cursor: ShardCursor): Promise<boolean> {
    if (cursor.buffered.length < consumer.batchSize && cursor.iterator) {
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: consumer.batchSize - cursor.buffered.length }),
      );
      cursor.buffered.push(...(page.Records ?? []));
      cursor.iterator = page.NextShardIterator;
      if (!cursor.iterator) cursor.closed = true;
    }
    if (cursor.buffered.length === 0) return false;

    const batch = cursor.buffered.slice(0, cursor.splitSize ?? consumer.batchSize);
    let failedFrom = -1;
    let error = '';
    try {
      const response = (await consumer.invoke({ Records: batch.map(toLambdaRecord) })) as DynamoDBBatchResponse | undefined;
      const failures = response?.batchItemFailures ?? [];
      if (failures.length > 0) {
        const failedIds = new Set(failures.map((failure) => failure.itemIdentifier));
        failedFrom = batch.findIndex((record) => failedIds.has(record.dynamodb?.SequenceNumber ?? ''));
        // An identifier that matches no record fails the whole batch, as in AWS.
        if (failedFrom === -1) failedFrom = 0;
        error = `batchItemFailures: ${[...failedIds].join(', ')}`;
      }
    } catch (thrown) {
      failedFrom = 0;
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    }

    if (failedFrom === -1) {
      cursor.buffered.splice(0, batch.length);
      cursor.attempts = 0;
      cursor.splitSize = undefined;
      return true;
    }
    cursor.buffered.splice(0, failedFrom);
    if (failedFrom > 0) cursor.attempts = 0;
    cursor.attempts += 1;
    const rest = batch.slice(failedFrom);
    if (cursor.attempts > consumer.maxRetries) {
      log(`[streams] ${consumer.name}: batch failed ${cursor.attempts} times, sent to the failure destination`);
      onFailedBatch({
        consumer: consumer.name,
        source: 'stream',
        firstSequenceNumber: rest[0]?.dynamodb?.SequenceNumber ?? '',
        lastSequenceNumber: rest.at(-1)?.dynamodb?.SequenceNumber ?? '',
        recordCount: rest.length,
        error,
        at: new Date().toISOString(),
      });
      cursor.buffered.splice(0, rest.length);
      cursor.attempts = 0;
      cursor.splitSize = undefined;
    } else {
      if (consumer.bisectBatchOnError && rest.length > 1) cursor.splitSize = Math.ceil(rest.length / 2);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** cursor.attempts)));
    }
    return true;
  }

  async function loop() {
    let lastRefresh = 0;
    while (!stopped) {
      let busy = false;
      try {
        if (Date.now() - lastRefresh > SHARD_REFRESH_MS || waiters.length > 0) {
          await refreshShards();
          lastRefresh = Date.now();
        }
        for (const consumer of consumers) {
          for (const cursor of cursors.get(consumer.name)!.values()) {
            if (stopped) return;
            if (await pollShard(consumer, cursor)) busy = true;
          }
        }
      } catch (error) {
        if (stopped) return;
        log(`[streams] polling failed: ${String(error)}`);
        busy = true;
      }
      if (!busy) {
        quietPasses += 1;
        for (const waiter of waiters.filter((w) => quietPasses > w.after)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, busy ? 0 : POLL_INTERVAL_MS));
    }
  }

  // Shards open at start are read from their tip: a write made before the first iterators are
  // taken would be missed, so the local cloud reports itself started only after this.
  const ready = refreshShards();
  const running = ready.then(loop);

  return {
    /** Resolves once every consumer holds an iterator on every shard (rejects if that failed). */
    ready,
    /** Resolves after a complete pass that found nothing left to deliver, begun after this call. */
    settle(): Promise<void> {
      if (consumers.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ after: quietPasses + 1, resolve }));
    },
    async stop() {
      stopped = true;
      for (const waiter of waiters.splice(0)) waiter.resolve();
      await running.catch(() => undefined);
    },
  };
}
