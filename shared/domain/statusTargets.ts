/**
 * Which addresses a status check may reach. The probe runs inside our cloud, so a check target is
 * a server-side request chosen by an admin: it must never reach the cloud's metadata service,
 * link-local or private networks, or (outside the local cloud) this machine itself. Checked when a
 * server is saved and again for every resolved address when the probe connects (DNS rebinding).
 * Pure rules, no I/O.
 */
import { BlockList, isIP } from 'node:net';
import type { ErrorDetail } from '../errors.ts';
import type { CheckInput } from '../schemas/status.ts';

export interface TargetPolicy {
  allowLoopback: boolean;
}

function blockList(ipv4: Array<[string, number]>, ipv6: Array<[string, number]>): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

/** Never reachable, whatever the configuration. */
const forbidden = blockList(
  [
    ['0.0.0.0', 8], // "this network", including 0.0.0.0 which connects to the local machine
    ['169.254.0.0', 16], // link-local, including the EC2/ECS/Lambda metadata and credentials endpoints
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, including the broadcast address
  ],
  [
    ['::', 128], // unspecified
    ['fd00:ec2::254', 128], // EC2 instance metadata over IPv6
    ['fe80::', 10], // link-local
    ['ff00::', 8], // multicast
  ],
);

const loopback = blockList([['127.0.0.0', 8]], [['::1', 128]]);

const privateNetworks = blockList(
  [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['198.18.0.0', 15], // benchmarking
  ],
  [['fc00::', 7]], // unique local
);

export type AddressClass = 'public' | 'loopback' | 'private' | 'forbidden';

/** Classifies an IP literal; IPv4-mapped IPv6 addresses count as their IPv4 address. */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return 'forbidden';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? mappedFromHex(address);
  const [ip, type] = mapped ? [mapped, 'ipv4' as const] : [address, family === 4 ? ('ipv4' as const) : ('ipv6' as const)];
  if (forbidden.check(ip, type)) return 'forbidden';
  if (loopback.check(ip, type)) return 'loopback';
  if (privateNetworks.check(ip, type)) return 'private';
  return 'public';
}

/** `::ffff:7f00:1` (how URLs normalize `[::ffff:127.0.0.1]`) → `127.0.0.1`. */
function mappedFromHex(address: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return undefined;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

export function isAddressAllowed(address: string, policy: TargetPolicy): boolean {
  const addressClass = classifyAddress(address);
  return addressClass === 'public' || (addressClass === 'loopback' && policy.allowLoopback);
}

const hostnamePattern = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/;

/**
 * Why a host (as the WHATWG URL parser normalizes it: lower case, IPv4 in dotted form, IPv6 in
 * brackets) may not be checked, or null when it may. Names are resolved and checked at probe time.
 */
function hostProblem(host: string, policy: TargetPolicy): string | null {
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(literal) !== 0) {
    switch (classifyAddress(literal)) {
      case 'public':
        return null;
      case 'loopback':
        return policy.allowLoopback ? null : 'Loopback addresses are not allowed';
      case 'private':
        return 'Private network addresses are not allowed';
      case 'forbidden':
        return 'Link-local, metadata, unspecified and multicast addresses are not allowed';
    }
  }
  if (!hostnamePattern.test(host)) return 'Not a valid host name';
  const name = host.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return policy.allowLoopback ? null : 'Loopback addresses are not allowed';
  }
  return null;
}

/** A check with its target normalized (URL and host as the probe will use them). */
export type NormalizedCheck =
  | { type: 'http'; url: string; expectedStatus: number; expectedText: string | null }
  | { type: 'tcp'; host: string; port: number };

export type CheckValidation = { ok: true; check: NormalizedCheck } | { ok: false; problems: ErrorDetail[] };

export function validateCheck(input: CheckInput, policy: TargetPolicy, path = 'body.check'): CheckValidation {
  if (input.type === 'http') {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return { ok: false, problems: [{ path: `${path}.url`, message: 'Not a valid URL' }] };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, problems: [{ path: `${path}.url`, message: 'Only http:// and https:// URLs can be checked' }] };
    }
    if (url.username !== '' || url.password !== '') {
      return { ok: false, problems: [{ path: `${path}.url`, message: 'Credentials in the URL are not allowed' }] };
    }
    const problem = hostProblem(url.hostname, policy);
    if (problem) return { ok: false, problems: [{ path: `${path}.url`, message: problem }] };
    url.hash = '';
    return {
      ok: true,
      check: { type: 'http', url: url.href, expectedStatus: input.expectedStatus ?? 200, expectedText: input.expectedText ?? null },
    };
  }
  const host = normalizeHost(input.host);
  const problem = host === null ? 'Not a valid host name or IP address' : hostProblem(host, policy);
  if (problem || host === null) return { ok: false, problems: [{ path: `${path}.host`, message: problem ?? 'Invalid host' }] };
  return { ok: true, check: { type: 'tcp', host: host.startsWith('[') ? host.slice(1, -1) : host, port: input.port } };
}

/** The host as a URL would carry it, so `0x7f.1` and `2130706433` are seen as `127.0.0.1`. */
function normalizeHost(host: string): string | null {
  const bracketed = isIP(host) === 6 ? `[${host}]` : host;
  try {
    const url = new URL(`http://${bracketed}/`);
    if (url.port !== '' || url.username !== '' || url.pathname !== '/' || url.search !== '') return null;
    return url.hostname;
  } catch {
    return null;
  }
}
