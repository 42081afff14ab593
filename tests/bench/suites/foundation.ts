/** Warm latency of the first routes through the local gateway (bundle sizes: suites/functions.ts). */
import { percentile, timeRequests, type BenchSuite } from '../harness.ts';

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
  },
};
