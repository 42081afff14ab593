/**
 * Turns a request into a Caller. On routes behind API Gateway's JWT authorizer the token was
 * already verified and its claims arrive in the event. Public routes have no authorizer (guests
 * must get through), so a bearer token sent there is verified here, against the same issuer.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { config } from '../config.ts';
import { anonymous, callerFromClaims, type Caller } from '../domain/callers.ts';
import { unauthorized } from '../errors.ts';
import type { RouteAuth } from '../manifest.ts';
import { createJwtVerifier, type JwtVerifier } from './jwtVerifier.ts';

/** Created on the first token, kept for the Lambda environment's life with its cached keys. */
let verifyToken: JwtVerifier | undefined;

async function verifyBearerToken(token: string): Promise<Caller> {
  verifyToken ??= createJwtVerifier({ ...config.jwt, clockToleranceSeconds: 5, cooldownMs: 30_000, cacheMaxAgeMs: 600_000 });
  try {
    const payload = await verifyToken(token);
    const caller = callerFromClaims(payload);
    if (caller.kind === 'anonymous') throw unauthorized('The token names no subject');
    return caller;
  } catch {
    throw unauthorized('The bearer token is invalid or expired');
  }
}

export async function authenticate(auth: RouteAuth, event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Caller> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims) return callerFromClaims(claims);
  if (auth !== 'public' && auth !== 'customer-or-guest') return anonymous;
  const header = event.headers.authorization;
  if (header === undefined) return anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Authorization must be "Bearer <token>"');
  return verifyBearerToken(match[1]);
}
