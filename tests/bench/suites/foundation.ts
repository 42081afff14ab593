/** Warm latency of the first routes through the local gateway, and every function's bundle size. */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { manifest } from '../../../shared/manifest.ts';
import { percentile, timeRequests, type BenchSuite } from '../harness.ts';

const root = resolve(import.meta.dirname, '../../..');

export const foundationSuite: BenchSuite = {
  name: 'foundation',
  async run({ cloud, record }) {
    const endpoints = [
      { name: 'GET /v1/health', path: '/v1/health', token: undefined },
      { name: 'GET /v1/departments (guest)', path: '/v1/departments', token: undefined },
      { name: 'GET /v1/me', path: '/v1/me', token: cloud.tokens.customer },
    ];
    for (const endpoint of endpoints) {
      const samples = await timeRequests(400, 50, () =>
        fetch(`${cloud.apiUrl}${endpoint.path}`, {
          headers: endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {},
        }),
      );
      record({ name: `${endpoint.name} p50`, value: percentile(samples, 50), unit: 'ms' });
      record({ name: `${endpoint.name} p99`, value: percentile(samples, 99), unit: 'ms' });
    }

    // Bundled as the CDK stack bundles them: minified ESM for Node 24 with the AWS SDK inside.
    const handlers = [...new Set(manifest.routes.map((route) => route.handler))];
    for (const handler of handlers) {
      const result = await build({
        entryPoints: [resolve(root, handler)],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'node',
        target: 'node24',
        mainFields: ['module', 'main'],
        write: false,
        logLevel: 'silent',
      });
      const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
      record({ name: `bundle ${handler}`, value: Math.round(bytes / 1024), unit: 'KiB' });
    }
  },
};
