/**
 * Idempotent requests (`Idempotency-Key`): a retried request returns the first result and creates
 * nothing. Records are stored under a digest of the caller's scope and key, never the key itself.
 * A secret the first response carried (a guest's access key) is kept sealed with a key derived
 * from the Idempotency-Key, so only the client that made the request can get it back: the table
 * alone reveals nothing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n'), 'utf8').digest();

export const idempotencyRecordId = (scope: string, key: string) => digest('record', scope, key).toString('hex');

/** Same request or not: a key reused with another body is refused rather than silently replayed. */
export const requestFingerprint = (request: unknown) => digest('request', JSON.stringify(request)).toString('hex');

export function sealSecret(secret: string, scope: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', digest('seal', scope, key), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openSealedSecret(sealed: string, scope: string, key: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', digest('seal', scope, key), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
