import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type AppError } from '../../shared/errors.ts';
import { MAX_JSON_BODY_BYTES, parsePart, readJsonBody } from '../../shared/http/requestParsing.ts';
import { createDepartment, deleteDepartment } from '../../shared/compiled/departments.ts';

const event = (body: string | undefined, contentType = 'application/json', isBase64Encoded = false) =>
  ({ body, isBase64Encoded, headers: { 'content-type': contentType } }) as unknown as APIGatewayProxyEventV2;

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('readJsonBody', () => {
  it('parses a JSON object, also when base64-encoded or sent with a +json type', () => {
    expect(readJsonBody(event('{"a":1}'), true)).toEqual({ a: 1 });
    expect(readJsonBody(event(Buffer.from('{"a":2}').toString('base64'), 'application/json', true), true)).toEqual({ a: 2 });
    expect(readJsonBody(event('{"a":3}', 'application/merge-patch+json; charset=utf-8'), true)).toEqual({ a: 3 });
  });
  it.each([
    ['malformed JSON', event('{'), 'validation_failed'],
    ['an array', event('[]'), 'validation_failed'],
    ['null', event('null'), 'validation_failed'],
    ['no body', event(undefined), 'validation_failed'],
    ['a non-JSON content type', event('{}', 'text/plain'), 'unsupported_media_type'],
    ['a missing content type', event('{}', ''), 'unsupported_media_type'],
    ['a body over the limit', event(`{"a":"${'x'.repeat(MAX_JSON_BODY_BYTES)}"}`), 'payload_too_large'],
  ])('rejects %s', (_name, request, code) => {
    expect(codeOf(() => readJsonBody(request, true))).toBe(code);
  });
  it('refuses a body on a route that takes none, and accepts none', () => {
    expect(codeOf(() => readJsonBody(event('{}'), false))).toBe('validation_failed');
    expect(readJsonBody(event(undefined), false)).toBeUndefined();
  });
});

describe('parsePart', () => {
  it('lists every problem with its field path, unknown fields by name', () => {
    try {
      parsePart('body', createDepartment.request!.body!, { name: 5, extra: true, other: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details.map((d) => d.path).sort()).toEqual(['body.extra', 'body.name', 'body.other']);
    }
  });
  it('turns an impossible path parameter into a 404', () => {
    expect(codeOf(() => parsePart('path', deleteDepartment.request!.params!, { id: 'UPPER case' }))).toBe('not_found');
  });
});
