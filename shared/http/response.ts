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

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...baseHeaders, ...headers },
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
