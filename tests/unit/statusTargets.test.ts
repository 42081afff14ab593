import { describe, expect, it } from 'vitest';
import { classifyAddress, isAddressAllowed, validateCheck } from '../../shared/domain/statusTargets.ts';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };
const http = (url: string) => ({ type: 'http' as const, url });
const tcp = (host: string, port = 443) => ({ type: 'tcp' as const, host, port });

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'forbidden'],
    ['169.254.0.1', 'forbidden'],
    ['fd00:ec2::254', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['::', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('sees through IPv4-mapped IPv6, in dotted and in hex form', () => {
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('forbidden');
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('forbidden');
    expect(classifyAddress('::ffff:7f00:1')).toBe('loopback');
    expect(classifyAddress('::ffff:0808:0808')).toBe('public');
  });

  it.each([
    ['IPv4-compatible ::/96, dotted', '::169.254.169.254', 'forbidden'],
    ['IPv4-compatible ::/96, hex', '::a9fe:a9fe', 'forbidden'],
    ['IPv4-compatible ::/96, private', '::10.0.0.1', 'private'],
    ['NAT64 64:ff9b::/96, dotted', '64:ff9b::169.254.169.254', 'forbidden'],
    ['NAT64 64:ff9b::/96, hex', '64:ff9b::a9fe:a9fe', 'forbidden'],
    ['NAT64 64:ff9b::/96, private', '64:ff9b::c0a8:101', 'private'],
    ['NAT64 64:ff9b::/96, public', '64:ff9b::808:808', 'public'],
    ['6to4 2002::/16', '2002:a9fe:a9fe::', 'forbidden'],
    ['6to4 2002::/16 with a host part', '2002:a9fe:a9fe:1::1', 'forbidden'],
    ['6to4 2002::/16, loopback', '2002:7f00:1::', 'loopback'],
    ['6to4 2002::/16, public', '2002:808:808::1', 'public'],
    ['IPv4-translated ::ffff:0:0:0/96, hex', '::ffff:0:a9fe:a9fe', 'forbidden'],
    ['IPv4-translated ::ffff:0:0:0/96, dotted', '::ffff:0:169.254.169.254', 'forbidden'],
    ['NAT64 local use 64:ff9b:1::/48, even with a public address', '64:ff9b:1::808:808', 'forbidden'],
    ['NAT64 local use 64:ff9b:1::/48', '64:ff9b:1:a9fe:a9fe::', 'forbidden'],
    ['Teredo 2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'forbidden'],
    ['Teredo 2001::/32, short form', '2001::a9fe:a9fe', 'forbidden'],
  ])('classifies %s (%s) by the IPv4 address it carries: %s', (_form, address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('keeps :: and ::1 (inside ::/96) as the unspecified and loopback addresses, and other IPv6 as is', () => {
    expect(classifyAddress('::')).toBe('forbidden');
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('0:0:0:0:0:0:0:1')).toBe('loopback');
    expect(classifyAddress('2001:db8::1')).toBe('public'); // documentation range, not Teredo (2001:0::/32)
    expect(classifyAddress('2001:4860:4860::8888')).toBe('public');
    expect(classifyAddress('64:ff9a::a9fe:a9fe')).toBe('public');
  });

  it('allows loopback only when the policy does, and never private or link-local', () => {
    expect(isAddressAllowed('127.0.0.1', strict)).toBe(false);
    expect(isAddressAllowed('127.0.0.1', local)).toBe(true);
    expect(isAddressAllowed('10.0.0.1', local)).toBe(false);
    expect(isAddressAllowed('169.254.169.254', local)).toBe(false);
    expect(isAddressAllowed('not-an-ip', local)).toBe(false);
    expect(isAddressAllowed('93.184.215.14', strict)).toBe(true);
  });
});

describe('validateCheck', () => {
  const problem = (result: ReturnType<typeof validateCheck>) => (result.ok ? null : result.problems[0]);

  it('accepts public http(s) URLs and fills in the expected status', () => {
    expect(validateCheck(http('https://status.example.com/health#x'), strict)).toEqual({
      ok: true,
      check: { type: 'http', url: 'https://status.example.com/health', expectedStatus: 200, expectedText: null },
    });
  });

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'gopher://example.com', 'javascript:alert(1)', 'not a url'])(
    'rejects %s (not http or https)',
    (url) => {
      expect(problem(validateCheck(http(url), local))).toMatchObject({ path: 'body.check.url' });
    },
  );

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://0.0.0.0:8080/',
    'http://[::ffff:169.254.169.254]/',
    'http://0xa9fea9fe/', // 169.254.169.254 written as one hex number
    'http://10.0.0.5/',
    'http://192.168.0.1/',
    'http://[fe80::1]/',
    'http://[::169.254.169.254]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[64:ff9b:1::a9fe:a9fe]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  ])('rejects %s even where loopback is allowed', (url) => {
    expect(validateCheck(http(url), local).ok).toBe(false);
  });

  it.each(['http://127.0.0.1:8080/', 'http://localhost/', 'http://[::1]/', 'http://2130706433/', 'http://app.localhost/'])(
    'rejects loopback %s unless configuration allows it',
    (url) => {
      expect(validateCheck(http(url), strict).ok).toBe(false);
      expect(validateCheck(http(url), local).ok).toBe(true);
    },
  );

  it('rejects credentials in the URL', () => {
    expect(problem(validateCheck(http('https://user:secret@example.com/'), strict))?.message).toMatch(/Credentials/);
  });

  it('normalizes TCP hosts the way the URL parser does, so odd IPv4 spellings cannot slip through', () => {
    expect(validateCheck(tcp('0x7f.1'), strict).ok).toBe(false);
    expect(validateCheck(tcp('0x7f.1'), local)).toEqual({ ok: true, check: { type: 'tcp', host: '127.0.0.1', port: 443 } });
    expect(validateCheck(tcp('169.254.169.254'), local).ok).toBe(false);
    expect(validateCheck(tcp('fd00:ec2::254'), local).ok).toBe(false);
    expect(validateCheck(tcp('::169.254.169.254'), local).ok).toBe(false);
    expect(validateCheck(tcp('64:ff9b::a9fe:a9fe'), local).ok).toBe(false);
    expect(validateCheck(tcp('2002:a9fe:a9fe::'), local).ok).toBe(false);
    expect(validateCheck(tcp('::ffff:0:169.254.169.254'), local).ok).toBe(false);
    expect(validateCheck(tcp('::1'), local)).toEqual({ ok: true, check: { type: 'tcp', host: '::1', port: 443 } });
    expect(validateCheck(tcp('mail.example.com', 25), strict)).toEqual({ ok: true, check: { type: 'tcp', host: 'mail.example.com', port: 25 } });
  });

  it.each(['example.com/path', 'user@example.com', 'example.com:25', 'exa mple.com', ''])('rejects the TCP host %j', (host) => {
    expect(problem(validateCheck(tcp(host), local))).toMatchObject({ path: 'body.check.host' });
  });
});
