/** The one error model of the backend; shared/http/errorResponse.ts maps it to HTTP. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorDetail {
  /** Where the problem is: `body.name`, `query.limit`, `header.content-type`… */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validationFailed = (message: string, details: ErrorDetail[] = []) =>
  new AppError('validation_failed', message, details);
export const unauthorized = (message = 'A valid bearer token is required') => new AppError('unauthorized', message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError('conflict', message, details);
export const payloadTooLarge = (limitBytes: number) =>
  new AppError('payload_too_large', `Request body exceeds ${limitBytes} bytes`);
export const unsupportedMediaType = (message = 'Content-Type must be application/json') =>
  new AppError('unsupported_media_type', message, [{ path: 'header.content-type', message }]);
/**
 * Optimistic concurrency: someone saved a newer version since the caller read it. The current
 * version is named when known (a check before writing); a refused conditional write cannot know it.
 */
export const staleEdit = (what: string, currentVersion?: number) =>
  conflict(`The ${what} was changed by someone else; reload it and try again`, [
    { path: 'body.version', message: currentVersion === undefined ? 'Stale version' : `Current version is ${currentVersion}` },
  ]);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError('rate_limited', message, [], Math.max(1, Math.ceil(retryAfterSeconds)));

/**
 * What AWS answers when a table, a bucket or SES is over its rate (the SDK has already retried
 * with backoff by the time one reaches the code): our capacity, not the caller's quota, so a 503
 * to retry shortly rather than the caller's 429.
 */
const throttlingErrorNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'SlowDown',
  'TooManyRequestsException',
]);

export const isThrottling = (error: unknown) => error instanceof Error && throttlingErrorNames.has(error.name);

export const serviceBusy = () => new AppError('unavailable', 'The service is busy right now; try again shortly', [], 1);
