import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentClient } from './dynamodb.ts';

/** One cheap read that proves the table is reachable with this function's credentials. */
export async function tableIsReachable(): Promise<boolean> {
  try {
    await documentClient.send(new GetCommand({ TableName: config.tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }));
    return true;
  } catch {
    return false;
  }
}
