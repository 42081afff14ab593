/**
 * Turns a request into a Caller. On routes behind API Gateway's JWT authorizer the token was
 * already verified and its claims arrive in the event. Public routes have no authorizer (guests
 * must get through), so a bearer token sent there is verified here, against the same issuer.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { config } from '../config.ts';
import { anonymous, callerFromClaims, type Caller } from '../domain/callers.ts';
import { unauthorized } from '../errors.ts';
import type { RouteAuth } from '../manifest.ts';

let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;

async function verifyBearerToken(token: string): Promise<Caller> {
  const { issuer, audience, jwksUrl } = config.jwt;
  keySet ??= createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  try {
    const { payload } = await jwtVerify(token, keySet, { issuer, audience, clockTolerance: 5 });
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
