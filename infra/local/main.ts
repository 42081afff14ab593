/**
 * `npm start`: brings up the local cloud and prints how to use it.
 *   npm start                     state kept in .local/, API on PORT or 3000
 *   npm start -- --ephemeral      everything in memory, on free ports
 */
import { parseArgs } from 'node:util';
import { startLocalCloud, type LocalCloud } from './localCloud.ts';

const SHUTDOWN_DEADLINE_MS = 4_500;

const { values } = parseArgs({
  options: {
    ephemeral: { type: 'boolean', default: false },
    port: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    // Scheduled jobs run only through POST /_local/jobs/{name}: what tests need to be deterministic.
    'manual-jobs': { type: 'boolean', default: false },
  },
});

const portText = values.port ?? process.env.PORT;
const port = portText === undefined ? undefined : Number(portText);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`Invalid port: ${portText}`);
  process.exit(2);
}

let cloud: LocalCloud | undefined;
let stopping = false;

async function shutdown(exitCode: number) {
  if (stopping) process.exit(exitCode);
  stopping = true;
  setTimeout(() => process.exit(exitCode), SHUTDOWN_DEADLINE_MS).unref();
  await cloud?.stop();
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
process.on('uncaughtException', (error) => {
  console.error('Local cloud crashed:', error);
  void shutdown(1);
});

const started = Date.now();
try {
  cloud = await startLocalCloud({
    ephemeral: values.ephemeral,
    ...(port !== undefined ? { port } : {}),
    logRequests: !values.quiet,
    scheduleTimers: !values['manual-jobs'],
  });
} catch (error) {
  console.error('The local cloud failed to start:', error);
  process.exit(1);
}

console.log(
  [
    '',
    `Local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)} s${values.ephemeral ? ' (ephemeral: nothing is written to disk)' : ' (state in .local/)'}`,
    `API: ${cloud.apiUrl}`,
    `API reference: ${cloud.apiUrl}/docs`,
    `SES inbox: ${cloud.sesUrl}  (JSON: ${cloud.sesUrl}/store)`,
    `S3: ${cloud.s3Url}  DynamoDB: ${cloud.dynamodbUrl}  table: ${cloud.tableName}`,
    '',
    'Demo tokens (Authorization: Bearer <token>), valid 12 h:',
    `  customer (Anna Kowalska):      ${cloud.tokens.customer}`,
    `  customer (John Smith):         ${cloud.tokens.otherCustomer}`,
    `  staff (Marta Nowak):           ${cloud.tokens.staff}`,
    `  admin (Piotr Wiśniewski):      ${cloud.tokens.admin}`,
    '',
    `Try: curl -H "Authorization: Bearer $TOKEN" ${cloud.apiUrl}/v1/me`,
    'Ctrl-C stops everything.',
  ].join('\n'),
);
