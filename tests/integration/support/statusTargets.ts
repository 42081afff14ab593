/** Real HTTP and TCP servers on 127.0.0.1 that the status tests probe, and can break on purpose. */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

export type HttpMode = 'ok' | 'error' | 'hang' | 'endless';

export interface HttpTarget {
  url: string;
  mode: HttpMode;
  /** Connections the server has open now (a probe must close its own once decided). */
  openConnections(): number;
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

/**
 * Answers 200 "all good" (`ok`), 500 (`error`), accepts the request and never answers (`hang`),
 * or answers 200 "all good" and then sends more of the body forever (`endless`).
 */
export async function startHttpTarget(): Promise<HttpTarget> {
  const hanging = new Set<ServerResponse>();
  const connections = new Set<Socket>();
  const server = createHttpServer((_request, response) => {
    if (target.mode === 'hang') {
      hanging.add(response);
      return;
    }
    if (target.mode === 'endless') {
      hanging.add(response);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('all good');
      const more = setInterval(() => response.write(' and more'), 10);
      response.on('close', () => clearInterval(more));
      return;
    }
    response.writeHead(target.mode === 'ok' ? 200 : 500, { 'content-type': 'text/plain' });
    response.end(target.mode === 'ok' ? 'all good' : 'broken');
  });
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  const port = await listen(server);
  const target: HttpTarget = {
    url: `http://127.0.0.1:${port}/health`,
    mode: 'ok',
    openConnections: () => connections.size,
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
