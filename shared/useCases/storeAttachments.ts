/**
 * Table-stream consumer: an upload just attached to a message is copied from `pending/` (which
 * the bucket's lifecycle empties after a day) to its permanent key under `tickets/`, and the
 * upload then points there. The original is left to the lifecycle rule, so a download link signed
 * for it a moment earlier still works. Repeated records find the upload already stored and skip.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { config } from '../config.ts';
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
import { objectStorage } from '../data/objectStorage.ts';
import * as uploadRepository from '../data/uploadRepository.ts';
import { uploadFromStreamRecord } from '../data/uploadRepository.ts';
import { permanentAttachmentKey, type Upload } from '../domain/attachments.ts';
import { logger } from '../logger.ts';

/** Attached and still under `pending/`: the copy has yet to be made. */
function awaitingCopy(record: DynamoDBRecord): Upload | undefined {
  const upload = uploadFromStreamRecord(record);
  return upload?.status === 'attached' && upload.ticketNumber !== null && upload.objectKey.startsWith(pendingUploadPrefix)
    ? upload
    : undefined;
}

async function store(upload: Upload): Promise<void> {
  const permanentKey = permanentAttachmentKey(upload.ticketNumber!, upload.id);
  const copied = await objectStorage.copy(config.attachmentsBucket, upload.objectKey, permanentKey);
  if (!copied) {
    // Only possible if the copy ran already (and the original has since expired) or the object was lost.
    const current = await uploadRepository.get(upload.id);
    if (current?.objectKey !== permanentKey) logger.error('An attached file is missing from storage', { uploadId: upload.id, key: upload.objectKey });
    return;
  }
  await uploadRepository.markStored(upload.id, upload.objectKey, permanentKey);
}

/** Stops at the first failure: records before it are done, it and the rest are retried. */
export async function storeAttachedUploads(records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    const upload = awaitingCopy(record);
    if (!upload) continue;
    try {
      await store(upload);
    } catch (error) {
      logger.error('Storing an attached file failed', { uploadId: upload.id, error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
}
