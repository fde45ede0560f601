import { parseCidr } from '../../../constructs/network/cidr';
import { azSlot, layoutProblems, planSubnets, requiredAddresses } from '../../../constructs/network/subnet-layout';

describe('subnet layout', () => {
  it('gives each AZ the slot of its letter in every tier block', () => {
    expect(planSubnets('10.10.0.0/16', ['eu-west-1a', 'eu-west-1c'])).toEqual({
      'eu-west-1a': { private: '10.10.0.0/20', public: '10.10.96.0/24', isolated: '10.10.102.0/24' },
      'eu-west-1c': { private: '10.10.32.0/20', public: '10.10.98.0/24', isolated: '10.10.104.0/24' },
    });
  });

  it('keeps existing subnets unchanged when an AZ is added, removed or reordered', () => {
    const before = planSubnets('10.20.0.0/16', ['eu-west-1a', 'eu-west-1b']);
    const after = planSubnets('10.20.0.0/16', ['eu-west-1c', 'eu-west-1b', 'eu-west-1a']);
    expect(after['eu-west-1a']).toEqual(before['eu-west-1a']);
    expect(after['eu-west-1b']).toEqual(before['eu-west-1b']);
    expect(planSubnets('10.20.0.0/16', ['eu-west-1b'])['eu-west-1b']).toEqual(before['eu-west-1b']);
  });

  it('never produces overlapping subnets, even with all six slots', () => {
    const layout = planSubnets('10.0.0.0/16', ['x-1a', 'x-1b', 'x-1c', 'x-1d', 'x-1e', 'x-1f'], { private: 19, public: 24, isolated: 23 });
    const blocks = Object.values(layout).flatMap((tiers) => Object.values(tiers).map((text) => parseCidr(text)!));
    for (const [i, a] of blocks.entries()) {
      for (const b of blocks.slice(i + 1)) expect(a.network + a.size <= b.network || b.network + b.size <= a.network).toBe(true);
    }
  });

  it('counts the addresses a layout needs and explains when it does not fit', () => {
    expect(requiredAddresses({ private: 20, public: 24, isolated: 24 })).toBe(6 * 4096 + 6 * 256 + 6 * 256);
    expect(layoutProblems(parseCidr('10.0.0.0/17')!, { private: 20, public: 24, isolated: 24 })).toEqual([]);
    expect(layoutProblems(parseCidr('10.0.0.0/18')!, { private: 20, public: 24, isolated: 24 })).toEqual([
      'subnets (private /20, public /24, isolated /24) x 6 AZ slots need 27648 addresses but 10.0.0.0/18 has 16384; use a larger VPC CIDR or smaller subnets',
    ]);
    expect(layoutProblems(parseCidr('10.0.0.0/24')!, { private: 24, public: 29, isolated: 28 })).toEqual([
      'private subnets /24 must be smaller than the VPC /24 and at most /28',
      'public subnets /29 must be smaller than the VPC /24 and at most /28',
    ]);
  });

  it('maps AZ letters a-f to slots 0-5 and rejects anything else', () => {
    expect(['us-east-1a', 'us-east-1f', 'us-east-1g', 'us-east-1'].map(azSlot)).toEqual([0, 5, undefined, undefined]);
    expect(() => planSubnets('10.0.0.0/16', ['us-east-1g'])).toThrow('availability zone "us-east-1g": expected a name ending in a letter a-f');
    expect(() => planSubnets('10.0.0.0/20', ['us-east-1a'])).toThrow('subnet layout of 10.0.0.0/20: private subnets /20 must be smaller than the VPC /20 and at most /28');
  });
});
