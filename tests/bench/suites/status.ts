/**
 * Server status: one probe run over 200 monitors (up, down and hanging local targets) must end
 * within its bound, which only holds if the checks run concurrently, each under its own timeout;
 * then the latency of GET /v1/status with all of them on the page.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { percentile, timeRequests, type BenchSuite } from '../harness.ts';

const hangingTimeoutMs = 2_000;
/** The slowest check (a hanging target) plus room for 200 result writes; sequential checks would take 80 s. */
const runBoundMs = hangingTimeoutMs + 3_000;

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const statusSuite: BenchSuite = {
  name: 'status',
  async run({ cloud, record }) {
    const hanging = new Set<ServerResponse>();
    const okServer = createServer((_request, response) => response.end('ok'));
    const errorServer = createServer((_request, response) => response.writeHead(500).end('broken'));
    const hangingServer = createServer((_request, response) => void hanging.add(response));
    const [okPort, errorPort, hangingPort, deadPort] = await Promise.all([
      listen(okServer),
      listen(errorServer),
      listen(hangingServer),
      closedPort(),
    ]);

    try {
      const admin = { authorization: `Bearer ${cloud.tokens.admin}`, 'content-type': 'application/json' };
      const checks = [
        ...Array.from({ length: 120 }, (_, i) => ({ type: 'http', url: `http://127.0.0.1:${okPort}/up/${i}` })),
        ...Array.from({ length: 20 }, (_, i) => ({ type: 'http', url: `http://127.0.0.1:${errorPort}/down/${i}` })),
        ...Array.from({ length: 20 }, () => ({ type: 'tcp', host: '127.0.0.1', port: deadPort })),
        ...Array.from({ length: 40 }, (_, i) => ({ type: 'http', url: `http://127.0.0.1:${hangingPort}/hang/${i}` })),
      ];
      for (const [index, check] of checks.entries()) {
        const response = await fetch(`${cloud.apiUrl}/v1/staff/servers`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ name: `bench-${index}`, group: `Rack ${index % 8}`, check, timeoutMs: hangingTimeoutMs }),
        });
        if (response.status !== 201) throw new Error(`creating a monitor failed: ${response.status} ${await response.text()}`);
      }

      const started = performance.now();
      const run = await fetch(`${cloud.apiUrl}/_local/jobs/status-probe`, { method: 'POST' });
      const elapsed = performance.now() - started;
      const { result } = (await run.json()) as { result: { checked: number; up: number; down: number; deferred: number } };
      if (result.checked < checks.length || result.deferred > 0) throw new Error(`probe run incomplete: ${JSON.stringify(result)}`);
      record({ name: `probe run, ${result.checked} monitors (${result.up} up, ${result.down} down incl. 40 hanging)`, value: elapsed, unit: 'ms', target: { max: runBoundMs } });

      // Every server is on the page, also those an earlier suite left checked daily (not due in this run).
      const page = (await (await fetch(`${cloud.apiUrl}/v1/status`)).json()) as { servers: unknown[] };
      for (const [label, token] of [
        ['guest', undefined],
        ['customer', cloud.tokens.customer],
      ] as const) {
        const samples = await timeRequests(300, 30, () =>
          fetch(`${cloud.apiUrl}/v1/status`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
        );
        record({ name: `GET /v1/status (${label}, ${page.servers.length} servers) p50`, value: percentile(samples, 50), unit: 'ms' });
        record({ name: `GET /v1/status (${label}, ${page.servers.length} servers) p99`, value: percentile(samples, 99), unit: 'ms' });
      }
    } finally {
      for (const response of hanging) response.destroy();
      for (const server of [okServer, errorServer, hangingServer]) {
        server.closeAllConnections();
        server.close();
      }
    }
  },
};
