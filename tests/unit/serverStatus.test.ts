import { describe, expect, it, vi } from 'vitest';
import {
  addIncidentUpdate,
  applyCheckResult,
  automaticIncident,
  classifyResponse,
  displayedState,
  inMaintenance,
  incidentUpdateProblem,
  initialHealth,
  isDue,
  maintenanceProblem,
  overallState,
  resolveAutomatically,
  uptimeOf,
  type CheckResult,
  type Maintenance,
  type ServerHealth,
} from '../../shared/domain/serverStatus.ts';
import { servicesAffectedBy, type CustomerService } from '../../shared/domain/customerServices.ts';

const storage = vi.hoisted(() => ({
  serverRepository: { get: vi.fn(), delete: vi.fn() },
  serverHealthRepository: { get: vi.fn() },
  incidentRepository: { get: vi.fn(), replace: vi.fn() },
}));
vi.mock('../../shared/data/serverRepository.ts', () => storage.serverRepository);
vi.mock('../../shared/data/serverHealthRepository.ts', () => storage.serverHealthRepository);
vi.mock('../../shared/data/incidentRepository.ts', () => storage.incidentRepository);
vi.mock('../../shared/data/checkRepository.ts', () => ({}));
vi.mock('../../shared/data/maintenanceRepository.ts', () => ({}));

