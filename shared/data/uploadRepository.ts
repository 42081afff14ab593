/**
 * Attachment uploads, one item each (`UPLOAD#<id>` / `UPLOAD`). An upload is claimable until its
 * `expiresAt` (epoch seconds, also the TTL that removes abandoned ones); attaching it removes the
 * TTL, so an attached upload is kept as long as its ticket.
 *
 * Every state change is a conditional write on the status it starts from: S3 delivers events at
 * least once and the table stream too, so a repeated event finds the condition false and changes
 * nothing.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { config } from '../config.ts';
import type { Upload, UploadStatus } from '../domain/attachments.ts';
import { documentClient, isConditionFailure, type TransactPart, type TransactWriteItem } from './dynamodb.ts';

const keyOf = (id: string) => ({ pk: `UPLOAD#${id}`, sk: 'UPLOAD' });
const UPLOAD_PREFIX = 'UPLOAD#';

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function toUpload(item: Record<string, unknown>): Upload {
  const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expiresAt, ...upload } = item;
  return upload as unknown as Upload;
}

/** The upload a table-stream record leaves behind (its new image), or undefined for any other item or a removal. */
export function uploadFromStreamRecord(record: DynamoDBRecord): Upload | undefined {
  const keys = record.dynamodb?.Keys;
  const image = record.dynamodb?.NewImage;
  if (!image || !keys?.pk?.S?.startsWith(UPLOAD_PREFIX) || keys.sk?.S !== 'UPLOAD') return undefined;
  // The stream's attribute values have the same wire shape as the SDK's.
  return toUpload(unmarshall(image as Record<string, AttributeValue>));
}

/** Runs a conditional update; false when its condition did not hold (someone else's state won). */
async function updateIf(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The put of a new upload, to write together with the rate-limit count. */
export function createPart(upload: Upload): TransactPart {
  return {
    item: {
      Put: {
        TableName: config.tableName,
        Item: { ...keyOf(upload.id), entity: 'upload', ...upload, expiresAt: epochSeconds(upload.claimableUntil) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

export async function get(id: string): Promise<Upload | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: keyOf(id), ConsistentRead: true }),
  );
  return Item ? toUpload(Item) : undefined;
}

/** Up to 100 uploads by id (strongly consistent); missing ones are absent from the map. */
export async function getMany(ids: readonly string[]): Promise<Map<string, Upload>> {
  const found = new Map<string, Upload>();
  let keys: Record<string, unknown>[] = ids.map(keyOf);
  for (let attempt = 0; keys.length > 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed keys');
    const result = await documentClient.send(
      new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[config.tableName] ?? []) {
      const upload = toUpload(item);
      found.set(upload.id, upload);
    }
    keys = result.UnprocessedKeys?.[config.tableName]?.Keys ?? [];
  }
  return found;
}

/**
 * The conditional update that attaches an upload to a message, for the message's transaction:
 * it holds only if the upload is still available, still the same owner's and still claimable.
 */
export function claimItem(upload: Upload, target: { ticketNumber: string; messageId: string }, now: Date): TransactWriteItem {
  return {
    Update: {
      TableName: config.tableName,
      Key: keyOf(upload.id),
      UpdateExpression:
        'SET #status = :attached, ticketNumber = :ticketNumber, messageId = :messageId, attachedAt = :now REMOVE expiresAt',
      ConditionExpression: '#status = :available AND #owner = :owner AND expiresAt > :nowSeconds',
      ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
      ExpressionAttributeValues: {
        ':attached': 'attached' satisfies UploadStatus,
        ':available': 'available' satisfies UploadStatus,
        ':ticketNumber': target.ticketNumber,
        ':messageId': target.messageId,
        ':now': now.toISOString(),
        ':owner': upload.owner,
        ':nowSeconds': Math.floor(now.getTime() / 1000),
      },
    },
  };
}

/**
 * pending → available with the stored object's real size (or, `from` available, a replaced
 * object's new size). False if the upload was not in state `from`.
 */
export function markAvailable(id: string, from: 'pending' | 'available', size: number): Promise<boolean> {
  return updateIf({
    TableName: config.tableName,
    Key: keyOf(id),
    UpdateExpression: 'SET #status = :available, #size = :size',
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
    ExpressionAttributeValues: { ':available': 'available', ':from': from, ':size': size },
  });
}

/** pending or available → rejected. False if it was neither (already attached, or rejected). */
export function markRejected(id: string, from: 'pending' | 'available', reason: string): Promise<boolean> {
  return updateIf({
    TableName: config.tableName,
    Key: keyOf(id),
    UpdateExpression: 'SET #status = :rejected, rejectedReason = :reason',
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':rejected': 'rejected', ':from': from, ':reason': reason },
  });
}

/** An attached upload's object now lives at `permanentKey`. False if that was already recorded. */
export function markStored(id: string, pendingKey: string, permanentKey: string): Promise<boolean> {
  return updateIf({
    TableName: config.tableName,
    Key: keyOf(id),
    UpdateExpression: 'SET objectKey = :permanentKey',
    ConditionExpression: '#status = :attached AND objectKey = :pendingKey',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':attached': 'attached', ':pendingKey': pendingKey, ':permanentKey': permanentKey },
  });
}
