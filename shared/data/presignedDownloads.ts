/**
 * Presigned GET links that make the browser download (never display) a stored file under its
 * own name. Only the functions that hand out download links import this.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './s3.ts';

export async function presignDownload(
  bucket: string,
  key: string,
  response: { contentDisposition: string; contentType: string },
  expiresInSeconds: number,
): Promise<string> {
  return getSignedUrl(
    s3Client,
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: response.contentDisposition,
      ResponseContentType: response.contentType,
    }),
    { expiresIn: expiresInSeconds },
  );
}
