/**
 * The probe's network side against real servers on this machine, with both target policies: the
 * address a name resolves to is checked when connecting (DNS rebinding), not only when saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeTarget } from '../../shared/probing/serverProbes.ts';
import { startHttpTarget, startTcpTarget, type HttpTarget, type TcpTarget } from './support/statusTargets.ts';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };
let http: HttpTarget;
let tcp: TcpTarget;

beforeAll(async () => {
  http = await startHttpTarget();
  tcp = await startTcpTarget();
});
afterAll(async () => {
  await http.close();
  await tcp.close();
});

const httpCheck = (url: string, expectedText: string | null = null) => ({ type: 'http' as const, url, expectedStatus: 200, expectedText });

describe('probeTarget', () => {
  it('refuses a host name that resolves to a forbidden address at connection time', async () => {
    const viaName = http.url.replace('127.0.0.1', 'localhost');
    const refused = await probeTarget(httpCheck(viaName), 2000, strict);
    expect(refused).toMatchObject({ status: 'down', error: expect.stringMatching(/resolves to .* which may not be checked|may not be checked/) });
    expect(await probeTarget(httpCheck(viaName), 2000, local)).toMatchObject({ status: 'up' });
    const tcpRefused = await probeTarget({ type: 'tcp', host: 'localhost', port: tcp.port }, 2000, strict);
    expect(tcpRefused).toMatchObject({ status: 'down', error: expect.stringMatching(/may not be checked/) });
  });

  it('refuses a forbidden IP literal without connecting', async () => {
    expect(await probeTarget(httpCheck(http.url), 2000, strict)).toEqual({
      status: 'down',
      responseTimeMs: null,
      error: '127.0.0.1 may not be checked',
    });
  });

  it('requires the expected status and the expected text', async () => {
    expect(await probeTarget(httpCheck(http.url, 'all good'), 2000, local)).toMatchObject({ status: 'up', error: null });
    expect(await probeTarget(httpCheck(http.url, 'maintenance mode'), 2000, local)).toMatchObject({
      status: 'down',
      error: 'Expected text not found',
    });
    http.mode = 'error';
    expect(await probeTarget(httpCheck(http.url), 2000, local)).toMatchObject({ status: 'down', error: 'HTTP 500, expected 200' });
    http.mode = 'ok';
  });

  it('gives up on a hanging server at its timeout, and closes its connection', async () => {
    http.mode = 'hang';
    expect(await probeTarget(httpCheck(http.url), 300, local)).toEqual({ status: 'down', responseTimeMs: null, error: 'No response within 300 ms' });
    await expect.poll(() => http.openConnections()).toBe(0);
    http.mode = 'ok';
  });

  it('closes its connection once a check is decided, even when the body never ends', async () => {
    http.mode = 'endless';
    for (const expectedText of [null, 'all good']) {
      expect(await probeTarget(httpCheck(http.url, expectedText), 2000, local)).toMatchObject({ status: 'up', error: null });
      await expect.poll(() => http.openConnections()).toBe(0);
    }
    http.mode = 'ok';
  });
});
