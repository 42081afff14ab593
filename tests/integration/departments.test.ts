import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';

let admin: string;
let customer: string;

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  customer = await tokenFor(uniqueUser('customer'));
});

const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const staffList = async () => (await api('GET', '/v1/staff/departments', { token: admin })).body.items as Array<{ id: string }>;

describe('GET /v1/departments', () => {
  it('shows guests only the departments open to guests, signed-in customers all of them', async () => {
    const guest = await api('GET', '/v1/departments');
    const signedIn = await api('GET', '/v1/departments', { token: customer });
    expect(guest.status).toBe(200);
    const guestIds = guest.body.items.map((d: { id: string }) => d.id);
    const customerIds = signedIn.body.items.map((d: { id: string }) => d.id);
    expect(guestIds).toContain('technical-support');
    expect(guestIds).not.toContain('domains');
    expect(customerIds).toContain('domains');
    expect(guest.body.items.every((d: { openToGuests: boolean }) => d.openToGuests)).toBe(true);
  });

  it('translates names by ?lang= or Accept-Language, falling back to English', async () => {
    const byQuery = await api('GET', '/v1/departments?lang=pl');
    const byHeader = await api('GET', '/v1/departments', { headers: { 'accept-language': 'de-DE, pl;q=0.8, en;q=0.5' } });
    const fallback = await api('GET', '/v1/departments', { headers: { 'accept-language': 'de-DE' } });
    const name = (response: typeof byQuery) => response.body.items.find((d: { id: string }) => d.id === 'billing').name;
    expect(name(byQuery)).toBe('Rozliczenia i faktury');
    expect(name(byHeader)).toBe('Rozliczenia i faktury');
    expect(name(fallback)).toBe('Billing and invoices');
  });

  it('falls back to English for an unsupported language, and rejects unknown query parameters', async () => {
    const german = await api('GET', '/v1/departments?lang=de');
    expect(german.status).toBe(200);
    expect(german.body.items.find((d: { id: string }) => d.id === 'billing').name).toBe('Billing and invoices');
    const unknown = await api('GET', '/v1/departments?sort=name');
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.body.error.details).toEqual([{ path: 'query.sort', message: 'Unknown field' }]);
  });

  it('does not leak staff routing settings to customers', async () => {
    const response = await api('GET', '/v1/departments', { token: customer });
    expect(JSON.stringify(response.body)).not.toContain('@hosting.example');
    expect(response.body.items[0]).not.toHaveProperty('email');
  });
});

