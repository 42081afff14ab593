/**
 * Plays S3 event notifications: every ObjectCreated event of a bucket goes to the consumers
 * subscribed to that bucket (and key prefix), asynchronously, as Lambda's async invocation does,
 * including its two retries before the failure destination.
 */
import type { S3Event } from 'aws-lambda';
import type { FailedBatch } from './streamPoller.ts';

export interface BucketConsumerRuntime {
  name: string;
  bucketName: string;
  prefix?: string;
  invoke(event: S3Event): Promise<unknown>;
}

const ASYNC_RETRIES = 2;

export function createBucketEventDelivery(options: {
  consumers: BucketConsumerRuntime[];
  onFailedEvent: (failure: Omit<FailedBatch, 'source' | 'firstSequenceNumber' | 'lastSequenceNumber'> & { source: 's3'; key: string }) => void;
  log: (message: string) => void;
}) {
  const inFlight = new Set<Promise<void>>();

  async function deliver(consumer: BucketConsumerRuntime, event: S3Event) {
    let lastError = '';
    for (let attempt = 0; attempt <= ASYNC_RETRIES; attempt += 1) {
      try {
        await consumer.invoke(event);
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      }
    }
    options.log(`[s3-events] ${consumer.name} failed ${ASYNC_RETRIES + 1} times, sent to the failure destination`);
    options.onFailedEvent({
      consumer: consumer.name,
      source: 's3',
      key: event.Records[0]?.s3.object.key ?? '',
      recordCount: event.Records.length,
      error: lastError,
      at: new Date().toISOString(),
    });
  }

  return {
    publish(event: S3Event) {
      for (const record of event.Records) {
        if (!record.eventName.startsWith('ObjectCreated')) continue;
        const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
        for (const consumer of options.consumers) {
          if (consumer.bucketName !== record.s3.bucket.name) continue;
          if (consumer.prefix && !key.startsWith(consumer.prefix)) continue;
          const delivery = deliver(consumer, { Records: [record] }).finally(() => inFlight.delete(delivery));
          inFlight.add(delivery);
        }
      }
    },
    /** Resolves once every event published so far has been handled (or given up on). */
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
