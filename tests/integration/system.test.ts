import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import { api, apiUrl, tokenFor, uniqueUser } from './support/api.ts';

describe('system routes', () => {
  it('reports health including a real read of the table', async () => {
    const response = await api('GET', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', checks: { table: 'ok' } });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves an OpenAPI 3.1 document listing every manifest route with its auth', async () => {
    const response = await api('GET', '/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    for (const route of manifest.routes) {
      const operation = response.body.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation['x-auth']).toBe(route.auth);
    }
    const create = response.body.paths['/v1/staff/departments'].post;
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('sends the OpenAPI document gzip-compressed to a client that accepts it, and plain to one that does not', async () => {
    const raw = (acceptEncoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(`${apiUrl()}/v1/openapi.json`, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const compressed = await raw('gzip, deflate');
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toBe('accept-encoding');
    const plain = await raw('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(gunzipSync(compressed.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
    expect(compressed.body.length).toBeLessThan(plain.body.length / 10);
  });

  it('serves a human-readable API reference at /docs', async () => {
    const response = await fetch(`${apiUrl()}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('/v1/staff/departments/{id}');
    expect(html).toContain('Create a department');
  });

  it('tells a signed-in user who they are, with roles from their groups', async () => {
    const customer = uniqueUser('customer');
    const me = await api('GET', '/v1/me', { token: await tokenFor(customer), headers: { 'accept-language': 'pl-PL,pl;q=0.9' } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: customer.sub, email: customer.email, name: customer.name, roles: ['customer'], language: 'pl' });

    const admin = await api('GET', '/v1/me', { token: await tokenFor(uniqueUser('admin')) });
    expect(admin.body.roles).toEqual(['staff', 'admin']);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await api('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('answers a CORS preflight for browser clients', async () => {
    const response = await fetch(`${apiUrl()}/v1/staff/departments`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
