/**
 * For tests that load a function's modules in this process (to run it fresh, or against a fake
 * service): the local cloud's table, configured the way the local cloud configures its functions.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const localRegion = 'eu-central-1';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalTable {
  dynamodbUrl: string;
  tableName: string;
}

/** A document client on the local cloud's table, for arranging and checking raw items. */
export const localTableClient = (table: LocalTable) =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: table.dynamodbUrl, region: localRegion, credentials: localCredentials }));

/** Sets this process's environment as a function's, plus `extra` (e.g. another SES endpoint). */
export function configureAsLocalFunction(table: LocalTable, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.dynamodbUrl,
    LOG_LEVEL: 'error',
    ...extra,
  });
}
