/**
 * Event-driven verification of attachment uploads (S3 ObjectCreated under `pending/`). S3 does
 * enforce the signed POST policy, but this check does not rely on it (the local emulator
 * enforces nothing): the stored object must match what was signed for it, or it is deleted and
 * the upload refused. Each outcome is a conditional write on the state it starts from, so a
 * repeated event changes nothing.
 */
import { config } from '../config.ts';
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
import { objectStorage } from '../data/objectStorage.ts';
import * as uploadRepository from '../data/uploadRepository.ts';
import { storedObjectProblem } from '../domain/attachments.ts';
import { logger } from '../logger.ts';

export type VerificationOutcome = 'available' | 'rejected' | 'deleted' | 'unchanged';

const uploadIdPattern = /^[0-9a-f]{32}$/;

export async function verifyAttachmentUpload(key: string): Promise<VerificationOutcome> {
  const bucket = config.attachmentsBucket;
  const id = key.startsWith(pendingUploadPrefix) ? key.slice(pendingUploadPrefix.length) : '';
  const upload = uploadIdPattern.test(id) ? await uploadRepository.get(id) : undefined;

  // Nobody asked for this object (or its upload expired, or was refused): it never becomes a file.
  if (!upload || upload.status === 'rejected') {
    await objectStorage.delete(bucket, key);
    logger.warn('Deleted an object no upload is waiting for (unknown, expired or refused)', { key });
    return 'deleted';
  }
  // Attached uploads are the stream consumer's: it copies this object to its permanent key.
  if (upload.status === 'attached') return 'unchanged';

  const object = await objectStorage.head(bucket, key);
  if (!object) return 'unchanged';
  const problem = storedObjectProblem(upload, object, config.attachments.maxBytes);
  if (problem === null) {
    const changed = await uploadRepository.markAvailable(id, upload.status, object.size);
    return changed && upload.status === 'pending' ? 'available' : 'unchanged';
  }
  const rejected = await uploadRepository.markRejected(id, upload.status, problem);
  // An upload whose state moved on meanwhile (claimed, or settled by a concurrent event) keeps its object.
  if (rejected) await objectStorage.delete(bucket, key);
  logger.warn('Refused an uploaded file', { uploadId: id, problem });
  return rejected ? 'rejected' : 'unchanged';
}
