/** The status page's servers: partition `STATUS#SERVER` (layout: statusItems.ts). */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Server } from '../domain/serverStatus.ts';
import { conflict } from '../errors.ts';
import { documentClient, isConditionFailure, queryAll, replaceIfVersion } from './dynamodb.ts';
import { failedItems, healthCondition, healthKey, partitionQuery, SERVERS, serverKey, strip } from './statusItems.ts';

export async function list(): Promise<Server[]> {
  return (await queryAll(partitionQuery(SERVERS))).map((item) => strip<Server>(item));
}

export async function get(id: string): Promise<Server | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: serverKey(id) }));
  return Item ? strip<Server>(Item) : undefined;
}

export async function create(server: Server): Promise<void> {
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
}

export async function replace(server: Server, expectedVersion: number): Promise<void> {
  await replaceIfVersion({ ...serverKey(server.id), entity: 'server', ...server }, expectedVersion, 'server');
}

/**
 * Removes the server and its current health, provided the health is still at `expectedHealthVersion`
 * (0: none yet), so a probe result written since it was read (say, one that opened an incident) is
 * never deleted unseen. Its check history expires on its own.
 */
async function deleteServer(id: string, expectedHealthVersion: number): Promise<'deleted' | 'notFound' | 'healthChanged'> {
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
    return (await get(id)) ? 'healthChanged' : 'notFound';
  }
}
export { deleteServer as delete };
