/**
 * Server status over HTTP against the local cloud: real HTTP and TCP servers started here are
 * probed by POST /_local/jobs/status-probe. The cloud is shared with other test files, so every
 * test creates its own servers and looks only at them.
 */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, tokenFor, uniqueUser } from './support/api.ts';
import { settle } from './support/files.ts';
import { startHttpTarget, startTcpTarget } from './support/statusTargets.ts';

let admin: string;
let staff: string;
let customer: string;
const targets: Array<{ close(): Promise<void> }> = [];
const createdServers: string[] = [];

beforeAll(async () => {
  admin = await tokenFor(uniqueUser('admin'));
  staff = await tokenFor(uniqueUser('staff'));
  customer = await tokenFor(uniqueUser('customer'));
});

afterAll(async () => {
  for (const id of createdServers) await api('DELETE', `/v1/staff/servers/${id}`, { token: admin });
  await Promise.all(targets.map((target) => target.close()));
});

let serial = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(serial += 1)}`;

async function httpTarget() {
  const target = await startHttpTarget();
  targets.push(target);
  return target;
}

/**
 * An HTTP target that holds every request until released, and tells when the first one arrived:
 * a test can act while a check is certainly in flight, with no timing guesswork.
 */
async function gatedTarget() {
  const held: ServerResponse[] = [];
  let releasedWith: number | null = null;
  let arrived!: () => void;
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  const answer = (response: ServerResponse, status: number) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(status === 200 ? 'all good' : 'broken');
  };
  const server = createHttpServer((_request, response) => {
    if (releasedWith !== null) answer(response, releasedWith);
    else held.push(response);
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    firstRequest,
    release(status: number) {
      releasedWith = status;
      for (const response of held.splice(0)) answer(response, status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held.splice(0)) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  targets.push(target);
  return target;
}

async function createServer(check: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const name = uniqueName('srv');
  const response = await api('POST', '/v1/staff/servers', { token: admin, body: { name, group: 'Test lab', check, ...extra } });
  expect(response.status).toBe(201);
  createdServers.push(response.body.id);
  return response.body as { id: string; name: string };
}

async function probe() {
  const response = await api('POST', '/_local/jobs/status-probe', { unchecked: true });
  expect(response.status).toBe(200);
  return response.body.result as { checked: number; due: number; conflicts: number; deletedMeanwhile: number };
}

async function checksOf(id: string) {
  const response = await api('GET', `/v1/staff/servers/${id}/checks?limit=100`, { token: staff });
  expect(response.status).toBe(200);
  return response.body.items as Array<{ status: string }>;
}

/**
 * Runs the probe with every health write refused as when another run saved first: the local
 * cloud's fault injection answers each TransactWriteItems with a failed condition on its first
 * item (the health). Settles first, so no stream consumer's transaction meets the fault.
 */
async function probeLosingEveryRace() {
  await settle();
  const armed = await api('POST', '/_local/faults', {
    unchecked: true,
    body: { service: 'dynamodb', operation: 'TransactWriteItems', error: 'TransactionCanceledException', reason: 'ConditionalCheckFailed', item: 0, count: 10_000 },
  });
  expect(armed.status, armed.text).toBe(201);
  try {
    return await probe();
  } finally {
    expect((await api('DELETE', '/_local/faults', { unchecked: true })).status).toBe(204);
  }
}

async function statusPage(token?: string) {
  const response = await api('GET', '/v1/status', token ? { token } : {});
  expect(response.status).toBe(200);
  return response.body;
}

const serverOnPage = (page: any, id: string) => page.servers.find((server: { id: string }) => server.id === id);
const incidentsOf = (page: any, id: string) =>
  page.activeIncidents.filter((incident: any) => incident.servers.some((server: { id: string }) => server.id === id));

async function staffView(id: string) {
  const response = await api('GET', '/v1/staff/servers', { token: staff });
  expect(response.status).toBe(200);
  return response.body.items.find((server: { id: string }) => server.id === id);
}

async function history(id: string) {
  const response = await api('GET', '/v1/status/incidents?limit=100');
  expect(response.status).toBe(200);
  return response.body.items.filter((incident: any) => incident.servers.some((server: { id: string }) => server.id === id));
}

describe('monitored servers (admin)', () => {
  it.each([
    ['cloud metadata', { type: 'http', url: 'http://169.254.169.254/latest/meta-data/' }],
    ['EC2 metadata over IPv6', { type: 'http', url: 'http://[fd00:ec2::254]/' }],
    ['a non-HTTP scheme', { type: 'http', url: 'file:///etc/passwd' }],
    ['an ftp URL', { type: 'http', url: 'ftp://example.com/' }],
    ['the unspecified address', { type: 'tcp', host: '0.0.0.0', port: 22 }],
    ['a link-local TCP host', { type: 'tcp', host: '169.254.10.10', port: 22 }],
    ['a private network', { type: 'http', url: 'http://10.0.0.1/' }],
    ['cloud metadata inside IPv4-compatible IPv6', { type: 'http', url: 'http://[::169.254.169.254]/' }],
    ['cloud metadata behind NAT64', { type: 'http', url: 'http://[64:ff9b::169.254.169.254]/' }],
    ['cloud metadata inside 6to4', { type: 'http', url: 'http://[2002:a9fe:a9fe::]/' }],
    ['cloud metadata inside IPv4-translated IPv6', { type: 'tcp', host: '::ffff:0:a9fe:a9fe', port: 80 }],
    ['a Teredo address', { type: 'http', url: 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/' }],
  ])('rejects %s with 400 and saves nothing', async (_label, check) => {
    const name = uniqueName('forbidden');
    const response = await api('POST', '/v1/staff/servers', { token: admin, body: { name, group: 'x', check } });
    expectError(response, 400, 'validation_failed');
    expect(response.body.error.details[0].path).toMatch(/^body\.check\./);
    const list = await api('GET', '/v1/staff/servers', { token: admin });
    expect(list.body.items.map((server: { name: string }) => server.name)).not.toContain(name);
  });

  it('rejects intervals under 60 s and unknown fields', async () => {
    const check = { type: 'tcp', host: '127.0.0.1', port: 1 };
    expectError(await api('POST', '/v1/staff/servers', { token: admin, body: { name: 'x', group: 'x', check, intervalSeconds: 30 } }), 400, 'validation_failed');
    expectError(await api('POST', '/v1/staff/servers', { token: admin, body: { name: 'x', group: 'x', check, color: 'red' } }), 400, 'validation_failed');
  });

  it('lets only admins change servers, staff see them, and customers neither', async () => {
    const body = { name: uniqueName('nope'), group: 'x', check: { type: 'tcp', host: '127.0.0.1', port: 1 } };
    expectError(await api('POST', '/v1/staff/servers', { token: staff, body }), 403, 'forbidden');
    expectError(await api('POST', '/v1/staff/servers', { token: customer, body }), 403, 'forbidden');
    expectError(await api('GET', '/v1/staff/servers', { token: customer }), 403, 'forbidden');
    expectError(await api('GET', '/v1/staff/servers'), 401, 'unauthorized');
  });

  it('changes a server, refuses a forbidden new target without changing anything, and deletes it', async () => {
    const server = await createServer({ type: 'tcp', host: '127.0.0.1', port: 1 });
    const forbidden = await api('PATCH', `/v1/staff/servers/${server.id}`, {
      token: admin,
      body: { check: { type: 'http', url: 'http://169.254.169.254/' } },
    });
    expectError(forbidden, 400, 'validation_failed');
    const renamed = await api('PATCH', `/v1/staff/servers/${server.id}`, { token: admin, body: { name: 'Renamed', version: 1 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', version: 2, check: { type: 'tcp', host: '127.0.0.1', port: 1 } });
    expectError(await api('PATCH', `/v1/staff/servers/${server.id}`, { token: admin, body: { name: 'Stale', version: 1 } }), 409, 'conflict');
    expect((await api('DELETE', `/v1/staff/servers/${server.id}`, { token: admin })).status).toBe(204);
    expectError(await api('DELETE', `/v1/staff/servers/${server.id}`, { token: admin }), 404, 'not_found');
    expect(serverOnPage(await statusPage(), server.id)).toBeUndefined();
  });
});

describe('the probe', () => {
  it('takes an HTTP server down after two failed probes, opens an incident, and resolves it when it is back', async () => {
    const target = await httpTarget();
    const server = await createServer({ type: 'http', url: target.url, expectedText: 'all good' });

    await probe();
    expect(serverOnPage(await statusPage(), server.id)).toMatchObject({ state: 'up', uptime: { last24h: 100 } });

    target.mode = 'error';
    await probe();
    expect(serverOnPage(await statusPage(), server.id).state).toBe('up');
    expect((await staffView(server.id)).health).toMatchObject({ lastStatus: 'down', lastError: 'HTTP 500, expected 200' });

    await probe();
    const downPage = await statusPage();
    expect(serverOnPage(downPage, server.id)).toMatchObject({ state: 'down', uptime: { last24h: expect.closeTo(33.333, 2) } });
    expect(downPage.overall).toMatch(/outage/);
    const [incident] = incidentsOf(downPage, server.id);
    expect(incident).toMatchObject({ automatic: true, status: 'investigating', resolvedAt: null });

    target.mode = 'ok';
    await probe();
    expect(serverOnPage(await statusPage(), server.id).state).toBe('down');
    await probe();
    const upPage = await statusPage();
    expect(serverOnPage(upPage, server.id).state).toBe('up');
    expect(incidentsOf(upPage, server.id)).toEqual([]);
    const [resolved] = await history(server.id);
    expect(resolved).toMatchObject({ id: incident.id, status: 'resolved', resolvedAt: expect.any(String) });
    expect(resolved.updates.map((update: { status: string }) => update.status)).toEqual(['resolved', 'investigating']);
  });

  it('takes a TCP server down when its port closes', async () => {
    const target = await startTcpTarget();
    const server = await createServer({ type: 'tcp', host: '127.0.0.1', port: target.port });
    await probe();
    expect(serverOnPage(await statusPage(), server.id).state).toBe('up');
    await target.close();
    await probe();
    await probe();
    expect(serverOnPage(await statusPage(), server.id).state).toBe('down');
    expect((await staffView(server.id)).health.lastError).toMatch(/ECONNREFUSED/);
    const [incident] = incidentsOf(await statusPage(), server.id);
    expect(incident).toMatchObject({ automatic: true });

    // Removing the server resolves its incident, which nothing else would.
    expect((await api('DELETE', `/v1/staff/servers/${server.id}`, { token: admin })).status).toBe(204);
    expect(incidentsOf(await statusPage(), server.id)).toEqual([]);
    expect((await history(server.id)).find((entry: { id: string }) => entry.id === incident.id)).toMatchObject({ status: 'resolved' });
  });

  it('times out a hanging server without holding up the other checks', async () => {
    const hanging = await httpTarget();
    hanging.mode = 'hang';
    const healthy = await httpTarget();
    const slow = await createServer({ type: 'http', url: hanging.url }, { timeoutMs: 1500 });
    const fast = await createServer({ type: 'http', url: healthy.url });

    const run = await probe();
    expect(run.checked).toBeGreaterThanOrEqual(2);
    const slowView = await staffView(slow.id);
    const fastView = await staffView(fast.id);
    expect(slowView.health).toMatchObject({ lastStatus: 'down', lastError: 'No response within 1500 ms', responseTimeMs: null });
    expect(fastView.health).toMatchObject({ lastStatus: 'up', state: 'up' });
    // The healthy result was written when its own check ended, before the hanging one gave up.
    expect(fastView.health.lastCheckedAt < slowView.health.lastCheckedAt).toBe(true);
    // Later probes in this file need not wait for it.
    expect((await api('DELETE', `/v1/staff/servers/${slow.id}`, { token: admin })).status).toBe(204);
  });

  it('records each result in the server history, newest first, paginated', async () => {
    const target = await httpTarget();
    const server = await createServer({ type: 'http', url: target.url });
    await probe();
    target.mode = 'error';
    await probe();
    const first = await api('GET', `/v1/staff/servers/${server.id}/checks?limit=1`, { token: staff });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([expect.objectContaining({ status: 'down', error: 'HTTP 500, expected 200', inMaintenance: false })]);
    const second = await api('GET', `/v1/staff/servers/${server.id}/checks?limit=1&cursor=${first.body.nextCursor}`, { token: staff });
    expect(second.body.items).toEqual([expect.objectContaining({ status: 'up', error: null })]);
    expectError(await api('GET', '/v1/staff/servers/no-such-server/checks', { token: staff }), 404, 'not_found');
  });

  it('records a check only with the health it moved: a refused health write leaves no check item', async () => {
    const target = await httpTarget();
    const server = await createServer({ type: 'http', url: target.url });

    const refused = await probeLosingEveryRace();
    expect(refused.conflicts).toBeGreaterThanOrEqual(1);
    expect(await checksOf(server.id)).toEqual([]);
    expect((await staffView(server.id)).health).toMatchObject({ state: 'unknown', lastCheckedAt: null });

    await probe();
    expect(await checksOf(server.id)).toEqual([expect.objectContaining({ status: 'up' })]);
    expect((await staffView(server.id)).health).toMatchObject({ state: 'up', lastStatus: 'up' });
  });

  it("refuses a real cursor from another list (another server's checks, the incident history) and a malformed one", async () => {
    const target = await httpTarget();
    const mine = await createServer({ type: 'http', url: target.url });
    const other = await createServer({ type: 'http', url: target.url });
    await probe();
    await probe();
    const checksUrl = (id: string, cursor: string) => `/v1/staff/servers/${id}/checks?limit=1&cursor=${cursor}`;
    const page = await api('GET', `/v1/staff/servers/${mine.id}/checks?limit=1`, { token: staff });
    const cursor: string = page.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    // The cursor is genuine: it works on the list it came from...
    expect((await api('GET', checksUrl(mine.id, cursor), { token: staff })).status).toBe(200);
    // ...and only there, though the other server has a second page too.
    expect((await api('GET', `/v1/staff/servers/${other.id}/checks?limit=1`, { token: staff })).body.nextCursor).toEqual(expect.any(String));
    expectError(await api('GET', checksUrl(other.id, cursor), { token: staff }), 400, 'validation_failed');

    const incidents = await api('GET', '/v1/status/incidents?limit=1');
    expect(incidents.body.nextCursor).toEqual(expect.any(String));
    expectError(await api('GET', checksUrl(mine.id, incidents.body.nextCursor), { token: staff }), 400, 'validation_failed');
    expectError(await api('GET', `/v1/status/incidents?limit=1&cursor=${cursor}`), 400, 'validation_failed');

    expectError(await api('GET', checksUrl(mine.id, cursor.slice(0, -4)), { token: staff }), 400, 'validation_failed');
  });

  it('writes nothing for a server deleted while its check was running: no incident, no health item, no check item', async () => {
    const gate = await gatedTarget();
    const server = await createServer({ type: 'http', url: gate.url }, { timeoutMs: 10_000 });
    // Hold the check open: a run that started before the server existed (a scheduled one this
    // request joined) does not check it, so run again until its request has certainly arrived.
    let run = probe();
    while (!(await Promise.race([gate.firstRequest.then(() => true), run.then(() => false)]))) run = probe();

    expect((await api('DELETE', `/v1/staff/servers/${server.id}`, { token: admin })).status).toBe(204);
    gate.release(500); // The check now ends "down", which would open an incident for a live server.
    const summary = await run;

    expect(await history(server.id)).toEqual([]);
    expect(incidentsOf(await statusPage(), server.id)).toEqual([]);
    // A server created again under the same id starts with no health: none was written after the delete.
    const again = await api('POST', '/v1/staff/servers', {
      token: admin,
      body: { id: server.id, name: server.name, group: 'Test lab', check: { type: 'tcp', host: '127.0.0.1', port: 1 } },
    });
    expect(again.status).toBe(201);
    expect((await staffView(server.id)).health).toEqual({
      state: 'unknown',
      lastStatus: null,
      lastCheckedAt: null,
      responseTimeMs: null,
      lastError: null,
      openIncidentId: null,
    });
    // Checks are kept under the server's id: the refused write's check would show up here.
    expect(await checksOf(server.id)).toEqual([]);
    expect(summary.deletedMeanwhile).toBeGreaterThanOrEqual(1);
    expect((await api('DELETE', `/v1/staff/servers/${server.id}`, { token: admin })).status).toBe(204);
  });
});

describe('maintenance', () => {
  it('shows maintenance and opens no incident while the window lasts; a cancelled window stops suppressing', async () => {
    const target = await httpTarget();
    const server = await createServer({ type: 'http', url: target.url });
    await probe();
    const now = Date.now();
    const created = await api('POST', '/v1/staff/maintenance', {
      token: staff,
      body: {
        title: { pl: 'Wymiana dysków', en: 'Disk replacement' },
        serverIds: [server.id],
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);

    target.mode = 'error';
    await probe();
    await probe();
    await probe();
    const page = await statusPage();
    expect(serverOnPage(page, server.id).state).toBe('maintenance');
    expect(incidentsOf(page, server.id)).toEqual([]);
    expect(page.upcomingMaintenance.find((window: { id: string }) => window.id === created.body.id)).toMatchObject({
      title: 'Disk replacement',
      inProgress: true,
    });
    const checks = await api('GET', `/v1/staff/servers/${server.id}/checks?limit=1`, { token: staff });
    expect(checks.body.items[0]).toMatchObject({ status: 'down', inMaintenance: true });

    const cancelled = await api('PATCH', `/v1/staff/maintenance/${created.body.id}`, { token: staff, body: { cancelled: true, version: 1 } });
    expect(cancelled.status).toBe(200);
    await probe();
    await probe();
    const after = await statusPage();
    expect(serverOnPage(after, server.id).state).toBe('down');
    expect(incidentsOf(after, server.id)).toHaveLength(1);
    expect(after.upcomingMaintenance.map((window: { id: string }) => window.id)).not.toContain(created.body.id);
  });

  it('rejects a window that ends before it starts, unknown servers and customers', async () => {
    const server = await createServer({ type: 'tcp', host: '127.0.0.1', port: 1 });
    const body = { title: 'x', serverIds: [server.id], startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' };
    expectError(await api('POST', '/v1/staff/maintenance', { token: staff, body }), 400, 'validation_failed');
    const unknown = await api('POST', '/v1/staff/maintenance', {
      token: staff,
      body: { ...body, serverIds: ['no-such-server'], endsAt: '2030-01-03T00:00:00Z' },
    });
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.body.error.details).toEqual([{ path: 'body.serverIds.0', message: 'No server "no-such-server"' }]);
    expectError(await api('POST', '/v1/staff/maintenance', { token: customer, body }), 403, 'forbidden');
  });
});

describe('incidents (staff)', () => {
  it('runs an incident through its timeline in both languages and keeps it in the history', async () => {
    const server = await createServer({ type: 'tcp', host: '127.0.0.1', port: 1 });
    const created = await api('POST', '/v1/staff/incidents', {
      token: staff,
      body: {
        title: { pl: 'Wolne działanie panelu', en: 'Slow control panel' },
        serverIds: [server.id],
        message: { pl: 'Badamy spowolnienie.', en: 'We are looking into the slowdown.' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'investigating', automatic: false, servers: [{ id: server.id, name: server.name }] });
    const id = created.body.id;

    for (const status of ['identified', 'monitoring', 'resolved']) {
      const update = await api('POST', `/v1/staff/incidents/${id}/updates`, {
        token: staff,
        body: { status, message: { pl: `Status: ${status}`, en: `Status: ${status}` } },
      });
      expect(update.status).toBe(200);
      expect(update.body.status).toBe(status);
    }
    const reopen = await api('POST', `/v1/staff/incidents/${id}/updates`, { token: staff, body: { status: 'monitoring', message: 'x' } });
    expectError(reopen, 409, 'conflict');

    const renamed = await api('PATCH', `/v1/staff/incidents/${id}`, { token: staff, body: { title: { en: 'Slow panel' }, version: 4 } });
    expect(renamed.body.title).toEqual({ pl: 'Wolne działanie panelu', en: 'Slow panel' });

    const [shown] = (await history(server.id)).filter((incident: { id: string }) => incident.id === id);
    expect(shown).toMatchObject({ title: 'Slow panel', status: 'resolved', statusLabel: 'Resolved' });
    expect(shown.updates.map((update: { status: string }) => update.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    const polish = await api('GET', '/v1/status/incidents?lang=pl&limit=100');
    const inPolish = polish.body.items.find((incident: { id: string }) => incident.id === id);
    expect(inPolish).toMatchObject({ title: 'Wolne działanie panelu', statusLabel: 'Rozwiązany' });
    expect(inPolish.updates.at(-1).message).toBe('Badamy spowolnienie.');
  });

  it('paginates the history with a cursor and refuses a malformed one', async () => {
    const first = await api('GET', '/v1/status/incidents?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', `/v1/status/incidents?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expectError(await api('GET', '/v1/status/incidents?cursor=bm90LWpzb24'), 400, 'validation_failed');
  });

  it('refuses unknown servers, missing fields, customers and unknown incidents', async () => {
    const body = { title: 'x', serverIds: ['no-such-server'], message: 'x' };
    expectError(await api('POST', '/v1/staff/incidents', { token: staff, body }), 400, 'validation_failed');
    expectError(await api('POST', '/v1/staff/incidents', { token: staff, body: { title: 'x', serverIds: [] } }), 400, 'validation_failed');
    expectError(await api('POST', '/v1/staff/incidents', { token: customer, body: { ...body, serverIds: [] } }), 403, 'forbidden');
    const missing = await api('POST', '/v1/staff/incidents/no-such-incident/updates', { token: staff, body: { status: 'resolved', message: 'x' } });
    expectError(missing, 404, 'not_found');
  });
});

