import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Headers every API response carries: JSON is never sniffed as HTML, and never cached by proxies. */
const baseHeaders = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** A body already serialized as JSON (a generated document): sent as it is, not parsed and serialized again. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON already gzip'd (base64), sent as those bytes with `Content-Encoding: gzip`, to a client that accepts it. */
export class GzippedJson {
  constructor(readonly base64: string) {}
}

/** Whether an Accept-Encoding header admits gzip (`gzip` or `*`, with no `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((coding) => {
    const [name = '', ...parameters] = coding.toLowerCase().split(';').map((part) => part.trim());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return (name === 'gzip' || name === '*') && (quality === undefined || Number(quality.slice(2)) > 0);
  });
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const contentType = { 'content-type': 'application/json; charset=utf-8' };
  if (body instanceof GzippedJson) {
    return {
      statusCode,
      headers: { ...contentType, 'content-encoding': 'gzip', vary: 'accept-encoding', ...baseHeaders, ...headers },
      body: body.base64,
      isBase64Encoded: true,
    };
  }
  return {
    statusCode,
    headers: { ...contentType, ...baseHeaders, ...headers },
    body: body instanceof JsonText ? body.text : JSON.stringify(body),
  };
}

/** A non-JSON body (RSS, CSV…) sent as-is with its media type. */
export function textResponse(
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': contentType, ...baseHeaders, ...headers }, body };
}

export function emptyResponse(headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 204, headers: { ...baseHeaders, ...headers } };
}
