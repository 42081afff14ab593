/** The DynamoDB document client, created once per Lambda environment (module scope). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { staleEdit } from '../errors.ts';
import { config } from '../config.ts';

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const isConditionFailure = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

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
