/**
 * Announcements. Each is one item; two sparse index entries list them:
 * - gsi1 `ANNOUNCEMENTS`, by creation time: every announcement, drafts included (staff);
 * - gsi2 `ANNOUNCEMENTS#PINNED` / `ANNOUNCEMENTS#FEED`, by publish time: those with a publish
 *   time. A key condition `gsi2sk <= now` keeps scheduled ones out of every customer query with
 *   no filter and no Scan, and they appear by themselves when their time comes. Pinned ones live
 *   in their own small partition, read first.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Announcement } from '../domain/announcements.ts';
import { byCodeUnit } from '../domain/ordering.ts';
import { notFound, validationFailed } from '../errors.ts';
import { documentClient, isConditionFailure, replaceIfVersion } from './dynamodb.ts';
import { continuingFrom, decodeCursor, encodeCursor, queryPage, startKeyAttributes, type Page } from './pagination.ts';

const ALL = 'ANNOUNCEMENTS';
const PINNED = 'ANNOUNCEMENTS#PINNED';
const FEED = 'ANNOUNCEMENTS#FEED';

const keyOf = (id: string) => ({ pk: `ANNOUNCEMENT#${id}`, sk: 'ANNOUNCEMENT' });

function itemOf(announcement: Announcement) {
  return {
    ...keyOf(announcement.id),
    entity: 'announcement',
    gsi1pk: ALL,
    gsi1sk: `${announcement.createdAt}#${announcement.id}`,
    ...(announcement.publishAt === null
      ? {}
      : { gsi2pk: announcement.pinned ? PINNED : FEED, gsi2sk: `${announcement.publishAt}#${announcement.id}` }),
    ...announcement,
  };
}

function toAnnouncement(item: Record<string, unknown>): Announcement {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _s1, gsi2pk: _g2, gsi2sk: _s2, ...announcement } = item;
  return announcement as unknown as Announcement;
}

/** Every sort key published by `now` is below this bound (ids are hex and hyphens, `~` sorts after them). */
const publishedBound = (now: Date) => `${now.toISOString()}#~`;

async function queryPublished(partition: string, now: Date, limit: number, startKey: Record<string, unknown> | undefined) {
  return continuingFrom(startKey, () => documentClient.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :partition AND gsi2sk <= :bound',
      ExpressionAttributeValues: { ':partition': partition, ':bound': publishedBound(now) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  ));
}

const invalidCursor = () =>
  validationFailed('The cursor is invalid or belongs to another list', [{ path: 'query.cursor', message: 'Invalid cursor' }]);

export async function get(id: string): Promise<Announcement | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: keyOf(id) }));
  return Item ? toAnnouncement(Item) : undefined;
}

export async function create(announcement: Announcement): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: config.tableName, Item: itemOf(announcement), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function replace(announcement: Announcement, expectedVersion: number): Promise<void> {
  await replaceIfVersion(itemOf(announcement), expectedVersion, 'announcement');
}

async function deleteAnnouncement(id: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: config.tableName, Key: keyOf(id), ConditionExpression: 'attribute_exists(pk)' }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw notFound('Announcement');
    throw error;
  }
}
export { deleteAnnouncement as delete };

/** Every announcement, newest first (staff). */
export function listAll(page: { limit: number; cursor: string | undefined }): Promise<Page<Announcement>> {
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :partition',
      ExpressionAttributeValues: { ':partition': ALL },
      ScanIndexForward: false,
    },
    { ...page, partition: { gsi1pk: ALL }, toItem: toAnnouncement },
  );
}

/**
 * Published announcements, pinned first, then newest first. A page reads the pinned partition
 * until it is exhausted, then the feed; the cursor names the partition it continues in.
 */
export async function listPublished(page: { limit: number; cursor: string | undefined }, now: Date): Promise<Page<Announcement>> {
  let phase: 'pinned' | 'feed' = 'pinned';
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor !== undefined) {
    const decoded = decodeCursor(page.cursor, {});
    // A cursor naming only the feed partition means: the feed from its start.
    const feedFromStart = decoded?.gsi2pk === FEED && Object.keys(decoded).length === 1;
    if (feedFromStart) phase = 'feed';
    else {
      startKey = decodeCursor(page.cursor, {}, startKeyAttributes('gsi2'));
      if (startKey?.gsi2pk === FEED) phase = 'feed';
      else if (startKey?.gsi2pk !== PINNED) throw invalidCursor();
    }
  }
  const items: Announcement[] = [];
  if (phase === 'pinned') {
    const pinned = await queryPublished(PINNED, now, page.limit, startKey);
    items.push(...(pinned.Items ?? []).map(toAnnouncement));
    if (pinned.LastEvaluatedKey) return { items, nextCursor: encodeCursor(pinned.LastEvaluatedKey) };
    if (items.length === page.limit) return { items, nextCursor: encodeCursor({ gsi2pk: FEED }) };
    startKey = undefined;
  }
  const feed = await queryPublished(FEED, now, page.limit - items.length, startKey);
  items.push(...(feed.Items ?? []).map(toAnnouncement));
  return { items, nextCursor: encodeCursor(feed.LastEvaluatedKey) };
}

/** The latest `count` published announcements by publish time, pinned or not (for the feed). */
export async function latestPublished(count: number, now: Date): Promise<Announcement[]> {
  const [pinned, feed] = await Promise.all([
    queryPublished(PINNED, now, count, undefined),
    queryPublished(FEED, now, count, undefined),
  ]);
  return [...(pinned.Items ?? []), ...(feed.Items ?? [])]
    .map(toAnnouncement)
    .sort((a, b) => byCodeUnit(b.publishAt!, a.publishAt!) || byCodeUnit(b.id, a.id))
    .slice(0, count);
}
