import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { createJwtVerifier, getJson, InvalidTokenError, type JwtVerifierOptions } from '../../shared/http/jwtVerifier.ts';

const issuer = 'https://issuer.example.com/pool';
const audience = 'client-123';
const jwksUrl = 'https://issuer.example.com/pool/.well-known/jwks.json';

const rsaKey = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
const current = rsaKey();
const other = rsaKey();

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject = current.privateKey): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const nowMs = Date.UTC(2026, 10, 25, 12, 0, 0);
const nowSeconds = nowMs / 1000;
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'user-1', iss: issuer, aud: audience, iat: nowSeconds - 60, exp: nowSeconds + 3600, ...extra });
const token = (extra: Record<string, unknown> = {}, kid = 'key-1') => signed({ alg: 'RS256', kid }, claims(extra));

const jwkOf = (publicKey: KeyObject, kid: string) => ({ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });

/** A JWKS endpoint whose key set a test can change, counting how often it is fetched. */
function issuerEndpoint(keys: Record<string, unknown>[]) {
  const endpoint = {
    keys,
    fetches: 0,
    getJson: async (url: string) => {
      expect(url).toBe(jwksUrl);
      endpoint.fetches += 1;
      return JSON.parse(JSON.stringify({ keys: endpoint.keys })) as unknown;
    },
  };
  return endpoint;
}

let clock = nowMs;
let endpoint: ReturnType<typeof issuerEndpoint>;
const verifier = (options: Partial<JwtVerifierOptions> = {}) =>
  createJwtVerifier({ issuer, audience, jwksUrl, clockToleranceSeconds: 5, getJson: endpoint.getJson, now: () => clock, ...options });

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
};

beforeEach(() => {
  clock = nowMs;
  endpoint = issuerEndpoint([jwkOf(current.publicKey, 'key-1')]);
});

