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
