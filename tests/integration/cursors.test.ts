/**
 * Hand-made cursors: whatever a client puts in `?cursor=`, a list answers 400 (never 500) unless
 * the cursor is one the same list handed out.
 */
import { describe, expect, it } from 'vitest';
import { api, expectError } from './support/api.ts';

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

const crafted = [
  ['only the partition', { gsi2pk: 'ANNOUNCEMENTS#PINNED' }],
  ['the partition and a stray attribute', { gsi2pk: 'ANNOUNCEMENTS#PINNED', pk: 'x' }],
  ['a key past the published bound', { pk: 'ANNOUNCEMENT#x', sk: 'ANNOUNCEMENT', gsi2pk: 'ANNOUNCEMENTS#FEED', gsi2sk: 'zzzz' }],
  ['an empty sort key', { pk: 'ANNOUNCEMENT#x', sk: 'ANNOUNCEMENT', gsi2pk: 'ANNOUNCEMENTS#FEED', gsi2sk: '' }],
  ['a numeric sort key', { pk: 'ANNOUNCEMENT#x', sk: 'ANNOUNCEMENT', gsi2pk: 'ANNOUNCEMENTS#PINNED', gsi2sk: 7 }],
] as const;

describe('hand-made cursors', () => {
  it.each(crafted)('GET /v1/announcements refuses a cursor with %s', async (_name, key) => {
    expectError(await api('GET', `/v1/announcements?limit=1&cursor=${cursorOf(key)}`), 400, 'validation_failed');
  });

  it.each([
    ['only the partition', { gsi1pk: 'STATUS#INCIDENTS' }],
    ['an empty sort key', { pk: 'INCIDENT#x', sk: 'INCIDENT', gsi1pk: 'STATUS#INCIDENTS', gsi1sk: '' }],
  ])('GET /v1/status/incidents refuses a cursor with %s', async (_name, key) => {
    expectError(await api('GET', `/v1/status/incidents?cursor=${cursorOf(key)}`), 400, 'validation_failed');
  });

  it('still follows the cursors the API hands out', async () => {
    const first = await api('GET', '/v1/announcements?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', `/v1/announcements?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0]?.id).not.toBe(first.body.items[0].id);
  });
});
