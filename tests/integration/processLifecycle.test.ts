/**
 * The local cloud must never leave DynamoDB Local's Java process behind: not after SIGTERM, and
 * not when the Node process is killed outright (SIGKILL), which no signal handler can see.
 */
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** `npm start`, exactly as a user or a process manager runs it, or the Node process alone. */
function startCloud(via: 'npm start' | 'node') {
  const child =
    via === 'npm start'
      ? spawn('npm', ['start', '--', '--ephemeral', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(resolve(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'infra/local/main.ts', '--ephemeral', '--quiet'], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let output = '';
  const ready = new Promise<string>((resolveReady, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const api = /^API: (\S+)$/m.exec(output)?.[1];
      if (api) resolveReady(api);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return { child, ready, exited };
}

async function javaProcessesOn(dynamodbUrl: string) {
  const port = new URL(dynamodbUrl).port;
  const processes = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return processes.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('local cloud process lifecycle', () => {
  it('stops everything within 5 s when `npm start` gets SIGTERM', async () => {
    const cloud = startCloud('npm start');
    const api = await cloud.ready;
    const { dynamodbUrl } = (await (await fetch(`${api}/_local/info`)).json()) as { dynamodbUrl: string };
    expect(await javaProcessesOn(dynamodbUrl)).not.toHaveLength(0);
    const started = Date.now();
    cloud.child.kill('SIGTERM');
    await cloud.exited;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await waitUntil(async () => (await javaProcessesOn(dynamodbUrl)).length === 0, 1_000)).toBe(true);
    expect(await waitUntil(async () => (await fetch(`${api}/v1/health`).catch(() => undefined)) === undefined, 1_000)).toBe(true);
  });

  it('leaves no Java process behind when the Node process is killed with SIGKILL', async () => {
    const cloud = startCloud('node');
    const api = await cloud.ready;
    const { dynamodbUrl } = (await (await fetch(`${api}/_local/info`)).json()) as { dynamodbUrl: string };
    cloud.child.kill('SIGKILL');
    await cloud.exited;
    expect(await waitUntil(async () => (await javaProcessesOn(dynamodbUrl)).length === 0, 5_000)).toBe(true);
  });
});
