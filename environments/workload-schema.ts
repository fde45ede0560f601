import { z } from 'zod';
import { SECRET_REFRESH, SERVICE_QUOTA_CEILING, SERVICE_QUOTA_DEFAULTS } from '../constructs/kubernetes/workload-sizing';
import { type UncoveredEgress, uncoveredServiceEgress } from '../constructs/kubernetes/delivery-model';
import { explainInvalidCidr, isPrivateCidr, parseCidr } from '../constructs/network/cidr';
import { type ProblemSink } from './problems';

/**
 * The Kubernetes side of a service declaration (`vault.services[]`): what its pods may reach besides DNS, Vault and
 * (with database access) PostgreSQL, how often its secrets are refreshed, and its share of the namespace quota. The
 * service stacks render these (constructs/kubernetes/delivery-model.ts); docs/secrets-architecture.md "Workloads".
 */

type Tier = keyof typeof SECRET_REFRESH.maxSecondsByTier;

/** Narrowest destination range a service may declare: `/16` or longer (a named relay or endpoint, not the internet). */
export const EGRESS_MIN_PREFIX_LENGTH = 16;

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: `expected a whole number of ${unit}` })
    .int({ error: `expected a whole number of ${unit}` })
    .min(min, { error: `expected ${min}-${max} ${unit}` })
    .max(max, { error: `expected ${min}-${max} ${unit}` });

/** One egress destination: of a service (`vault.services[].egress`) or opened for a cluster's services (`clusters.<role>.serviceEgress`). */
export const egressSchema = z.strictObject({
  /** Short name of the destination, unique in the service (`smtp-relay`); part of the NetworkPolicy rule names. */
  name: z.string({ error: 'expected a name' }).regex(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/, { error: "expected a short name of lower-case letters, digits or '-' (at most 40)" }),
  /** One line: what the service talks to there and why. */
  purpose: z.string({ error: 'is required: a one-line purpose' }).refine((text) => text.trim() !== '' && !/[\r\n]/.test(text), { error: 'expected a one-line purpose' }),
  /** Destination ranges, each `/16` or narrower; private ranges, or any range for HTTPS (TCP 443) only. */
  cidrs: z.array(z.string({ error: 'expected a CIDR' }), { error: 'expected a list of CIDRs' }).min(1, { error: 'expected at least one destination CIDR' }),
  /** Destination ports. */
  ports: z
    .array(
      z.strictObject({
        port: wholeNumber(1, 65535, 'port'),
        /** @default 'TCP' */
        protocol: z.enum(['TCP', 'UDP'], { error: 'expected "TCP" (the default) or "UDP"' }).default('TCP'),
      }),
    )
    .min(1, { error: 'expected at least one port' }),
});

