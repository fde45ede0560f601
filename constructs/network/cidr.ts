/**
 * IPv4 CIDR arithmetic used both by the environment schema (to reject bad input at synth) and by the VPC
 * construct (to lay out subnets). Pure functions, no Terraform tokens.
 */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefixLength: number;
  /** Number of addresses in the block. */
  readonly size: number;
  /** Canonical text form, e.g. `10.0.0.0/16`. */
  readonly text: string;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Private ranges a VPC or a VPN client range may use (RFC 1918 and the RFC 6598 shared space). */
export const PRIVATE_RANGES: readonly Ipv4Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (text) => mustParseCidr(text),
);

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.');
}

function makeCidr(network: number, prefixLength: number): Ipv4Cidr {
  const size = 2 ** (32 - prefixLength);
  return { network, prefixLength, size, text: `${formatIpv4(network)}/${prefixLength}` };
}

/**
 * Parses `a.b.c.d/n`. Returns `undefined` for anything that is not a canonical network address
 * (octets 0-255, prefix 0-32, no host bits set).
 */
export function parseCidr(text: unknown): Ipv4Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const hostBits = prefixLength === 32 ? 0 : 2 ** (32 - prefixLength) - 1;
  if ((address & hostBits) >>> 0 !== 0) return undefined;
  return makeCidr(address, prefixLength);
}

/** Describes why {@link parseCidr} rejected a value, for error messages. */
export function explainInvalidCidr(text: unknown): string {
  if (typeof text !== 'string') return 'expected a string in CIDR notation a.b.c.d/n';
  const match = CIDR_PATTERN.exec(text);
  if (!match) return 'expected CIDR notation a.b.c.d/n';
  if (match.slice(1, 5).some((o) => Number(o) > 255)) return 'each octet must be 0-255';
  const prefixLength = Number(match[5]);
  if (prefixLength > 32) return 'the prefix length must be 0-32';
  const octets = match.slice(1, 5).map(Number);
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & ~(2 ** (32 - prefixLength) - 1)) >>> 0;
  return `host bits are set; the network address is ${formatIpv4(network)}/${prefixLength}`;
}

export function mustParseCidr(text: string): Ipv4Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`invalid CIDR "${text}": ${explainInvalidCidr(text)}`);
  return cidr;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidrContains(range, cidr));
}

/** The block of `prefixLength` starting `offset` addresses into `parent` (offset must be aligned). */
export function subBlock(parent: Ipv4Cidr, offset: number, prefixLength: number): Ipv4Cidr {
  return makeCidr((parent.network + offset) >>> 0, prefixLength);
}
