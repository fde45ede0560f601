import { z } from 'zod';
import { ADDON_VERSION_PATTERN, EKS_ACCESS_POLICIES, EKS_KUBERNETES_VERSIONS, IAM_ROLE_ARN_PATTERN } from '../constructs/compute/eks-cluster';
import { ARM_INSTANCE_TYPE_PATTERN, INSTANCE_TYPE_PATTERN, NODE_AMI_TYPES, NODE_DISK_SIZE_RANGE } from '../constructs/compute/eks-node-group';
import { NAMESPACE_PATTERN } from '../constructs/compute/irsa-role';
import { explainInvalidCidr, isPrivateCidr, parseCidr } from '../constructs/network/cidr';
import { checkMinimumLogRetention, logRetentionDays } from './network-schema';
import { type ProblemSink } from './problems';
import { checkEgressRules, egressSchema } from './workload-schema';

export const CLUSTER_ROLES = ['tooling', 'application'] as const;
export type ClusterRole = (typeof CLUSTER_ROLES)[number];

const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, { error: (issue) => `not a valid IPv4 CIDR: ${explainInvalidCidr(issue.input)}` })
  .meta({ examples: ['203.0.113.0/24'] });

const wholeNumber = z.number().int({ error: 'expected a whole number' }).min(0, { error: 'expected a whole number >= 0' });

const addonVersion = z
  .string()
  .regex(ADDON_VERSION_PATTERN, { error: 'expected an EKS add-on version like v1.20.1-eksbuild.3 (aws eks describe-addon-versions)' })
  .meta({ examples: ['v1.21.1-eksbuild.1'] });

const nodeGroupSchema = z.strictObject({
  /** Instance types, first preferred. */
  instanceTypes: z
    .array(z.string().regex(INSTANCE_TYPE_PATTERN, { error: 'expected an EC2 instance type such as m7i.large' }).meta({ examples: ['m7i.large'] }))
    .min(1, { error: 'expected at least one instance type' }),
  minSize: wholeNumber,
  desiredSize: wholeNumber,
  maxSize: wholeNumber.min(1, { error: 'expected at least 1' }),
  /** Root volume size in GiB. @default 50 */
  diskSizeGib: z
    .number()
    .int({ error: 'expected a whole number of GiB' })
    .min(NODE_DISK_SIZE_RANGE.min, { error: `expected ${NODE_DISK_SIZE_RANGE.min}-${NODE_DISK_SIZE_RANGE.max} GiB` })
    .max(NODE_DISK_SIZE_RANGE.max, { error: `expected ${NODE_DISK_SIZE_RANGE.min}-${NODE_DISK_SIZE_RANGE.max} GiB` })
    .default(50),
  /** @default 'AL2023_x86_64_STANDARD' */
  amiType: z.enum(NODE_AMI_TYPES, { error: `expected one of ${NODE_AMI_TYPES.join(', ')}` }).default('AL2023_x86_64_STANDARD'),
  /** Kubernetes node labels. */
  labels: z.record(z.string(), z.string()).optional(),
});

const accessEntrySchema = z.strictObject({
  /** IAM role ARN (roles only, no IAM users). */
  principalArn: z
    .string()
    .regex(IAM_ROLE_ARN_PATTERN, { error: 'expected an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>' })
    .meta({ examples: ['arn:aws:iam::111111111111:role/platform-admin'] }),
  policy: z.enum(EKS_ACCESS_POLICIES, { error: `expected one of ${EKS_ACCESS_POLICIES.join(', ')}` }),
  scope: z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('cluster') }),
      z.strictObject({
        type: z.literal('namespace'),
        namespaces: z
          .array(z.string().regex(NAMESPACE_PATTERN, { error: 'expected a Kubernetes namespace name' }))
          .min(1, { error: 'a namespace scope needs at least one namespace' }),
      }),
    ],
    { error: 'expected { type: "cluster" } or { type: "namespace", namespaces: [...] }' },
  ),
});

