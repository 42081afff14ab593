/**
 * Staff sharing files: announcing a file (its text, category, visibility and the file to come)
 * hands back a presigned POST for the downloads bucket. The file appears to customers once the
 * bucket event has verified the upload (shared/useCases/verifyDownloads.ts); a replacement keeps
 * the current file visible until then.
 */
import { randomBytes } from 'node:crypto';
import { config } from '../config.ts';
import { pendingUploadPrefix } from '../data/bucketDefinitions.ts';
import * as downloadRepository from '../data/downloadRepository.ts';
import { presignUpload, type UploadForm } from '../data/presignedUploads.ts';
import { filenameProblem, normalizeFilename, uploadUrlMinutes } from '../domain/attachments.ts';
import {
  changeDownloadFile,
  namesAnyField,
  newDownloadFile,
  pendingDownloadKey,
  showDownloadToStaff,
  type PendingFile,
} from '../domain/downloads.ts';
import { notFound, staleEdit, validationFailed } from '../errors.ts';
import type { CreateDownloadInput, DownloadFileInput, UpdateDownloadInput } from '../schemas/downloads.ts';

/** Checks the announced file before anything is written or signed. */
function announcedFile(fileId: string, input: DownloadFileInput, now: Date): PendingFile {
  const filename = normalizeFilename(input.filename);
  const problem = filenameProblem(filename);
  if (problem) throw validationFailed('This file name cannot be used', [{ path: 'body.file.filename', message: problem }]);
  const maxBytes = config.downloads.maxBytes;
  if (input.size > maxBytes) throw validationFailed(`A file may have at most ${maxBytes} bytes`, [{ path: 'body.file.size', message: `At most ${maxBytes}` }]);
  const uploadId = randomBytes(16).toString('hex');
  return {
    uploadId,
    filename,
    contentType: input.contentType.toLowerCase(),
    size: input.size,
    objectKey: pendingDownloadKey(pendingUploadPrefix, fileId, uploadId),
    uploadBefore: new Date(now.getTime() + uploadUrlMinutes * 60_000).toISOString(),
    rejectedReason: null,
  };
}

async function uploadFormFor(pending: PendingFile): Promise<UploadForm & { expiresAt: string }> {
  const form = await presignUpload(
    config.downloadsBucket,
    pending.objectKey,
    { contentType: pending.contentType, maxBytes: pending.size },
    uploadUrlMinutes * 60,
  );
  return { ...form, expiresAt: pending.uploadBefore };
}

export async function createDownload(input: CreateDownloadInput, now = new Date()) {
  const id = randomBytes(8).toString('hex');
  const pending = announcedFile(id, input.file, now);
  const file = newDownloadFile(id, input, pending, now);
  await downloadRepository.createFile(file);
  return { ...showDownloadToStaff(file, 0), upload: await uploadFormFor(pending) };
}

export async function updateDownload(id: string, changes: UpdateDownloadInput, now = new Date()) {
  const current = await downloadRepository.getFile(id);
  if (!current) throw notFound('File');
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('file', current.version);
  const counts = await downloadRepository.downloadCounts([id]);
  if (!namesAnyField(changes)) return showDownloadToStaff(current, counts.get(id) ?? 0);
  const pending = changes.file ? announcedFile(id, changes.file, now) : null;
  const updated = changeDownloadFile(current, changes, pending, now);
  await downloadRepository.updateFile(updated, current.version, current.categoryId, pending !== null);
  const shown = showDownloadToStaff(updated, counts.get(id) ?? 0);
  return pending ? { ...shown, upload: await uploadFormFor(pending) } : shown;
}
