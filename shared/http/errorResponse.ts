/** The one place where the error model meets HTTP. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, isThrottling, serviceBusy, type ErrorCode } from '../errors.ts';
import { jsonResponse } from './response.ts';

export const statusByErrorCode: Record<ErrorCode, number> = {
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
};

/** A throttled AWS service becomes a 503 to retry; other unknown errors a bare 500: no stack, no message from inside the code. */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  const known =
    error instanceof AppError ? error : isThrottling(error) ? serviceBusy() : new AppError('internal', 'Something went wrong on our side');
  const headers: Record<string, string> = {};
  if (known.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  if (known.retryAfterSeconds !== undefined) headers['retry-after'] = String(known.retryAfterSeconds);
  const body = {
    error: {
      code: known.code,
      message: known.message,
      ...(known.details.length > 0 ? { details: known.details } : {}),
    },
  };
  return jsonResponse(statusByErrorCode[known.code], body, headers);
}
