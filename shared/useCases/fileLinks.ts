/**
 * The one way a stored file becomes a download link, for ticket attachments and the Downloads
 * section alike: a short-lived presigned GET that makes the browser save the file under its own
 * name, in a content type that never renders inline as active content.
 */
import { presignDownload } from '../data/presignedDownloads.ts';
import { attachmentDisposition, downloadLinkSeconds, servedContentType } from '../domain/attachments.ts';

export interface StoredFile {
  objectKey: string;
  filename: string;
  contentType: string;
  size: number;
}

export async function downloadLinkTo(bucket: string, file: StoredFile, now: Date) {
  const url = await presignDownload(
    bucket,
    file.objectKey,
    { contentDisposition: attachmentDisposition(file.filename), contentType: servedContentType(file.contentType) },
    downloadLinkSeconds,
  );
  return {
    url,
    expiresAt: new Date(now.getTime() + downloadLinkSeconds * 1000).toISOString(),
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
  };
}
