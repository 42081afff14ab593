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
 */
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { CheckResult, Incident, Maintenance, Server, ServerHealth } from '../domain/serverStatus.ts';
import { conflict } from '../errors.ts';
import { documentClient, isConditionFailure, queryAll, replaceIfVersion } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';

const SERVERS = 'STATUS#SERVER';
const HEALTH = 'STATUS#HEALTH';
const INCIDENTS = 'STATUS#INCIDENTS';
const ACTIVE_INCIDENTS = 'STATUS#INCIDENTS#ACTIVE';
const MAINTENANCE = 'STATUS#MAINTENANCE';
const PLANNED_MAINTENANCE = 'STATUS#MAINTENANCE#PLANNED';

const serverKey = (id: string) => ({ pk: SERVERS, sk: `SERVER#${id}` });
const healthKey = (serverId: string) => ({ pk: HEALTH, sk: `SERVER#${serverId}` });
const checksPartition = (serverId: string) => `STATUS#CHECKS#${serverId}`;
const incidentKey = (id: string) => ({ pk: `STATUS#INCIDENT#${id}`, sk: 'INCIDENT' });
const maintenanceKey = (id: string) => ({ pk: `STATUS#MAINTENANCE#${id}`, sk: 'MAINTENANCE' });

const storageAttributes = new Set(['pk', 'sk', 'entity', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt']);
function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.has(name))) as T;
}

const partitionQuery = (pk: string) => ({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });

function incidentItem(incident: Incident) {
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

function maintenanceItem(window: Maintenance) {
  return {
    ...maintenanceKey(window.id),
    entity: 'maintenance',
    ...window,
    gsi1pk: MAINTENANCE,
    gsi1sk: `${window.startsAt}#${window.id}`,
    ...(window.cancelled ? {} : { gsi2pk: PLANNED_MAINTENANCE, gsi2sk: `${window.endsAt}#${window.id}` }),
  };
}

const healthItem = (health: ServerHealth) => ({ ...healthKey(health.serverId), entity: 'serverHealth', ...health });
/** The stored health must still be the one this write was computed from. */
const healthCondition = (expectedVersion: number) =>
  expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } };

/** The server a probe result belongs to: its id and when it was created (a re-created server is another one). */
export interface ProbedServer {
  id: string;
  createdAt: string;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The server must still exist, and be the same one (not deleted and re-created under its id). */
const serverStillExists = (server: ProbedServer): TransactItem => ({
  ConditionCheck: {
    TableName: config.tableName,
    Key: serverKey(server.id),
    ConditionExpression: 'attribute_exists(pk) AND createdAt = :createdAt',
    ExpressionAttributeValues: { ':createdAt': server.createdAt },
  },
});

/** Which items of a cancelled transaction failed their condition; null when DynamoDB did not say. */
function failedItems(error: unknown): boolean[] | null {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string } | null> }).CancellationReasons;
  return reasons && reasons.length > 0 ? reasons.map((reason) => reason?.Code === 'ConditionalCheckFailed') : null;
}

/**
 * How a probe's health write ended: `saved`; `conflict` when another run changed the health first
 * (the result is dropped); `serverDeleted` when the server was deleted while it was being checked
 * (nothing is written: a deleted server never gets a health item or an incident again).
 */
export type HealthWrite = 'saved' | 'conflict' | 'serverDeleted';

export const serverRepository = {
  async list(): Promise<Server[]> {
    return (await queryAll(partitionQuery(SERVERS))).map((item) => strip<Server>(item));
  },

  async get(id: string): Promise<Server | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: serverKey(id) }));
    return Item ? strip<Server>(Item) : undefined;
  },

  async create(server: Server): Promise<void> {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...serverKey(server.id), entity: 'server', ...server },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw conflict(`A server with id "${server.id}" already exists`, [{ path: 'body.id', message: 'Already taken' }]);
      }
      throw error;
    }
  },

  async replace(server: Server, expectedVersion: number): Promise<void> {
    await replaceIfVersion({ ...serverKey(server.id), entity: 'server', ...server }, expectedVersion, 'server');
  },

  /**
   * Removes the server and its current health, provided the health is still at `expectedHealthVersion`
   * (0: none yet), so a probe result written since it was read (say, one that opened an incident) is
   * never deleted unseen. Its check history expires on its own.
   */
  async delete(id: string, expectedHealthVersion: number): Promise<'deleted' | 'notFound' | 'healthChanged'> {
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: config.tableName, Key: serverKey(id), ConditionExpression: 'attribute_exists(pk)' } },
            { Delete: { TableName: config.tableName, Key: healthKey(id), ...healthCondition(expectedHealthVersion) } },
          ],
        }),
      );
      return 'deleted';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const failed = failedItems(error);
      if (failed) return failed[0] ? 'notFound' : 'healthChanged';
      return (await serverRepository.get(id)) ? 'healthChanged' : 'notFound';
    }
  },
};

