/**
 * The status probe's check results: partition `STATUS#CHECKS#<server>`, newest last, expiring
 * after the history period (TTL) (layout: statusItems.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { CheckResult } from '../domain/serverStatus.ts';
import { documentClient } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';
import { partitionQuery, strip } from './statusItems.ts';

const checksPartition = (serverId: string) => `STATUS#CHECKS#${serverId}`;

export interface StoredCheck extends CheckResult {
  checkedAt: string;
  inMaintenance: boolean;
}

export async function record(serverId: string, check: StoredCheck, keepDays: number): Promise<void> {
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
}

/** Newest first. */
export async function page(serverId: string, limit: number, cursor: string | undefined): Promise<Page<StoredCheck>> {
  const pk = checksPartition(serverId);
  return queryPage(
    { TableName: config.tableName, ...partitionQuery(pk), ScanIndexForward: false },
    { limit, cursor, partition: { pk }, toItem: (item) => strip<StoredCheck>(item) },
  );
}
