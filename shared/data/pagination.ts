/**
 * Cursor pagination over DynamoDB Query. The cursor is DynamoDB's LastEvaluatedKey, base64url
 * encoded: opaque to clients, and checked on the way back in. A cursor that does not decode, or
 * that points into another partition than the one the caller is allowed to list (someone else's
 * tickets, another list), is a 400: the partition always comes from the request, never from the
 * cursor.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { validationFailed } from '../errors.ts';
import { documentClient } from './dynamodb.ts';
import { tableDefinition, type IndexName } from './tableDefinition.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url') : null;
}

const invalidCursor = () =>
  validationFailed('The cursor is invalid or belongs to another list', [{ path: 'query.cursor', message: 'Invalid cursor' }]);

/** The attributes of a LastEvaluatedKey: the table's keys, plus the index's when querying one. */
export function startKeyAttributes(indexName?: IndexName): string[] {
  const index = tableDefinition.globalSecondaryIndexes.find((candidate) => candidate.indexName === indexName);
  return [tableDefinition.partitionKey, tableDefinition.sortKey, ...(index ? [index.partitionKey, index.sortKey] : [])];
}

/**
 * @param expected key attributes the cursor must carry with exactly these values (the partition
 *   being listed), e.g. `{ gsi1pk: 'CUSTOMER#42' }`.
 * @param keyAttributes when given, the cursor must hold exactly these attributes, all strings.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string>,
  keyAttributes?: string[],
): Record<string, string | number> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw invalidCursor();
  const entries = Object.entries(decoded as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 6) throw invalidCursor();
  for (const [, value] of entries) {
    if (typeof value !== 'string' && typeof value !== 'number') throw invalidCursor();
    if (typeof value === 'string' && (value.length === 0 || value.length > 1024)) throw invalidCursor();
  }
  if (keyAttributes) {
    const names = entries.map(([name]) => name).sort();
    const wanted = [...keyAttributes].sort();
    if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) throw invalidCursor();
    if (entries.some(([, value]) => typeof value !== 'string')) throw invalidCursor();
  }
  for (const [name, value] of Object.entries(expected)) {
    if ((decoded as Record<string, unknown>)[name] !== value) throw invalidCursor();
  }
  return decoded as Record<string, string | number>;
}

/**
 * Runs a Query that continues from a client's cursor. A well-formed cursor can still name a key
 * outside the query's range; DynamoDB refuses it with a ValidationException, which is the
 * client's error (400), not ours.
 */
export async function continuingFrom<T>(startKey: Record<string, unknown> | undefined, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (startKey !== undefined && error instanceof Error && error.name === 'ValidationException') throw invalidCursor();
    throw error;
  }
}

/**
 * One Query per page. `partition` names the key attributes that identify the list; they must
 * match in a cursor. Items are converted with `toItem` (which strips the storage keys).
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  options: { limit: number; cursor: string | undefined; partition: Record<string, string>; toItem: (item: Record<string, unknown>) => T },
): Promise<Page<T>> {
  const startKey = decodeCursor(options.cursor, options.partition, startKeyAttributes(input.IndexName as IndexName | undefined));
  const result = await continuingFrom(startKey, () =>
    documentClient.send(new QueryCommand({ ...input, Limit: options.limit, ExclusiveStartKey: startKey })),
  );
  const items = (result.Items ?? []).map(options.toItem);
  // DynamoDB may hand back a key even when the page ended exactly at the end of the list; that
  // costs the client one empty page at most, never a missed item.
  return { items, nextCursor: encodeCursor(result.LastEvaluatedKey) };
}
