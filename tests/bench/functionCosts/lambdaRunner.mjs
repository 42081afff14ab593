// What the Lambda runtime does for a cold start, and nothing more: import the bundled handler
// module (the init phase), hand it one event, and note when it answered. Run in a fresh Node
// process per cold start; times are milliseconds since that process started (performance.now()).
// Arguments: <bundle index.mjs> <event.json> <result.json> <timeout seconds>.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundlePath, eventPath, resultPath, timeoutSeconds] = process.argv.slice(2);

const { handler } = await import(pathToFileURL(bundlePath).href);
const initMs = performance.now();

const event = JSON.parse(readFileSync(eventPath, 'utf8'));
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:bench',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-cold-start',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

let result;
let error;
try {
  result = await handler(event, context);
} catch (thrown) {
  error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}
const answeredMs = performance.now();

writeFileSync(resultPath, JSON.stringify({ initMs, answeredMs, result, error }));
// Open keep-alive sockets of the SDK would otherwise hold the process.
process.exit(0);
