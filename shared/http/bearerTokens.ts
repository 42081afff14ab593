/**
 * Bearer tokens a function verifies itself: on public and customer-or-guest routes, which have no
 * authorizer (guests must get through), against the same issuer the authorizer trusts. Only those
 * routes' compiled forms refer to this module, so no other function bundles the verifier.
 */
import { config } from '../config.ts';
import { callerFromClaims, type Caller } from '../domain/callers.ts';
import { unauthorized } from '../errors.ts';
import { createJwtVerifier, type JwtVerifier } from './jwtVerifier.ts';

/** Created on the first token, kept for the Lambda environment's life with its cached keys. */
let verifyToken: JwtVerifier | undefined;

export async function verifyBearerToken(token: string): Promise<Caller> {
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
