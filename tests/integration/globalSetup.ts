/**
 * Starts one ephemeral local cloud for all integration tests, exactly as a user would
 * (`npm start -- --ephemeral`), and stops it afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

let cloud: ChildProcess | undefined;

export async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  cloud = spawn(resolve(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'infra/local/main.ts', '--ephemeral', '--quiet', '--manual-jobs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '' },
  });
  let output = '';
  const apiUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`Local cloud did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^API: (http:\/\/\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    cloud!.stdout!.on('data', onData);
    cloud!.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    cloud!.once('exit', (code) => reject(new Error(`Local cloud exited with ${code}:\n${output}`)));
  });
  project.provide('apiUrl', apiUrl);
}

export async function teardown() {
  if (!cloud || cloud.exitCode !== null) return;
  const exited = new Promise((resolveExit) => cloud!.once('exit', resolveExit));
  cloud.kill('SIGTERM');
  await exited;
}
