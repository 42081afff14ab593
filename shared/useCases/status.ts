/** Status page use cases: servers, incidents, maintenance (staff) and the page itself (everyone). */
import * as customerServiceRepository from '../data/customerServiceRepository.ts';
import * as checkRepository from '../data/checkRepository.ts';
import * as incidentRepository from '../data/incidentRepository.ts';
import * as maintenanceRepository from '../data/maintenanceRepository.ts';
import * as serverHealthRepository from '../data/serverHealthRepository.ts';
import * as serverRepository from '../data/serverRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { servicesAffectedBy, type CustomerService, type ServerPlacement } from '../domain/customerServices.ts';
import { byCodeUnit } from '../domain/ordering.ts';
import {
  addIncidentUpdate,
  changeIncident,
  changeMaintenance,
  changeServer,
  displayedState,
  inMaintenance,
  incidentStatusLabel,
  incidentUpdateProblem,
  initialHealth,
  isInProgress,
  maintenanceProblem,
  newIncident,
  newMaintenance,
  newServer,
  overallLabel,
  overallState,
  serverStateLabel,
  sortServers,
  uptimeOf,
  type Incident,
  type Maintenance,
  type Server,
  type ServerHealth,
  type ServerRef,
} from '../domain/serverStatus.ts';
import { validateCheck } from '../domain/statusTargets.ts';
import { localize, resolveText } from '../domain/text.ts';
import { config } from '../config.ts';
import { conflict, notFound, staleEdit, validationFailed } from '../errors.ts';
import type { Language } from '../schemas/common.ts';
import type {
  AddIncidentUpdateInput,
  CheckInput,
  CreateIncidentInput,
  CreateMaintenanceInput,
  CreateServerInput,
  UpdateIncidentInput,
  UpdateMaintenanceInput,
  UpdateServerInput,
} from '../schemas/status.ts';

function checkedTarget(input: CheckInput) {
  const validation = validateCheck(input, { allowLoopback: config.status.allowLoopback });
  if (!validation.ok) throw validationFailed('The check target is not allowed', validation.problems);
  return validation.check;
}

// Servers

export function showServerToStaff(server: Server, health: ServerHealth | undefined, maintenance: boolean) {
  const known = health ?? initialHealth(server.id);
  return {
    id: server.id,
    name: server.name,
    group: server.group,
    check: server.check,
    intervalSeconds: server.intervalSeconds,
    timeoutMs: server.timeoutMs,
    degradedAboveMs: server.degradedAboveMs,
    confirmations: server.confirmations,
    products: server.products,
    serviceIds: server.serviceIds,
    order: server.order,
    version: server.version,
    createdAt: server.createdAt,
    updatedAt: server.updatedAt,
    health: {
      state: displayedState(health, maintenance),
      lastStatus: known.lastStatus,
      lastCheckedAt: known.lastCheckedAt,
      responseTimeMs: known.responseTimeMs,
      lastError: known.lastError,
      openIncidentId: known.openIncidentId,
    },
  };
}

export async function listServersForStaff(now = new Date()) {
  const [servers, healths, windows] = await Promise.all([
    serverRepository.list(),
    serverHealthRepository.list(),
    maintenanceRepository.listNotOver(now),
  ]);
  const healthOf = new Map(healths.map((health) => [health.serverId, health]));
  return sortServers(servers).map((server) =>
    showServerToStaff(server, healthOf.get(server.id), inMaintenance(server.id, windows, now)),
  );
}

export async function createServer(input: CreateServerInput, now = new Date()) {
  const server = newServer(input, checkedTarget(input.check), now);
  await serverRepository.create(server);
  return showServerToStaff(server, undefined, false);
}

export async function updateServer(id: string, changes: UpdateServerInput, now = new Date()) {
  const current = await serverRepository.get(id);
  if (!current) throw notFound('Server');
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('server', current.version);
  const check = changes.check === undefined ? undefined : checkedTarget(changes.check);
  const updated = changeServer(current, changes, check, now);
  await serverRepository.replace(updated, current.version);
  const [health, windows] = await Promise.all([serverHealthRepository.get(id), maintenanceRepository.listNotOver(now)]);
  return showServerToStaff(updated, health, inMaintenance(id, windows, now));
}

/**
 * An automatic incident still open for the server is resolved: nothing would ever resolve it
 * otherwise. The server and its health are deleted only while the health is the one read here, so an
 * incident a probe opens meanwhile is seen (the read is repeated); a probe that ends after the
 * deletion writes nothing (its write requires the server to exist).
 */
