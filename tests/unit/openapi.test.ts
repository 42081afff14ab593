import { gunzipSync } from 'node:zlib';
import { openApiDocumentGzipBase64 } from '../../shared/compiled/openApiDocument.ts';
import { acceptsGzip } from '../../shared/http/response.ts';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { manifest, routes } from '../../shared/manifest.ts';

const document = buildOpenApiDocument(manifest.routes, { version: 'test' }) as any;

describe('OpenAPI document', () => {
  it('documents every manifest route once, with a unique operation id', () => {
    const operations = Object.values(document.paths).flatMap((methods: any) => Object.values(methods)) as any[];
    expect(operations).toHaveLength(manifest.routes.length);
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('requires a bearer token exactly on non-public routes', () => {
    expect(document.paths['/v1/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/v1/health'].get.security).toEqual([{}, { bearer: [] }]);
  });
  it('declares the error statuses a route can answer', () => {
    const create = document.paths[routes.createDepartment.path].post;
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '500', '503']);
    const remove = document.paths[routes.deleteDepartment.path].delete;
    expect(remove.responses['204']).toEqual({ description: 'Done; no content' });
    expect(remove.responses['404']).toBeDefined();
  });
  it('documents path parameters and the lang query option', () => {
    const update = document.paths['/v1/staff/departments/{id}'].patch;
    expect(update.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:lang']);
  });
  it('generates request schemas that reject unknown fields', () => {
    const schema = document.paths['/v1/staff/departments'].post.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name']);
  });
});

describe('the served document (functions/http/openapi.ts)', () => {
  it('is the document built from the manifest, gzip-compressed', () => {
    const served = JSON.parse(gunzipSync(Buffer.from(openApiDocumentGzipBase64, 'base64')).toString('utf8'));
    expect(served).toEqual(buildOpenApiDocument(manifest.routes, { version: '1.0.0' }));
  });

  it.each([
    ['gzip, deflate', true],
    ['br, GZIP;q=0.5', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['', false],
    [undefined, false],
    ['deflate, x-gzip', false],
  ])('accepts gzip for Accept-Encoding %j: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