export const clusterSchema = z.strictObject({
  /** Pinned Kubernetes minor version; only versions in EKS standard support are accepted. */
  kubernetesVersion: z.enum(EKS_KUBERNETES_VERSIONS, {
    error: `expected a Kubernetes version in EKS standard support: ${EKS_KUBERNETES_VERSIONS.join(', ')}`,
  }),
  /** API endpoint. The private endpoint is always on. @default private only */
  endpoint: z
    .strictObject({
      /** Public endpoint: dev only, and only with an allow-list. @default false */
      publicAccess: z.boolean().default(false),
      /** Public ranges allowed to reach the public endpoint. @default [] */
      publicAccessCidrs: z.array(cidr).default([]),
    })
    .default({ publicAccess: false, publicAccessCidrs: [] }),
  /** Retention of control-plane and Container Insights logs; at least the tier minimum. */
  logRetentionDays,
  /** Managed node groups by short name. */
  nodeGroups: z
    .record(z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, { error: "expected a node group name of 1-20 lower-case letters, digits or '-'" }), nodeGroupSchema)
    .refine((groups) => Object.keys(groups).length > 0, { error: 'expected at least one node group' }),
  /** Add-on versions, pinned per environment. */
  addons: z.strictObject({
    vpcCni: addonVersion,
    kubeProxy: addonVersion,
    podIdentityAgent: addonVersion,
    coredns: addonVersion,
    ebsCsiDriver: addonVersion,
    cloudwatchObservability: addonVersion,
  }),
  /** IAM roles allowed into the cluster, each with one access policy. @default [] */
  accessEntries: z.array(accessEntrySchema).default([]),
  /**
   * Destinations the services of this cluster may reach beyond DNS, Vault, PostgreSQL and HTTPS (an SMTP relay, an
   * internal gateway): opened on the nodes' security group (pods leave through their node), one rule per protocol,
   * port and CIDR. A service's `egress` must name one of these (or narrower); it then gets its own NetworkPolicy
   * allow, and this list, owned by the platform, keeps a service change out of `cluster-<role>-<env>`
   * (docs/service-catalog.md). @default []
   */
  serviceEgress: z.array(egressSchema).default([]),
});

export const clustersSchema = z.strictObject({
  /** Tooling cluster (Vault, platform tools) in the tooling VPC. */
  tooling: clusterSchema,
  /** Application cluster in the application VPC. */
  application: clusterSchema,
});

export type ClusterInput = z.input<typeof clusterSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
export type ClustersInput = z.input<typeof clustersSchema>;
export type ClustersConfig = z.output<typeof clustersSchema>;

interface ClustersContext {
  /** The environment's tier when valid. */
  readonly tier: unknown;
  /** `aws.allowedAccountIds` when valid; access entries outside dev admit only roles of these accounts. */
  readonly allowedAccountIds?: readonly string[];
}

/**
 * Cross-field rules of the `clusters` section. Runs on the raw input (even when other fields are invalid) so that
 * one run reports every problem; values that did not parse are skipped, their own error covers them.
 */
