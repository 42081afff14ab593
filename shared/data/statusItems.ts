/**
 * Storage of the status page. Every read the page makes is a Query on a small, known partition,
 * whatever the history:
 * - servers: partition `STATUS#SERVER`; the probe's view of each (state, last check, uptime
 *   counters): partition `STATUS#HEALTH`, rewritten by the probe on every check;
 * - check results: `STATUS#CHECKS#<server>`, newest last, expiring after the history period (TTL);
 * - incidents: own item each; gsi1 `STATUS#INCIDENTS` orders them all by start (history), sparse
 *   gsi2 `STATUS#INCIDENTS#ACTIVE` holds only the unresolved ones;
 * - maintenance: own item each; gsi1 `STATUS#MAINTENANCE` by start (staff list), sparse gsi2
 *   `STATUS#MAINTENANCE#PLANNED` by end, without cancelled windows, so "not yet over" is one range.
 *
 * This module holds the keys, items and helpers that more than one of the status repositories
 * (serverRepository.ts, serverHealthRepository.ts, checkRepository.ts, incidentRepository.ts,
 * maintenanceRepository.ts) use.
 */
import type { Incident } from '../domain/serverStatus.ts';
import { withoutAttributes } from './dynamodb.ts';

export const SERVERS = 'STATUS#SERVER';
export const HEALTH = 'STATUS#HEALTH';
export const INCIDENTS = 'STATUS#INCIDENTS';
export const ACTIVE_INCIDENTS = 'STATUS#INCIDENTS#ACTIVE';

export const serverKey = (id: string) => ({ pk: SERVERS, sk: `SERVER#${id}` });
export const healthKey = (serverId: string) => ({ pk: HEALTH, sk: `SERVER#${serverId}` });
export const incidentKey = (id: string) => ({ pk: `STATUS#INCIDENT#${id}`, sk: 'INCIDENT' });

const storageAttributes = new Set(['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt']);
export function strip<T>(item: Record<string, unknown>): T {
  return withoutAttributes(item, storageAttributes) as T;
}

export const partitionQuery = (pk: string) => ({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });

export function incidentItem(incident: Incident) {
  const order = `${incident.startedAt}#${incident.id}`;
  return {
    ...incidentKey(incident.id),
    entity: 'incident',
    ...incident,
    gsi1pk: INCIDENTS,
    gsi1sk: order,
    ...(incident.status === 'resolved' ? {} : { gsi2pk: ACTIVE_INCIDENTS, gsi2sk: order }),
  };
}

/** The stored health must still be the one this write was computed from. */
export const healthCondition = (expectedVersion: number) =>
  expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };

/** Which items of a cancelled transaction failed their condition; null when DynamoDB did not say. */
export function failedItems(error: unknown): boolean[] | null {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string } | null> }).CancellationReasons;
  return reasons && reasons.length > 0 ? reasons.map((reason) => reason?.Code === 'ConditionalCheckFailed') : null;
}