export const healthRepository = {
  async list(): Promise<ServerHealth[]> {
    return (await queryAll(partitionQuery(HEALTH))).map((item) => strip<ServerHealth>(item));
  },

  async get(serverId: string): Promise<ServerHealth | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: healthKey(serverId) }));
    return Item ? strip<ServerHealth>(Item) : undefined;
  },

  /** Saves the health unless another run changed it first or the server is gone. */
  async save(health: ServerHealth, expectedVersion: number, server: ProbedServer): Promise<HealthWrite> {
    return writeHealth(server, [
      { Put: { TableName: config.tableName, Item: healthItem(health), ...healthCondition(expectedVersion) } },
    ]);
  },

  /** Saves the health and opens or resolves an incident in one transaction: never one without the other. */
  async saveWithIncident(
    health: ServerHealth,
    expectedVersion: number,
    incident: { write: Incident; expectedVersion: number | null },
    server: ProbedServer,
  ): Promise<HealthWrite> {
    const incidentCondition =
      incident.expectedVersion === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': incident.expectedVersion } };
    return writeHealth(server, [
      { Put: { TableName: config.tableName, Item: healthItem(health), ...healthCondition(expectedVersion) } },
      { Put: { TableName: config.tableName, Item: incidentItem(incident.write), ...incidentCondition } },
    ]);
  },
};

/** Runs a probe's writes in one transaction with the check that the server still exists (last item). */
async function writeHealth(server: ProbedServer, writes: TransactItem[]): Promise<HealthWrite> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [...writes, serverStillExists(server)] }));
    return 'saved';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const failed = failedItems(error);
    const serverGone = failed ? failed[writes.length] === true : (await serverRepository.get(server.id))?.createdAt !== server.createdAt;
    return serverGone ? 'serverDeleted' : 'conflict';
  }
}

export interface StoredCheck extends CheckResult {
  checkedAt: string;
  inMaintenance: boolean;
}

export const checkRepository = {
  async record(serverId: string, check: StoredCheck, keepDays: number): Promise<void> {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          pk: checksPartition(serverId),
          sk: check.checkedAt,
          entity: 'check',
          ...check,
          expiresAt: Math.floor(Date.parse(check.checkedAt) / 1000) + keepDays * 86_400,
        },
      }),
    );
  },

  /** Newest first. */
  async page(serverId: string, limit: number, cursor: string | undefined): Promise<Page<StoredCheck>> {
    const pk = checksPartition(serverId);
    return queryPage(
      { TableName: config.tableName, ...partitionQuery(pk), ScanIndexForward: false },
      { limit, cursor, partition: { pk }, toItem: (item) => strip<StoredCheck>(item) },
    );
  },
};

export const incidentRepository = {
  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: incidentKey(id) }));
    return Item ? strip<Incident>(Item) : undefined;
  },

  async create(incident: Incident): Promise<void> {
    await documentClient.send(
      new PutCommand({ TableName: config.tableName, Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  },

  async replace(incident: Incident, expectedVersion: number): Promise<void> {
    await replaceIfVersion(incidentItem(incident), expectedVersion, 'incident');
  },

  /** Unresolved incidents, newest first: one Query on the sparse index. */
  async listActive(): Promise<Incident[]> {
    const items = await queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': ACTIVE_INCIDENTS },
      ScanIndexForward: false,
    });
    return items.map((item) => strip<Incident>(item));
  },

  /** Every incident, newest first. */
  async page(limit: number, cursor: string | undefined): Promise<Page<Incident>> {
    return queryPage(
      {
        TableName: config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': INCIDENTS },
        ScanIndexForward: false,
      },
      { limit, cursor, partition: { gsi1pk: INCIDENTS }, toItem: (item) => strip<Incident>(item) },
    );
  },
};

export const maintenanceRepository = {
  async get(id: string): Promise<Maintenance | undefined> {
    const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: maintenanceKey(id) }));
    return Item ? strip<Maintenance>(Item) : undefined;
  },

  async create(window: Maintenance): Promise<void> {
    await documentClient.send(
      new PutCommand({ TableName: config.tableName, Item: maintenanceItem(window), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  },

  async replace(window: Maintenance, expectedVersion: number): Promise<void> {
    await replaceIfVersion(maintenanceItem(window), expectedVersion, 'maintenance window');
  },

  /** Windows not cancelled and not yet over at `now`, soonest end first: one Query. */
  async listNotOver(now: Date): Promise<Maintenance[]> {
    const items = await queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk > :now',
      ExpressionAttributeValues: { ':pk': PLANNED_MAINTENANCE, ':now': now.toISOString() },
    });
    return items.map((item) => strip<Maintenance>(item));
  },

  /** Every window, latest start first. */
  async page(limit: number, cursor: string | undefined): Promise<Page<Maintenance>> {
    return queryPage(
      {
        TableName: config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': MAINTENANCE },
        ScanIndexForward: false,
      },
      { limit, cursor, partition: { gsi1pk: MAINTENANCE }, toItem: (item) => strip<Maintenance>(item) },
    );
  },
};
