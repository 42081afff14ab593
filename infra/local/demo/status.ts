/**
 * Demo section "server status": five servers in Warszawa and Frankfurt probed on this machine
 * (four answer, the backup server points at a closed port and is down), the demo customers'
 * services placed on them, one past incident with its full timeline and one upcoming maintenance.
 * Written through the use cases; seeded only while there are no servers.
 */
import { ENV } from '../../../shared/environmentNames.ts';
import { demoUsers } from '../demoUsers.ts';
import { probeTargetPath } from './probeTargets.ts';

const hour = 3_600_000;

export async function seedStatusDemo(log: (line: string) => void) {
  const status = await import('../../../shared/useCases/status.ts');
  const { replaceCustomerServices, listCustomerServices } = await import('../../../shared/useCases/customerServices.ts');
  const { runStatusProbe } = await import('../../../shared/useCases/statusProbe.ts');

  if ((await listCustomerServices(demoUsers.customer.sub)).length === 0) {
    await replaceCustomerServices(demoUsers.customer.sub, {
      services: [
        { id: 'svc-10231', name: 'Hosting Pro — anna-kowalska.pl', product: 'shared-hosting', serverId: 'web-01-waw' },
        { id: 'svc-10232', name: 'Poczta — anna-kowalska.pl', product: 'email', serverId: 'mail-01-waw' },
        { id: 'svc-10233', name: 'Domena anna-kowalska.pl', product: 'domain' },
      ],
    });
    await replaceCustomerServices(demoUsers.otherCustomer.sub, {
      services: [
        { id: 'svc-20417', name: 'Managed PostgreSQL — smith-shop', product: 'managed-database', serverId: 'db-01-fra' },
        { id: 'svc-20418', name: 'Offsite backup 500 GB', product: 'backup' },
      ],
    });
    log('Seeded the demo customers’ services');
  }

  // The local cloud serves its JWKS at the API's own origin; the demo targets live there too.
  const api = new URL(process.env[ENV.jwksUrl] ?? 'http://127.0.0.1:3000');
  const existing = await status.listServersForStaff();
  if (existing.length > 0) {
    await repointDemoTargets(existing, demoServers(api), status.updateServer, log);
    return;
  }
  const servers = demoServers(api);
  for (const server of servers) await status.createServer(server);

  const now = Date.now();
  const incident = await status.createIncident(
    {
      title: { pl: 'Opóźnienia w dostarczaniu poczty', en: 'Delayed e-mail delivery' },
      serverIds: ['mail-01-waw'],
      message: {
        pl: 'Część wiadomości przychodzących dociera z opóźnieniem do 30 minut. Sprawdzamy przyczynę.',
        en: 'Some incoming messages arrive up to 30 minutes late. We are investigating.',
      },
      startedAt: new Date(now - 74 * hour).toISOString(),
    },
    new Date(now - 74 * hour),
  );
  const timeline = [
    {
      status: 'identified' as const,
      hoursAgo: 73,
      message: {
        pl: 'Przyczyną jest przepełniona kolejka filtra antyspamowego. Zwiększamy jego zasoby.',
        en: 'The anti-spam filter queue is full. We are adding capacity.',
      },
    },
    {
      status: 'monitoring' as const,
      hoursAgo: 72,
      message: { pl: 'Kolejka jest opróżniana, poczta dociera na bieżąco.', en: 'The queue is draining and mail is being delivered normally.' },
    },
    {
      status: 'resolved' as const,
      hoursAgo: 71,
      message: { pl: 'Wszystkie zaległe wiadomości zostały dostarczone.', en: 'All delayed messages have been delivered.' },
    },
  ];
  for (const entry of timeline) {
    await status.postIncidentUpdate(incident.id, { status: entry.status, message: entry.message }, new Date(now - entry.hoursAgo * hour));
  }

  const start = new Date(Math.ceil((now + 48 * hour) / hour) * hour);
  await status.createMaintenance({
    title: { pl: 'Aktualizacja PostgreSQL do wersji 18', en: 'PostgreSQL upgrade to version 18' },
    description: {
      pl: 'Bazy danych na db-01.fra będą niedostępne przez około 15 minut w trakcie okna.',
      en: 'Databases on db-01.fra will be unavailable for about 15 minutes during the window.',
    },
    serverIds: ['db-01-fra'],
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * hour).toISOString(),
  });

  // A first probe run, so the page shows real states right away instead of after a minute.
  const run = await runStatusProbe({ budgetMs: 20_000 });
  log(`Seeded ${servers.length} status servers (${run.up} up, ${run.down} down), 1 past incident, 1 planned maintenance`);
}

function demoServers(api: URL) {
  const apiPort = Number(api.port || 80);
  return [
    {
      id: 'web-01-waw',
      name: 'web-01.waw',
      group: 'Warszawa',
      check: { type: 'http' as const, url: new URL(probeTargetPath('web-01'), api).href, expectedText: 'ok' },
      degradedAboveMs: 2000,
      products: ['shared-hosting'],
      order: 10,
    },
    { id: 'mail-01-waw', name: 'mail-01.waw', group: 'Warszawa', check: { type: 'tcp' as const, host: '127.0.0.1', port: apiPort }, products: ['email'], order: 20 },
    { name: 'ns1.waw (DNS)', id: 'ns1-waw', group: 'Warszawa', check: { type: 'tcp' as const, host: 'localhost', port: apiPort }, products: ['domain'], order: 30 },
    {
      id: 'db-01-fra',
      name: 'db-01.fra',
      group: 'Frankfurt',
      check: { type: 'http' as const, url: new URL(probeTargetPath('db-01'), api).href },
      products: ['managed-database'],
      order: 40,
    },
    // Port 9 (discard) is closed on a normal machine: this one is down in the demo.
    { id: 'backup-01-fra', name: 'backup-01.fra', group: 'Frankfurt', check: { type: 'tcp' as const, host: '127.0.0.1', port: 9 }, products: ['backup'], order: 50 },
  ];
}

/**
 * State kept in .local/ remembers the demo targets at the API port of the run that seeded them;
 * a later run on another PORT moves the demo servers that still point at this machine.
 */
async function repointDemoTargets(
  stored: Array<{ id: string; check: unknown }>,
  wanted: ReturnType<typeof demoServers>,
  updateServer: (id: string, changes: { check: (typeof wanted)[number]['check'] }) => Promise<unknown>,
  log: (line: string) => void,
) {
  const onThisMachine = (check: unknown) => /"(host|url)":"(https?:\/\/)?(127\.0\.0\.1|localhost)[:/"]/.test(JSON.stringify(check));
  let moved = 0;
  for (const server of wanted) {
    const current = stored.find((candidate) => candidate.id === server.id);
    if (!current || !onThisMachine(current.check) || JSON.stringify(current.check) === JSON.stringify(server.check)) continue;
    await updateServer(server.id, { check: server.check });
    moved += 1;
  }
  if (moved > 0) log(`Moved ${moved} demo status targets to this run's API port`);
}
