/**
 * The Downloads section's items.
 *
 * - Categories share one partition (`DOWNLOADS` / `CATEGORY#<id>`): listing them is one Query.
 *   Each carries its `fileCount`, changed in the same transaction as the file writes.
 * - A file is `DOWNLOAD#<id>` / `FILE`, listed newest first through two index entries: its
 *   category (gsi1 `DOWNLOADS#CATEGORY#<id>`) and all files (gsi2 `DOWNLOADS#FILES`). Who may see
 *   it is its `visibility` map, which customer lists filter on in the Query itself.
 * - Its download counter is a separate item (`DOWNLOAD#<id>` / `STATS`), so counting neither
 *   rewrites the file item (whose customer list can be long) nor races staff edits.
 */
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { DownloadCategory, DownloadFile, DownloadViewer, StoredFile } from '../domain/downloads.ts';
import { conflict, notFound, staleEdit, validationFailed } from '../errors.ts';
import { documentClient, isConditionFailure, queryAll, writeTogether, type TransactPart } from './dynamodb.ts';
import { queryFilteredPage, queryPage, type Page } from './pagination.ts';

const CATEGORIES = 'DOWNLOADS';
const categoryKey = (id: string) => ({ pk: CATEGORIES, sk: `CATEGORY#${id}` });
const fileKey = (id: string) => ({ pk: `DOWNLOAD#${id}`, sk: 'FILE' });
const statsKey = (id: string) => ({ pk: `DOWNLOAD#${id}`, sk: 'STATS' });
const categoryList = (categoryId: string) => `DOWNLOADS#CATEGORY#${categoryId}`;
const ALL_FILES = 'DOWNLOADS#FILES';

function toCategory(item: Record<string, unknown>): DownloadCategory {
  const { pk: _pk, sk: _sk, entity: _entity, ...category } = item;
  return category as unknown as DownloadCategory;
}

function toFile(item: Record<string, unknown>): DownloadFile {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _s1, gsi2pk: _g2, gsi2sk: _s2, ...file } = item;
  return { ...(file as unknown as DownloadFile), file: (file.file as StoredFile | undefined) ?? null, pendingFile: (file.pendingFile as DownloadFile['pendingFile']) ?? null };
}

/** `file` and `pendingFile` are absent rather than null: the customer filter asks whether `file` exists. */
function fileItem(file: DownloadFile): Record<string, unknown> {
  const { file: stored, pendingFile, ...fields } = file;
  const sortKey = `${file.createdAt}#${file.id}`;
  return {
    ...fileKey(file.id),
    entity: 'downloadFile',
    ...fields,
    ...(stored ? { file: stored } : {}),
    ...(pendingFile ? { pendingFile } : {}),
    gsi1pk: categoryList(file.categoryId),
    gsi1sk: sortKey,
    gsi2pk: ALL_FILES,
    gsi2sk: sortKey,
  };
}

const countChange = (categoryId: string, delta: 1 | -1, onMissing?: () => Error): TransactPart => ({
  item: {
    Update: {
      TableName: config.tableName,
      Key: categoryKey(categoryId),
      UpdateExpression: 'ADD fileCount :delta',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':delta': delta },
    },
  },
  ...(onMissing ? { onConditionFailed: onMissing } : {}),
});

const noSuchCategory = () => validationFailed('There is no such download category', [{ path: 'body.category', message: 'Unknown category' }]);

/**
 * The part of a Query's filter that keeps only files the viewer may download; mirrors
 * `mayDownload` in shared/domain/downloads.ts. Only names and values the expression uses are
 * declared (DynamoDB refuses unused ones).
 */
