import { describe, expect, it } from 'vitest';
import { AppError, conflict, unauthorized } from '../../shared/errors.ts';
import { errorResponse, statusByErrorCode } from '../../shared/http/errorResponse.ts';

describe('errorResponse', () => {
  it('maps each error code to its status with the JSON error shape', () => {
    const response = errorResponse(conflict('Stale', [{ path: 'body.version', message: 'Stale version' }]));
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body!)).toEqual({
      error: { code: 'conflict', message: 'Stale', details: [{ path: 'body.version', message: 'Stale version' }] },
    });
  });
  it('hides unknown errors behind a bare 500 without stack or message', () => {
    const response = errorResponse(new TypeError('Cannot read properties of undefined (reading "pk")'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('pk');
    expect(JSON.parse(response.body!).error.code).toBe('internal');
  });
  it('answers a throttled AWS service (its retries spent) with 503 unavailable and Retry-After, not the caller\'s 429 or a 500', () => {
    for (const name of ['ProvisionedThroughputExceededException', 'ThrottlingException', 'Throttling', 'SlowDown']) {
      const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name });
      const response = errorResponse(throttled);
      expect(response.statusCode).toBe(503);
      expect(response.headers).toMatchObject({ 'retry-after': '1' });
      expect(JSON.parse(response.body!).error.code).toBe('unavailable');
    }
    expect(errorResponse(Object.assign(new Error('x'), { name: 'ValidationException' })).statusCode).toBe(500);
  });
  it('adds Retry-After to rate limiting and WWW-Authenticate to 401', () => {
    expect(errorResponse(new AppError('rate_limited', 'Slow down', [], 30)).headers).toMatchObject({ 'retry-after': '30' });
    expect(errorResponse(unauthorized()).headers).toMatchObject({ 'www-authenticate': 'Bearer' });
  });
  it('covers the statuses API.md fixes', () => {
    expect(statusByErrorCode).toMatchObject({
      validation_failed: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      payload_too_large: 413,
      unsupported_media_type: 415,
      rate_limited: 429,
      internal: 500,
      unavailable: 503,
    });
  });
});
