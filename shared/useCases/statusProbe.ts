/**
 * One run of the status probe: checks every due server concurrently (each with its own timeout),
 * records each result and moves the server's state, opening an incident when it goes down and
 * resolving it when it recovers. A check's result is written as soon as that check ends, so a
 * hanging server delays nothing but itself, and the run stops starting checks when too little of
 * its time budget is left for one more (those servers stay due for the next run).
 *
 * The result's history item, the new health and any incident change are one transaction (one
 * write per check, not two). So when the health write is refused, because another run changed
 * the health first or the server was deleted meanwhile, the check is not recorded either: the
 * history holds exactly the results the server's state was built from.
 */
import { config } from '../config.ts';
import * as checkRepository from '../data/checkRepository.ts';
import * as incidentRepository from '../data/incidentRepository.ts';
import * as maintenanceRepository from '../data/maintenanceRepository.ts';
import * as serverHealthRepository from '../data/serverHealthRepository.ts';
import type { HealthWrite } from '../data/serverHealthRepository.ts';
import * as serverRepository from '../data/serverRepository.ts';
import {
  applyCheckResult,
  automaticIncident,
  classifyResponse,
  inMaintenance,
  initialHealth,
  isDue,
  resolveAutomatically,
  type Maintenance,
  type Server,
  type ServerHealth,
} from '../domain/serverStatus.ts';
import { logger } from '../logger.ts';
import { probeTarget } from '../probing/serverProbes.ts';

export interface ProbeRunSummary {
  servers: number;
  due: number;
  checked: number;
  /** Due but not started: the run's time budget would not have covered them. */
  deferred: number;
  up: number;
  degraded: number;
  down: number;
  incidentsOpened: number;
  incidentsResolved: number;
  /** Results dropped (not even recorded in the history) because another run changed the server's health first. */
  conflicts: number;
  /** Results dropped (not recorded either) because the server was deleted while it was being checked. */
  deletedMeanwhile: number;
}

export interface ProbeRunOptions {
  now?: () => Date;
  /** Milliseconds left for the whole run (the function's remaining time minus a safety margin). */
  budgetMs: number;
  /** Checks in flight at once. */
  concurrency?: number;
}

/** Time kept after the last check for writing its result. */
const writeMarginMs = 2_000;

export async function runStatusProbe(options: ProbeRunOptions): Promise<ProbeRunSummary> {
  const clock = options.now ?? (() => new Date());
  const startedAt = performance.now();
  const runTime = clock();
  const [servers, healths, windows] = await Promise.all([
    serverRepository.list(),
    serverHealthRepository.list(),
    maintenanceRepository.listNotOver(runTime),
  ]);
  const healthOf = new Map(healths.map((health) => [health.serverId, health]));
  const due = servers.filter((server) => isDue(server, healthOf.get(server.id)?.lastCheckedAt ?? null, runTime));
  const summary: ProbeRunSummary = {
    servers: servers.length,
    due: due.length,
    checked: 0,
    deferred: 0,
    up: 0,
    degraded: 0,
    down: 0,
    incidentsOpened: 0,
    incidentsResolved: 0,
    conflicts: 0,
    deletedMeanwhile: 0,
  };

  const queue = [...due];
  const worker = async () => {
    for (let server = queue.shift(); server !== undefined; server = queue.shift()) {
      const remaining = options.budgetMs - (performance.now() - startedAt);
      if (remaining < server.timeoutMs + writeMarginMs) {
        summary.deferred += 1;
        continue;
      }
      try {
        await checkServer(server, healthOf.get(server.id), windows, clock, summary);
      } catch (error) {
        logger.error('Status check failed to record', { serverId: server.id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 100, due.length) }, worker));
  return summary;
}

async function checkServer(
  server: Server,
  stored: ServerHealth | undefined,
  windows: Maintenance[],
  clock: () => Date,
  summary: ProbeRunSummary,
): Promise<void> {
  const policy = { allowLoopback: config.status.allowLoopback };
  const result = classifyResponse(await probeTarget(server.check, server.timeoutMs, policy), server.degradedAboveMs);
  const now = clock();
  const maintenance = inMaintenance(server.id, windows, now);
  summary.checked += 1;
  summary[result.status] += 1;

  const checkRecord = checkRepository.recordWrite(
    server.id,
    { ...result, checkedAt: now.toISOString(), inMaintenance: maintenance },
    config.status.historyDays,
  );
  const previous = stored ?? initialHealth(server.id);
  const { health, transition } = applyCheckResult(previous, result, {
    confirmations: server.confirmations,
    inMaintenance: maintenance,
    now,
  });
  const next: ServerHealth = { ...health, version: previous.version + 1 };
  const ref = { id: server.id, name: server.name };
  // Every write below also checks that the server still exists: one deleted during its check gets
  // no health item, no check item and no incident that nothing would ever resolve.
  const probed = { id: server.id, createdAt: server.createdAt };
  const count = (outcome: HealthWrite, onSaved?: 'incidentsOpened' | 'incidentsResolved') => {
    if (outcome === 'conflict') summary.conflicts += 1;
    else if (outcome === 'serverDeleted') summary.deletedMeanwhile += 1;
    else if (onSaved) summary[onSaved] += 1;
  };

  if (transition === 'wentDown' && previous.openIncidentId === null) {
    const incident = automaticIncident(ref, now);
    const outcome = await serverHealthRepository.saveWithIncident(
      { ...next, openIncidentId: incident.id },
      previous.version,
      { write: incident, expectedVersion: null },
      probed,
      checkRecord,
    );
    count(outcome, 'incidentsOpened');
    return;
  }

  if (transition === 'recovered' && previous.openIncidentId !== null) {
    const open = await incidentRepository.get(previous.openIncidentId);
    const resolved = open ? resolveAutomatically(open, ref, now) : null;
    const cleared = { ...next, openIncidentId: null };
    const outcome = resolved
      ? await serverHealthRepository.saveWithIncident(cleared, previous.version, { write: resolved, expectedVersion: open!.version }, probed, checkRecord)
      : await serverHealthRepository.save(cleared, previous.version, probed, checkRecord);
    count(outcome, resolved ? 'incidentsResolved' : undefined);
    return;
  }

  count(await serverHealthRepository.save(next, previous.version, probed, checkRecord));
}