const up: CheckResult = { status: 'up', responseTimeMs: 12, error: null };
const down: CheckResult = { status: 'down', responseTimeMs: null, error: 'ECONNREFUSED' };
const degraded: CheckResult = { status: 'degraded', responseTimeMs: 3000, error: null };
const t0 = new Date('2026-11-25T12:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** Feeds results one a minute and returns the health and the transitions seen. */
function feed(results: CheckResult[], options: { confirmations?: number; maintenanceAt?: number[]; start?: ServerHealth } = {}) {
  let health = options.start ?? initialHealth('web-01');
  const transitions: Array<string | null> = [];
  results.forEach((result, minute) => {
    const step = applyCheckResult(health, result, {
      confirmations: options.confirmations ?? 2,
      inMaintenance: options.maintenanceAt?.includes(minute) ?? false,
      now: at(minute),
    });
    health = step.health;
    transitions.push(step.transition);
  });
  return { health, transitions };
}

describe('applyCheckResult: state changes only after N consecutive results', () => {
  it('takes the first result of a new server as its state', () => {
    expect(feed([up]).health.state).toBe('up');
    expect(feed([down])).toMatchObject({ health: { state: 'down' }, transitions: ['wentDown'] });
  });

  it('goes down only on the second consecutive failure, and opens exactly one transition', () => {
    const { health, transitions } = feed([up, down, down, down]);
    expect(transitions).toEqual([null, null, 'wentDown', null]);
    expect(health.state).toBe('down');
    expect(health.since).toBe(at(2).toISOString());
  });

  it('ignores a single failure between successes (no flapping)', () => {
    const { health, transitions } = feed([up, down, up, down, up]);
    expect(transitions.every((transition) => transition === null)).toBe(true);
    expect(health).toMatchObject({ state: 'up', candidate: null, lastStatus: 'up' });
  });

  it('recovers after N consecutive successes', () => {
    expect(feed([up, down, down, up, up]).transitions).toEqual([null, null, 'wentDown', null, 'recovered']);
  });

  it('honours a different number of confirmations', () => {
    expect(feed([up, down, down, down], { confirmations: 3 }).transitions).toEqual([null, null, null, 'wentDown']);
    expect(feed([up, down], { confirmations: 1 }).transitions).toEqual([null, 'wentDown']);
  });

  it('treats degraded as reachable: it opens no incident and recovering to it resolves one', () => {
    expect(feed([up, degraded, degraded]).transitions).toEqual([null, null, null]);
    expect(feed([up, degraded, degraded]).health.state).toBe('degraded');
    expect(feed([down, degraded, degraded]).transitions).toEqual(['wentDown', null, 'recovered']);
  });

  it('keeps the last check details whatever the state', () => {
    const { health } = feed([up, down]);
    expect(health).toMatchObject({ state: 'up', lastStatus: 'down', lastError: 'ECONNREFUSED', lastCheckedAt: at(1).toISOString() });
  });
});

describe('maintenance suppression', () => {
  it('records results in a window but neither changes state nor counts uptime', () => {
    const { health, transitions } = feed([up, down, down, down], { maintenanceAt: [1, 2, 3] });
    expect(transitions).toEqual([null, null, null, null]);
    expect(health.state).toBe('up');
    expect(health.lastStatus).toBe('down');
    expect(uptimeOf(health, at(3)).last24h).toBe(100);
  });

  it('needs fresh confirmations after the window, then goes down', () => {
    const { transitions } = feed([up, down, down, down, down], { maintenanceAt: [1, 2] });
    expect(transitions).toEqual([null, null, null, null, 'wentDown']);
  });

  it('shows maintenance over any confirmed state, and unknown before the first check', () => {
    expect(displayedState(feed([down]).health, true)).toBe('maintenance');
    expect(displayedState(feed([down]).health, false)).toBe('down');
    expect(displayedState(undefined, false)).toBe('unknown');
  });

  it('applies a window only to its servers, only while it lasts, and never when cancelled', () => {
    const window: Maintenance = {
      id: 'm1',
      title: { pl: 'x', en: 'x' },
      description: { pl: '', en: '' },
      servers: [{ id: 'db-01', name: 'db-01' }],
      startsAt: at(10).toISOString(),
      endsAt: at(20).toISOString(),
      cancelled: false,
      version: 1,
      createdAt: t0.toISOString(),
      updatedAt: t0.toISOString(),
    };
    expect(inMaintenance('db-01', [window], at(9))).toBe(false);
    expect(inMaintenance('db-01', [window], at(10))).toBe(true);
    expect(inMaintenance('db-01', [window], at(19))).toBe(true);
    expect(inMaintenance('db-01', [window], at(20))).toBe(false);
    expect(inMaintenance('web-01', [window], at(15))).toBe(false);
    expect(inMaintenance('db-01', [{ ...window, cancelled: true }], at(15))).toBe(false);
  });

  it('refuses windows that end before they start, are over already or last more than a week', () => {
    expect(maintenanceProblem({ startsAt: at(10).toISOString(), endsAt: at(5).toISOString() }, true, t0)).toMatch(/after/);
    expect(maintenanceProblem({ startsAt: at(-20).toISOString(), endsAt: at(-10).toISOString() }, true, t0)).toMatch(/future/);
    expect(maintenanceProblem({ startsAt: at(0).toISOString(), endsAt: at(8 * 24 * 60).toISOString() }, true, t0)).toMatch(/7 days/);
    expect(maintenanceProblem({ startsAt: at(10).toISOString(), endsAt: at(70).toISOString() }, true, t0)).toBeNull();
  });
});

describe('uptime', () => {
  it('counts up and degraded as available, over hourly buckets for 24 h and daily ones for 7 and 30 days', () => {
    const { health } = feed([up, up, down, degraded]);
    expect(uptimeOf(health, at(3))).toEqual({ last24h: 75, last7d: 75, last30d: 75 });
  });

  it('drops buckets that fall out of the window and reports null without checks', () => {
    expect(uptimeOf(initialHealth('x'), t0)).toEqual({ last24h: null, last7d: null, last30d: null });
    const old = feed([down, down]).health;
    const tenDaysLater = new Date(t0.getTime() + 10 * 86_400_000);
    const later = applyCheckResult(old, up, { confirmations: 2, inMaintenance: false, now: tenDaysLater }).health;
    expect(Object.keys(later.hourly)).toEqual([tenDaysLater.toISOString().slice(0, 13)]);
    expect(uptimeOf(later, tenDaysLater)).toEqual({ last24h: 100, last7d: 100, last30d: Math.round((1 / 3) * 100_000) / 1000 });
  });

  it('keeps at most 24 hourly and 30 daily counters however long the history is', () => {
    let health = initialHealth('x');
    for (let hour = 0; hour < 24 * 60; hour += 1) {
      health = applyCheckResult(health, up, { confirmations: 2, inMaintenance: false, now: new Date(t0.getTime() + hour * 3_600_000) }).health;
    }
    expect(Object.keys(health.hourly)).toHaveLength(24);
    expect(Object.keys(health.daily)).toHaveLength(30);
  });
});

describe('isDue', () => {
  it('checks a one-minute server on every run, even runs seconds apart', () => {
    expect(isDue({ intervalSeconds: 60 }, at(0).toISOString(), new Date(t0.getTime() + 1000))).toBe(true);
  });

  it('checks a longer interval on the run nearest its due time', () => {
    const server = { intervalSeconds: 300 };
    expect(isDue(server, null, t0)).toBe(true);
    expect(isDue(server, t0.toISOString(), at(4))).toBe(false);
    expect(isDue(server, t0.toISOString(), new Date(at(5).getTime() - 2000))).toBe(true);
    expect(isDue(server, t0.toISOString(), at(5))).toBe(true);
  });
});

describe('classifyResponse', () => {
  it('marks a reachable server slower than its threshold as degraded', () => {
    expect(classifyResponse({ ...up, responseTimeMs: 2500 }, 2000).status).toBe('degraded');
    expect(classifyResponse({ ...up, responseTimeMs: 1500 }, 2000).status).toBe('up');
    expect(classifyResponse({ ...up, responseTimeMs: 99_999 }, null).status).toBe('up');
    expect(classifyResponse(down, 1).status).toBe('down');
  });
});

describe('incidents', () => {
  const server = { id: 'web-01', name: 'web-01.waw' };

  it('opens an automatic incident in both languages and resolves it on recovery', () => {
    const incident = automaticIncident(server, t0);
    expect(incident).toMatchObject({ status: 'investigating', automatic: true, servers: [server], resolvedAt: null });
    expect(incident.title).toEqual({ pl: 'Niedostępność: web-01.waw', en: 'Outage: web-01.waw' });
    const resolved = resolveAutomatically(incident, server, at(5));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at(5).toISOString(), version: 2 });
    expect(resolved!.updates.map((update) => update.status)).toEqual(['investigating', 'resolved']);
  });

  it('leaves an incident that staff already resolved alone', () => {
    const resolved = addIncidentUpdate(automaticIncident(server, t0), { status: 'resolved', message: { pl: 'ok', en: 'ok' } }, at(1));
    expect(resolveAutomatically(resolved, server, at(2))).toBeNull();
  });

  it('never reopens a resolved incident, and caps the timeline', () => {
    const incident = automaticIncident(server, t0);
    const resolved = addIncidentUpdate(incident, { status: 'resolved', message: { pl: 'ok', en: 'ok' } }, at(1));
    expect(incidentUpdateProblem(resolved, { status: 'monitoring' })).toMatch(/cannot be reopened/);
    expect(incidentUpdateProblem(resolved, { status: 'resolved' })).toBeNull();
    expect(incidentUpdateProblem(incident, { status: 'identified' })).toBeNull();
    const full = { ...incident, updates: Array.from({ length: 50 }, () => incident.updates[0]!) };
    expect(incidentUpdateProblem(full, { status: 'identified' })).toMatch(/at most 50/);
  });
});