export async function deleteServer(id: string, now = new Date()): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const [server, health] = await Promise.all([serverRepository.get(id), serverHealthRepository.get(id)]);
    if (!server) throw notFound('Server');
    const outcome = await serverRepository.delete(id, health?.version ?? 0);
    if (outcome === 'notFound') throw notFound('Server');
    if (outcome === 'healthChanged') continue;
    const open = health?.openIncidentId ? await incidentRepository.get(health.openIncidentId) : undefined;
    if (open && open.status !== 'resolved') {
      const resolved = addIncidentUpdate(
        open,
        {
          status: 'resolved',
          message: { pl: `${server.name} nie jest już monitorowany.`, en: `${server.name} is no longer monitored.` },
        },
        now,
      );
      await incidentRepository.replace(resolved, open.version);
    }
    return;
  }
  throw conflict('The server was being checked while it was deleted; try again', [{ path: 'params.id', message: 'Busy' }]);
}

export async function pageServerChecks(id: string, limit: number, cursor: string | undefined) {
  if (!(await serverRepository.get(id))) throw notFound('Server');
  const page = await checkRepository.page(id, limit, cursor);
  return {
    items: page.items.map((check) => ({
      checkedAt: check.checkedAt,
      status: check.status,
      responseTimeMs: check.responseTimeMs,
      error: check.error,
      inMaintenance: check.inMaintenance,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Resolves server ids to {id, name}; unknown ids are a 400 naming each one. */
async function serverRefs(ids: string[], path: string): Promise<ServerRef[]> {
  const servers = new Map((await serverRepository.list()).map((server) => [server.id, server]));
  const unknown = ids.map((id, index) => ({ id, index })).filter(({ id }) => !servers.has(id));
  if (unknown.length > 0) {
    throw validationFailed(
      'Unknown server ids',
      unknown.map(({ id, index }) => ({ path: `${path}.${index}`, message: `No server "${id}"` })),
    );
  }
  return ids.map((id) => ({ id, name: servers.get(id)!.name }));
}

// Incidents

export function showIncidentToStaff(incident: Incident) {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    servers: incident.servers,
    automatic: incident.automatic,
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt,
    updates: incident.updates,
    version: incident.version,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
  };
}

export async function createIncident(input: CreateIncidentInput, now = new Date()) {
  if (input.startedAt !== undefined && Date.parse(input.startedAt) > now.getTime()) {
    throw validationFailed('An incident cannot start in the future', [{ path: 'body.startedAt', message: 'In the future' }]);
  }
  const incident = newIncident(input, await serverRefs(input.serverIds, 'body.serverIds'), now);
  await incidentRepository.create(incident);
  return showIncidentToStaff(incident);
}

async function currentIncident(id: string, version: number | undefined): Promise<Incident> {
  const current = await incidentRepository.get(id);
  if (!current) throw notFound('Incident');
  if (version !== undefined && version !== current.version) throw staleEdit('incident', current.version);
  return current;
}

export async function updateIncident(id: string, changes: UpdateIncidentInput, now = new Date()) {
  const current = await currentIncident(id, changes.version);
  const servers = changes.serverIds === undefined ? undefined : await serverRefs(changes.serverIds, 'body.serverIds');
  const updated = changeIncident(current, changes, servers, now);
  await incidentRepository.replace(updated, current.version);
  return showIncidentToStaff(updated);
}

export async function postIncidentUpdate(id: string, input: AddIncidentUpdateInput, now = new Date()) {
  const current = await currentIncident(id, undefined);
  const problem = incidentUpdateProblem(current, input);
  if (problem) throw conflict(problem, [{ path: 'body.status', message: problem }]);
  const updated = addIncidentUpdate(current, { status: input.status, message: localize(input.message) }, now);
  await incidentRepository.replace(updated, current.version);
  return showIncidentToStaff(updated);
}

// Maintenance

export const showMaintenanceToStaff = (window: Maintenance) => ({
  id: window.id,
  title: window.title,
  description: window.description,
  servers: window.servers,
  startsAt: window.startsAt,
  endsAt: window.endsAt,
  cancelled: window.cancelled,
  version: window.version,
  createdAt: window.createdAt,
  updatedAt: window.updatedAt,
});

function rejectWindow(window: Maintenance, isNew: boolean, now: Date) {
  const problem = maintenanceProblem(window, isNew, now);
  if (problem) throw validationFailed(problem, [{ path: 'body.endsAt', message: problem }]);
}

export async function createMaintenance(input: CreateMaintenanceInput, now = new Date()) {
  const window = newMaintenance(input, await serverRefs(input.serverIds, 'body.serverIds'), now);
  rejectWindow(window, true, now);
  await maintenanceRepository.create(window);
  return showMaintenanceToStaff(window);
}

export async function updateMaintenance(id: string, changes: UpdateMaintenanceInput, now = new Date()) {
  const current = await maintenanceRepository.get(id);
  if (!current) throw notFound('Maintenance window');
  if (changes.version !== undefined && changes.version !== current.version) throw staleEdit('maintenance window', current.version);
  const servers = changes.serverIds === undefined ? undefined : await serverRefs(changes.serverIds, 'body.serverIds');
  const updated = changeMaintenance(current, changes, servers, now);
  rejectWindow(updated, false, now);
  await maintenanceRepository.replace(updated, current.version);
  return showMaintenanceToStaff(updated);
}

export async function pageMaintenance(limit: number, cursor: string | undefined) {
  const page = await maintenanceRepository.page(limit, cursor);
  return { items: page.items.map(showMaintenanceToStaff), nextCursor: page.nextCursor };
}

// The page

/** For a signed-in caller, which of their services the given servers affect. */
function impactOn(servers: ServerPlacement[], services: CustomerService[] | null) {
  if (services === null) return {};
  const affected = servicesAffectedBy(servers, services);
  return { affectsYourServices: affected.length > 0, yourServices: affected.map(({ id, name }) => ({ id, name })) };
}

export function showIncident(
  incident: Incident,
  language: Language,
  placements: Map<string, ServerPlacement>,
  services: CustomerService[] | null,
) {
  const placed = incident.servers.map((server) => placements.get(server.id)).filter((server) => server !== undefined);
  return {
    id: incident.id,
    title: resolveText(incident.title, language),
    status: incident.status,
    statusLabel: incidentStatusLabel(incident.status, language),
    servers: incident.servers,
    automatic: incident.automatic,
    startedAt: incident.startedAt,
    resolvedAt: incident.resolvedAt,
    updates: [...incident.updates].reverse().map((update) => ({
      status: update.status,
      statusLabel: incidentStatusLabel(update.status, language),
      message: resolveText(update.message, language),
      createdAt: update.createdAt,
    })),
    ...impactOn(placed, services),
  };
}

/**
 * The status page: five Queries on small partitions (servers, their health, active incidents,
 * maintenance not yet over, and the caller's own services), however long the history is.
 */
export async function statusPageFor(caller: Caller, language: Language, now = new Date()) {
  const [servers, healths, activeIncidents, windows, services] = await Promise.all([
    serverRepository.list(),
    serverHealthRepository.list(),
    incidentRepository.listActive(),
    maintenanceRepository.listNotOver(now),
    caller.kind === 'user' ? customerServiceRepository.list(caller.id) : Promise.resolve(null),
  ]);
  const healthOf = new Map(healths.map((health) => [health.serverId, health]));
  const placements = new Map<string, ServerPlacement>(servers.map((server) => [server.id, server]));
  const shownServers = sortServers(servers).map((server) => {
    const health = healthOf.get(server.id);
    const state = displayedState(health, inMaintenance(server.id, windows, now));
    return {
      id: server.id,
      name: server.name,
      group: server.group,
      state,
      stateLabel: serverStateLabel(state, language),
      since: health?.since ?? null,
      lastCheckedAt: health?.lastCheckedAt ?? null,
      responseTimeMs: health?.responseTimeMs ?? null,
      uptime: uptimeOf(health ?? initialHealth(server.id), now),
      ...impactOn([server], services),
    };
  });
  const overall = overallState(
    shownServers.map((server) => server.state),
    activeIncidents,
  );
  const checkedAt = healths.reduce<string | null>(
    (latest, health) => (health.lastCheckedAt !== null && (latest === null || health.lastCheckedAt > latest) ? health.lastCheckedAt : latest),
    null,
  );
  return {
    overall,
    overallLabel: overallLabel(overall, language),
    checkedAt,
    servers: shownServers,
    activeIncidents: activeIncidents.map((incident) => showIncident(incident, language, placements, services)),
    upcomingMaintenance: [...windows]
      .sort((a, b) => byCodeUnit(a.startsAt, b.startsAt))
      .map((window) => ({
        id: window.id,
        title: resolveText(window.title, language),
        description: resolveText(window.description, language),
        servers: window.servers,
        startsAt: window.startsAt,
        endsAt: window.endsAt,
        inProgress: isInProgress(window, now),
        ...impactOn(
          window.servers.map((server) => placements.get(server.id)).filter((server) => server !== undefined),
          services,
        ),
      })),
  };
}

/** Incident history, newest first; the affected services need the servers' placement (one Query). */
export async function pageIncidentHistory(caller: Caller, language: Language, limit: number, cursor: string | undefined) {
  const [page, servers, services] = await Promise.all([
    incidentRepository.page(limit, cursor),
    serverRepository.list(),
    caller.kind === 'user' ? customerServiceRepository.list(caller.id) : Promise.resolve(null),
  ]);
  const placements = new Map<string, ServerPlacement>(servers.map((server) => [server.id, server]));
  return { items: page.items.map((incident) => showIncident(incident, language, placements, services)), nextCursor: page.nextCursor };
}
