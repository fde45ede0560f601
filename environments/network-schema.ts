import { z } from 'zod';
import { cidrsOverlap, explainInvalidCidr, isPrivateCidr, parseCidr } from '../constructs/network/cidr';
import {
  DEFAULT_SUBNET_PREFIX_LENGTHS,
  type SubnetPrefixLengths,
  layoutProblems,
} from '../constructs/network/subnet-layout';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../constructs/observability/log-retention';
import { type AwsRegion, availabilityZonesOf } from './aws-regions';
import { type ProblemSink } from './problems';


export const INTERFACE_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'sts',
  'logs',
  'kms',
  'ec2',
  'elasticloadbalancing',
  'autoscaling',
  'ssm',
] as const;
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;
export const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'kms'] as const;
export const DEFAULT_GATEWAY_ENDPOINTS = ['s3'] as const;

export const VPC_PREFIX_RANGE = { min: 16, max: 24 } as const;
export const VPN_CLIENT_PREFIX_RANGE = { min: 12, max: 22 } as const;
export const AZ_COUNT_RANGE = { min: 2, max: 3 } as const;

const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, { error: (issue) => `not a valid IPv4 CIDR: ${explainInvalidCidr(issue.input)}` })
  .meta({ examples: ['10.10.0.0/16'] });

const prefixLength = z
  .number()
  .int()
  .min(16, { error: 'expected a subnet prefix length from 16 to 28' })
  .max(28, { error: 'expected a subnet prefix length from 16 to 28' });

/** A CloudWatch Logs retention value; every log retention field of the schema uses it. */
export const logRetentionDays = z.number().refine(isLogRetentionDays, { error: LOG_RETENTION_EXPECTATION });

function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).refine((list) => new Set(list).size === list.length, { error: `${what} must not repeat` });
}

export const networkSchema = z.strictObject({
  /** AZ names in the environment's region, 2 to 3 of them. */
  availabilityZones: uniqueList(z.string().meta({ examples: ['eu-west-1a'] }), 'availability zones')
    .min(AZ_COUNT_RANGE.min, { error: `expected ${AZ_COUNT_RANGE.min}-${AZ_COUNT_RANGE.max} availability zones` })
    .max(AZ_COUNT_RANGE.max, { error: `expected ${AZ_COUNT_RANGE.min}-${AZ_COUNT_RANGE.max} availability zones` }),
  /** `single`: one NAT gateway for the VPC (dev only); `one-per-az`: a NAT gateway in every AZ. */
  natGateways: z.enum(['single', 'one-per-az'], { error: 'expected "single" or "one-per-az"' }),
  vpcs: z.strictObject({
    tooling: z.strictObject({ cidr }),
    application: z.strictObject({ cidr }),
  }),
  /** Subnet sizes per tier. @default private /20, public /24, isolated /24 */
  subnetPrefixLengths: z
    .strictObject({ private: prefixLength, public: prefixLength, isolated: prefixLength })
    .partial()
    .optional(),
  /** Address range handed to AWS Client VPN clients (/12 to /22, no overlap with either VPC). */
  vpnClientCidr: cidr,
  flowLogs: z.strictObject({
    retentionDays: logRetentionDays,
    /** Rejected flow-log records per period above which the alarm fires. @default 100 */
    rejectedRecordsThreshold: z.number().int().positive({ error: 'expected a positive whole number' }).default(100),
    /** @default 300 */
    alarmPeriodSeconds: z.union([z.literal(60), z.literal(300), z.literal(900), z.literal(3600)], {
      error: 'expected 60, 300, 900 or 3600 seconds',
    }).default(300),
  }),
  endpoints: z
    .strictObject({
      interface: uniqueList(
        z.enum(INTERFACE_ENDPOINT_SERVICES, { error: `expected one of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}` }),
        'interface endpoints',
      ).default([...DEFAULT_INTERFACE_ENDPOINTS]),
      gateway: uniqueList(
        z.enum(GATEWAY_ENDPOINT_SERVICES, { error: `expected one of ${GATEWAY_ENDPOINT_SERVICES.join(', ')}` }),
        'gateway endpoints',
      ).default([...DEFAULT_GATEWAY_ENDPOINTS]),
    })
    .default({ interface: [...DEFAULT_INTERFACE_ENDPOINTS], gateway: [...DEFAULT_GATEWAY_ENDPOINTS] }),
});

export type NetworkInput = z.input<typeof networkSchema>;
export type NetworkConfig = z.output<typeof networkSchema>;

/** Minimum retention of every log group, per tier. */
export const MIN_LOG_RETENTION_DAYS = { dev: 7, staging: 90, prod: 365 } as const;

