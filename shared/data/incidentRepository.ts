/**
 * The status page's incidents: own item each; gsi1 `STATUS#INCIDENTS` orders them all by start
 * (history), sparse gsi2 `STATUS#INCIDENTS#ACTIVE` holds only the unresolved ones (layout:
 * statusItems.ts).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Incident } from '../domain/serverStatus.ts';
import { documentClient, queryAll, replaceIfVersion } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';
import { ACTIVE_INCIDENTS, incidentItem, incidentKey, INCIDENTS, strip } from './statusItems.ts';

export async function get(id: string): Promise<Incident | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: incidentKey(id) }));
  return Item ? strip<Incident>(Item) : undefined;
}

export async function create(incident: Incident): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: config.tableName, Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function replace(incident: Incident, expectedVersion: number): Promise<void> {
  await replaceIfVersion(incidentItem(incident), expectedVersion, 'incident');
}

/** Unresolved incidents, newest first: one Query on the sparse index. */
export async function listActive(): Promise<Incident[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': ACTIVE_INCIDENTS },
    ScanIndexForward: false,
  });
  return items.map((item) => strip<Incident>(item));
}

/** Every incident, newest first. */
export async function page(limit: number, cursor: string | undefined): Promise<Page<Incident>> {
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
}
