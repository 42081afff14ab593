/** The OpenAPI 3.1 document, generated from the manifest's routes and their zod schemas. */
import type { HttpRoute } from '../manifest.ts';
import { errorBodySchema } from '../schemas/common.ts';
import * as z from '../schemas/zod.ts';
import { statusByErrorCode } from './errorResponse.ts';
import { MAX_JSON_BODY_BYTES } from './requestParsing.ts';

type JsonSchema = Record<string, unknown>;

export const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
};

const errorReasons: Record<number, string> = {
  400: 'The request is invalid (see error.details)',
  401: 'Missing, invalid or expired bearer token',
  403: 'The caller is signed in but not allowed',
  404: 'Not found, or not visible to this caller',
  409: 'Conflicts with the current state (e.g. a stale version)',
  413: `The body is larger than ${MAX_JSON_BODY_BYTES} bytes`,
  415: 'The body is not application/json',
  429: 'Too many requests; retry after the Retry-After header',
  500: 'Unexpected failure on our side',
  503: 'Temporarily busy (a throttled table or service) or timed out; retry later, after Retry-After when given',
};

function errorStatuses(route: HttpRoute): number[] {
  // Every route may answer 401: public routes verify a bearer token whenever one is sent.
  // Every route may answer 503: a throttled table or service (shared/errors.ts), or a timed-out function.
  const statuses = new Set<number>([400, 401, 500, 503, ...(route.errors ?? [])]);
  if (route.auth === 'staff' || route.auth === 'admin') statuses.add(403);
  if (route.request?.params) statuses.add(404);
  if (route.request?.body) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

function pathParameters(route: HttpRoute) {
  if (!route.request?.params) return [];
  const schema = jsonSchema(route.request.params, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'path',
    required: true,
    schema: property,
  }));
}

function queryParameters(route: HttpRoute) {
  const lang = {
    name: 'lang',
    in: 'query',
    required: false,
    description: 'Language of labels and translated content: pl or en (overrides Accept-Language; anything else falls back)',
    schema: { type: 'string' },
  };
  if (!route.request?.query) return [lang];
  const schema = jsonSchema(route.request.query, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return [
    ...Object.entries(schema.properties ?? {}).map(([name, property]) => ({
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      schema: property,
    })),
    lang,
  ];
}

function headerParameters(route: HttpRoute) {
  if (!route.request?.headers) return [];
  const schema = jsonSchema(route.request.headers, 'input') as {
    properties?: Record<string, JsonSchema & { description?: string }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'header',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

const operationId = (route: HttpRoute) =>
  route.handler
    .split('/')
    .pop()!
    .replace(/\.ts$/, '');

export function buildOpenApiDocument(routes: HttpRoute[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    const success = route.response;
    responses[String(success.status)] =
      success.status === 204
        ? { description: 'Done; no content' }
        : {
            description: 'Success',
            content: {
              [success.contentType ?? 'application/json']: success.schema
                ? { schema: jsonSchema(success.schema, 'output') }
                : {},
            },
          };
    for (const status of errorStatuses(route)) {
      responses[String(status)] = {
        description: errorReasons[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const secured = route.auth !== 'public';
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      tags: [route.tag],
      'x-auth': route.auth,
      security: secured ? [{ bearer: [] }] : [{}, { bearer: [] }],
      parameters: [...pathParameters(route), ...queryParameters(route), ...headerParameters(route)],
      ...(route.request?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.request.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Technical Support API',
      version: info.version,
      description:
        'Tickets, announcements, knowledge base, downloads and server status for a hosting customer panel. ' +
        `Errors always have the shape {"error": {"code", "message", "details"}}; codes map to statuses: ${Object.entries(
          statusByErrorCode,
        )
          .map(([code, status]) => `${code} ${status}`)
          .join(', ')}.`,
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
    },
    paths,
  };
}