/** Reports `retention` below the tier minimum, e.g. `the prod tier keeps flow logs at least 365 days`. */
export function checkMinimumLogRetention(sink: ProblemSink, path: string, retention: unknown, tier: unknown, what: string): void {
  const minimum = MIN_LOG_RETENTION_DAYS[tier as keyof typeof MIN_LOG_RETENTION_DAYS];
  if (typeof retention === 'number' && minimum !== undefined && retention < minimum) {
    sink.add(path, `the ${String(tier)} tier keeps ${what} at least ${minimum} days`, retention);
  }
}

interface NetworkContext {
  /** The environment's region when it is a known one; AZ names are only checked against a known region. */
  readonly region: AwsRegion | undefined;
  readonly tier: unknown;
}

/**
 * Cross-field rules zod cannot express per field. Runs on the raw input (even when other fields are invalid) so
 * that one run reports every problem; values that did not parse are skipped here, their own error covers them.
 */
export function checkNetwork(raw: Partial<NetworkInput> | undefined, ctx: NetworkContext, sink: ProblemSink): void {
  if (!raw) return;
  const azs = Array.isArray(raw.availabilityZones) ? raw.availabilityZones : [];
  const region = ctx.region;
  if (region !== undefined) {
    const known = availabilityZonesOf(region);
    azs.forEach((az, i) => {
      if (typeof az === 'string' && !known.includes(az)) {
        const where = az.startsWith(`${region}`) ? 'does not exist in' : 'is not an AZ of';
        sink.add(`network.availabilityZones[${i}]`, `${where} region ${region}; expected one of ${known.join(', ')}`, az);
      }
    });
  }

  if (raw.natGateways === 'single' && ctx.tier !== 'dev' && typeof ctx.tier === 'string') {
    sink.add('network.natGateways', `a single NAT gateway is allowed only in the dev tier; ${String(ctx.tier)} needs "one-per-az"`, raw.natGateways);
  }

  const prefixes: SubnetPrefixLengths = { ...DEFAULT_SUBNET_PREFIX_LENGTHS, ...(raw.subnetPrefixLengths ?? {}) };
  const vpcs = [
    ['tooling', raw.vpcs?.tooling?.cidr],
    ['application', raw.vpcs?.application?.cidr],
  ] as const;
  const parsedVpcs = vpcs.map(([name, text]) => ({ name, text, cidr: parseCidr(text) }));
  for (const { name, text, cidr: block } of parsedVpcs) {
    if (!block) continue;
    const path = `network.vpcs.${name}.cidr`;
    if (block.prefixLength < VPC_PREFIX_RANGE.min || block.prefixLength > VPC_PREFIX_RANGE.max) {
      sink.add(path, `expected a VPC prefix length from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`, text);
    } else if (!isPrivateCidr(block)) {
      sink.add(path, 'expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)', text);
    } else if (Object.values(prefixes).every((p) => Number.isInteger(p))) {
      for (const problem of layoutProblems(block, prefixes)) sink.add('network.subnetPrefixLengths', `${name} VPC: ${problem}`, prefixes);
    }
  }
  const [tooling, application] = parsedVpcs;
  if (tooling.cidr && application.cidr && cidrsOverlap(tooling.cidr, application.cidr)) {
    sink.add('network.vpcs.application.cidr', `overlaps the peered tooling VPC ${tooling.text}; peered VPCs need disjoint ranges`, application.text);
  }

  const vpn = parseCidr(raw.vpnClientCidr);
  if (vpn) {
    if (vpn.prefixLength < VPN_CLIENT_PREFIX_RANGE.min || vpn.prefixLength > VPN_CLIENT_PREFIX_RANGE.max) {
      sink.add('network.vpnClientCidr', `expected a Client VPN range from /${VPN_CLIENT_PREFIX_RANGE.min} to /${VPN_CLIENT_PREFIX_RANGE.max}`, raw.vpnClientCidr);
    }
    if (!isPrivateCidr(vpn)) {
      sink.add('network.vpnClientCidr', 'expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)', raw.vpnClientCidr);
    }
    for (const { name, text, cidr: block } of parsedVpcs) {
      if (block && cidrsOverlap(vpn, block)) {
        sink.add('network.vpnClientCidr', `overlaps the ${name} VPC ${text}; the VPN client range must be disjoint from both VPCs`, raw.vpnClientCidr);
      }
    }
  }

  checkMinimumLogRetention(sink, 'network.flowLogs.retentionDays', raw.flowLogs?.retentionDays, ctx.tier, 'flow logs');
}
