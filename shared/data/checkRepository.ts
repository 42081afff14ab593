/**
 * The status probe's check results: partition `STATUS#CHECKS#<server>`, newest last, expiring
 * after the history period (TTL) (layout: statusItems.ts). A result is written in the same
 * transaction as the server's health (serverHealthRepository.ts): this module builds that write
 * and leaves sending it to the health's, so a result is in the history exactly when the health
 * it moved was saved.
 */
import { config } from '../config.ts';
import type { CheckResult } from '../domain/serverStatus.ts';
import type { TransactWriteItem } from './dynamodb.ts';
import { queryPage, type Page } from './pagination.ts';
import { partitionQuery, strip } from './statusItems.ts';

const checksPartition = (serverId: string) => `STATUS#CHECKS#${serverId}`;

export interface StoredCheck extends CheckResult {
  checkedAt: string;
  inMaintenance: boolean;
}

/** The transaction item that records one check, kept for `keepDays`. */
export function recordWrite(serverId: string, check: StoredCheck, keepDays: number): TransactWriteItem {
  return {
    Put: {
      TableName: config.tableName,
      Item: {
        pk: checksPartition(serverId),
        sk: check.checkedAt,
        entity: 'check',
        ...check,
        expiresAt: Math.floor(Date.parse(check.checkedAt) / 1000) + keepDays * 86_400,
      },
    },
  };
}

/** Newest first. */
export async function page(serverId: string, limit: number, cursor: string | undefined): Promise<Page<StoredCheck>> {
  const pk = checksPartition(serverId);
  return queryPage(
    { TableName: config.tableName, ...partitionQuery(pk), ScanIndexForward: false },
    { limit, cursor, partition: { pk }, toItem: (item) => strip<StoredCheck>(item) },
  );
}
