/**
 * The file buckets and the browser rules around them and the API, described once. The CDK stack
 * and the local cloud both build from this (allowed origins differ on purpose: a deployment
 * names its portal's origins in context; the local cloud serves any local page).
 */
import type { BucketName } from '../manifest.ts';

/**
 * Key prefix of objects whose upload the API has not yet verified (size, type, owner). Verified
 * objects move to their final key; whatever is still here after `abandonedUploadDays` was
 * abandoned and is deleted by the bucket's lifecycle rule.
 */
export const pendingUploadPrefix = 'pending/';
export const abandonedUploadDays = 1;

export const bucketNames: readonly BucketName[] = ['attachments', 'downloads'];

/**
 * Browsers talk to S3 directly with presigned POST/PUT/GET; the signature, not CORS, limits
 * what they may send, so any request header is allowed.
 */
export const bucketCors = {
  allowedMethods: ['GET', 'PUT', 'POST'] as const,
  allowedHeaders: ['*'],
  exposedHeaders: ['ETag'],
  maxAgeSeconds: 3600,
};

/** Request headers the API reads; browsers must be allowed to send them cross-origin. */
export const apiCors = {
  allowedHeaders: ['Authorization', 'Content-Type', 'Accept-Language', 'Idempotency-Key', 'X-Ticket-Key'],
  maxAgeSeconds: 3600,
};
