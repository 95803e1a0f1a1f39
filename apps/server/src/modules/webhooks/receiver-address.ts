import net from 'node:net';

/**
 * Which webhook receivers are "inside": the one decision behind the SSRF guard (a refused
 * connection) and behind keeping internal services' answers out of the delivery log.
 *
 * Addresses are compared as bytes against prefixes, per family. (node's net.BlockList was used
 * before: it checks an IPv4 address against IPv6 rules as ::ffff:a.b.c.d, so the rule for
 * IPv4-mapped addresses matched every IPv4 address, public ones included.) An IPv6 address
 * that carries an IPv4 address (mapped, NAT64, 6to4) is judged by the IPv4 address it
 * carries, so `::ffff:127.0.0.1` is loopback and `::ffff:8.8.8.8` is public.
 */
type Prefix = readonly [network: number[], bits: number, why: string];

const IPV4_INSIDE: readonly Prefix[] = [
  [[0, 0, 0, 0], 8, '"this network" (0.0.0.0/8)'],
  [[10, 0, 0, 0], 8, 'private (10.0.0.0/8)'],
  [[100, 64, 0, 0], 10, 'carrier-grade NAT (100.64.0.0/10)'],
  [[127, 0, 0, 0], 8, 'loopback (127.0.0.0/8)'],
  [[169, 254, 0, 0], 16, 'link-local (169.254.0.0/16)'],
  [[172, 16, 0, 0], 12, 'private (172.16.0.0/12)'],
  [[192, 0, 0, 0], 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [[192, 0, 2, 0], 24, 'documentation (192.0.2.0/24)'],
  [[192, 168, 0, 0], 16, 'private (192.168.0.0/16)'],
  [[198, 18, 0, 0], 15, 'benchmarking (198.18.0.0/15)'],
  [[198, 51, 100, 0], 24, 'documentation (198.51.100.0/24)'],
  [[203, 0, 113, 0], 24, 'documentation (203.0.113.0/24)'],
  [[224, 0, 0, 0], 4, 'multicast (224.0.0.0/4)'],
  // Reserved; its last address is the limited broadcast 255.255.255.255.
  [[240, 0, 0, 0], 4, 'reserved or broadcast (240.0.0.0/4)'],
];

const IPV6_INSIDE: readonly Prefix[] = [
  // Covers the unspecified address ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  [[], 96, 'unspecified, loopback or IPv4-compatible (::/96)'],
  [[0x01, 0x00], 64, 'discard-only (100::/64)'],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'local-use NAT64 (64:ff9b:1::/48)'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation (2001:db8::/32)'],
  [[0x3f, 0xff], 20, 'documentation (3fff::/20)'],
  [[0xfc], 7, 'unique-local (fc00::/7)'],
  [[0xfe, 0x80], 10, 'link-local (fe80::/10)'],
  [[0xfe, 0xc0], 10, 'site-local (fec0::/10)'],
  [[0xff], 8, 'multicast (ff00::/8)'],
];

function matches(bytes: number[], [network, bits]: Prefix): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3]! & mask) !== ((network[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

const ipv4Bytes = (address: string): number[] => address.split('.').map(Number);

/** 16 bytes of an IPv6 address (a trailing dotted IPv4 part allowed; the caller checked it with net.isIPv6). */
function ipv6Bytes(address: string): number[] {
  // A dotted tail (::ffff:1.2.3.4) is the last two groups written in decimal.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, tail] = text.split('::') as [string, string | undefined];
  const front = groups(head);
  const back = groups(tail);
  const words = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

/** The IPv4 address an IPv6 address carries, when it is one of the forms that route to IPv4. */
function embeddedIpv4(bytes: number[]): number[] | undefined {
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const isNat64 = matches(bytes, [[0x00, 0x64, 0xff, 0x9b], 96, '']);
  if (isMapped || isNat64) return bytes.slice(12, 16);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6); // 6to4 (2002::/16)
  return undefined;
}

/**
 * Why an address is not a public receiver ("loopback (127.0.0.0/8)"), or undefined when it is
 * public. Anything that is not an IP address is refused: the guard only ever asks about the
 * address a connection is about to use.
 */
export function insideReason(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (net.isIPv4(ip)) return IPV4_INSIDE.find((prefix) => matches(ipv4Bytes(ip), prefix))?.[2];
  if (!net.isIPv6(ip)) return 'not an IP address';
  const bytes = ipv6Bytes(ip);
  const ipv4 = embeddedIpv4(bytes);
  if (ipv4) return IPV4_INSIDE.find((prefix) => matches(ipv4, prefix))?.[2];
  return IPV6_INSIDE.find((prefix) => matches(bytes, prefix))?.[2];
}

/** True for loopback, private, link-local, CGNAT, unique-local, multicast, documentation and the like. */
export const isPrivateAddress = (address: string): boolean => insideReason(address) !== undefined;
