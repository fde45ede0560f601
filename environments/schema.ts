import { z } from 'zod';
import { isDnsLabel, isDnsName } from '../constructs/access/dns-names';
import { isCertificateHostname } from '../constructs/vault/certificate-names';
import { AWS_REGIONS, type AwsRegion } from './aws-regions';
import { checkClusters, clustersSchema } from './clusters-schema';
import { checkDatabase, databaseSchema } from './database-schema';
import { deliverySchema } from './delivery-schema';
import { checkGuardrails, guardrailsSchema } from './guardrails-schema';
import { checkNetwork, networkSchema } from './network-schema';
import { checkObservability, observabilitySchema } from './observability-schema';
import { type ConfigProblem, ConfigValidationError, ProblemSink } from './problems';
import { checkVaultAccess, vaultAccessSchema, vaultHostname } from './vault-access-schema';
import { type EnvironmentCertificateDomains, checkPkiAcrossEnvironments, checkVault, vaultSchema } from './vault-schema';
import { checkServiceEgressCoverage, checkServiceWorkloads } from './workload-schema';
import { isWrongType, zodProblems } from './zod-messages';
import { checkVaultServer, vaultServerSchema } from './vault-server-schema';

/**
 * The environment schema. `environments/<name>.ts` files hold data only (typed as {@link EnvironmentInput});
 * {@link validateEnvironments} checks them all when the app starts and reports every problem of the run at once.
 */

export const TIERS = ['dev', 'staging', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

const SLUG = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const slug = (what: string, example: string) =>
  z.string().regex(SLUG, { error: `expected a ${what}: 2-24 lower-case letters, digits or '-', starting with a letter` }).meta({ examples: [example] });

const tagValue = z
  .string({ error: 'is required: a non-empty tag value' })
  .regex(TAG_VALUE, { error: 'expected a tag value of 1-256 letters, digits, spaces or _.:/=+-@', abort: true })
  .refine((value) => value.trim().length > 0, { error: 'expected a tag value with at least one letter or digit, not only spaces' })
  .meta({ examples: ['platform-team'] });

/** Tag keys: AWS's character set, never the `aws:` prefix, which AWS reserves for its own tags (in any case). */
const tagKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.:/=+\-@]{0,127}$/, { error: 'expected a tag key of 1-128 letters, digits or _.:/=+-@, starting with a letter', abort: true })
  .refine((key) => !/^aws:/i.test(key), { error: 'the "aws:" prefix (in any case) is reserved for tags AWS sets itself; choose another key' });

export const environmentSchema = z.strictObject({
  /** Environment name; part of every stack name (`network-<name>`). */
  name: slug('environment name', 'prod-eu'),
  /** Protection tier: decides defaults and what may be relaxed (`dev` only). */
  tier: z.enum(TIERS, { error: `expected one of ${TIERS.join(', ')}` }),
  /** Short product slug, prefix of workspace and resource names. */
  project: slug('project slug', 'vaultplat'),
  aws: z.strictObject({
    region: z.enum(AWS_REGIONS, { error: 'unknown AWS region; expected a commercial region such as eu-west-1 or us-east-1' }),
    /** The only AWS accounts this environment may ever be applied in (provider `allowed_account_ids`). */
    allowedAccountIds: z
      .array(z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account ID' }).meta({ examples: ['111111111111'] }))
      .min(1, { error: 'expected at least one AWS account ID' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'account IDs must not repeat' }),
  }),
  hcpTerraform: z.strictObject({
    organization: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/, { error: 'expected an HCP Terraform organization name: 3-40 letters, digits, _ or -' })
      .meta({ examples: ['acme-platform'] }),
    project: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{2,39}$/, { error: 'expected an HCP Terraform project name: 3-40 letters, digits, spaces, _ or -' })
      .meta({ examples: ['vault-platform'] }),
  }),
  /** Mandatory cost-allocation and ownership tags; `extra` adds more. */
  tags: z.strictObject(
    {
      owner: tagValue,
      costCenter: tagValue,
      dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted'], {
        error: 'expected public, internal, confidential or restricted',
      }),
      extra: z.record(tagKey, tagValue).optional(),
    },
    { error: 'is required: owner, costCenter and dataClassification tags' },
  ),
  network: networkSchema,
  /** EKS clusters: tooling (Vault, platform tools) and application. See environments/clusters-schema.ts. */
  clusters: clustersSchema,
  /** Cost guard of the policy pack. @default - the tier defaults (DEFAULT_GUARDRAILS) */
  guardrails: guardrailsSchema.optional(),
  database: databaseSchema.optional(),
  vaultAccess: vaultAccessSchema,
  /** Vault configuration and the services declared once. See environments/vault-schema.ts. */
  vault: vaultSchema,
  /** How Vault runs on the tooling cluster. See environments/vault-server-schema.ts. */
  vaultServer: vaultServerSchema,
  /** HCP Terraform delivery: Terraform version, agents, Vault dynamic credentials. See environments/delivery-schema.ts. */
  delivery: deliverySchema.prefault({}),
  /** Alarm thresholds and periods over the tier defaults, runbook links, telemetry retention. See environments/observability-schema.ts. */
  observability: observabilitySchema.optional(),
});

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;

