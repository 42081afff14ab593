/**
 * Presigned POST uploads. The policy pins everything the browser could otherwise choose: the
 * exact key (server-generated), the exact Content-Type and the size range; S3 refuses any other
 * form. Only the functions that hand out upload forms import this (and the S3 client).
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { s3Client } from './s3.ts';

export interface UploadForm {
  /** Where the browser POSTs the multipart form. */
  url: string;
  /** Form fields to send, in this order, before the `file` field. */
  fields: Record<string, string>;
}

export async function presignUpload(
  bucket: string,
  key: string,
  file: { contentType: string; maxBytes: number },
  expiresInSeconds: number,
): Promise<UploadForm> {
  return createPresignedPost(s3Client, {
    Bucket: bucket,
    Key: key,
    // Each field also becomes an exact-match condition of the policy (as do bucket and key).
    Fields: { 'Content-Type': file.contentType },
    Conditions: [['content-length-range', 1, file.maxBytes]],
    Expires: expiresInSeconds,
  });
}
