/**
 * The probe's view of each server (state, last check, uptime counters): partition
 * `STATUS#HEALTH`, rewritten by the probe on every check, in one transaction with that check's
 * history item (layout: statusItems.ts).
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Incident, ServerHealth } from '../domain/serverStatus.ts';
import { documentClient, isConditionFailure, queryAll, type TransactWriteItem } from './dynamodb.ts';
import * as serverRepository from './serverRepository.ts';
import { failedItems, HEALTH, healthCondition, healthKey, incidentItem, partitionQuery, serverKey, strip } from './statusItems.ts';

const healthItem = (health: ServerHealth) => ({ ...healthKey(health.serverId), entity: 'serverHealth', ...health });

/** The server a probe result belongs to: its id and when it was created (a re-created server is another one). */
export interface ProbedServer {
  id: string;
  createdAt: string;
}

/** The server must still exist, and be the same one (not deleted and re-created under its id). */
const serverStillExists = (server: ProbedServer): TransactWriteItem => ({
  ConditionCheck: {
    TableName: config.tableName,
    Key: serverKey(server.id),
    ConditionExpression: 'attribute_exists(pk) AND createdAt = :createdAt',
    ExpressionAttributeValues: { ':createdAt': server.createdAt },
  },
});

/**
 * How a probe's health write ended: `saved`; `conflict` when another run changed the health first
 * (the result is dropped, its check item included); `serverDeleted` when the server was deleted
 * while it was being checked (nothing is written: a deleted server never gets a health item, a
 * check item or an incident again).
 */
export type HealthWrite = 'saved' | 'conflict' | 'serverDeleted';

export async function list(): Promise<ServerHealth[]> {
  return (await queryAll(partitionQuery(HEALTH))).map((item) => strip<ServerHealth>(item));
}

export async function get(serverId: string): Promise<ServerHealth | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: healthKey(serverId) }));
  return Item ? strip<ServerHealth>(Item) : undefined;
}

/**
 * Saves the health and the check that moved it (`checkRecord`: checkRepository.recordWrite) unless
 * another run changed the health first or the server is gone.
 */
export async function save(
  health: ServerHealth,
  expectedVersion: number,
  server: ProbedServer,
  checkRecord: TransactWriteItem,
): Promise<HealthWrite> {
  return writeHealth(server, [
    { Put: { TableName: config.tableName, Item: healthItem(health), ...healthCondition(expectedVersion) } },
    checkRecord,
  ]);
}

/**
 * Saves the health and its check as `save` does and opens or resolves an incident in the same
 * transaction: never one without the other.
 */
export async function saveWithIncident(
  health: ServerHealth,
  expectedVersion: number,
  incident: { write: Incident; expectedVersion: number | null },
  server: ProbedServer,
  checkRecord: TransactWriteItem,
): Promise<HealthWrite> {
  const incidentCondition =
    incident.expectedVersion === null
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': incident.expectedVersion } };
  return writeHealth(server, [
    { Put: { TableName: config.tableName, Item: healthItem(health), ...healthCondition(expectedVersion) } },
    { Put: { TableName: config.tableName, Item: incidentItem(incident.write), ...incidentCondition } },
    checkRecord,
  ]);
}

/** Runs a probe's writes in one transaction with the check that the server still exists (last item). */
async function writeHealth(server: ProbedServer, writes: TransactWriteItem[]): Promise<HealthWrite> {
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
