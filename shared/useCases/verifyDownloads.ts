/**
 * Event-driven verification of files staff upload to the downloads bucket (S3 ObjectCreated
 * under `pending/`): the object must be the one announced (key, size, type), or it is deleted.
 * A verified object is copied to its permanent key under `files/`, becomes the file's content
 * in one conditional write (only while it is still the announced upload), and the content it
 * replaces is deleted. A repeated event finds nothing announced and changes nothing.
 */
import { config } from '../config.ts';
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
import * as downloadRepository from '../data/downloadRepository.ts';
import { objectStorage } from '../data/objectStorage.ts';
import { storedObjectProblem } from '../domain/attachments.ts';
import { parsePendingDownloadKey, storedDownloadKey } from '../domain/downloads.ts';
import { logger } from '../logger.ts';
import type { VerificationOutcome } from './verifyUploads.ts';

export async function verifyDownloadUpload(key: string, now = new Date()): Promise<VerificationOutcome> {
  const bucket = config.downloadsBucket;
  const parts = parsePendingDownloadKey(pendingUploadPrefix, key);
  const file = parts ? await downloadRepository.getFile(parts.fileId) : undefined;
  const pending = file?.pendingFile;
  if (!parts || !pending || pending.uploadId !== parts.uploadId || pending.rejectedReason !== null) {
    // Not (or no longer) the announced upload: a stray object, a superseded one, or a repeat.
    await objectStorage.delete(bucket, key);
    return 'deleted';
  }

  const object = await objectStorage.head(bucket, key);
  if (!object) return 'unchanged';
  const problem = storedObjectProblem(pending, object, config.downloads.maxBytes);
  if (problem !== null) {
    const refused = await downloadRepository.refusePendingFile(parts.fileId, parts.uploadId, problem);
    if (refused) await objectStorage.delete(bucket, key);
    logger.warn('Refused an uploaded download file', { fileId: parts.fileId, problem });
    return refused ? 'rejected' : 'unchanged';
  }

  const storedKey = storedDownloadKey(parts.fileId, parts.uploadId);
  if (!(await objectStorage.copy(bucket, key, storedKey))) return 'unchanged';
  const replaced = await downloadRepository.storeVerifiedFile(parts.fileId, parts.uploadId, {
    filename: pending.filename,
    contentType: pending.contentType,
    size: object.size,
    objectKey: storedKey,
    uploadedAt: now.toISOString(),
  });
  if (replaced === undefined) {
    // Superseded (or deleted) meanwhile: drop the copy unless a concurrent repeat made it the content.
    const current = await downloadRepository.getFile(parts.fileId);
    if (current?.file?.objectKey !== storedKey) await objectStorage.delete(bucket, storedKey);
    return 'unchanged';
  }
  if (replaced && replaced.objectKey !== storedKey) await objectStorage.delete(bucket, replaced.objectKey);
  await objectStorage.delete(bucket, key);
  return 'available';
}
