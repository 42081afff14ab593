/**
 * The status page's rules: monitored servers, the state machine that turns check results into a
 * server's state (no flapping), automatic incidents, maintenance suppression and uptime math.
 * Pure functions, no AWS, no network.
 */
import { randomUUID } from 'node:crypto';
import type { Language, LocalizedText } from '../schemas/common.ts';
import type {
  AddIncidentUpdateInput,
  CreateIncidentInput,
  CreateMaintenanceInput,
  CreateServerInput,
  IncidentStatus,
  UpdateIncidentInput,
  UpdateMaintenanceInput,
  UpdateServerInput,
} from '../schemas/status.ts';
import type { NormalizedCheck } from './statusTargets.ts';
import { byName } from './ordering.ts';
import { localize, resolveText, slugify } from './text.ts';

export type CheckStatus = 'up' | 'degraded' | 'down';
export type ServerState = CheckStatus | 'maintenance' | 'unknown';

export interface Server {
  id: string;
  name: string;
  group: string;
  check: NormalizedCheck;
  intervalSeconds: number;
  timeoutMs: number;
  degradedAboveMs: number | null;
  confirmations: number;
  products: string[];
  serviceIds: string[];
  order: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const serverDefaults = { intervalSeconds: 60, timeoutMs: 5000, confirmations: 2, order: 100 };

export function newServer(input: CreateServerInput, check: NormalizedCheck, now: Date): Server {
  const timestamp = now.toISOString();
  return {
    id: input.id ?? slugify(input.name, `server-${now.getTime().toString(36)}`),
    name: input.name,
    group: input.group,
    check,
    intervalSeconds: input.intervalSeconds ?? serverDefaults.intervalSeconds,
    timeoutMs: input.timeoutMs ?? serverDefaults.timeoutMs,
    degradedAboveMs: input.degradedAboveMs ?? null,
    confirmations: input.confirmations ?? serverDefaults.confirmations,
    products: input.products ?? [],
    serviceIds: input.serviceIds ?? [],
    order: input.order ?? serverDefaults.order,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeServer(current: Server, changes: UpdateServerInput, check: NormalizedCheck | undefined, now: Date): Server {
  return {
    ...current,
    name: changes.name ?? current.name,
    group: changes.group ?? current.group,
    check: check ?? current.check,
    intervalSeconds: changes.intervalSeconds ?? current.intervalSeconds,
    timeoutMs: changes.timeoutMs ?? current.timeoutMs,
    degradedAboveMs: changes.degradedAboveMs === undefined ? current.degradedAboveMs : changes.degradedAboveMs,
    confirmations: changes.confirmations ?? current.confirmations,
    products: changes.products ?? current.products,
    serviceIds: changes.serviceIds ?? current.serviceIds,
    order: changes.order ?? current.order,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

export const sortServers = <T extends { order: number; group: string; name: string }>(servers: T[]): T[] =>
  [...servers].sort((a, b) => a.order - b.order || byName(a.group, b.group) || byName(a.name, b.name));

/** The probe is scheduled every minute. */
export const probePeriodSeconds = 60;

/**
 * Whether a server is checked on a run at `now`. An interval of one probe period (or less) means
 * every run; a longer one is checked on the run nearest its due time (half a period early at most),
 * so a 5-minute interval is not stretched to 6 minutes by schedule jitter.
 */
export function isDue(server: Pick<Server, 'intervalSeconds'>, lastCheckedAt: string | null, now: Date): boolean {
  if (lastCheckedAt === null || server.intervalSeconds <= probePeriodSeconds) return true;
  const elapsedSeconds = (now.getTime() - Date.parse(lastCheckedAt)) / 1000;
  return elapsedSeconds >= server.intervalSeconds - probePeriodSeconds / 2;
}

/** What one check found. */
export interface CheckResult {
  status: CheckStatus;
  responseTimeMs: number | null;
  error: string | null;
}

/** A reachable server slower than its threshold is degraded. */
export function classifyResponse(reachable: CheckResult, degradedAboveMs: number | null): CheckResult {
  if (reachable.status !== 'up' || degradedAboveMs === null || reachable.responseTimeMs === null) return reachable;
  return reachable.responseTimeMs > degradedAboveMs ? { ...reachable, status: 'degraded' } : reachable;
}

export interface UptimeCounter {
  up: number;
  total: number;
}

/** What the probe knows about a server: its confirmed state and the counters the page needs. */
export interface ServerHealth {
  serverId: string;
  /** Confirmed state, outside maintenance; `unknown` until the first check. */
  state: CheckStatus | 'unknown';
  since: string | null;
  /** A different status seen this many times in a row; the state changes when it reaches the server's confirmations. */
  candidate: { status: CheckStatus; count: number } | null;
  lastStatus: CheckStatus | null;
  lastCheckedAt: string | null;
  responseTimeMs: number | null;
  lastError: string | null;
  openIncidentId: string | null;
  /** Check counts per UTC hour (`2026-11-25T14`), the last 24 hours. */
  hourly: Record<string, UptimeCounter>;
  /** Check counts per UTC day (`2026-11-25`), the last 30 days. */
  daily: Record<string, UptimeCounter>;
  version: number;
}

export function initialHealth(serverId: string): ServerHealth {
  return {
    serverId,
    state: 'unknown',
    since: null,
    candidate: null,
    lastStatus: null,
    lastCheckedAt: null,
    responseTimeMs: null,
    lastError: null,
    openIncidentId: null,
    hourly: {},
    daily: {},
    version: 0,
  };
}

export type Transition = 'wentDown' | 'recovered' | null;

const hourKey = (time: Date) => time.toISOString().slice(0, 13);
const dayKey = (time: Date) => time.toISOString().slice(0, 10);
const hoursKept = 24;
const daysKept = 30;

function pruned(counters: Record<string, UptimeCounter>, oldestKey: string): Record<string, UptimeCounter> {
  return Object.fromEntries(Object.entries(counters).filter(([key]) => key >= oldestKey));
}

function counted(counters: Record<string, UptimeCounter>, key: string, up: boolean): Record<string, UptimeCounter> {
  const current = counters[key] ?? { up: 0, total: 0 };
  return { ...counters, [key]: { up: current.up + (up ? 1 : 0), total: current.total + 1 } };
}

/**
 * Applies one check result. The confirmed state changes only after `confirmations` consecutive
 * results agree (the first result of a new server sets it at once: there is nothing to flap
 * from). In a maintenance window the result is recorded but the state machine stands still and
 * uptime does not count it, so a server still down after the window needs fresh confirmations
 * and then opens its incident.
 */
export function applyCheckResult(
  health: ServerHealth,
  result: CheckResult,
  options: { confirmations: number; inMaintenance: boolean; now: Date },
): { health: ServerHealth; transition: Transition } {
  const { now } = options;
  const checkedAt = now.toISOString();
  const observed: ServerHealth = {
    ...health,
    lastStatus: result.status,
    lastCheckedAt: checkedAt,
    responseTimeMs: result.responseTimeMs,
    lastError: result.error,
  };
  if (options.inMaintenance) return { health: { ...observed, candidate: null }, transition: null };

  const isUp = result.status !== 'down';
  const withUptime: ServerHealth = {
    ...observed,
    hourly: pruned(counted(health.hourly, hourKey(now), isUp), hourKey(new Date(now.getTime() - (hoursKept - 1) * 3_600_000))),
    daily: pruned(counted(health.daily, dayKey(now), isUp), dayKey(new Date(now.getTime() - (daysKept - 1) * 86_400_000))),
  };

  if (result.status === health.state) return { health: { ...withUptime, candidate: null }, transition: null };
  const count = health.candidate?.status === result.status ? health.candidate.count + 1 : 1;
  if (health.state !== 'unknown' && count < options.confirmations) {
    return { health: { ...withUptime, candidate: { status: result.status, count } }, transition: null };
  }
  const transition: Transition =
    result.status === 'down' ? 'wentDown' : health.state === 'down' ? 'recovered' : null;
  return { health: { ...withUptime, state: result.status, since: checkedAt, candidate: null }, transition };
}

export interface Uptime {
  last24h: number | null;
  last7d: number | null;
  last30d: number | null;
}

function percentSince(counters: Record<string, UptimeCounter>, oldestKey: string): number | null {
  let up = 0;
  let total = 0;
  for (const [key, counter] of Object.entries(counters)) {
    if (key < oldestKey) continue;
    up += counter.up;
    total += counter.total;
  }
  return total === 0 ? null : Math.round((up / total) * 100_000) / 1000;
}

/** Uptime in percent (three decimals); 24 h from hourly counters, 7 and 30 days from daily ones. */
export function uptimeOf(health: Pick<ServerHealth, 'hourly' | 'daily'>, now: Date): Uptime {
  return {
    last24h: percentSince(health.hourly, hourKey(new Date(now.getTime() - (hoursKept - 1) * 3_600_000))),
    last7d: percentSince(health.daily, dayKey(new Date(now.getTime() - 6 * 86_400_000))),
    last30d: percentSince(health.daily, dayKey(new Date(now.getTime() - (daysKept - 1) * 86_400_000))),
  };
}

export interface Maintenance {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  servers: ServerRef[];
  startsAt: string;
  endsAt: string;
  cancelled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ServerRef {
  id: string;
  name: string;
}

export const isInProgress = (window: Pick<Maintenance, 'startsAt' | 'endsAt' | 'cancelled'>, now: Date) =>
  !window.cancelled && Date.parse(window.startsAt) <= now.getTime() && now.getTime() < Date.parse(window.endsAt);

export function inMaintenance(serverId: string, windows: Maintenance[], now: Date): boolean {
  return windows.some((window) => isInProgress(window, now) && window.servers.some((server) => server.id === serverId));
}

/** What the page shows for a server: maintenance wins over the confirmed state. */
export function displayedState(health: ServerHealth | undefined, maintenance: boolean): ServerState {
  if (maintenance) return 'maintenance';
  return health?.state ?? 'unknown';
}

export function newMaintenance(input: CreateMaintenanceInput, servers: ServerRef[], now: Date): Maintenance {
  const timestamp = now.toISOString();
  return {
    id: randomUUID(),
    title: localize(input.title),
    description: input.description === undefined ? { pl: '', en: '' } : localize(input.description),
    servers,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: new Date(input.endsAt).toISOString(),
    cancelled: false,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeMaintenance(
  current: Maintenance,
  changes: UpdateMaintenanceInput,
  servers: ServerRef[] | undefined,
  now: Date,
): Maintenance {
  return {
    ...current,
    title: changes.title === undefined ? current.title : localize(changes.title, current.title),
    description: changes.description === undefined ? current.description : localize(changes.description, current.description),
    servers: servers ?? current.servers,
    startsAt: changes.startsAt === undefined ? current.startsAt : new Date(changes.startsAt).toISOString(),
    endsAt: changes.endsAt === undefined ? current.endsAt : new Date(changes.endsAt).toISOString(),
    cancelled: changes.cancelled ?? current.cancelled,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Why a maintenance window cannot be saved like this, or null. */
export function maintenanceProblem(window: Pick<Maintenance, 'startsAt' | 'endsAt'>, isNew: boolean, now: Date): string | null {
  if (Date.parse(window.endsAt) <= Date.parse(window.startsAt)) return 'endsAt must be after startsAt';
  if (isNew && Date.parse(window.endsAt) <= now.getTime()) return 'The window must end in the future';
  if (Date.parse(window.endsAt) - Date.parse(window.startsAt) > 7 * 86_400_000) return 'A window lasts at most 7 days';
  return null;
}

export interface IncidentUpdate {
  status: IncidentStatus;
  message: LocalizedText;
  createdAt: string;
}

export interface Incident {
  id: string;
  title: LocalizedText;
  status: IncidentStatus;
  servers: ServerRef[];
  /** Opened by the probe when a server went down (and resolved by it when it recovers). */
  automatic: boolean;
  startedAt: string;
  resolvedAt: string | null;
  /** Oldest first. */
  updates: IncidentUpdate[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const maxIncidentUpdates = 50;

export function newIncident(input: CreateIncidentInput, servers: ServerRef[], now: Date): Incident {
  const timestamp = now.toISOString();
  const status = input.status ?? 'investigating';
  const startedAt = input.startedAt === undefined ? timestamp : new Date(input.startedAt).toISOString();
  return {
    id: randomUUID(),
    title: localize(input.title),
    status,
    servers,
    automatic: false,
    startedAt,
    resolvedAt: status === 'resolved' ? timestamp : null,
    updates: [{ status, message: localize(input.message), createdAt: timestamp }],
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function changeIncident(current: Incident, changes: UpdateIncidentInput, servers: ServerRef[] | undefined, now: Date): Incident {
  return {
    ...current,
    title: changes.title === undefined ? current.title : localize(changes.title, current.title),
    servers: servers ?? current.servers,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Why this update cannot be added, or null. A resolved incident stays resolved: open a new one. */
export function incidentUpdateProblem(current: Incident, update: Pick<AddIncidentUpdateInput, 'status'>): string | null {
  if (current.status === 'resolved' && update.status !== 'resolved') {
    return 'A resolved incident cannot be reopened; open a new incident instead';
  }
  if (current.updates.length >= maxIncidentUpdates) return `An incident has at most ${maxIncidentUpdates} updates`;
  return null;
}

export function addIncidentUpdate(current: Incident, update: { status: IncidentStatus; message: LocalizedText }, now: Date): Incident {
  const timestamp = now.toISOString();
  return {
    ...current,
    status: update.status,
    resolvedAt: update.status === 'resolved' ? (current.resolvedAt ?? timestamp) : null,
    updates: [...current.updates, { status: update.status, message: update.message, createdAt: timestamp }],
    version: current.version + 1,
    updatedAt: timestamp,
  };
}

export function automaticIncident(server: ServerRef, now: Date): Incident {
  const timestamp = now.toISOString();
  return {
    id: randomUUID(),
    title: { pl: `Niedostępność: ${server.name}`, en: `Outage: ${server.name}` },
    status: 'investigating',
    servers: [server],
    automatic: true,
    startedAt: timestamp,
    resolvedAt: null,
    updates: [
      {
        status: 'investigating',
        message: {
          pl: `Automatyczne monitorowanie wykryło, że ${server.name} nie odpowiada. Sprawdzamy przyczynę.`,
          en: `Automatic monitoring detected that ${server.name} is not responding. We are looking into it.`,
        },
        createdAt: timestamp,
      },
    ],
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** Resolves an incident when its server recovered; one already resolved by staff is left alone. */
export function resolveAutomatically(incident: Incident, server: ServerRef, now: Date): Incident | null {
  if (incident.status === 'resolved') return null;
  return addIncidentUpdate(
    incident,
    {
      status: 'resolved',
      message: {
        pl: `${server.name} znowu odpowiada poprawnie. Incydent zamknięty automatycznie.`,
        en: `${server.name} is responding normally again. Resolved automatically.`,
      },
    },
    now,
  );
}

export const isActiveIncident = (incident: Pick<Incident, 'status'>) => incident.status !== 'resolved';

export type OverallState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance';

/**
 * The page's headline: every server down is a major outage, some a partial one; a degraded server
 * or an incident still being investigated or fixed makes it degraded; maintenance is shown when
 * nothing is worse.
 */
export function overallState(states: ServerState[], activeIncidents: Pick<Incident, 'status'>[]): OverallState {
  const down = states.filter((state) => state === 'down').length;
  if (down > 0 && down === states.length) return 'major_outage';
  if (down > 0) return 'partial_outage';
  if (states.includes('degraded')) return 'degraded';
  if (activeIncidents.some((incident) => incident.status === 'investigating' || incident.status === 'identified')) return 'degraded';
  if (states.includes('maintenance')) return 'maintenance';
  return 'operational';
}

const labels = {
  overall: {
    operational: { pl: 'Wszystkie systemy działają', en: 'All systems operational' },
    degraded: { pl: 'Obniżona wydajność', en: 'Degraded performance' },
    partial_outage: { pl: 'Częściowa awaria', en: 'Partial outage' },
    major_outage: { pl: 'Poważna awaria', en: 'Major outage' },
    maintenance: { pl: 'Prace serwisowe', en: 'Under maintenance' },
  },
  server: {
    up: { pl: 'Działa', en: 'Operational' },
    degraded: { pl: 'Spowolnienie', en: 'Degraded' },
    down: { pl: 'Awaria', en: 'Down' },
    maintenance: { pl: 'Prace serwisowe', en: 'Maintenance' },
    unknown: { pl: 'Oczekuje na sprawdzenie', en: 'Awaiting first check' },
  },
  incident: {
    investigating: { pl: 'Badamy problem', en: 'Investigating' },
    identified: { pl: 'Przyczyna ustalona', en: 'Identified' },
    monitoring: { pl: 'Monitorujemy', en: 'Monitoring' },
    resolved: { pl: 'Rozwiązany', en: 'Resolved' },
  },
} satisfies Record<string, Record<string, LocalizedText>>;

export const overallLabel = (state: OverallState, language: Language) => resolveText(labels.overall[state], language);
export const serverStateLabel = (state: ServerState, language: Language) => resolveText(labels.server[state], language);
export const incidentStatusLabel = (status: IncidentStatus, language: Language) => resolveText(labels.incident[status], language);
