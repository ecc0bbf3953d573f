import { blocksOverlap, canonicalBlock, firstHostAddress } from '../../../constructs/validation/ipv4-cidr';

describe('IPv4 blocks', () => {
  it.each([
    ['172.28.30.0/24', '172.28.30.1'],
    ['10.0.0.0/8', '10.0.0.1'],
    ['192.168.7.64/26', '192.168.7.65'],
    ['255.255.255.0/24', '255.255.255.1'],
  ])('puts the gateway of %s at %s', (cidr, gateway) => {
    expect(firstHostAddress(cidr)).toBe(gateway);
  });

  it.each([
    ['172.28.10.5/24', '172.28.10.0/24'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.168.7.70/26', '192.168.7.64/26'],
    ['172.28.10.0/24', '172.28.10.0/24'],
  ])('writes %s as %s', (cidr, canonical) => {
    expect(canonicalBlock(cidr)).toBe(canonical);
  });

  it.each([
    ['172.28.10.0/24', '172.28.20.0/24', false],
    ['172.28.10.0/24', '172.28.0.0/16', true],
    ['172.28.0.0/16', '172.28.255.0/24', true],
    ['172.17.0.0/16', '172.18.0.0/16', false],
    ['192.168.7.0/25', '192.168.7.128/25', false],
    ['10.0.0.0/8', '10.255.255.0/29', true],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(blocksOverlap(a, b)).toBe(overlap);
    expect(blocksOverlap(b, a)).toBe(overlap);
  });
});
