/**
 * Verifies the bearer tokens public routes receive (behind no API Gateway authorizer) with
 * node:crypto alone: RS256 signatures against the issuer's JWKS, fetched once and cached, then
 * the issuer, audience and time claims. A JOSE library would add ~18 KiB to every bundle for the
 * one algorithm Cognito (and the local issuer) use.
 *
 * The checks: exactly three base64url parts; header `alg` RS256 and nothing else (so `none`,
 * HS256 with the public key as secret, and every other algorithm are refused), a `kid`, no `crit`
 * extension; the kid names an RSA signing key of ≥ 2048 bits in the JWKS; the signature verifies;
 * `iss` and `aud` match; `exp` is present and not past and `nbf` (when present) not in the
 * future, both with a small leeway for clock skew; `iat`, when present, is a number. An unknown kid refetches the JWKS (the
 * issuer may have rotated its keys), at most once per cooldown, so a stream of forged kids cannot
 * turn every request into a fetch.
 */
import type { KeyObject } from 'node:crypto';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Allowed clock skew on exp, nbf and iat. */
  clockToleranceSeconds?: number;
  /** Keys are refetched when older than this. */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches: an unknown kid within it is refused without a fetch. */
  cooldownMs?: number;
  /** Longest a JWKS fetch may take. */
  fetchTimeoutMs?: number;
  /** Reads the JWKS document (tests replace it); node:http(s) by default. */
  getJson?: (url: string, timeoutMs: number) => Promise<unknown>;
  now?: () => number;
}

/** Why a token was refused (never shown to the caller, who gets one 401 for every reason). */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

export type JwtPayload = Record<string, unknown>;
export type JwtVerifier = (token: string) => Promise<JwtPayload>;

const MIN_RSA_BITS = 2048;
/** A JWKS holds a handful of keys; anything this large is not one. */
const MAX_JWKS_BYTES = 64 * 1024;
const base64UrlPart = /^[A-Za-z0-9_-]+$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(`The ${what} is not JSON`);
  }
  if (!isObject(value)) throw new InvalidTokenError(`The ${what} is not a JSON object`);
  return value;
}

/**
 * node:crypto, imported on the first token: it costs a function without an SDK client ~3 ms of its
 * cold start, and most functions never verify a token themselves (API Gateway's authorizer does).
 */
const nodeCrypto = () => import('node:crypto');

/** The RSA signing keys of a JWKS document, by kid; keys of any other kind are skipped. */
async function signingKeys(document: unknown): Promise<Map<string, KeyObject>> {
  const { createPublicKey } = await nodeCrypto();
  const keys = new Map<string, KeyObject>();
  if (!isObject(document) || !Array.isArray(document.keys)) throw new InvalidTokenError('The JWKS has no keys');
  for (const jwk of document.keys) {
    if (!isObject(jwk) || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
    if ((jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== 'RS256')) continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n as string, e: jwk.e as string }, format: 'jwk' });
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS) keys.set(jwk.kid, key);
    } catch {
      // A malformed key verifies nothing; the others still do.
    }
  }
  return keys;
}

/**
 * GETs a JSON document with node:http(s), which the AWS SDK has loaded already: the first call of
 * fetch (undici) costs about 10 ms more of a cold start (npm run bench). Imported when first
 * needed, so a function that never verifies a token (or has no SDK client) does not load TLS at
 * start. No redirects are followed.
 */
export async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const { get } = url.startsWith('https:') ? await import('node:https') : url.startsWith('http:') ? await import('node:http') : {};
  if (!get) throw new InvalidTokenError('The JWKS URL is not http(s)');
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { accept: 'application/json' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        request.destroy(new InvalidTokenError(`The JWKS answered ${response.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_JWKS_BYTES) request.destroy(new InvalidTokenError('The JWKS is too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new InvalidTokenError('The JWKS is not JSON'));
        }
      });
    });
    const timer = setTimeout(() => request.destroy(new InvalidTokenError('The JWKS did not answer in time')), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const tolerance = options.clockToleranceSeconds ?? 5;
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  const readJwks = options.getJson ?? getJson;
  const now = options.now ?? Date.now;

  let keys = new Map<string, KeyObject>();
  let fetchedAt: number | undefined;
  let inFlight: Promise<void> | undefined;

  /** One fetch at a time; concurrent callers share it. */
  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      try {
        keys = await signingKeys(await readJwks(options.jwksUrl, fetchTimeoutMs));
      } finally {
        // A failed fetch counts too: the cooldown also spares an issuer that is down.
        fetchedAt = now();
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  async function keyFor(kid: string): Promise<KeyObject> {
    if (fetchedAt === undefined || now() - fetchedAt > cacheMaxAgeMs) await refresh();
    let key = keys.get(kid);
    if (!key && now() - fetchedAt! >= cooldownMs) {
      await refresh();
      key = keys.get(kid);
    }
    if (!key) throw new InvalidTokenError('The token was signed by an unknown key');
    return key;
  }

  return async (token) => {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => base64UrlPart.test(part))) throw new InvalidTokenError('Not a signed JWT');
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    const header = decodeJson(encodedHeader, 'header');
    if (header.alg !== 'RS256') throw new InvalidTokenError('Only RS256 tokens are accepted');
    if (header.crit !== undefined) throw new InvalidTokenError('No JWT extensions are understood');
    if (typeof header.kid !== 'string') throw new InvalidTokenError('The token names no key');

    const key = await keyFor(header.kid);
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
    const { verify: verifySignature } = await nodeCrypto();
    if (!verifySignature('RSA-SHA256', signed, key, Buffer.from(encodedSignature, 'base64url'))) {
      throw new InvalidTokenError('The signature does not verify');
    }

    const payload = decodeJson(encodedPayload, 'payload');
    if (payload.iss !== options.issuer) throw new InvalidTokenError('Another issuer');
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(options.audience)) throw new InvalidTokenError('Meant for another audience');
    const seconds = now() / 1000;
    if (typeof payload.exp !== 'number') throw new InvalidTokenError('The token never expires');
    if (payload.exp <= seconds - tolerance) throw new InvalidTokenError('The token has expired');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > seconds + tolerance)) throw new InvalidTokenError('The token is not valid yet');
    if (payload.iat !== undefined && typeof payload.iat !== 'number') throw new InvalidTokenError('The issue time is not a number');
    return payload;
  };
}
