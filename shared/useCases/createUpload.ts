/**
 * Handing out an upload form (presigned POST) for one attachment. Everything is checked before
 * anything is signed or written: the name, the type (configured allowlist, name extension to
 * match), the size; then the upload is recorded together with the caller's rate-limit count.
 */
import { randomBytes } from 'node:crypto';
import { config } from '../config.ts';
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
import { writeTogether } from '../data/dynamodb.ts';
import { presignUpload, type UploadForm } from '../data/presignedUploads.ts';
import * as rateLimitRepository from '../data/rateLimitRepository.ts';
import * as uploadRepository from '../data/uploadRepository.ts';
import {
  attachmentFileProblem,
  normalizeFilename,
  pendingAttachmentKey,
  uploadClaimableHours,
  uploadUrlMinutes,
  type Upload,
} from '../domain/attachments.ts';
import type { Caller } from '../domain/callers.ts';
import { validationFailed } from '../errors.ts';
import type { CreateUploadInput } from '../schemas/uploads.ts';
import { ownerForNewUpload } from './uploads.ts';

export async function createUpload(
  caller: Caller,
  input: CreateUploadInput,
  context: { guestKey: string | undefined; sourceIp: string },
  now = new Date(),
): Promise<{ upload: Upload; form: UploadForm; formExpiresAt: string }> {
  const filename = normalizeFilename(input.filename);
  const contentType = input.contentType.trim().toLowerCase();
  const problem = attachmentFileProblem(filename, contentType, config.attachments.allowedTypes);
  if (problem) throw validationFailed('This file cannot be attached', [{ path: `body.${problem.field}`, message: problem.message }]);
  const maxBytes = config.attachments.maxBytes;
  if (input.size > maxBytes) {
    throw validationFailed(`A file may have at most ${maxBytes} bytes`, [{ path: 'body.size', message: `At most ${maxBytes}` }]);
  }
  const owner = await ownerForNewUpload(caller, input.ticketNumber, context.guestKey);

  const id = randomBytes(16).toString('hex');
  const formExpiresAt = new Date(now.getTime() + uploadUrlMinutes * 60_000).toISOString();
  const upload: Upload = {
    id,
    owner,
    filename,
    contentType,
    size: input.size,
    objectKey: pendingAttachmentKey(pendingUploadPrefix, id),
    status: 'pending',
    createdAt: now.toISOString(),
    claimableUntil: new Date(now.getTime() + uploadClaimableHours * 3_600_000).toISOString(),
    rejectedReason: null,
    ticketNumber: null,
    messageId: null,
    attachedAt: null,
  };
  const limit = config.attachments.uploadsPerHour;
  await writeTogether([
    rateLimitRepository.countPart(
      {
        // Guests share no identity, so they are counted by address.
        scope: caller.kind === 'user' ? `uploads:user:${caller.id}` : `uploads:ip:${context.sourceIp}`,
        limit,
        windowSeconds: 3600,
        message: `At most ${limit} uploads per hour; try again later`,
      },
      now,
    ),
    uploadRepository.createPart(upload),
  ]);
  const form = await presignUpload(
    config.attachmentsBucket,
    upload.objectKey,
    { contentType, maxBytes: input.size },
    uploadUrlMinutes * 60,
  );
  return { upload, form, formExpiresAt };
}
