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

/**
 * A page of a Query with a FilterExpression. DynamoDB applies `Limit` before the filter, so this
 * reads on until the page is full, the list ends, or `maxReads` Queries were made (then the page
 * is shorter and `nextCursor` continues where reading stopped). A page that ends inside a read
 * gets a cursor made from its last item's keys, so nothing is skipped or repeated.
 */
export async function queryFilteredPage<T>(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  options: {
    limit: number;
    cursor: string | undefined;
    partition: Record<string, string>;
    toItem: (item: Record<string, unknown>) => T;
    maxReads?: number;
  },
): Promise<Page<T>> {
  const keyAttributes = startKeyAttributes(input.IndexName as IndexName | undefined);
  let startKey: Record<string, unknown> | undefined = decodeCursor(options.cursor, options.partition, keyAttributes);
  const found: Record<string, unknown>[] = [];
  const readSize = Math.max(options.limit, 50);
  for (let read = 0; read < (options.maxReads ?? 5); read += 1) {
    const from = startKey;
    const result = await continuingFrom(from, () =>
      documentClient.send(new QueryCommand({ ...input, Limit: readSize, ExclusiveStartKey: from })),
    );
    const items = result.Items ?? [];
    const room = options.limit - found.length;
    if (items.length >= room) {
      found.push(...items.slice(0, room));
      const last = found[found.length - 1]!;
      const endsExactly = items.length === room && result.LastEvaluatedKey === undefined;
      const lastKey = Object.fromEntries(keyAttributes.map((name) => [name, last[name]]));
      return { items: found.map(options.toItem), nextCursor: endsExactly ? null : encodeCursor(lastKey) };
    }
    found.push(...items);
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return { items: found.map(options.toItem), nextCursor: encodeCursor(startKey) };
}
