/**
 * The S3 client, created once per Lambda environment (module scope). Imported only by functions
 * that talk to S3, so the others stay without it.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config.ts';

export const s3Client = new S3Client({
  // An emulator (the local cloud) serves buckets by path, not by host name.
  ...(config.endpoints.s3 ? { endpoint: config.endpoints.s3, forcePathStyle: true } : {}),
  // Recent SDKs otherwise sign a checksum of an empty body into presigned requests.
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
