/** An IPv4 CIDR block as numbers, for the checks Docker would otherwise make at apply time. */
export interface Ipv4Block {
  /** The address as written, as a 32-bit unsigned number. */
  readonly address: number;
  readonly prefix: number;
}

export function parseIpv4Block(cidr: string): Ipv4Block {
  // split yields at least one element: the address is always there, if only as ''.
  const [address, prefix] = cidr.split('/');
  const octets = address!.split('.').map(Number);
  return { address: octets.reduce((value, octet) => value * 256 + octet, 0), prefix: Number(prefix) };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function networkAddress(block: Ipv4Block): number {
  return (block.address & mask(block.prefix)) >>> 0;
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

/** The block as Docker wants it written, host bits zero: `172.28.10.0/24` for `172.28.10.5/24`. */
export function canonicalBlock(cidr: string): string {
  const block = parseIpv4Block(cidr);
  return `${formatIpv4(networkAddress(block))}/${block.prefix}`;
}

/** The first host address: where Docker puts a bridge network's gateway. */
export function firstHostAddress(cidr: string): string {
  return formatIpv4(networkAddress(parseIpv4Block(cidr)) + 1);
}

export function blocksOverlap(a: string, b: string): boolean {
  const first = parseIpv4Block(a);
  const second = parseIpv4Block(b);
  const common = mask(Math.min(first.prefix, second.prefix));
  return ((first.address & common) >>> 0) === ((second.address & common) >>> 0);
}
