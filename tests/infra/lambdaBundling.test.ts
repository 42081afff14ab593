import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendFunction } from '../../infra/constructs/backendFunction.ts';
import { esbuildOptionsFor } from '../../infra/constructs/lambdaBundling.ts';
import { FileBuckets, createSupportTable } from '../../infra/constructs/storage.ts';
import { manifest } from '../../shared/manifest.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

// The benchmark (tests/bench/suites/functions.ts) reports the size and cold start of bundles it
// builds itself with esbuildOptionsFor; they are only worth reporting if they are the bundles the
// stack deploys. One route and one S3-event consumer (another client, another kind of entry).
const entries = [manifest.routes[0]!, manifest.bucketEventConsumers[0]!].map((entry) => ({ handler: entry.handler, access: entry.access }));

describe('the benchmark bundles functions exactly as the stack does', () => {
  let outdir: string;
  let benchDir: string;
  const deployed = new Map<string, string>();

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'support-desk-bundle-'));
    benchDir = mkdtempSync(path.join(tmpdir(), 'support-desk-bench-bundle-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundlingComparison');
    const table = createSupportTable(stack, 'Table');
    const files = new FileBuckets(stack, 'Files', { allowedOrigins: ['http://localhost:5173'] });
    const functions = entries.map(
      (entry, index) =>
        new BackendFunction(stack, `Function${index}`, {
          handler: entry.handler,
          access: entry.access,
          resources: { table, buckets: files.buckets, mailFrom: 'support@example.com' },
          environment: {},
          timeout: Duration.seconds(10),
          memorySize: 512,
          description: 'bundling comparison',
        }),
    );
    const assembly = app.synth();
    const assets = JSON.parse(readFileSync(path.join(outdir, 'BundlingComparison.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    const template = assembly.getStackByName('BundlingComparison').template as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
    };
    for (const [index, entry] of entries.entries()) {
      const logicalId = stack.getLogicalId(functions[index]!.function.node.defaultChild as never);
      const key = template.Resources[logicalId]?.Properties.Code?.S3Key;
      const asset = Object.entries(assets.files).find(([hash]) => key?.startsWith(hash))?.[1];
      expect(asset, `no asset for ${entry.handler}`).toBeDefined();
      deployed.set(entry.handler, readFileSync(path.join(outdir, asset!.source.path, 'index.mjs'), 'utf8'));
    }
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(benchDir, { recursive: true, force: true });
  });

  it.each(entries.map((entry) => entry.handler))('%s: same code, byte for byte', async (handler) => {
    const result = await build({ ...esbuildOptionsFor(path.join(repoRoot, handler), benchDir), write: false, logLevel: 'silent' });
    const code = result.outputFiles.find((file) => file.path.endsWith('index.mjs'))!.text;
    expect(code.length).toBeGreaterThan(50_000);
    expect(code === deployed.get(handler)).toBe(true);
  });
});
