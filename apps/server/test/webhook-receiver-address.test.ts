import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insideReason, isPrivateAddress } from '../src/modules/webhooks/receiver-address.ts';

/**
 * The SSRF guard's decision, as data. Pure: no address here is ever connected to.
 * (Issue 12: the guard once refused every IPv4 address, public ones included.)
 */
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '100.63.255.255', // just below CGNAT
  '100.128.0.0', // just above CGNAT
  '172.15.255.255', // just below 172.16/12
  '172.32.0.0', // just above it
  '192.167.255.255',
  '192.169.0.0',
  '169.253.255.255',
  '11.0.0.1',
  '126.255.255.255',
  '128.0.0.1',
  '223.255.255.255', // the last unicast address before multicast
  '198.17.255.255',
  '198.20.0.0',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:81b::200e',
  '[2606:4700:4700::1111]', // as a URL writes it
  '::ffff:8.8.8.8', // IPv4-mapped: judged by the IPv4 address
  '::ffff:808:808', // the same, in hex
  '0:0:0:0:0:ffff:0808:0808',
  '64:ff9b::8.8.8.8', // NAT64 of a public address
  '2002:0808:0808::1', // 6to4 of a public address
  'fbff:ffff::1', // just below fc00::/7
  'fe00::1', // between fc00::/7 and fe80::/10
];

const INSIDE: [string, RegExp][] = [
  ['0.0.0.0', /this network/],
  ['0.1.2.3', /this network/],
  ['10.0.0.1', /private/],
  ['10.255.255.255', /private/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.255', /carrier-grade NAT/],
  ['127.0.0.1', /loopback/],
  ['127.255.255.254', /loopback/],
  ['169.254.169.254', /link-local/], // cloud metadata
  ['172.16.0.1', /private/],
  ['172.31.255.255', /private/],
  ['192.0.0.8', /IETF/],
  ['192.0.2.10', /documentation/],
  ['192.168.1.5', /private/],
  ['198.18.0.1', /benchmarking/],
  ['198.51.100.7', /documentation/],
  ['203.0.113.9', /documentation/],
  ['224.0.0.1', /multicast/],
  ['239.255.255.250', /multicast/],
  ['240.0.0.1', /reserved/],
  ['255.255.255.255', /broadcast/],
  ['::', /unspecified/],
  ['::1', /loopback/],
  ['[::1]', /loopback/],
  ['0:0:0:0:0:0:0:1', /loopback/],
  ['::7f00:1', /IPv4-compatible/],
  ['::ffff:127.0.0.1', /loopback/], // mapped loopback
  ['::ffff:7f00:1', /loopback/],
  ['::ffff:10.1.2.3', /private/],
  ['::ffff:169.254.169.254', /link-local/],
  ['::ffff:0.0.0.0', /this network/],
  ['64:ff9b::127.0.0.1', /loopback/], // NAT64 of loopback
  ['64:ff9b::a00:1', /private/],
  ['64:ff9b:1::1', /NAT64/],
  ['2002:7f00:0001::1', /loopback/], // 6to4 of loopback
  ['2002:c0a8:0105::', /private/],
  ['100::1', /discard/],
  ['2001:db8::1', /documentation/],
  ['3fff::1', /documentation/],
  ['fc00::1', /unique-local/],
  ['fd12:3456:789a::1', /unique-local/],
  ['fe80::1', /link-local/],
  ['fe80::1%eth0', /link-local/], // with a zone
  ['febf:ffff::1', /link-local/],
  ['fec0::1', /site-local/],
  ['ff02::1', /multicast/],
  ['localhost', /not an IP address/],
  ['example.com', /not an IP address/],
  ['', /not an IP address/],
];

describe('webhook receiver addresses: public or inside', () => {
  test('public IPv4 and IPv6 addresses (and IPv6 forms carrying a public IPv4) are allowed', () => {
    const refused = PUBLIC.filter((address) => isPrivateAddress(address)).map((address) => `${address}: ${insideReason(address)}`);
    assert.deepEqual(refused, []);
  });

  test('loopback, private, link-local, CGNAT, unique-local, unspecified, multicast, broadcast, documentation and 0.0.0.0/8 are refused, each with its reason', () => {
    const wrong = INSIDE.filter(([address, reason]) => !reason.test(insideReason(address) ?? 'allowed')).map(([address]) => `${address}: ${insideReason(address) ?? 'allowed'}`);
    assert.deepEqual(wrong, []);
  });
});