describe('overallState', () => {
  it('summarizes the servers and the incidents still being worked on', () => {
    expect(overallState(['up', 'up'], [])).toBe('operational');
    expect(overallState(['up', 'down'], [])).toBe('partial_outage');
    expect(overallState(['down', 'down'], [])).toBe('major_outage');
    expect(overallState(['up', 'degraded', 'maintenance'], [])).toBe('degraded');
    expect(overallState(['up', 'maintenance'], [])).toBe('maintenance');
    expect(overallState(['up'], [{ status: 'identified' }])).toBe('degraded');
    expect(overallState(['up'], [{ status: 'monitoring' }])).toBe('operational');
    expect(overallState([], [])).toBe('operational');
  });
});

describe('servicesAffectedBy', () => {
  const services: CustomerService[] = [
    { id: 's1', name: 'Hosting', product: 'shared-hosting', serverId: 'web-01' },
    { id: 's2', name: 'Mail', product: 'email', serverId: null },
    { id: 's3', name: 'Domain', product: 'domain', serverId: null },
  ];

  it('matches services placed on the server, named by it, or of a product it hosts', () => {
    expect(servicesAffectedBy([{ id: 'web-01', products: [], serviceIds: [] }], services).map((s) => s.id)).toEqual(['s1']);
    expect(servicesAffectedBy([{ id: 'mx', products: [], serviceIds: ['s2'] }], services).map((s) => s.id)).toEqual(['s2']);
    expect(servicesAffectedBy([{ id: 'ns', products: ['domain'], serviceIds: [] }], services).map((s) => s.id)).toEqual(['s3']);
    expect(servicesAffectedBy([{ id: 'db', products: ['database'], serviceIds: ['other'] }], services)).toEqual([]);
  });

  it('lists each service once when several servers affect it', () => {
    const servers = [
      { id: 'web-01', products: ['shared-hosting'], serviceIds: ['s1'] },
      { id: 'web-02', products: ['shared-hosting'], serviceIds: [] },
    ];
    expect(servicesAffectedBy(servers, services).map((s) => s.id)).toEqual(['s1']);
  });
});

