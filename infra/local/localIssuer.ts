/**
 * The local token issuer: plays Cognito for the local cloud. It signs RS256 tokens with a key of
 * its own, publishes the public key as a JWKS (the same way Cognito does) and verifies tokens for
 * the gateway's JWT-authorizer check.
 */
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const LOCAL_ISSUER = 'urn:support-desk:local-issuer';
export const LOCAL_AUDIENCE = 'support-desk-local';

export interface TokenRequest {
  sub: string;
  email: string;
  name: string;
  groups?: string[];
  /** Lifetime in seconds; default 12 hours. */
  expiresIn?: number;
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  sign(request: TokenRequest): Promise<string>;
  /** Throws when the token is missing its signature, forged, expired or meant for someone else. */
  verify(token: string): Promise<JWTPayload>;
}

/** With a `keyFile`, the key survives restarts so tokens printed earlier keep working. */
export async function createLocalIssuer(keyFile?: string): Promise<LocalIssuer> {
  let privateJwk: JWK;
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: 'RS256' };
    if (keyFile) writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, 'RS256');
  const publicKey = await importJWK(publicJwk, 'RS256');

  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    jwks: { keys: [{ ...publicJwk, use: 'sig' }] },
    sign: ({ sub, email, name, groups = [], expiresIn = 12 * 3600 }) =>
      new SignJWT({ email, name, 'cognito:groups': groups, token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid! })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
        .sign(privateKey),
    verify: async (token) =>
      (await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['RS256'] }))
        .payload,
  };
}
