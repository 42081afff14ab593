import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';

let admin: string;
let staff: string;

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
});

const put = (customerId: string, body: unknown, token = admin) =>
  api('PUT', `/v1/staff/customers/${customerId}/services`, { token, body });

describe('customer services', () => {
  it("replaces a customer's list and shows each customer only their own services, in the synced order", async () => {
    const anna = uniqueUser('customer');
    const john = uniqueUser('customer');
    const first = await put(anna.sub, {
      services: [
        { id: `${anna.sub}-b`, name: 'VPS 4 GB', product: 'vps', serverId: 'vps-01' },
        { id: `${anna.sub}-a`, name: 'Domena example.pl', product: 'domain' },
      ],
    });
    expect(first.status).toBe(200);
    await put(john.sub, { services: [{ id: `${john.sub}-x`, name: 'Hosting', product: 'shared-hosting' }] });

    const annaToken = await tokenFor(anna);
    const listed = await api('GET', '/v1/services', { token: annaToken });
    expect(listed.body.items).toEqual([
      { id: `${anna.sub}-b`, name: 'VPS 4 GB', product: 'vps', serverId: 'vps-01' },
      { id: `${anna.sub}-a`, name: 'Domena example.pl', product: 'domain', serverId: null },
    ]);

    await put(anna.sub, { services: [{ id: `${anna.sub}-a`, name: 'Domena example.pl', product: 'domain' }] });
    const after = await api('GET', '/v1/services', { token: annaToken });
    expect(after.body.items.map((service: { id: string }) => service.id)).toEqual([`${anna.sub}-a`]);

    const johns = await api('GET', '/v1/services', { token: await tokenFor(john) });
    expect(johns.body.items.map((service: { id: string }) => service.id)).toEqual([`${john.sub}-x`]);
  });

  it('rejects duplicates, too many services, unknown fields and bad ids, leaving the list as it was', async () => {
    const customer = uniqueUser('customer');
    await put(customer.sub, { services: [{ id: 'keep-1', name: 'Keep', product: 'vps' }] });
    const service = (id: string) => ({ id, name: 'x', product: 'p' });
    expectError(await put(customer.sub, { services: [service('a'), service('a')] }), 400, 'validation_failed');
    expectError(await put(customer.sub, { services: Array.from({ length: 201 }, (_, i) => service(`s${i}`)) }), 400, 'validation_failed');
    expectError(await put(customer.sub, { services: [{ ...service('a'), price: 10 }] }), 400, 'validation_failed');
    expectError(await put(customer.sub, { services: [service('bad id!')] }), 400, 'validation_failed');
    expectError(await put(customer.sub, {}), 400, 'validation_failed');
    const listed = await api('GET', '/v1/services', { token: await tokenFor(customer) });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(['keep-1']);
  });

  it('accepts 200 services and an empty list', async () => {
    const customer = uniqueUser('customer');
    const many = await put(customer.sub, { services: Array.from({ length: 200 }, (_, i) => ({ id: `svc-${i}`, name: `Service ${i}`, product: 'p' })) });
    expect(many.body.items).toHaveLength(200);
    const token = await tokenFor(customer);
    expect((await api('GET', '/v1/services', { token })).body.items).toHaveLength(200);
    await put(customer.sub, { services: [] });
    expect((await api('GET', '/v1/services', { token })).body.items).toEqual([]);
  });

  it('lets only admins sync, and only signed-in users list', async () => {
    const customer = uniqueUser('customer');
    const customerToken = await tokenFor(customer);
    expectError(await put(customer.sub, { services: [] }, staff), 403, 'forbidden');
    expectError(await put(customer.sub, { services: [] }, customerToken), 403, 'forbidden');
    expectError(await api('GET', '/v1/services'), 401, 'unauthorized');
  });
});

describe('service names from billing', () => {
  it('refuse control characters (NUL, escape) with a 400 and keep the list as it was', async () => {
    const customer = uniqueUser('customer');
    await put(customer.sub, { services: [{ id: `${customer.sub}-1`, name: 'Hosting', product: 'hosting' }] });
    for (const name of ['Host\u0000ing', 'Host\u001b[31ming']) {
      expectError(await put(customer.sub, { services: [{ id: `${customer.sub}-1`, name, product: 'hosting' }] }), 400, 'validation_failed');
    }
    const listed = await api('GET', '/v1/services', { token: await tokenFor(customer) });
    expect(listed.body.items.map((service: { name: string }) => service.name)).toEqual(['Hosting']);
  });
});