describe('status configuration', () => {
  it('forbids loopback targets and keeps 90 days of history unless configured otherwise', async () => {
    const { loadConfig } = await import('../../shared/config.ts');
    expect(loadConfig({}).status).toEqual({ allowLoopback: false, historyDays: 90 });
    expect(loadConfig({ STATUS_ALLOW_LOOPBACK: 'true', STATUS_HISTORY_DAYS: '30' }).status).toEqual({ allowLoopback: true, historyDays: 30 });
    expect(() => loadConfig({ STATUS_ALLOW_LOOPBACK: 'yes' })).toThrow(/STATUS_ALLOW_LOOPBACK/);
    expect(() => loadConfig({ STATUS_HISTORY_DAYS: '0' })).toThrow(/STATUS_HISTORY_DAYS/);
  });
});

describe('deleteServer', () => {
  it('reads the health again when a probe changed it before the delete, and resolves the incident that probe opened', async () => {
    const { deleteServer } = await import('../../shared/useCases/status.ts');
    const server = { id: 'web-01', name: 'web-01.waw', createdAt: t0.toISOString() };
    const incident = automaticIncident({ id: 'web-01', name: 'web-01.waw' }, at(1));
    const opened: ServerHealth = { ...initialHealth('web-01'), state: 'down', openIncidentId: incident.id, version: 1 };
    storage.serverRepository.get.mockResolvedValue(server);
    // Read before the probe's write (no health yet), then after it.
    storage.serverHealthRepository.get.mockResolvedValueOnce(undefined).mockResolvedValueOnce(opened);
    storage.serverRepository.delete.mockResolvedValueOnce('healthChanged').mockResolvedValueOnce('deleted');
    storage.incidentRepository.get.mockResolvedValue(incident);

    await deleteServer('web-01', at(2));

    expect(storage.serverRepository.delete.mock.calls).toEqual([
      ['web-01', 0],
      ['web-01', 1],
    ]);
    expect(storage.incidentRepository.get).toHaveBeenCalledWith(incident.id);
    expect(storage.incidentRepository.replace).toHaveBeenCalledWith(
      expect.objectContaining({ id: incident.id, status: 'resolved', resolvedAt: at(2).toISOString() }),
      incident.version,
    );
  });
});
