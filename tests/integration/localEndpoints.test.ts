import { describe, expect, it } from 'vitest';
import { api } from './support/api.ts';

describe('local-only endpoints', () => {
  it('GET /_local/info describes the emulators', async () => {
    const response = await api('GET', '/_local/info', { unchecked: true });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      apiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      sesUrl: expect.any(String),
      sesStoreUrl: expect.stringMatching(/\/store$/),
      s3Url: expect.any(String),
      dynamodbUrl: expect.any(String),
      tableName: 'support-desk',
      buckets: { attachments: expect.any(String), downloads: expect.any(String) },
    });
    const inbox = await fetch(response.body.sesStoreUrl);
    expect(inbox.status).toBe(200);
  });

  it('POST /_local/token validates its body', async () => {
    const response = await api('POST', '/_local/token', { body: { sub: 'x' }, unchecked: true });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('POST /_local/jobs/{name} answers 404 for an unknown job', async () => {
    const response = await api('POST', '/_local/jobs/no-such-job', { unchecked: true });
    expect(response.status).toBe(404);
  });

  it('POST /_local/settle returns once events are handled', async () => {
    const response = await api('POST', '/_local/settle', { unchecked: true });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ settled: true });
  });
});
