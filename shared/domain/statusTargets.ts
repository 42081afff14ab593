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

/**
 * IPv6 prefixes that are only ways of reaching an IPv4 address through a tunnel or translator whose
 * embedded address cannot be read off reliably (NAT64 local use carries it at a network-specific
 * offset, Teredo obfuscates it): refused outright.
 */
const tunnelling = blockList(
  [],
  [
    ['64:ff9b:1::', 48], // NAT64 local use (RFC 8215)
    ['2001::', 32], // Teredo
  ],
);

/**
 * Classifies an IP literal. IPv6 forms that carry an IPv4 address count as that IPv4 address:
 * IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`, IPv4-translated `::ffff:0:0:0/96`, NAT64
 * `64:ff9b::/96` and 6to4 `2002::/16` (so `[::169.254.169.254]` is the metadata service too).
 */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return 'forbidden';
  if (family === 4) return classifyIn(address, 'ipv4');
  const groups = ipv6Groups(address);
  if (!groups) return 'forbidden';
  const plain = groups.map((group) => group.toString(16)).join(':');
  // `::` and `::1` sit in the IPv4-compatible range but are the unspecified and loopback addresses.
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7]! <= 1) return classifyIn(plain, 'ipv6');
  if (tunnelling.check(plain, 'ipv6')) return 'forbidden';
  const embedded = embeddedIpv4(groups);
  return embedded === undefined ? classifyIn(plain, 'ipv6') : classifyIn(embedded, 'ipv4');
}

function classifyIn(ip: string, type: 'ipv4' | 'ipv6'): AddressClass {
  if (forbidden.check(ip, type)) return 'forbidden';
  if (loopback.check(ip, type)) return 'loopback';
  if (privateNetworks.check(ip, type)) return 'private';
  return 'public';
}

/** The eight 16-bit groups of a valid IPv6 literal (a dotted IPv4 tail and a zone id allowed). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2, 6).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

const dottedQuad = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');

/** The IPv4 address an IPv6 address carries, for the forms that carry one at a fixed place. */
function embeddedIpv4(groups: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroUpTo = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (zeroUpTo(5) && g5 === 0xffff) return dottedQuad(g6, g7); // IPv4-mapped ::ffff:a.b.c.d
  if (zeroUpTo(6)) return dottedQuad(g6, g7); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return dottedQuad(g6, g7); // IPv4-translated ::ffff:0:a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return dottedQuad(g6, g7); // NAT64
  if (g0 === 0x2002) return dottedQuad(g1, g2); // 6to4 2002:aabb:ccdd::/48
  return undefined;
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
        return 'Link-local, metadata, unspecified, multicast and tunnelled addresses are not allowed';
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
