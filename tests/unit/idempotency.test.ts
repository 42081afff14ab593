import { describe, expect, it } from 'vitest';
import {
  idempotencyRecordId,
  openSealedSecret,
  requestFingerprint,
  sealSecret,
} from '../../shared/domain/idempotency.ts';

describe('idempotency records', () => {
  it('are stored under a digest that depends on both the caller and the key, never the key itself', () => {
    const id = idempotencyRecordId('user:anna', 'key-12345678');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain('key-12345678');
    expect(idempotencyRecordId('user:john', 'key-12345678')).not.toBe(id);
    expect(idempotencyRecordId('user:anna', 'key-12345679')).not.toBe(id);
  });

  it('tell the same request from a different one', () => {
    expect(requestFingerprint({ subject: 'a' })).toBe(requestFingerprint({ subject: 'a' }));
    expect(requestFingerprint({ subject: 'a' })).not.toBe(requestFingerprint({ subject: 'b' }));
  });

  it('seal a secret so that only the same caller and key open it again', () => {
    const sealed = sealSecret('guest-access-key', 'guest:jan@example.com', 'key-12345678');
    expect(sealed).not.toContain('guest-access-key');
    expect(openSealedSecret(sealed, 'guest:jan@example.com', 'key-12345678')).toBe('guest-access-key');
    expect(() => openSealedSecret(sealed, 'guest:jan@example.com', 'key-87654321')).toThrow();
    expect(() => openSealedSecret(sealed, 'guest:eve@example.com', 'key-12345678')).toThrow();
  });
});
