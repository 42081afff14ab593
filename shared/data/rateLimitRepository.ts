/**
 * Fixed-window rate limits: one counter item per scope and window (`RATE#<scope>#<window start>`),
 * counted inside the transaction of the write it limits, so a refused or failed request uses up
 * nothing and a counted one cannot be lost. Counters expire after their window.
 */
import { config } from '../config.ts';
import { rateLimited } from '../errors.ts';
import type { TransactPart } from './dynamodb.ts';

export interface RateLimit {
  scope: string;
  limit: number;
  windowSeconds: number;
  message: string;
}

export function countPart(rule: RateLimit, now: Date): TransactPart {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  return {
    item: {
      Update: {
        TableName: config.tableName,
        Key: { pk: `RATE#${rule.scope}#${windowStart}`, sk: 'RATE' },
        UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt, entity = :entity',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':expiresAt': Math.ceil(windowEnd / 1000) + 60, ':entity': 'rateLimit' },
      },
    },
    onConditionFailed: () => rateLimited(rule.message, (windowEnd - now.getTime()) / 1000),
  };
}
