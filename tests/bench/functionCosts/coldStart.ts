/**
 * Bundling a function exactly as the stack does, starting it cold in a fresh Node process with
 * one event, and recording which AWS calls it makes (for its floor).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptionsFor } from '../../../infra/constructs/lambdaBundling.ts';

const runner = resolve(import.meta.dirname, 'lambdaRunner.mjs');

export interface Bundle {
  /** Directory holding index.mjs and index.mjs.map, as in the deployed zip. */
  directory: string;
  /** Size of index.mjs (the source map is read only for stack traces, and counted in the cold start). */
  bytes: number;
  /** npm packages with code in the bundle (`@aws-sdk/client-s3`, `zod`…). */
  packages: Set<string>;
}

export async function bundleFunction(entry: string, directory: string): Promise<Bundle> {
  mkdirSync(directory, { recursive: true });
  const result = await build({ ...esbuildOptionsFor(entry, directory), metafile: true, logLevel: 'silent' });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild wrote no index.mjs for ${entry}`);
  const packages = new Set<string>();
  for (const [input, { bytesInOutput }] of Object.entries(output[1].inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (name && bytesInOutput > 0) packages.add(name);
  }
  return { directory, bytes: output[1].bytes, packages };
}

export interface ColdStart {
  /** Process start → handler module imported (Lambda's init phase). */
  initMs: number;
  /** Process start → the first event answered: the cold start. */
  answeredMs: number;
  result: unknown;
}

/**
 * One cold start: a fresh `process.execPath` (Node 24) with only the given environment imports
 * the bundle and handles `event`. Throws when the process fails or the handler throws.
 */
export async function coldStart(bundle: Bundle, event: unknown, environment: Record<string, string>, timeoutSeconds: number, scratch: string): Promise<ColdStart> {
  const eventFile = join(scratch, 'event.json');
  const resultFile = join(scratch, 'result.json');
  writeFileSync(eventFile, JSON.stringify(event));
  writeFileSync(resultFile, '');
  const child = spawn(process.execPath, [runner, join(bundle.directory, 'index.mjs'), eventFile, resultFile, String(timeoutSeconds)], {
    env: environment,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), (timeoutSeconds + 5) * 1000);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(killer);
  const text = readFileSync(resultFile, 'utf8');
  if (code !== 0 || !text) throw new Error(`cold start of ${bundle.directory} exited with ${code}: ${stderr.slice(-2000)}`);
  const outcome = JSON.parse(text) as { initMs: number; answeredMs: number; result: unknown; error?: string };
  if (outcome.error) throw new Error(`handler of ${bundle.directory} threw: ${outcome.error}`);
  return { initMs: outcome.initMs, answeredMs: outcome.answeredMs, result: outcome.result };
}

export type AwsService = 'dynamodb' | 's3' | 'ses';

export interface AwsCall {
  service: AwsService;
  /** `GetItem`, `HeadObject`, `SendEmail`… */
  operation: string;
  /** DynamoDB: the request body (wire format); S3: bucket, key and copy source; SES: the form fields. */
  input: Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What an SDK request to `service` asks for, read off the wire. */
function callOf(service: AwsService, request: IncomingMessage, body: Buffer): AwsCall {
  if (service === 'dynamodb') {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    return { service, operation, input: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown> };
  }
  if (service === 's3') {
    // Path-style addressing (the local cloud's S3 client uses forcePathStyle).
    const [bucket = '', ...key] = new URL(request.url ?? '/', 'http://local').pathname.split('/').filter(Boolean);
    const copySource = request.headers['x-amz-copy-source'];
    const method = request.method ?? 'GET';
    const operation =
      key.length === 0
        ? `${method}Bucket`
        : method === 'PUT'
          ? copySource
            ? 'CopyObject'
            : 'PutObject'
          : ({ HEAD: 'HeadObject', GET: 'GetObject', DELETE: 'DeleteObject' }[method] ?? `${method}Object`);
    return {
      service,
      operation,
      input: { Bucket: bucket, Key: decodeURIComponent(key.join('/')), ...(copySource ? { CopySource: decodeURIComponent(String(copySource)) } : {}) },
    };
  }
  const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  return { service, operation: form.Action ?? '', input: form };
}

/**
 * Pass-through proxies in front of the functions' AWS endpoints that note every call, in order.
 * Only the untimed discovery run of each function goes through them.
 */
export async function startCallRecorder(upstreams: Record<AwsService, string>) {
  const calls: AwsCall[] = [];
  const servers: ReturnType<typeof createServer>[] = [];
  const endpoints = {} as Record<AwsService, string>;
  for (const service of Object.keys(upstreams) as AwsService[]) {
    const target = new URL(upstreams[service]);
    const server = createServer((request, response) => {
      void readBody(request).then((body) => {
        calls.push(callOf(service, request, body));
        const { expect: _expect, ...headers } = request.headers;
        const upstream = forward({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        upstream.on('error', (error) => {
          if (!response.headersSent) response.writeHead(502);
          response.end(String(error));
        });
        upstream.end(body);
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    const address = server.address();
    endpoints[service] = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    servers.push(server);
  }
  return {
    endpoints,
    /** The calls noted since the last take. */
    take: () => calls.splice(0),
    stop: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((closed) => {
              server.closeAllConnections();
              server.close(() => closed());
            }),
        ),
      ),
  };
}
