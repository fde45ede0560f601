import { cidrContains, cidrsOverlap, explainInvalidCidr, isPrivateCidr, mustParseCidr, parseCidr } from '../../../constructs/network/cidr';

describe('cidr', () => {
  it('parses a canonical network address', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ network: (10 << 24) + (20 << 16), prefixLength: 16, size: 65536, text: '10.20.0.0/16' });
    expect(parseCidr('0.0.0.0/0')?.size).toBe(2 ** 32);
    expect(parseCidr('192.168.1.7/32')?.size).toBe(1);
  });

  it.each([
    ['10.0.0.0', 'expected CIDR notation a.b.c.d/n'],
    ['10.0.0.256/24', 'each octet must be 0-255'],
    ['10.0.0.0/40', 'the prefix length must be 0-32'],
    ['10.0.1.0/16', 'host bits are set; the network address is 10.0.0.0/16'],
    [42, 'expected a string in CIDR notation a.b.c.d/n'],
  ])('rejects %p: %s', (text, explanation) => {
    expect(parseCidr(text)).toBeUndefined();
    expect(explainInvalidCidr(text)).toBe(explanation);
  });

  it('fails when asked to parse an invalid CIDR strictly', () => {
    expect(() => mustParseCidr('10.0.1.0/16')).toThrow('invalid CIDR "10.0.1.0/16": host bits are set; the network address is 10.0.0.0/16');
  });

  it('detects overlap and containment', () => {
    const vpc = mustParseCidr('10.10.0.0/16');
    expect(cidrsOverlap(vpc, mustParseCidr('10.10.255.0/24'))).toBe(true);
    expect(cidrsOverlap(vpc, mustParseCidr('10.11.0.0/16'))).toBe(false);
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/8'), vpc)).toBe(true);
    expect(cidrContains(vpc, mustParseCidr('10.10.4.0/22'))).toBe(true);
    expect(cidrContains(vpc, mustParseCidr('10.0.0.0/8'))).toBe(false);
  });

  it('knows the private ranges', () => {
    expect(isPrivateCidr(mustParseCidr('172.31.0.0/16'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('100.64.0.0/16'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('172.32.0.0/16'))).toBe(false);
    expect(isPrivateCidr(mustParseCidr('8.8.8.0/24'))).toBe(false);
  });
});
