/** The DynamoDB document client, created once per Lambda environment (module scope). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conflict, staleEdit } from '../errors.ts';
import { config } from '../config.ts';

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const isConditionFailure = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

/**
 * An item's own fields: every attribute but the storage ones (keys, index keys, entity) a
 * repository names. A plain loop: a list converts every item of its page, and building and
 * filtering entry arrays cost several times as much per item.
 */
export function withoutAttributes(item: Record<string, unknown>, storage: ReadonlySet<string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name in item) if (!storage.has(name)) fields[name] = item[name];
  return fields;
}

/** Every item of one Query, following LastEvaluatedKey; for small, bounded partitions only. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({ TableName: config.tableName, ...input, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Puts `item` over an existing one only while that is still at `expectedVersion`; else a 409. */
export async function replaceIfVersion(item: Record<string, unknown>, expectedVersion: number, what: string) {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: item,
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw staleEdit(what);
    throw error;
  }
}

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One write of a transaction, and the error to raise when its own condition is what failed. */
export interface TransactPart {
  item: TransactWriteItem;
  onConditionFailed?: () => Error;
}

/**
 * Writes every part or none. When a part's condition fails, that part's error is raised (the
 * first failing part, in order), so each repository keeps the meaning of its own conditions.
 */
export async function writeTogether(parts: TransactPart[]): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: parts.map((part) => part.item) }));
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
      const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      const onConditionFailed = failed === -1 ? undefined : parts[failed]?.onConditionFailed;
      if (onConditionFailed) throw onConditionFailed();
      if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
        throw conflict('Another request is changing the same data right now; try again');
      }
    }
    throw error;
  }
}
