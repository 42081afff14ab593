/** Real HTTP and TCP servers on 127.0.0.1 that the status tests probe, and can break on purpose. */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

export type HttpMode = 'ok' | 'error' | 'hang';

export interface HttpTarget {
  url: string;
  mode: HttpMode;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Answers 200 "all good" (`ok`), 500 (`error`), or accepts the request and never answers (`hang`). */
export async function startHttpTarget(): Promise<HttpTarget> {
  const hanging = new Set<ServerResponse>();
  const server = createHttpServer((_request, response) => {
    if (target.mode === 'hang') {
      hanging.add(response);
      return;
    }
    response.writeHead(target.mode === 'ok' ? 200 : 500, { 'content-type': 'text/plain' });
    response.end(target.mode === 'ok' ? 'all good' : 'broken');
  });
  const port = await listen(server);
  const target: HttpTarget = {
    url: `http://127.0.0.1:${port}/health`,
    mode: 'ok',
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return target;
}

export interface TcpTarget {
  port: number;
  close(): Promise<void>;
}

export async function startTcpTarget(): Promise<TcpTarget> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
