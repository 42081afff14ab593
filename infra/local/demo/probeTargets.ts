/**
 * Demo status targets served by the local cloud itself (never deployed): GET
 * /_local/probe-target/{name} answers 200 with `ok`, so the demo servers have something real to
 * probe on this machine.
 */
import type { ServerResponse } from 'node:http';

export const probeTargetPath = (name: string) => `/_local/probe-target/${encodeURIComponent(name)}`;

/** Answers the request when it is for a probe target; returns whether it did. */
export function serveProbeTarget(path: string, response: ServerResponse): boolean {
  const name = /^\/_local\/probe-target\/([A-Za-z0-9._-]{1,64})$/.exec(path)?.[1];
  if (!name) return false;
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${name}: ok\n`);
  return true;
}
