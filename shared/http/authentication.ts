/**
 * Turns a request into a Caller. On routes behind API Gateway's JWT authorizer the token was
 * already verified and its claims arrive in the event. Public and customer-or-guest routes have
 * no authorizer, so a bearer token sent there is verified by the route's own `verifyBearer`
 * (bearerTokens.ts, named in its compiled form); every other route ignores the header.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { anonymous, callerFromClaims, type Caller } from '../domain/callers.ts';
import { unauthorized } from '../errors.ts';
import type { CompiledRoute, HttpRoute } from '../routes/types.ts';

export async function authenticate<R extends HttpRoute>(route: CompiledRoute<R>, event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Caller> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (claims) return callerFromClaims(claims);
  if (!route.verifyBearer) return anonymous;
  const header = event.headers.authorization;
  if (header === undefined) return anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('Authorization must be "Bearer <token>"');
  return route.verifyBearer(match[1]);
}