describe("a customer's view", () => {
  it("shows signed-in customers which of their own services a server, incident or maintenance affects, and nobody else's", async () => {
    const target = await httpTarget();
    target.mode = 'error';
    const server = await createServer({ type: 'http', url: target.url }, { products: [uniqueName('product')] });
    const owner = uniqueUser('customer');
    const ownerToken = await tokenFor(owner);
    const synced = await api('PUT', `/v1/staff/customers/${owner.sub}/services`, {
      token: admin,
      body: { services: [{ id: uniqueName('svc'), name: 'Hosting Pro — example.pl', product: 'shared-hosting', serverId: server.id }] },
    });
    expect(synced.status).toBe(200);
    const serviceId = synced.body.items[0].id;
    await probe();
    await api('POST', '/v1/staff/maintenance', {
      token: staff,
      body: { title: 'Kernel update', serverIds: [server.id], startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T01:00:00Z' },
    });

    const mine = await statusPage(ownerToken);
    expect(serverOnPage(mine, server.id)).toMatchObject({
      state: 'down',
      affectsYourServices: true,
      yourServices: [{ id: serviceId, name: 'Hosting Pro — example.pl' }],
    });
    expect(incidentsOf(mine, server.id)[0]).toMatchObject({ affectsYourServices: true, yourServices: [{ id: serviceId }] });
    const window = mine.upcomingMaintenance.find((entry: any) => entry.servers.some((s: { id: string }) => s.id === server.id));
    expect(window).toMatchObject({ affectsYourServices: true, inProgress: false });

    const someoneElse = await statusPage(customer);
    expect(serverOnPage(someoneElse, server.id)).toMatchObject({ affectsYourServices: false, yourServices: [] });
    expect(JSON.stringify(someoneElse)).not.toContain(serviceId);

    const anonymous = await statusPage();
    expect(serverOnPage(anonymous, server.id)).not.toHaveProperty('affectsYourServices');
    expect(JSON.stringify(anonymous)).not.toContain(target.url);
  });
});

describe('the demo status page', () => {
  it('has servers up, one down with its automatic incident, a past incident and upcoming maintenance', async () => {
    const page = await statusPage();
    expect(serverOnPage(page, 'web-01-waw')?.state).toBe('up');
    expect(serverOnPage(page, 'backup-01-fra')?.state).toBe('down');
    expect(incidentsOf(page, 'backup-01-fra')[0]).toMatchObject({ automatic: true });
    expect(page.upcomingMaintenance.some((window: any) => window.servers.some((s: { id: string }) => s.id === 'db-01-fra'))).toBe(true);
    const past = await history('mail-01-waw');
    expect(past.some((incident: { status: string }) => incident.status === 'resolved')).toBe(true);
  });
});