function visibleTo(viewer: DownloadViewer) {
  const names: Record<string, string> = { '#file': 'file', '#visibility': 'visibility', '#audience': 'audience' };
  const values: Record<string, unknown> = { ':everyone': 'everyone' };
  const audiences = ['#visibility.#audience = :everyone'];
  if (viewer.customerId !== null) {
    names['#customerIds'] = 'customerIds';
    Object.assign(values, { ':signedIn': 'signed-in', ':customers': 'customers', ':me': viewer.customerId });
    audiences.push(
      '#visibility.#audience = :signedIn',
      '(#visibility.#audience = :customers AND contains(#visibility.#customerIds, :me))',
    );
  }
  if (viewer.products.length > 0) {
    names['#product'] = 'product';
    values[':product'] = 'product';
    // IN takes at most 100 operands.
    const lists: string[] = [];
    for (let start = 0; start < viewer.products.length; start += 100) {
      const placeholders = viewer.products.slice(start, start + 100).map((product, offset) => {
        values[`:p${start + offset}`] = product;
        return `:p${start + offset}`;
      });
      lists.push(`#visibility.#product IN (${placeholders.join(', ')})`);
    }
    audiences.push(`(#visibility.#audience = :product AND (${lists.join(' OR ')}))`);
  }
  return {
    FilterExpression: `attribute_exists(#file) AND (${audiences.join(' OR ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

// Categories.

export async function listCategories(): Promise<DownloadCategory[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': CATEGORIES, ':prefix': 'CATEGORY#' },
  });
  return items.map(toCategory);
}

export async function getCategory(id: string): Promise<DownloadCategory | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: categoryKey(id) }));
  return Item ? toCategory(Item) : undefined;
}

export async function createCategory(category: DownloadCategory): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...categoryKey(category.id), entity: 'downloadCategory', ...category },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw conflict(`A download category with id "${category.id}" already exists`, [{ path: 'body.id', message: 'Already taken' }]);
    }
    throw error;
  }
}

/** Writes the edited fields (never `fileCount`, which file writes own) if still at `expectedVersion`. */
export async function updateCategory(category: DownloadCategory, expectedVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: categoryKey(category.id),
        UpdateExpression: 'SET #name = :name, #description = :description, #order = :order, #version = :version, updatedAt = :updatedAt',
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { '#name': 'name', '#description': 'description', '#order': 'order', '#version': 'version' },
        ExpressionAttributeValues: {
          ':name': category.name,
          ':description': category.description,
          ':order': category.order,
          ':version': category.version,
          ':updatedAt': category.updatedAt,
          ':expected': expectedVersion,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw staleEdit('download category');
    throw error;
  }
}

/** Deletes an existing category only while it holds no file. */
export async function deleteEmptyCategory(id: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: config.tableName,
        Key: categoryKey(id),
        ConditionExpression: 'attribute_exists(pk) AND fileCount = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (!(await getCategory(id))) throw notFound('Download category');
    throw conflict('The category still holds files; move or delete them first', [{ path: 'fileCount', message: 'Not empty' }]);
  }
}

// Files.

export async function getFile(id: string): Promise<DownloadFile | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: fileKey(id) }));
  return Item ? toFile(Item) : undefined;
}

/** The file, its zeroed counter and its category's count, together (the category must exist). */
export async function createFile(file: DownloadFile): Promise<void> {
  await writeTogether([
    {
      item: { Put: { TableName: config.tableName, Item: fileItem(file), ConditionExpression: 'attribute_not_exists(pk)' } },
      onConditionFailed: () => conflict('A file with this id exists already; try again'),
    },
    { item: { Put: { TableName: config.tableName, Item: { ...statsKey(file.id), entity: 'downloadStats', downloads: 0 } } } },
    countChange(file.categoryId, 1, noSuchCategory),
  ]);
}

/**
 * Writes everything staff may change if the file is still at `expectedVersion`; a move also
 * moves the counts. `pendingFile` is written only when `announcesFile` (a new upload): the
 * verifier may have just replaced the one read, and it must not come back.
 */
export async function updateFile(file: DownloadFile, expectedVersion: number, previousCategoryId: string, announcesFile: boolean): Promise<void> {
  const fields: Record<string, unknown> = {
    categoryId: file.categoryId,
    title: file.title,
    description: file.description,
    fileVersion: file.fileVersion,
    visibility: file.visibility,
    version: file.version,
    updatedAt: file.updatedAt,
    gsi1pk: categoryList(file.categoryId),
    ...(announcesFile && file.pendingFile ? { pendingFile: file.pendingFile } : {}),
  };
  const names = Object.keys(fields);
  const update: TransactPart = {
    item: {
      Update: {
        TableName: config.tableName,
        Key: fileKey(file.id),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])), '#version': 'version' },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])), ':expected': expectedVersion },
      },
    },
    onConditionFailed: () => staleEdit('file'),
  };
  const moved = file.categoryId !== previousCategoryId;
  await writeTogether(moved ? [update, countChange(previousCategoryId, -1), countChange(file.categoryId, 1, noSuchCategory)] : [update]);
}

/** The file, its counter and its place in its category's count, together. */
export async function deleteFile(file: DownloadFile): Promise<void> {
  await writeTogether([
    {
      item: { Delete: { TableName: config.tableName, Key: fileKey(file.id), ConditionExpression: 'attribute_exists(pk)' } },
      onConditionFailed: () => notFound('File'),
    },
    { item: { Delete: { TableName: config.tableName, Key: statsKey(file.id) } } },
    countChange(file.categoryId, -1),
  ]);
}

/**
 * Makes a verified upload the file's content, if it is still the announced one. Returns the
 * content it replaced (null for a first upload), or undefined when the upload is no longer
 * the announced one (a newer one replaced it, the file was deleted, or this ran before).
 */
export async function storeVerifiedFile(fileId: string, uploadId: string, stored: StoredFile): Promise<StoredFile | null | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: fileKey(fileId),
        UpdateExpression: 'SET #file = :file, updatedAt = :now REMOVE pendingFile',
        ConditionExpression: 'pendingFile.uploadId = :uploadId',
        ExpressionAttributeNames: { '#file': 'file' },
        ExpressionAttributeValues: { ':file': stored, ':now': stored.uploadedAt, ':uploadId': uploadId },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return (Attributes?.file as StoredFile | undefined) ?? null;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Records why the announced upload was refused; false when it is no longer the announced one. */
export async function refusePendingFile(fileId: string, uploadId: string, reason: string): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: fileKey(fileId),
        UpdateExpression: 'SET pendingFile.rejectedReason = :reason',
        ConditionExpression: 'pendingFile.uploadId = :uploadId',
        ExpressionAttributeValues: { ':reason': reason, ':uploadId': uploadId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Counts one download. */
export async function countDownload(id: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: statsKey(id),
      UpdateExpression: 'ADD #downloads :one',
      ExpressionAttributeNames: { '#downloads': 'downloads' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

/** Download counts of up to 100 files. */
export async function downloadCounts(ids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let keys: Record<string, unknown>[] = [...new Set(ids)].map(statsKey);
  for (let attempt = 0; keys.length > 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed keys');
    const result = await documentClient.send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: keys } } }));
    for (const item of result.Responses?.[config.tableName] ?? []) {
      counts.set((item.pk as string).slice('DOWNLOAD#'.length), Number(item.downloads ?? 0));
    }
    keys = result.UnprocessedKeys?.[config.tableName]?.Keys ?? [];
  }
  return counts;
}

/** Every file, or a category's, newest first, whatever its visibility or state. */
export async function listForStaff(categoryId: string | undefined, page: { limit: number; cursor: string | undefined }): Promise<Page<DownloadFile>> {
  const [index, partition] = categoryId === undefined ? (['gsi2', ALL_FILES] as const) : (['gsi1', categoryList(categoryId)] as const);
  return queryPage(
    {
      TableName: config.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
    },
    { ...page, partition: { [`${index}pk`]: partition }, toItem: toFile },
  );
}

/** The files the viewer may download, of one category or all, newest first. */
export async function listVisible(
  viewer: DownloadViewer,
  categoryId: string | undefined,
  page: { limit: number; cursor: string | undefined },
): Promise<Page<DownloadFile>> {
  const [index, partition] = categoryId === undefined ? (['gsi2', ALL_FILES] as const) : (['gsi1', categoryList(categoryId)] as const);
  const filter = visibleTo(viewer);
  return queryFilteredPage(
    {
      TableName: config.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      FilterExpression: filter.FilterExpression,
      ExpressionAttributeNames: filter.ExpressionAttributeNames,
      ExpressionAttributeValues: { ...filter.ExpressionAttributeValues, ':pk': partition },
      ScanIndexForward: false,
    },
    { ...page, partition: { [`${index}pk`]: partition }, toItem: toFile },
  );
}

/** How many files of each category the viewer may download (one Query over all files). */
export async function visibleCountsByCategory(viewer: DownloadViewer): Promise<Map<string, number>> {
  const filter = visibleTo(viewer);
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    FilterExpression: filter.FilterExpression,
    ProjectionExpression: 'categoryId',
    ExpressionAttributeNames: filter.ExpressionAttributeNames,
    ExpressionAttributeValues: { ...filter.ExpressionAttributeValues, ':pk': ALL_FILES },
  });
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.categoryId as string, (counts.get(item.categoryId as string) ?? 0) + 1);
  return counts;
}