describe('admin department management', () => {
  it('creates a department from just a name, with defaults, and shows it to customers', async () => {
    const name = uniqueId('Kolokacja');
    const created = await api('POST', '/v1/staff/departments', { token: admin, body: { name } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/staff/departments/${created.body.id}`);
    expect(created.body).toMatchObject({
      id: name.toLowerCase(),
      name: { pl: name, en: name },
      openToGuests: false,
      allowReopen: true,
      version: 1,
      email: null,
    });
    const forCustomers = await api('GET', '/v1/departments', { token: customer });
    expect(forCustomers.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
    const forGuests = await api('GET', '/v1/departments');
    expect(forGuests.body.items.map((d: { id: string }) => d.id)).not.toContain(created.body.id);
  });

  it('derives an ASCII id from a Polish name', async () => {
    const suffix = Date.now().toString(36);
    const created = await api('POST', '/v1/staff/departments', {
      token: admin,
      body: { name: { pl: `Źródła łączności ${suffix}`, en: `Connectivity ${suffix}` }, openToGuests: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(`connectivity-${suffix}`);
    const polishOnly = await api('POST', '/v1/staff/departments', { token: admin, body: { name: { pl: `Żółć ${suffix}` } } });
    expect(polishOnly.body.id).toBe(`zolc-${suffix}`);
    expect(polishOnly.body.name).toEqual({ pl: `Żółć ${suffix}`, en: `Żółć ${suffix}` });
  });

  it('refuses a second department with the same id (409) and keeps the first', async () => {
    const id = uniqueId('dup');
    expect((await api('POST', '/v1/staff/departments', { token: admin, body: { name: 'First', id } })).status).toBe(201);
    const second = await api('POST', '/v1/staff/departments', { token: admin, body: { name: 'Second', id } });
    expectError(second, 409, 'conflict');
    const stored = (await staffList()).find((d) => d.id === id) as unknown as { name: { en: string } };
    expect(stored.name.en).toBe('First');
  });

  it('updates one language without losing the other, and bumps the version', async () => {
    const id = uniqueId('upd');
    await api('POST', '/v1/staff/departments', { token: admin, body: { id, name: { pl: 'Serwery', en: 'Servers' } } });
    const updated = await api('PATCH', `/v1/staff/departments/${id}`, {
      token: admin,
      body: { name: { en: 'Dedicated servers' }, email: 'Servers@Hosting.Example', version: 1 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: { pl: 'Serwery', en: 'Dedicated servers' },
      email: 'servers@hosting.example',
      version: 2,
    });
  });

  it('answers an empty edit with the department unchanged, without bumping its version', async () => {
    const id = uniqueId('noop');
    await api('POST', '/v1/staff/departments', { token: admin, body: { id, name: 'Unchanged' } });
    const response = await api('PATCH', `/v1/staff/departments/${id}`, { token: admin, body: {} });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: 1, name: { en: 'Unchanged' } });
    expect(response.body.updatedAt).toBe(response.body.createdAt);
  });

  it('refuses control characters in names', async () => {
    const response = await api('POST', '/v1/staff/departments', { token: admin, body: { name: { pl: 'Dział\u0000' } } });
    expectError(response, 400, 'validation_failed');
  });

  it('refuses a stale edit with 409 and leaves the department as it was', async () => {
    const id = uniqueId('stale');
    await api('POST', '/v1/staff/departments', { token: admin, body: { id, name: 'Original' } });
    await api('PATCH', `/v1/staff/departments/${id}`, { token: admin, body: { name: 'Changed once', version: 1 } });
    const stale = await api('PATCH', `/v1/staff/departments/${id}`, { token: admin, body: { name: 'Stale', version: 1 } });
    expectError(stale, 409, 'conflict');
    const stored = (await staffList()).find((d) => d.id === id) as unknown as { name: { en: string }; version: number };
    expect(stored).toMatchObject({ name: { en: 'Changed once' }, version: 2 });
  });

  it('deletes a department; deleting or changing it again is a 404', async () => {
    const id = uniqueId('del');
    await api('POST', '/v1/staff/departments', { token: admin, body: { id, name: 'Temporary' } });
    const deleted = await api('DELETE', `/v1/staff/departments/${id}`, { token: admin });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectError(await api('DELETE', `/v1/staff/departments/${id}`, { token: admin }), 404, 'not_found');
    expectError(await api('PATCH', `/v1/staff/departments/${id}`, { token: admin, body: { order: 1 } }), 404, 'not_found');
    expect((await staffList()).map((d) => d.id)).not.toContain(id);
  });

  it('answers 404 for an id that cannot exist', async () => {
    expectError(await api('DELETE', '/v1/staff/departments/Not_A_Slug', { token: admin }), 404, 'not_found');
  });
});

describe('bad input never changes data', () => {
  const cases: Array<{ name: string; request: Parameters<typeof api>[2]; status: number; code: string; detail?: string }> = [
    { name: 'malformed JSON', request: { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } }, status: 400, code: 'validation_failed' },
    { name: 'a JSON array instead of an object', request: { rawBody: '[{"name":"x"}]', headers: { 'content-type': 'application/json' } }, status: 400, code: 'validation_failed' },
    { name: 'a JSON string', request: { rawBody: '"name"', headers: { 'content-type': 'application/json' } }, status: 400, code: 'validation_failed' },
    { name: 'no body', request: { headers: { 'content-type': 'application/json' } }, status: 400, code: 'validation_failed' },
    { name: 'a form-encoded body', request: { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, status: 415, code: 'unsupported_media_type' },
    { name: 'text/plain JSON', request: { rawBody: '{"name":"x"}', headers: { 'content-type': 'text/plain' } }, status: 415, code: 'unsupported_media_type' },
    { name: 'an unknown field', request: { body: { name: 'x', colour: 'red' } }, status: 400, code: 'validation_failed', detail: 'body.colour' },
    { name: 'a missing name', request: { body: { openToGuests: true } }, status: 400, code: 'validation_failed', detail: 'body.name' },
    { name: 'a wrong type', request: { body: { name: 'x', openToGuests: 'yes' } }, status: 400, code: 'validation_failed', detail: 'body.openToGuests' },
    { name: 'a blank name', request: { body: { name: '   ' } }, status: 400, code: 'validation_failed', detail: 'body.name' },
    { name: 'an invalid e-mail', request: { body: { name: 'x', email: 'not-an-address' } }, status: 400, code: 'validation_failed', detail: 'body.email' },
    { name: 'an invalid id', request: { body: { name: 'x', id: '../etc' } }, status: 400, code: 'validation_failed', detail: 'body.id' },
    { name: 'an oversized body', request: { body: { name: 'x', description: 'a'.repeat(300 * 1024) } }, status: 413, code: 'payload_too_large' },
    { name: 'invalid UTF-8', request: { rawBody: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), headers: { 'content-type': 'application/json' } }, status: 400, code: 'validation_failed' },
  ];

  for (const testCase of cases) {
    it(`rejects ${testCase.name} with ${testCase.status} ${testCase.code}`, async () => {
      const before = await staffList();
      const response = await api('POST', '/v1/staff/departments', { token: admin, ...testCase.request });
      expectError(response, testCase.status, testCase.code);
      if (testCase.detail) {
        expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(testCase.detail);
      }
      expect(await staffList()).toEqual(before);
    });
  }

  it('rejects a body on a route that takes none', async () => {
    const id = uniqueId('body');
    await api('POST', '/v1/staff/departments', { token: admin, body: { id, name: 'Keep me' } });
    const response = await api('DELETE', `/v1/staff/departments/${id}`, { token: admin, body: { force: true } });
    expectError(response, 400, 'validation_failed');
    expect((await staffList()).map((d) => d.id)).toContain(id);
  });
});