describe('verifying RS256 bearer tokens against the issuer JWKS (node:crypto)', () => {
  it('accepts a token signed by a key of the JWKS and returns its claims', async () => {
    expect(await verifier()(token({ email: 'anna@example.com' }))).toMatchObject({ sub: 'user-1', email: 'anna@example.com' });
  });

  it('accepts an audience list that contains the audience', async () => {
    expect((await verifier()(token({ aud: ['other', audience] }))).sub).toBe('user-1');
  });

  it('refuses an expired token, allowing only the clock tolerance', async () => {
    const verify = verifier();
    expect((await verify(token({ exp: nowSeconds - 4 }))).sub).toBe('user-1');
    expect(await refusal(verify(token({ exp: nowSeconds - 6 })))).toMatch(/expired/);
  });

  it('refuses a token without an expiry', async () => {
    expect(await refusal(verifier()(token({ exp: undefined })))).toMatch(/never expires/);
  });

  it('refuses a token that is not valid yet (nbf), allowing only the clock tolerance', async () => {
    const verify = verifier();
    expect((await verify(token({ nbf: nowSeconds + 4 }))).sub).toBe('user-1');
    expect(await refusal(verify(token({ nbf: nowSeconds + 60 })))).toMatch(/not valid yet/);
  });

  it('refuses another audience and another issuer', async () => {
    const verify = verifier();
    expect(await refusal(verify(token({ aud: 'someone-else' })))).toMatch(/audience/);
    expect(await refusal(verify(token({ aud: undefined })))).toMatch(/audience/);
    expect(await refusal(verify(token({ iss: 'https://evil.example.com' })))).toMatch(/issuer/);
  });

  it('refuses alg none, even with a signature part', async () => {
    const unsigned = `${part({ alg: 'none', kid: 'key-1' })}.${part(claims({ 'cognito:groups': ['admin'] }))}`;
    expect(await refusal(verifier()(`${unsigned}.`))).toMatch(/Not a signed JWT/);
    expect(await refusal(verifier()(`${unsigned}.AAAA`))).toMatch(/Only RS256/);
  });

  it('refuses HS256 signed with the public key as the shared secret (algorithm confusion)', async () => {
    const input = `${part({ alg: 'HS256', kid: 'key-1' })}.${part(claims({ 'cognito:groups': ['admin'] }))}`;
    const secret = current.publicKey.export({ format: 'pem', type: 'spki' });
    const forged = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    expect(await refusal(verifier()(forged))).toMatch(/Only RS256/);
  });

  it('refuses other RSA algorithms (RS512) even when correctly signed', async () => {
    const input = `${part({ alg: 'RS512', kid: 'key-1' })}.${part(claims())}`;
    const rs512 = `${input}.${sign('RSA-SHA512', Buffer.from(input), current.privateKey).toString('base64url')}`;
    expect(await refusal(verifier()(rs512))).toMatch(/Only RS256/);
  });

  it('refuses a tampered payload and a tampered signature', async () => {
    const verify = verifier();
    const [header, , signature] = token().split('.');
    expect(await refusal(verify(`${header}.${part(claims({ 'cognito:groups': ['admin'] }))}.${signature}`))).toMatch(/signature/);
    const good = token();
    // The second-to-last character is all signature bits (the last one carries padding bits too).
    const flipped = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.slice(-1);
    expect(await refusal(verify(flipped))).toMatch(/signature/);
  });

  it('refuses a token signed by a key the issuer does not publish, under a known kid', async () => {
    expect(await refusal(verifier()(signed({ alg: 'RS256', kid: 'key-1' }, claims(), other.privateKey)))).toMatch(/signature/);
  });

  it('refuses malformed tokens, a missing kid and unknown critical extensions', async () => {
    const verify = verifier();
    for (const malformed of ['', 'abc', 'a.b', 'a.b.c.d', 'a b.c.d', `${part('text')}.${part(claims())}.AAAA`]) {
      expect(await refusal(verify(malformed))).toBeTruthy();
    }
    expect(await refusal(verify(signed({ alg: 'RS256' }, claims())))).toMatch(/names no key/);
    expect(await refusal(verify(signed({ alg: 'RS256', kid: 'key-1', crit: ['exp'] }, claims())))).toMatch(/extensions/);
  });

  it('fetches the JWKS once and keeps it for many tokens', async () => {
    const verify = verifier();
    await Promise.all([verify(token()), verify(token()), verify(token())]);
    await verify(token());
    expect(endpoint.fetches).toBe(1);
  });

  it('refuses an unknown kid after refetching the JWKS at most once per cooldown', async () => {
    const verify = verifier({ cooldownMs: 30_000 });
    await verify(token());
    clock += 31_000;
    expect(await refusal(verify(token({}, 'forged-1')))).toMatch(/unknown key/);
    expect(endpoint.fetches).toBe(2);
    // Within the cooldown, more unknown kids cost no fetch.
    expect(await refusal(verify(token({}, 'forged-2')))).toMatch(/unknown key/);
    expect(await refusal(verify(token({}, 'forged-3')))).toMatch(/unknown key/);
    expect(endpoint.fetches).toBe(2);
  });

  it('picks up a rotated key: an unknown kid refetches once the cooldown has passed', async () => {
    const verify = verifier({ cooldownMs: 30_000 });
    await verify(token());
    endpoint.keys = [jwkOf(current.publicKey, 'key-1'), jwkOf(other.publicKey, 'key-2')];
    const rotated = signed({ alg: 'RS256', kid: 'key-2' }, claims(), other.privateKey);
    clock += 31_000;
    expect((await verify(rotated)).sub).toBe('user-1');
    expect(endpoint.fetches).toBe(2);
  });

  it('refetches the JWKS when the cached copy is older than its maximum age', async () => {
    const verify = verifier({ cacheMaxAgeMs: 600_000 });
    await verify(token());
    clock += 600_001;
    await verify(token({ exp: (clock + 3_600_000) / 1000 }));
    expect(endpoint.fetches).toBe(2);
  });

  it('ignores keys that may not verify RS256 signatures: encryption keys, other algorithms, RSA under 2048 bits', async () => {
    const weak = rsaKey(1024);
    endpoint.keys = [
      { ...jwkOf(current.publicKey, 'enc'), use: 'enc' },
      { ...jwkOf(current.publicKey, 'ps'), alg: 'PS256' },
      jwkOf(weak.publicKey, 'weak'),
    ];
    const verify = verifier();
    expect(await refusal(verify(token({}, 'enc')))).toMatch(/unknown key/);
    expect(await refusal(verify(token({}, 'ps')))).toMatch(/unknown key/);
    expect(await refusal(verify(signed({ alg: 'RS256', kid: 'weak' }, claims(), weak.privateKey)))).toMatch(/unknown key/);
  });

});

describe('reading the JWKS over HTTP (getJson)', () => {
  /** A local JWKS endpoint answering with `status` and `body`. */
  async function serving(status: number, body: string): Promise<{ url: string; server: Server }> {
    const server = createServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, server };
  }

  it('verifies a token with keys read from a real HTTP endpoint', async () => {
    const { url, server } = await serving(200, JSON.stringify({ keys: [jwkOf(current.publicKey, 'key-1')] }));
    try {
      const verify = createJwtVerifier({ issuer, audience, jwksUrl: url, now: () => nowMs });
      expect((await verify(token())).sub).toBe('user-1');
    } finally {
      server.close();
    }
  });

  it('refuses every token while the JWKS answers an error, or something that is not JSON', async () => {
    for (const [status, body, reason] of [
      [503, 'down', /JWKS answered 503/],
      [200, '<html>', /not JSON/],
    ] as const) {
      const { url, server } = await serving(status, body);
      try {
        expect(await refusal(createJwtVerifier({ issuer, audience, jwksUrl: url, now: () => nowMs })(token()))).toMatch(reason);
      } finally {
        server.close();
      }
    }
  });

  it('gives up on a JWKS endpoint that does not answer in time', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      await expect(getJson(url, 50)).rejects.toThrow(/did not answer in time/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
