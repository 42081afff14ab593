/**
 * The status page's maintenance windows: own item each; gsi1 `STATUS#MAINTENANCE` by start (staff
 * list), sparse gsi2 `STATUS#MAINTENANCE#PLANNED` by end, without cancelled windows, so "not yet
 * over" is one range (layout: statusItems.ts).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Maintenance } from '../domain/serverStatus.ts';
import { documentClient, queryAll, replaceIfVersion } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';
import { strip } from './statusItems.ts';

const MAINTENANCE = 'STATUS#MAINTENANCE';
const PLANNED_MAINTENANCE = 'STATUS#MAINTENANCE#PLANNED';

const maintenanceKey = (id: string) => ({ pk: `STATUS#MAINTENANCE#${id}`, sk: 'MAINTENANCE' });

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

export async function get(id: string): Promise<Maintenance | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: maintenanceKey(id) }));
  return Item ? strip<Maintenance>(Item) : undefined;
}

export async function create(window: Maintenance): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: config.tableName, Item: maintenanceItem(window), ConditionExpression: 'attribute_not_exists(pk)' }),
  );
}

export async function replace(window: Maintenance, expectedVersion: number): Promise<void> {
  await replaceIfVersion(maintenanceItem(window), expectedVersion, 'maintenance window');
}

/** Windows not cancelled and not yet over at `now`, soonest end first: one Query. */
export async function listNotOver(now: Date): Promise<Maintenance[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk > :now',
    ExpressionAttributeValues: { ':pk': PLANNED_MAINTENANCE, ':now': now.toISOString() },
  });
  return items.map((item) => strip<Maintenance>(item));
}

/** Every window, latest start first. */
export async function page(limit: number, cursor: string | undefined): Promise<Page<Maintenance>> {
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
}
