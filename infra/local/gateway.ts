/**
 * The local API Gateway (HTTP API): matches manifest routes, checks bearer tokens on protected
 * routes the way the JWT authorizer does, builds payload-v2 events, invokes the same handler
 * modules Lambda runs and writes their v2 responses back.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiCors } from '../../shared/data/bucketDefinitions.ts';
import { functionDefaults, routeKey, type HttpRoute } from '../../shared/manifest.ts';
import { FunctionTimeoutError, invoke } from './lambdaRuntime.ts';
import type { LocalIssuer } from './localIssuer.ts';

/** HTTP API's payload quota. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Audiences whose routes sit behind the JWT authorizer (the function gets the claims, not the job of checking the token). */
export const PROTECTED = new Set(['customer', 'staff', 'admin']);
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(route: HttpRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

export function jsonError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ error: { code, message } }));
}

/** API Gateway hands JWT claims to the function as strings; arrays become `[a b]`. */
export function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface GatewayOptions {
  routes: HttpRoute[];
  issuer: LocalIssuer;
  corsAllowedOrigins: string[];
  logRequest?: (line: string) => void;
}

export function createGateway({ routes, issuer, corsAllowedOrigins, logRequest }: GatewayOptions) {
  const compiled = routes.map(compile);
  const allowedMethods = [...new Set(routes.map((route) => route.method))].join(',');

  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (!origin) return {};
    const allowed = corsAllowedOrigins.includes('*') || corsAllowedOrigins.includes(origin);
    return allowed ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
  }

  function match(method: string, path: string) {
    let pathMatched = false;
    for (const candidate of compiled) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      const pathParameters = Object.fromEntries(
        candidate.parameterNames.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]),
      );
      return { route: candidate.route, pathParameters };
    }
    return { route: undefined, pathMatched };
  }

  return async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const started = Date.now();
    const method = request.method ?? 'GET';
    const origin = request.headers.origin;

    if (method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.writeHead(204, {
        ...corsHeaders(origin),
        'access-control-allow-methods': allowedMethods,
        'access-control-allow-headers': apiCors.allowedHeaders.join(',').toLowerCase(),
        'access-control-max-age': String(apiCors.maxAgeSeconds),
      });
      response.end();
      return;
    }

    const rawPath = url.pathname;
    let matched: ReturnType<typeof match>;
    try {
      matched = match(method, rawPath);
    } catch {
      jsonError(response, 400, 'validation_failed', 'The path is not valid percent-encoding', corsHeaders(origin));
      return;
    }
    if (!matched.route) {
      jsonError(response, 404, 'not_found', `No route for ${method} ${rawPath}`, corsHeaders(origin));
      return;
    }
    const { route, pathParameters } = matched;

    const body = await readBody(request);
    if (body === 'too-large') {
      jsonError(response, 413, 'payload_too_large', `Request body exceeds ${MAX_REQUEST_BYTES} bytes`, corsHeaders(origin));
      return;
    }

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || name === 'cookie') continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }

    let claims: Record<string, string> | undefined;
    if (PROTECTED.has(route.auth)) {
      const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
      try {
        if (!token) throw new Error('missing');
        claims = flattenClaims(await issuer.verify(token));
      } catch {
        jsonError(response, 401, 'unauthorized', 'A valid bearer token is required', {
          ...corsHeaders(origin),
          'www-authenticate': 'Bearer',
        });
        logRequest?.(`${method} ${url.pathname}${url.search} 401 ${Date.now() - started}ms`);
        return;
      }
    }

    const requestId = randomUUID();
    const event = httpEventFor({
      route,
      url,
      pathParameters,
      headers,
      ...(request.headers.cookie ? { cookieHeader: request.headers.cookie } : {}),
      body,
      httpVersion: request.httpVersion,
      sourceIp: localSourceIp(headers['x-local-source-ip']) ?? request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      ...(claims ? { claims } : {}),
      requestId,
    });

    let result: unknown;
    try {
      result = await invoke(route.handler, event, route.timeoutSeconds ?? functionDefaults.httpTimeoutSeconds, requestId);
    } catch (error) {
      // API Gateway answers for a failed or timed-out integration; the details stay in the log.
      const timedOut = error instanceof FunctionTimeoutError;
      console.error(`[gateway] ${routeKey(route)} ${timedOut ? 'timed out' : 'failed'}:`, error);
      jsonError(response, timedOut ? 503 : 500, 'internal', timedOut ? 'Service Unavailable' : 'Internal Server Error', corsHeaders(origin));
      logRequest?.(`${method} ${url.pathname}${url.search} ${timedOut ? 503 : 500} ${Date.now() - started}ms`);
      return;
    }
    const status = writeV2Response(response, result, corsHeaders(origin));
    logRequest?.(`${method} ${url.pathname}${url.search} ${status} ${Date.now() - started}ms`);
  };
}

export interface HttpRequestForEvent {
  route: HttpRoute;
  /** The request's path and query string. */
  url: URL;
  pathParameters: Record<string, string>;
  /** Lower-cased names; `cookie` goes in `cookieHeader`. */
  headers: Record<string, string>;
  cookieHeader?: string;
  body: Buffer;
  httpVersion: string;
  sourceIp: string;
  /** The verified token's claims, already flattened, on routes behind the JWT authorizer. */
  claims?: Record<string, string>;
  requestId: string;
}

/** The payload v2 event API Gateway hands the route's function (also used by the benchmarks' cold starts). */
export function httpEventFor(request: HttpRequestForEvent): APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } {
  const { route, url, pathParameters, headers, body, claims } = request;
  // Built with fromEntries so a parameter named `__proto__` stays a parameter, as in the JSON event Lambda gets.
  const queryStringParameters: Record<string, string> = Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.getAll(key).join(',')]),
  );
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(request.cookieHeader ? { cookies: request.cookieHeader.split(';').map((cookie) => cookie.trim()) } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** Payload v2 response rules: a result without `statusCode` is a 200 JSON body. */
function writeV2Response(response: ServerResponse, result: unknown, extraHeaders: Record<string, string>): number {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
  const headers: Record<string, string | string[]> = { ...extraHeaders };
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const status = structured.statusCode ?? 200;
  response.writeHead(status, headers);
  const payload = structured.body ?? '';
  response.end(structured.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
  return status;
}

/**
 * Local only: every test client shares 127.0.0.1, so a test may pose as another client address
 * with `X-Local-Source-IP` (per-address rules such as the guest rate limit stay testable).
 * API Gateway takes the address from the connection and has no such header.
 */
function localSourceIp(value: string | undefined): string | undefined {
  return value !== undefined && /^[0-9a-fA-F.:]{2,45}$/.test(value) ? value : undefined;
}
