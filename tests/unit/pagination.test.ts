import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/data/pagination.ts';

describe('cursors', () => {
  const key = { pk: 'ANNOUNCEMENT', sk: '2026-11-25T10:00:00.000Z#a1' };

  it('round-trips a LastEvaluatedKey', () => {
    expect(decodeCursor(encodeCursor(key)!, { pk: 'ANNOUNCEMENT' })).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!'],
    ['a JSON array', Buffer.from('[1]').toString('base64url')],
    ['an empty object', Buffer.from('{}').toString('base64url')],
    ['nested values', Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url')],
  ])('rejects %s with 400', (_name, cursor) => {
    expect(() => decodeCursor(cursor, { pk: 'ANNOUNCEMENT' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it("rejects a cursor from another partition (another customer's list)", () => {
    const foreign = encodeCursor({ gsi1pk: 'CUSTOMER#b', gsi1sk: 'x', pk: 'T#1', sk: 'T' })!;
    expect(() => decodeCursor(foreign, { gsi1pk: 'CUSTOMER#a' })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('cursor key shape', () => {
  const attributes = ['pk', 'sk', 'gsi2pk', 'gsi2sk'];
  const full = { pk: 'A#1', sk: 'A', gsi2pk: 'FEED', gsi2sk: '2026-11-25T00:00:00.000Z#1' };

  it('accepts exactly the key attributes of the queried index', () => {
    expect(decodeCursor(encodeCursor(full)!, { gsi2pk: 'FEED' }, attributes)).toEqual(full);
  });

  it.each([
    ['a missing attribute', { gsi2pk: 'FEED' }],
    ['an extra attribute', { ...full, gsi1pk: 'X' }],
    ['a number where a string key belongs', { ...full, gsi2sk: 5 }],
    ['an empty key value', { ...full, gsi2sk: '' }],
  ])('rejects %s with 400', (_name, key) => {
    expect(() => decodeCursor(encodeCursor(key)!, { gsi2pk: 'FEED' }, attributes)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