/** Fields of `vault.services[]` for the service stacks. */
export const serviceWorkloadFields = {
  /**
   * Egress the service's pods need beyond DNS, Vault and PostgreSQL (which comes with `database`), e.g. an SMTP relay.
   * Nothing else leaves the pods. @default []
   */
  egress: z.array(egressSchema).default([]),
  /** How often ESO re-reads the service's secrets, in seconds. @default 300 (at most the tier maximum) */
  secretRefreshSeconds: wholeNumber(SECRET_REFRESH.minSeconds, 3600, 'seconds').optional(),
  /** The service's share of its namespace's ResourceQuota. @default SERVICE_QUOTA_DEFAULTS of the tier */
  quota: z
    .strictObject({
      requestsCpuMillicores: wholeNumber(10, SERVICE_QUOTA_CEILING.requestsCpuMillicores, 'millicores').optional(),
      requestsMemoryMiB: wholeNumber(16, SERVICE_QUOTA_CEILING.requestsMemoryMiB, 'MiB').optional(),
      limitsMemoryMiB: wholeNumber(16, SERVICE_QUOTA_CEILING.limitsMemoryMiB, 'MiB').optional(),
      pods: wholeNumber(1, SERVICE_QUOTA_CEILING.pods, 'pods').optional(),
    })
    .optional(),
};

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Rules of a list of egress destinations (a service's, or the ones a cluster opens for its services): names unique
 * in the list, destinations that are real, narrow ranges, private unless HTTPS only.
 */
export function checkEgressRules(raw: unknown, at: string, owner: string, sink: ProblemSink): void {
  const egress = Array.isArray(raw) ? (raw as { name?: unknown; cidrs?: unknown; ports?: unknown }[]) : [];
  egress.forEach((rule, j) => {
    const ports = Array.isArray(rule?.ports) ? (rule.ports as { port?: unknown; protocol?: unknown }[]) : [];
    const httpsOnly = ports.length > 0 && ports.every((p) => p?.port === 443 && (p.protocol ?? 'TCP') === 'TCP');
    if (typeof rule?.name === 'string' && egress.findIndex((other) => other?.name === rule.name) !== j) {
      sink.add(`${at}[${j}].name`, `is already used by another egress rule ${owner}; name each destination once`, rule.name);
    }
    const cidrs = Array.isArray(rule?.cidrs) ? rule.cidrs : [];
    cidrs.forEach((cidr: unknown, k: number) => {
      const parsed = parseCidr(cidr);
      if (!parsed) sink.add(`${at}[${j}].cidrs[${k}]`, explainInvalidCidr(cidr), cidr);
      else if (parsed.prefixLength < EGRESS_MIN_PREFIX_LENGTH) {
        sink.add(
          `${at}[${j}].cidrs[${k}]`,
          `is broader than /${EGRESS_MIN_PREFIX_LENGTH}; name the destination (a relay's address or an endpoint's subnet), never a large range or the internet`,
          cidr,
        );
      } else if (!isPrivateCidr(parsed) && !httpsOnly) {
        sink.add(
          `${at}[${j}].cidrs[${k}]`,
          'is not a private range: pods leave through their node, which reaches the internet on HTTPS (TCP 443) only; reach another port through a relay or VPC endpoint in a private range',
          cidr,
        );
      }
    });
  });
}

/**
 * Cross-field rules of the workload fields of every service: refresh no slower than the tier allows, egress names
 * unique per service and destinations that are real, narrow ranges, memory limits not below requests.
 */
export function checkServiceWorkloads(services: unknown, ctx: { readonly tier?: Tier }, sink: ProblemSink): void {
  if (!Array.isArray(services)) return;
  services.forEach((service: unknown, i) => {
    if (!service || typeof service !== 'object') return;
    const s = service as { secretRefreshSeconds?: unknown; egress?: unknown; quota?: { requestsMemoryMiB?: unknown; limitsMemoryMiB?: unknown } };
    const at = `vault.services[${i}]`;

    const refresh = num(s.secretRefreshSeconds);
    if (refresh !== undefined && ctx.tier !== undefined && refresh > SECRET_REFRESH.maxSecondsByTier[ctx.tier]) {
      sink.add(
        `${at}.secretRefreshSeconds`,
        `is slower than the ${ctx.tier} tier allows (at most ${SECRET_REFRESH.maxSecondsByTier[ctx.tier]} seconds between refreshes); a rotated secret must reach the pods within that time`,
        refresh,
      );
    }

    checkEgressRules(s.egress, `${at}.egress`, 'of this service', sink);

    const declared = { requests: num(s.quota?.requestsMemoryMiB), limits: num(s.quota?.limitsMemoryMiB) };
    if ((declared.requests !== undefined || declared.limits !== undefined) && ctx.tier !== undefined) {
      const requests = declared.requests ?? SERVICE_QUOTA_DEFAULTS[ctx.tier].requestsMemoryMiB;
      const limits = declared.limits ?? SERVICE_QUOTA_DEFAULTS[ctx.tier].limitsMemoryMiB;
      if (limits < requests) {
        sink.add(
          `${at}.quota.limitsMemoryMiB`,
          `${declared.limits === undefined ? `(the ${ctx.tier} default) ` : ''}is below the memory requests (${requests} MiB); memory limits can never be lower than requests`,
          limits,
        );
      }
    }
  });
}

/** The parts of the raw input the coverage check reads. */
interface RawEgress {
  readonly name?: unknown;
  readonly cidrs?: unknown;
  readonly ports?: unknown;
}

const isEgressList = (value: unknown): value is RawEgress[] => Array.isArray(value) && value.every((r) => r !== null && typeof r === 'object');

/**
 * Every destination a service declares (beyond HTTPS, which the nodes reach anywhere) must be one its cluster opens
 * for services (`clusters.<role>.serviceEgress`): pods leave through their node's security group, owned by the
 * cluster stack, so a service's own declaration only narrows its NetworkPolicy. Keeping the node rules a platform
 * declaration means a service change never changes `cluster-<role>-<env>` (docs/service-catalog.md). Values that did
 * not parse have their own errors and are skipped.
 */
export function checkServiceEgressCoverage(services: unknown, clusters: unknown, sink: ProblemSink): void {
  if (!Array.isArray(services) || !clusters || typeof clusters !== 'object') return;
  services.forEach((service: unknown, i) => {
    if (!service || typeof service !== 'object') return;
    const { cluster, egress } = service as { cluster?: unknown; egress?: unknown };
    if (typeof cluster !== 'string' || !isEgressList(egress)) return;
    const opened = (clusters as Record<string, { serviceEgress?: unknown } | undefined>)[cluster]?.serviceEgress ?? [];
    if (!isEgressList(opened)) return;
    // Destinations with their own error (too broad, or public and not HTTPS: checkServiceWorkloads) are not reported twice.
    const validPorts = (ports: unknown) =>
      Array.isArray(ports) &&
      ports.every((p: { port?: unknown; protocol?: unknown } | null) => Number.isInteger(p?.port) && [undefined, 'TCP', 'UDP'].includes(p?.protocol as string | undefined));
    const acceptable = (egress as RawEgress[]).filter((rule) => validPorts(rule.ports)).map((rule) => ({
      ...rule,
      cidrs: (Array.isArray(rule.cidrs) ? rule.cidrs : []).map((cidr: unknown) => {
        const parsed = parseCidr(cidr);
        return parsed && parsed.prefixLength >= EGRESS_MIN_PREFIX_LENGTH && isPrivateCidr(parsed) ? cidr : undefined;
      }),
    }));
    for (const gap of uncoveredServiceEgress(acceptable as never, opened as never)) {
      sink.add(`vault.services[${i}].egress[${gap.rule}].cidrs[${gap.cidr}]`, uncoveredMessage(gap, cluster), gap.value);
    }
  });
}

function uncoveredMessage(gap: UncoveredEgress, cluster: string): string {
  return (
    `${gap.value} ${gap.protocol} ${gap.port} is not opened on the ${cluster} cluster's nodes: pods leave through their node's security group, which opens ` +
    `only the destinations listed in clusters.${cluster}.serviceEgress; add this destination there (a reviewed change to cluster-${cluster}-<env>), or use one listed there`
  );
}
