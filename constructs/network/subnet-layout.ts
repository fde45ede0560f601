import { type Ipv4Cidr, mustParseCidr, subBlock } from './cidr';

/**
 * Deterministic subnet layout of a VPC.
 *
 * Every tier (private, public, isolated) owns a contiguous block of {@link AZ_SLOTS} equally sized subnets, and an
 * availability zone always gets the slot of its letter (`a` = 0 ... `f` = 5). A subnet's CIDR therefore depends
 * only on the VPC CIDR, the tier sizes and the AZ's own name: adding, removing or reordering AZs in the config never
 * changes the CIDR (or the Terraform address, which is keyed by AZ name) of any other subnet.
 */

export const SUBNET_TIERS = ['private', 'public', 'isolated'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** AWS regions have at most six AZs (letters a-f); every tier reserves one slot per possible letter. */
export const AZ_SLOTS = 6;
export const AZ_LETTERS = 'abcdef';

export type SubnetPrefixLengths = Readonly<Record<SubnetTier, number>>;

export const DEFAULT_SUBNET_PREFIX_LENGTHS: SubnetPrefixLengths = { private: 20, public: 24, isolated: 24 };

export type SubnetLayout = Readonly<Record<string, Readonly<Record<SubnetTier, string>>>>;

/** Slot of an AZ name such as `eu-west-1b` (1), or `undefined` if its last letter is not a-f. */
export function azSlot(availabilityZone: string): number | undefined {
  const index = AZ_LETTERS.indexOf(availabilityZone.slice(-1));
  return /[a-z]$/.test(availabilityZone) && index >= 0 ? index : undefined;
}

/** Addresses a layout needs: {@link AZ_SLOTS} subnets per tier, each tier block aligned to its subnet size. */
export function requiredAddresses(prefixLengths: SubnetPrefixLengths): number {
  return tierOffsets(prefixLengths).end;
}

function tierOffsets(prefixLengths: SubnetPrefixLengths): { offsets: Record<SubnetTier, number>; end: number } {
  // Largest subnets first so that every tier block starts aligned to its own subnet size.
  const ordered = [...SUBNET_TIERS].sort((a, b) => prefixLengths[a] - prefixLengths[b]);
  const offsets = {} as Record<SubnetTier, number>;
  let cursor = 0;
  for (const tier of ordered) {
    const size = 2 ** (32 - prefixLengths[tier]);
    cursor = Math.ceil(cursor / size) * size;
    offsets[tier] = cursor;
    cursor += size * AZ_SLOTS;
  }
  return { offsets, end: cursor };
}

/** Problems that make a layout impossible, as sentences; empty when the layout fits. */
export function layoutProblems(vpc: Ipv4Cidr, prefixLengths: SubnetPrefixLengths): string[] {
  const problems: string[] = [];
  for (const tier of SUBNET_TIERS) {
    const length = prefixLengths[tier];
    if (length <= vpc.prefixLength || length > 28) {
      problems.push(`${tier} subnets /${length} must be smaller than the VPC /${vpc.prefixLength} and at most /28`);
    }
  }
  if (problems.length === 0) {
    const needed = requiredAddresses(prefixLengths);
    if (needed > vpc.size) {
      const sizes = SUBNET_TIERS.map((t) => `${t} /${prefixLengths[t]}`).join(', ');
      problems.push(
        `subnets (${sizes}) x ${AZ_SLOTS} AZ slots need ${needed} addresses but ${vpc.text} has ${vpc.size}; ` +
          'use a larger VPC CIDR or smaller subnets',
      );
    }
  }
  return problems;
}

/**
 * Subnet CIDRs per AZ and tier. Throws if the layout does not fit: the environment schema reports that case with
 * the environment and field first, so a construct only sees it when used directly with bad props.
 */
export function planSubnets(
  vpcCidr: string,
  availabilityZones: readonly string[],
  prefixLengths: SubnetPrefixLengths = DEFAULT_SUBNET_PREFIX_LENGTHS,
): SubnetLayout {
  const vpc = mustParseCidr(vpcCidr);
  const problems = layoutProblems(vpc, prefixLengths);
  if (problems.length > 0) throw new Error(`subnet layout of ${vpcCidr}: ${problems.join('; ')}`);
  const { offsets } = tierOffsets(prefixLengths);
  const layout: Record<string, Record<SubnetTier, string>> = {};
  for (const az of availabilityZones) {
    const slot = azSlot(az);
    if (slot === undefined) throw new Error(`availability zone "${az}": expected a name ending in a letter a-f`);
    const subnets = {} as Record<SubnetTier, string>;
    for (const tier of SUBNET_TIERS) {
      const size = 2 ** (32 - prefixLengths[tier]);
      subnets[tier] = subBlock(vpc, offsets[tier] + slot * size, prefixLengths[tier]).text;
    }
    layout[az] = subnets;
  }
  return layout;
}
