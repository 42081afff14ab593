import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';

const forgedToken = async () => {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ email: 'mallory@example.com', name: 'Mallory', 'cognito:groups': ['staff', 'admin'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
    .setSubject('mallory')
    .setIssuer('urn:support-desk:local-issuer')
    .setAudience('support-desk-local')
    .setExpirationTime('1h')
    .sign(privateKey);
};

describe('authentication and authorization', () => {
  it('refuses a protected route without a token (401, JSON error)', async () => {
    expectError(await api('GET', '/v1/me'), 401, 'unauthorized');
  });

  it('refuses a malformed Authorization header', async () => {
    expectError(await api('GET', '/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'unauthorized');
  });

  it('refuses a token signed by another key, on protected and on public routes', async () => {
    const token = await forgedToken();
    expectError(await api('GET', '/v1/me', { token }), 401, 'unauthorized');
    expectError(await api('GET', '/v1/staff/departments', { token }), 401, 'unauthorized');
    // Public routes verify a token when one is sent: a forged one must not pass as anonymous.
    expectError(await api('GET', '/v1/departments', { token }), 401, 'unauthorized');
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor({ ...uniqueUser('customer'), expiresIn: -60 });
    expectError(await api('GET', '/v1/me', { token }), 401, 'unauthorized');
    expectError(await api('GET', '/v1/departments', { token }), 401, 'unauthorized');
  });

  it('refuses a tampered payload', async () => {
    const token = await tokenFor(uniqueUser('customer'));
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims['cognito:groups'] = ['admin'];
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expectError(await api('GET', '/v1/staff/departments', { token: tampered }), 401, 'unauthorized');
  });

  it('gives a customer 403 on staff routes and staff 403 on admin routes', async () => {
    const customer = await tokenFor(uniqueUser('customer'));
    const staff = await tokenFor(uniqueUser('staff'));
    expectError(await api('GET', '/v1/staff/departments', { token: customer }), 403, 'forbidden');
    expectError(await api('POST', '/v1/staff/departments', { token: staff, body: { name: 'X' } }), 403, 'forbidden');
    expect((await api('GET', '/v1/staff/departments', { token: staff })).status).toBe(200);
  });

  it('checks authorization before validating the body, so a refused caller learns nothing', async () => {
    const customer = await tokenFor(uniqueUser('customer'));
    expectError(await api('POST', '/v1/staff/departments', { token: customer, rawBody: '{not json' }), 403, 'forbidden');
  });
});
