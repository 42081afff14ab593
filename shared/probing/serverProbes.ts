/**
 * The network side of status checks: one HTTP(S) request or TCP connection per check, each with
 * its own timeout. Every address a host name resolves to is checked against the target policy
 * when the connection is made, and the connection goes to exactly that checked address, so a
 * name that passed validation cannot be re-pointed at the metadata service or this machine later
 * (DNS rebinding). Redirects are not followed (a 3xx is compared with the expected status).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP, type LookupFunction } from 'node:net';
import type { CheckResult } from '../domain/serverStatus.ts';
import { isAddressAllowed, type NormalizedCheck, type TargetPolicy } from '../domain/statusTargets.ts';

const maxBodyBytes = 256 * 1024;
const userAgent = 'support-desk-status-probe/1.0';

class ForbiddenTargetError extends Error {
  override name = 'ForbiddenTargetError';
}

function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      const refused = addresses.find((entry) => !isAddressAllowed(entry.address, policy));
      if (refused || addresses.length === 0) {
        return callback(new ForbiddenTargetError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which may not be checked`));
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

/** An IP literal is never looked up, so it is checked here. */
function refusedLiteral(host: string, policy: TargetPolicy): string | null {
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  return isIP(literal) !== 0 && !isAddressAllowed(literal, policy) ? `${literal} may not be checked` : null;
}

const elapsedSince = (started: number) => Math.round(performance.now() - started);

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
};

function checkHttp(
  check: Extract<NormalizedCheck, { type: 'http' }>,
  timeoutMs: number,
  policy: TargetPolicy,
): Promise<CheckResult> {
  const url = new URL(check.url);
  const refused = refusedLiteral(url.hostname, policy);
  if (refused) return Promise.resolve({ status: 'down', responseTimeMs: null, error: refused });
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const started = performance.now();

  return new Promise<CheckResult>((resolve) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Destroyed without an error: an abort error's stack would be formatted, and with source
      // maps enabled the first formatting parses the bundle's map (~16 ms of a cold start).
      if (response) response.destroy();
      else outgoing.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ status: 'down', responseTimeMs: null, error: `No response within ${timeoutMs} ms` }),
      timeoutMs,
    );
    const onResponse = (incoming: IncomingMessage) => {
      response = incoming;
      const responseTimeMs = elapsedSince(started);
      if (response.statusCode !== check.expectedStatus) {
        return finish({ status: 'down', responseTimeMs, error: `HTTP ${response.statusCode}, expected ${check.expectedStatus}` });
      }
      if (check.expectedText === null) {
        return finish({ status: 'up', responseTimeMs, error: null });
      }
      const expected = check.expectedText;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.includes(expected)) finish({ status: 'up', responseTimeMs: elapsedSince(started), error: null });
        else if (body.length > maxBodyBytes) finish({ status: 'down', responseTimeMs, error: 'Expected text not found' });
      });
      response.on('end', () =>
        finish(body.includes(expected) ? { status: 'up', responseTimeMs: elapsedSince(started), error: null } : { status: 'down', responseTimeMs, error: 'Expected text not found' }),
      );
      response.on('error', (error) => finish({ status: 'down', responseTimeMs, error: describe(error) }));
    };
    const outgoing = request(
      url,
      {
        method: 'GET',
        lookup: guardedLookup(policy),
        // A fresh connection per check: its time is part of what the check measures.
        agent: false,
        headers: { 'user-agent': userAgent, accept: '*/*', connection: 'close' },
      },
      onResponse,
    );
    outgoing.on('error', (error) => finish({ status: 'down', responseTimeMs: null, error: describe(error) }));
    outgoing.end();
  });
}

function checkTcp(check: Extract<NormalizedCheck, { type: 'tcp' }>, timeoutMs: number, policy: TargetPolicy): Promise<CheckResult> {
  const refused = refusedLiteral(check.host, policy);
  if (refused) return Promise.resolve({ status: 'down', responseTimeMs: null, error: refused });
  const started = performance.now();
  return new Promise<CheckResult>((resolve) => {
    let settled = false;
    const socket = connect({ host: check.host, port: check.port, lookup: guardedLookup(policy) });
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ status: 'down', responseTimeMs: null, error: `No connection within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ status: 'up', responseTimeMs: elapsedSince(started), error: null }));
    socket.once('error', (error) => finish({ status: 'down', responseTimeMs: null, error: describe(error) }));
  });
}

/** Runs one check; it always settles within `timeoutMs` (plus timer latency) and never throws. */
export function probeTarget(check: NormalizedCheck, timeoutMs: number, policy: TargetPolicy): Promise<CheckResult> {
  return check.type === 'http' ? checkHttp(check, timeoutMs, policy) : checkTcp(check, timeoutMs, policy);
}
