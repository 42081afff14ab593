/** The SES emulator (aws-ses-v2-local) with its web inbox, in this process. */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// A CommonJS package: from ESM its server factory sits on `.default` (DESIGN.md).
const sesModule = require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> };

export interface SesLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSesLocal(port: number): Promise<SesLocal> {
  const server = await sesModule.default({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
