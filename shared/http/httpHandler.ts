/**
 * Wraps a route's logic into a Lambda handler: authenticate, admit, parse and validate every part
 * of the request against the route's schemas (compiled from zod, shared/compiled), run, shape the response, and map any error in one
 * place. Handlers in functions/http stay a few lines long.
 */
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { admitCaller, type Caller } from '../domain/callers.ts';
import { AppError } from '../errors.ts';
import { logger } from '../logger.ts';
import type { CompiledRoute, HttpRoute } from '../routes/types.ts';
import type { Language } from '../schemas/common.ts';
import type * as z from '../schemas/zod.ts';
import * as V from '../validation/runtime.ts';
import { authenticate } from './authentication.ts';
import { errorResponse } from './errorResponse.ts';
import { pickLanguage } from './language.ts';
import { parsePart, queryWithoutLanguage, readJsonBody } from './requestParsing.ts';
import { emptyResponse, jsonResponse, textResponse } from './response.ts';

type Part<R extends HttpRoute, K extends 'params' | 'query' | 'body' | 'headers'> =
  NonNullable<R['request']>[K] extends infer S extends z.ZodMiniType ? z.output<S> : undefined;

export interface HttpRequest<R extends HttpRoute> {
  caller: Caller;
  language: Language;
  params: Part<R, 'params'>;
  query: Part<R, 'query'>;
  body: Part<R, 'body'>;
  /** Lower-cased header names, as API Gateway delivers them; parsed by the route's header schema when it has one. */
  headers: Part<R, 'headers'> extends undefined ? Record<string, string | undefined> : Part<R, 'headers'>;
  requestId: string;
  sourceIp: string;
}

/** Returned by a route instead of a plain body when it must set a status or headers itself. */
export class HttpReply {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Routes without a query schema accept no query parameters (besides `lang`). */
const noQuery = V.strictObject({});

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

export function httpHandler<R extends HttpRoute>(route: CompiledRoute<R>, run: (request: HttpRequest<R>) => Promise<unknown>) {
  return middy<Event, Result, Error, Context>()
    .use({
      onError: async (request) => {
        const error = request.error;
        if (!(error instanceof AppError)) {
          logger.error('Unhandled error', {
            error,
            routeKey: request.event.routeKey,
            requestId: request.event.requestContext.requestId,
          });
        }
        request.response = errorResponse(error);
      },
    })
    .handler(async (event) => {
      const caller = await authenticate(route, event);
      admitCaller(route.auth, caller);
      const language = pickLanguage(event.queryStringParameters?.lang, event.headers['accept-language']);
      const schemas = route.request ?? {};
      const params = schemas.params ? parsePart('path', schemas.params, event.pathParameters ?? {}) : undefined;
      const rawQuery = queryWithoutLanguage(event);
      const query = schemas.query
        ? parsePart('query', schemas.query, rawQuery)
        : parsePart('query', noQuery, rawQuery);
      const rawBody = readJsonBody(event, schemas.body !== undefined);
      const body = schemas.body ? parsePart('body', schemas.body, rawBody) : undefined;
      const headers = schemas.headers ? parsePart('header', schemas.headers, event.headers) : event.headers;

      const result = await run({
        caller,
        language,
        params,
        query,
        body,
        headers,
        requestId: event.requestContext.requestId,
        sourceIp: event.requestContext.http.sourceIp,
      } as HttpRequest<R>);

      const reply = result instanceof HttpReply ? result : new HttpReply(route.response.status, result);
      if (reply.statusCode === 204) return emptyResponse(reply.headers);
      // A route declaring another media type than JSON returns its body as a ready string.
      const contentType = route.response.contentType;
      return contentType && !contentType.includes('json')
        ? textResponse(reply.statusCode, String(reply.body), contentType, reply.headers)
        : jsonResponse(reply.statusCode, reply.body, reply.headers);
    });
}
