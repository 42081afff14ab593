/**
 * The serialized search index, stored in the table: gzip'd, cut into binary chunks of at most
 * 350 KB (an item holds 400 KB) in the partition `KB#SEARCH_INDEX#CHUNKS`, sorted by version
 * (versions sort by build time) and chunk number, and a small pointer item
 * `KB#SEARCH_INDEX`/`CURRENT` naming the version in use. A build writes its chunks first and moves
 * the pointer last, so readers never see half an index; the pointer only moves forward (a build
 * that read the articles earlier than the current one loses), and the chunks of a replaced version
 * expire by TTL once readers have had time to finish with them.
 */
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentClient, isConditionFailure, queryAll } from './dynamodb.ts';

const CHUNK_BYTES = 350 * 1024;
/** How long a replaced version stays readable for functions that loaded its pointer just before. */
const REPLACED_VERSION_LIFETIME_SECONDS = 3600;

const POINTER_KEY = { pk: 'KB#SEARCH_INDEX', sk: 'CURRENT' };
const CHUNKS = 'KB#SEARCH_INDEX#CHUNKS';
const chunkKey = (version: string, index: number) => ({ pk: CHUNKS, sk: `${version}#${String(index).padStart(5, '0')}` });

export interface SearchIndexPointer {
  version: string;
  chunks: number;
  bytes: number;
  articleCount: number;
  builtAt: string;
  /** When the build started reading the articles: a newer read wins. */
  readAt: string;
}

async function writeAll(requests: Array<Record<string, unknown>>) {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: Record<string, unknown[]> | undefined = { [config.tableName]: requests.slice(start, start + 25) };
    while (pending && Object.keys(pending).length > 0) {
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: pending as never }));
      pending = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
}

async function expireVersion(version: string, chunks: number, now: Date) {
  const expiresAt = Math.floor(now.getTime() / 1000) + REPLACED_VERSION_LIFETIME_SECONDS;
  for (let index = 0; index < chunks; index += 1) {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: chunkKey(version, index),
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt },
      }),
    ).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
}

export async function current(): Promise<SearchIndexPointer | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: POINTER_KEY, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, ...pointer } = Item;
  return pointer as SearchIndexPointer;
}

/** The stored bytes of one version, in order. */
export async function load(pointer: SearchIndexPointer): Promise<Buffer> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
    ExpressionAttributeValues: { ':pk': CHUNKS, ':version': `${pointer.version}#` },
    ConsistentRead: true,
  });
  const parts = items.map((item) => item.data as Uint8Array);
  if (parts.length !== pointer.chunks) throw new Error(`Search index ${pointer.version} has ${parts.length} of ${pointer.chunks} chunks`);
  return Buffer.concat(parts);
}

/**
 * The current version and its bytes, for a reader that has none yet. The newest chunk is read
 * alongside the pointer: it is almost always the current index whole (one chunk, and no build
 * since), which saves the wait for a second read; otherwise the pointer's version is loaded.
 */
export async function loadCurrent(): Promise<{ pointer: SearchIndexPointer; bytes: Buffer } | undefined> {
  const [pointer, { Items: [newest] = [] }] = await Promise.all([
    current(),
    documentClient.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CHUNKS },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    ),
  ]);
  if (!pointer) return undefined;
  const whole = pointer.chunks === 1 && newest?.sk === chunkKey(pointer.version, 0).sk;
  return { pointer, bytes: whole ? Buffer.from(newest.data as Uint8Array) : await load(pointer) };
}

/** Stores a version and makes it current, unless a build that read later got there first. */
export async function publish(
  bytes: Buffer,
  build: Omit<SearchIndexPointer, 'chunks' | 'bytes'>,
  now: Date,
): Promise<{ pointer: SearchIndexPointer; current: boolean }> {
  const pointer: SearchIndexPointer = { ...build, chunks: Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES)), bytes: bytes.length };
  const requests: Array<Record<string, unknown>> = [];
  for (let index = 0; index * CHUNK_BYTES < bytes.length; index += 1) {
    const data = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    requests.push({ PutRequest: { Item: { ...chunkKey(pointer.version, index), entity: 'kbSearchIndexChunk', data } } });
  }
  await writeAll(requests);
  try {
    const { Attributes } = await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...POINTER_KEY, entity: 'kbSearchIndexPointer', ...pointer },
        ConditionExpression: 'attribute_not_exists(pk) OR readAt <= :readAt',
        ExpressionAttributeValues: { ':readAt': pointer.readAt },
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (Attributes) await expireVersion(String(Attributes.version), Number(Attributes.chunks), now);
    return { pointer, current: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    await expireVersion(pointer.version, pointer.chunks, now);
    return { pointer, current: false };
  }
}
