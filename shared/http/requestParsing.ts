/**
 * Reading the parts of an HTTP API v2 event through the route's validators (its zod schemas, compiled). Every rejection is
 * an AppError with field paths, thrown before any use case runs, so nothing is written.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { safeParse, type Issue, type Validator } from '../validation/runtime.ts';
import { notFound, payloadTooLarge, unsupportedMediaType, validationFailed, type ErrorDetail } from '../errors.ts';

/** Largest JSON body accepted (documented in the README); bigger content goes through S3 uploads. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

type Part = 'body' | 'query' | 'path' | 'header';

function detailsOf(part: Part, issues: Issue[]): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const base = [part, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return (issue.keys ?? []).map((key) => ({ path: `${base}.${key}`, message: 'Unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

/** The part as its validator outputs it (typed by the caller, from the route's zod schema). */
export function parsePart(part: Part, validator: Validator, input: unknown): unknown {
  const result = safeParse(validator, input);
  if (result.success) return result.data;
  if (part === 'path') throw notFound();
  const where = part === 'body' ? 'request body' : part === 'header' ? 'request headers' : 'query string';
  throw validationFailed(`The ${where} is invalid`, detailsOf(part, result.issues));
}

function isJsonContentType(value: string | undefined) {
  if (!value) return false;
  const mediaType = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function rawBody(event: APIGatewayProxyEventV2): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** Parses the JSON body of a route that takes one; a route without a body schema refuses a body. */
export function readJsonBody(event: APIGatewayProxyEventV2, takesBody: boolean): unknown {
  const bytes = rawBody(event);
  if (!takesBody) {
    if (bytes !== undefined && bytes.length > 0) {
      throw validationFailed('This route takes no request body', [{ path: 'body', message: 'Send no body' }]);
    }
    return undefined;
  }
  if (bytes !== undefined && bytes.length > MAX_JSON_BODY_BYTES) throw payloadTooLarge(MAX_JSON_BODY_BYTES);
  if (!isJsonContentType(event.headers['content-type'])) throw unsupportedMediaType();
  if (bytes === undefined) {
    throw validationFailed('A JSON object body is required', [{ path: 'body', message: 'Required' }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw validationFailed('The request body is not valid UTF-8 JSON', [{ path: 'body', message: 'Malformed JSON' }]);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationFailed('The request body must be a JSON object', [{ path: 'body', message: 'Expected an object' }]);
  }
  const brokenText = loneSurrogatePath(parsed, 'body');
  if (brokenText !== undefined) {
    throw validationFailed('The request body is not valid UTF-8 JSON', [{ path: brokenText, message: 'Lone surrogate escape: not a Unicode character' }]);
  }
  return parsed;
}

/**
 * JSON escapes such as `\ud800` parse into lone surrogates, which UTF-8 cannot carry: stored, they
 * later break whatever encodes them (SendEmail's form encoding throws `URI malformed`, so the
 * ticket's notification never goes out).
 */
function loneSurrogatePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (!key.isWellFormed()) return itemPath;
    const found = loneSurrogatePath(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Query parameters other than `lang`, which every route understands. */
export function queryWithoutLanguage(event: APIGatewayProxyEventV2): Record<string, string> {
  const { lang: _lang, ...rest } = event.queryStringParameters ?? {};
  return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
