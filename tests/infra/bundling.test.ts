import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendFunction } from '../../infra/constructs/backendFunction.ts';
import { FileBuckets, createSupportTable } from '../../infra/constructs/storage.ts';
import { routes } from '../../shared/manifest.ts';

// The one test that really runs esbuild, on one real handler: every other infra test skips bundling.
describe('bundling a real handler (functions/http/health.ts)', () => {
  let outdir: string;
  let bundleDir: string;
  let code: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'support-desk-bundle-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundlingTest');
    const table = createSupportTable(stack, 'Table');
    const files = new FileBuckets(stack, 'Files', { allowedOrigins: ['http://localhost:5173'] });
    new BackendFunction(stack, 'Health', {
      handler: routes.health.handler,
      access: routes.health.access,
      resources: { table, buckets: files.buckets, mailFrom: 'support@example.com' },
      environment: {},
      timeout: Duration.seconds(10),
      memorySize: 512,
      description: 'bundling test',
    });
    app.synth();
    // The stack's asset manifest lists the bundle directory as the one file asset packaged as a zip.
    const assetManifest = JSON.parse(readFileSync(path.join(outdir, 'BundlingTest.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const zipped = Object.values(assetManifest.files).filter((file) => file.source.packaging === 'zip');
    expect(zipped).toHaveLength(1);
    bundleDir = path.join(outdir, zipped[0]!.source.path);
    code = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('produces an ES module (index.mjs) that starts with the createRequire banner', () => {
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*handler/);
    expect(code).not.toMatch(/\bmodule\.exports\s*=/);
  });

  it('is minified (a readable bundle of this size would have thousands of short lines)', () => {
    const lines = code.split('\n');
    expect(lines.length).toBeLessThan(200);
    expect(code.length / lines.length).toBeGreaterThan(2000);
  });

  it('bundles the AWS SDK instead of importing it from the runtime', () => {
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).toContain('DynamoDB_20120810'); // the DynamoDB client's protocol target, inside the bundle
  });

  it('ships a linked source map that names the sources but does not embed them', () => {
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    const map = JSON.parse(readFileSync(path.join(bundleDir, 'index.mjs.map'), 'utf8')) as {
      version: number;
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.version).toBe(3);
    expect(map.sources.some((source) => source.endsWith('functions/http/health.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('loads in Node 24 as the Lambda runtime would, exporting a handler function', () => {
    expect(existsSync(path.join(bundleDir, 'index.mjs'))).toBe(true);
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', 'const m = await import(process.env.BUNDLE); console.log(typeof m.handler);'],
      { env: { PATH: process.env.PATH, BUNDLE: pathToFileURL(path.join(bundleDir, 'index.mjs')).href }, encoding: 'utf8' },
    );
    expect(output.trim()).toBe('function');
  });
});