/** Labels an input for messages: its name when usable, otherwise its position. */
function labelOf(input: unknown, index: number): string {
  const name = (input as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && SLUG.test(name) ? name : `environments[${index}]`;
}

/**
 * Words that name a tier in an environment name. A name is split on '-'; a word preceded by `non` or `pre`
 * (`non-prod`, `pre-prod`) names no tier.
 */
export const TIER_NAME_WORDS: Readonly<Record<Tier, readonly string[]>> = {
  dev: ['dev', 'development'],
  staging: ['staging', 'stage', 'stg'],
  prod: ['prod', 'production', 'prd'],
};

/** The tiers a name's words name, e.g. `prod-eu` -> prod, `non-prod` -> none. */
export function tiersNamedBy(name: string): Tier[] {
  const words = name.split('-');
  const named = words.flatMap((word, i) => (i > 0 && ['non', 'pre'].includes(words[i - 1]) ? [] : TIERS.filter((tier) => TIER_NAME_WORDS[tier].includes(word))));
  return [...new Set(named)];
}

/**
 * The rule tying name and tier, so that a name never misleads about what an environment protects: a name that says
 * a tier (`prod`, `prod-eu`, `staging-2`, `dev`) has that tier, and a prod-tier environment's name says prod, so every
 * stack, workspace and resource name of a prod environment shows it.
 */
function checkNameAndTier(name: unknown, tier: Tier | undefined, sink: ProblemSink): void {
  if (typeof name !== 'string' || !SLUG.test(name) || tier === undefined) return;
  const named = tiersNamedBy(name);
  if (named.length > 1) {
    sink.add('name', `names several tiers (${named.join(', ')}); use the word of one tier only`, name);
  } else if (named.length === 1 && named[0] !== tier) {
    sink.add('tier', `the name "${name}" marks a ${named[0]} environment, so its tier must be ${named[0]}; rename the environment or set tier: '${named[0]}'`, tier);
  } else if (named.length === 0 && tier === 'prod') {
    const words = TIER_NAME_WORDS.prod.join(', ');
    sink.add('name', `a prod-tier environment's name must say so: one of the words ${words} (separated by '-'), e.g. prod or prod-eu`, name);
  }
}

const isAccountId = (id: unknown): id is string => typeof id === 'string' && /^\d{12}$/.test(id);

/**
 * Validates every environment and the set as a whole (unique names, unique stack names, accounts not shared between
 * prod and non-prod, certificate domains). Throws one {@link ConfigValidationError} listing every problem.
 *
 * The hand-written cross-field checks run on the raw input, so one run reports every problem; a section holding a
 * value of the wrong type (a number where a string belongs, ...) is not cross-checked, so its type errors are not
 * followed by nonsense derived from them. Fix the types and the next run checks the rest.
 *
 * @param stackKinds stack kinds composed per environment (`network`, ...), to detect duplicate stack names.
 */
export function validateEnvironments(inputs: readonly unknown[], stackKinds: readonly string[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  const accountTiers = new Map<string, { environment: string; tier: Tier }[]>();
  const certificateDomains: EnvironmentCertificateDomains[] = [];
  inputs.forEach((input, index) => {
    const label = labelOf(input, index);
    const result = environmentSchema.safeParse(input, { reportInput: true });
    if (result.success) configs.push(result.data);
    else problems.push(...zodProblems(result.error, label, environmentSchema, input));

    const raw = (input !== null && typeof input === 'object' ? input : {}) as Partial<EnvironmentInput>;
    const wrongTypes = new Set((result.error?.issues ?? []).filter(isWrongType).map((issue) => String(issue.path[0] ?? '')));
    const section = <K extends keyof EnvironmentInput>(key: K): Partial<EnvironmentInput>[K] | undefined => (wrongTypes.has(key) ? undefined : raw[key]);
    const tier = (TIERS as readonly unknown[]).includes(raw.tier) ? (raw.tier as Tier) : undefined;
    const aws = section('aws');
    const region = (AWS_REGIONS as readonly unknown[]).includes(aws?.region) ? (aws?.region as AwsRegion) : undefined;
    const accounts = Array.isArray(aws?.allowedAccountIds) && aws.allowedAccountIds.every(isAccountId) ? aws.allowedAccountIds : undefined;
    const network = section('network');
    const vaultAccess = section('vaultAccess');
    const vault = section('vault');

    const sink = new ProblemSink(label);
    checkNameAndTier(raw.name, tier, sink);
    checkNetwork(network, { region, tier }, sink);
    checkClusters(section('clusters'), { tier, allowedAccountIds: accounts }, sink);
    checkGuardrails(section('guardrails'), { tier }, sink);
    checkDatabase(section('database'), { region, tier }, sink);
    checkVaultAccess(vaultAccess, { tier, availabilityZones: network?.availabilityZones }, sink);
    checkVault(vault, { database: raw.database }, sink);
    checkVaultServer(section('vaultServer'), { tier, region, allowedAccountIds: accounts, availabilityZones: network?.availabilityZones, toolingNodeGroups: section('clusters')?.tooling?.nodeGroups }, sink);
    checkServiceWorkloads(vault?.services, { tier }, sink);
    checkServiceEgressCoverage(vault?.services, section('clusters'), sink);
    const replicas = section('vaultServer')?.replicas;
    checkObservability(section('observability'), { tier, hasDatabase: raw.database !== undefined, vaultReplicas: typeof replicas === 'number' ? replicas : undefined }, sink);
    problems.push(...sink.problems);

    for (const id of accounts ?? []) if (tier) accountTiers.set(id, [...(accountTiers.get(id) ?? []), { environment: label, tier }]);
    const bases = vault?.pki?.allowedBaseDomains;
    const zone = vaultAccess?.privateZoneName;
    const record = vaultAccess?.vaultRecordName;
    certificateDomains.push({
      environment: label,
      baseDomains: Array.isArray(bases) && bases.every(isCertificateHostname) ? bases : undefined,
      vaultHostname: isDnsName(zone) && (record === undefined || isDnsLabel(record)) ? vaultHostname({ privateZoneName: zone, vaultRecordName: record }) : undefined,
    });
  });

  problems.push(...duplicateStackNames(inputs, stackKinds));
  problems.push(...environmentNameSuffixes(inputs));

  for (const [id, users] of accountTiers) {
    const prod = users.filter((u) => u.tier === 'prod');
    const other = users.filter((u) => u.tier !== 'prod');
    if (prod.length > 0 && other.length > 0) {
      problems.push({
        environment: other[0].environment,
        path: 'aws.allowedAccountIds',
        message: `account ${id} is also allowed for prod environment ${prod[0].environment}; prod accounts must not be shared with other tiers`,
        value: id,
      });
    }
  }
  problems.push(...checkPkiAcrossEnvironments(certificateDomains));

  if (problems.length > 0) throw new ConfigValidationError(problems);
  return configs;
}

/** Stack names are `<kind>-<environment>`; two environments with one name would collide in every stack kind. */
function duplicateStackNames(inputs: readonly unknown[], stackKinds: readonly string[]): ConfigProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  inputs.forEach((input, index) => {
    const name = (input as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      return;
    }
    const stacks = stackKinds.map((kind) => `${kind}-${name}`).join(', ');
    problems.push({
      environment: `environments[${index}]`,
      path: 'name',
      message: `duplicate stack names (${stacks}): environments[${first}] already uses this name; every environment needs a unique name`,
      value: name,
    });
  });
  return problems;
}

/**
 * No environment name ends with `-<another environment's name>` (`eu-prod` beside `prod`): the service stacks of an
 * environment are named `services-<team>[-<shard>]-<env>`, and their workspaces are trusted as the group
 * `<project>-services-*-<env>` (docs/service-catalog.md), so such a pair could name the same stack twice and the
 * shorter name's group would admit the longer one's workspaces.
 */
function environmentNameSuffixes(inputs: readonly unknown[]): ConfigProblem[] {
  const names = inputs.map((input) => (input as { name?: unknown } | undefined)?.name);
  return names.flatMap((name, index): ConfigProblem[] => {
    if (typeof name !== 'string') return [];
    const other = names.find((o) => typeof o === 'string' && o !== name && name.endsWith(`-${o}`));
    if (other === undefined) return [];
    return [
      {
        environment: labelOf(inputs[index], index),
        path: 'name',
        message: `ends with "-${String(other)}", the name of another environment: its service stacks (services-<team>-${name}) and workspaces would also match that environment's (services-*-${String(other)}); choose a name that does not end with another environment's name`,
        value: name,
      },
    ];
  });
}
