/** Idempotency records (`IDEMPOTENCY#<digest>`), kept for a day, written in the same transaction as what they record. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentClient, type TransactPart } from './dynamodb.ts';

export interface IdempotencyRecord {
  fingerprint: string;
  /** What the first request created. */
  ticketNumber: string;
  sealedSecret: string | null;
}

const keyOf = (recordId: string) => ({ pk: `IDEMPOTENCY#${recordId}`, sk: 'IDEMPOTENCY' });
const RETENTION_SECONDS = 24 * 3600;

/** Raised when a concurrent request with the same key committed first: the caller replays its result. */
export class IdempotencyRecordExists extends Error {
  override name = 'IdempotencyRecordExists';
}

export async function find(recordId: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: keyOf(recordId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return { fingerprint: Item.fingerprint, ticketNumber: Item.ticketNumber, sealedSecret: Item.sealedSecret ?? null };
}

export function recordPart(recordId: string, record: IdempotencyRecord, now: Date): TransactPart {
  return {
    item: {
      Put: {
        TableName: config.tableName,
        Item: { ...keyOf(recordId), entity: 'idempotency', ...record, expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new IdempotencyRecordExists(),
  };
}