export function checkClusters(raw: Partial<ClustersInput> | undefined, ctx: ClustersContext, sink: ProblemSink): void {
  if (!raw || typeof raw !== 'object') return;
  for (const role of CLUSTER_ROLES) {
    const cluster = raw[role] as Partial<ClusterInput> | undefined;
    if (!cluster || typeof cluster !== 'object') continue;
    const path = `clusters.${role}`;

    const endpoint = cluster.endpoint;
    const cidrs = Array.isArray(endpoint?.publicAccessCidrs) ? endpoint.publicAccessCidrs : [];
    if (endpoint?.publicAccess === true) {
      if (ctx.tier !== 'dev' && typeof ctx.tier === 'string') {
        sink.add(`${path}.endpoint.publicAccess`, `a public API endpoint is allowed only in the dev tier; ${String(ctx.tier)} clusters are private only`, true);
      }
      if (cidrs.length === 0) {
        sink.add(`${path}.endpoint.publicAccessCidrs`, 'a public API endpoint needs an explicit allow-list of public CIDRs', cidrs);
      }
    } else if (cidrs.length > 0) {
      sink.add(`${path}.endpoint.publicAccessCidrs`, 'only used with publicAccess: true; remove it or turn the public endpoint on (dev only)', cidrs);
    }
    // Valid CIDRs only (invalid ones have their own error): /0 anywhere, private ranges on a public allow-list.
    cidrs.forEach((text, i) => {
      const block = parseCidr(text);
      if (!block) return;
      if (block.prefixLength === 0) {
        sink.add(`${path}.endpoint.publicAccessCidrs[${i}]`, 'a /0 range admits the whole internet; list the ranges that need access', text);
      } else if (isPrivateCidr(block)) {
        sink.add(`${path}.endpoint.publicAccessCidrs[${i}]`, 'private ranges never reach the public endpoint; expected a public range', text);
      }
    });

    checkMinimumLogRetention(sink, `${path}.logRetentionDays`, cluster.logRetentionDays, ctx.tier, 'cluster logs');
    checkEgressRules(cluster.serviceEgress, `${path}.serviceEgress`, 'of this cluster', sink);

    const groups = cluster.nodeGroups && typeof cluster.nodeGroups === 'object' ? Object.entries(cluster.nodeGroups) : [];
    for (const [name, group] of groups) {
      if (!group || typeof group !== 'object') continue;
      const { minSize, desiredSize, maxSize } = group;
      if ([minSize, desiredSize, maxSize].every((n) => typeof n === 'number') && !(minSize <= desiredSize && desiredSize <= maxSize)) {
        sink.add(`${path}.nodeGroups.${name}`, 'expected minSize <= desiredSize <= maxSize', { minSize, desiredSize, maxSize });
      }
      const types = Array.isArray(group.instanceTypes) ? group.instanceTypes.filter((t) => typeof t === 'string' && INSTANCE_TYPE_PATTERN.test(t)) : [];
      const amiType = group.amiType ?? 'AL2023_x86_64_STANDARD';
      const arm = amiType === 'AL2023_ARM_64_STANDARD';
      const mismatched = types.filter((type) => ARM_INSTANCE_TYPE_PATTERN.test(type) !== arm);
      if ((NODE_AMI_TYPES as readonly string[]).includes(amiType) && mismatched.length > 0) {
        sink.add(`${path}.nodeGroups.${name}.instanceTypes`, `amiType ${amiType} needs ${arm ? 'Graviton (arm64)' : 'x86_64'} instance types; ${mismatched.join(', ')} do not fit`, types);
      }
    }

    const version = cluster.kubernetesVersion;
    const kubeProxy = cluster.addons?.kubeProxy;
    const kubeProxyMinor = typeof kubeProxy === 'string' ? /^v(\d+\.\d+)\./.exec(kubeProxy)?.[1] : undefined;
    if ((EKS_KUBERNETES_VERSIONS as readonly string[]).includes(String(version)) && kubeProxyMinor && kubeProxyMinor !== version) {
      sink.add(`${path}.addons.kubeProxy`, `must match the cluster's Kubernetes minor version ${String(version)} (v${String(version)}.x-eksbuild.N)`, kubeProxy);
    }

    const seen = new Set<string>();
    const accounts = ctx.allowedAccountIds;
    (Array.isArray(cluster.accessEntries) ? cluster.accessEntries : []).forEach((entry, i) => {
      const arn = entry?.principalArn;
      if (typeof arn !== 'string') return;
      if (seen.has(arn)) sink.add(`${path}.accessEntries[${i}].principalArn`, 'each role may have only one access entry per cluster', arn);
      seen.add(arn);
      // Outside dev, a cluster admits only roles of the environment's own accounts: a role elsewhere is governed by
      // another account's IAM, which this environment's reviews and guardrails do not cover.
      const account = IAM_ROLE_ARN_PATTERN.test(arn) ? arn.split(':')[4] : undefined;
      if (ctx.tier !== 'dev' && typeof ctx.tier === 'string' && accounts && account !== undefined && !accounts.includes(account)) {
        sink.add(
          `${path}.accessEntries[${i}].principalArn`,
          `account ${account} is not one of this environment's accounts (aws.allowedAccountIds: ${accounts.join(', ')}); outside dev, access entries admit only roles of the environment's own accounts`,
          arn,
        );
      }
    });
  }
}
