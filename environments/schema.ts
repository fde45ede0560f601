import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { checkClusters, clustersSchema } from './clusters-schema';
import { checkDatabase, databaseSchema } from './database-schema';
import { deliverySchema } from './delivery-schema';
import { checkGuardrails, guardrailsSchema } from './guardrails-schema';
import { checkNetwork, networkSchema } from './network-schema';
import { type ConfigProblem, ConfigValidationError, ProblemSink } from './problems';
import { checkVaultAccess, vaultAccessSchema } from './vault-access-schema';
import { checkVault, vaultSchema } from './vault-schema';

/**
 * The environment schema. `environments/<name>.ts` files hold data only (typed as {@link EnvironmentInput});
 * {@link validateEnvironments} checks them all when the app starts and reports every problem of the run at once.
 */

export const TIERS = ['dev', 'staging', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

const SLUG = /^[a-z][a-z0-9-]{0,22}[a-z0-9]$/;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const slug = (what: string) =>
  z.string().regex(SLUG, { error: `expected a ${what}: 2-24 lower-case letters, digits or '-', starting with a letter` });

const tagValue = z
  .string({ error: 'is required: a non-empty tag value' })
  .regex(TAG_VALUE, { error: 'expected a tag value of 1-256 letters, digits, spaces or _.:/=+-@' });

export const environmentSchema = z.strictObject({
  /** Environment name; part of every stack name (`network-<name>`). */
  name: slug('environment name'),
  /** Protection tier: decides defaults and what may be relaxed (`dev` only). */
  tier: z.enum(TIERS, { error: `expected one of ${TIERS.join(', ')}` }),
  /** Short product slug, prefix of workspace and resource names. */
  project: slug('project slug'),
  aws: z.strictObject({
    region: z.enum(AWS_REGIONS, { error: 'unknown AWS region; expected a commercial region such as eu-west-1 or us-east-1' }),
    /** The only AWS accounts this environment may ever be applied in (provider `allowed_account_ids`). */
    allowedAccountIds: z
      .array(z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account ID' }))
      .min(1, { error: 'expected at least one AWS account ID' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'account IDs must not repeat' }),
  }),
  hcpTerraform: z.strictObject({
    organization: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/, {
      error: 'expected an HCP Terraform organization name: 3-40 letters, digits, _ or -',
    }),
    project: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{2,39}$/, {
      error: 'expected an HCP Terraform project name: 3-40 letters, digits, spaces, _ or -',
    }),
  }),
  /** Mandatory cost-allocation and ownership tags; `extra` adds more. */
  tags: z.strictObject(
    {
      owner: tagValue,
      costCenter: tagValue,
      dataClassification: z.enum(['public', 'internal', 'confidential', 'restricted'], {
        error: 'expected public, internal, confidential or restricted',
      }),
      extra: z
        .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.:/=+\-@]{0,127}$/, { error: 'expected a tag key' }), tagValue)
        .optional(),
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
  /** HCP Terraform delivery: Terraform version, agents, Vault dynamic credentials. See environments/delivery-schema.ts. */
  delivery: deliverySchema.prefault({}),
});

export type EnvironmentInput = z.input<typeof environmentSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;

/** Labels an input for messages: its name when usable, otherwise its position. */
function labelOf(input: unknown, index: number): string {
  const name = (input as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && SLUG.test(name) ? name : `environments[${index}]`;
}

function zodProblems(error: z.ZodError, environment: string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    if (issue.code === 'unrecognized_keys') {
      return { environment, path, message: `unknown field(s) ${issue.keys.join(', ')}; check the spelling against the schema` };
    }
    const missing = issue.input === undefined && issue.code === 'invalid_type';
    const message = missing && !issue.message.startsWith('is required') ? `is required (expected ${issue.expected})` : issue.message;
    return issue.input === undefined ? { environment, path, message } : { environment, path, message, value: issue.input };
  });
}

/**
 * Validates every environment and the set as a whole (unique names, unique stack names, accounts not shared
 * between prod and non-prod). Throws one {@link ConfigValidationError} listing every problem.
 *
 * @param stackKinds stack kinds composed per environment (`network`, ...), to detect duplicate stack names.
 */
export function validateEnvironments(inputs: readonly unknown[], stackKinds: readonly string[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  inputs.forEach((input, index) => {
    const label = labelOf(input, index);
    const result = environmentSchema.safeParse(input, { reportInput: true });
    if (result.success) configs.push(result.data);
    else problems.push(...zodProblems(result.error, label));
    const raw = (input ?? {}) as Partial<EnvironmentInput>;
    const sink = new ProblemSink(label);
    const region = (AWS_REGIONS as readonly unknown[]).includes(raw.aws?.region) ? raw.aws?.region : undefined;
    checkNetwork(raw.network, { region, tier: raw.tier }, sink);
    checkClusters(raw.clusters, { tier: raw.tier }, sink);
    checkGuardrails(raw.guardrails, { tier: raw.tier }, sink);
    checkDatabase(raw.database, { region, tier: raw.tier }, sink);
    checkVaultAccess(raw.vaultAccess, { tier: raw.tier, availabilityZones: raw.network?.availabilityZones }, sink);
    checkVault(raw.vault, { database: raw.database }, sink);
    problems.push(...sink.problems);
  });

  problems.push(...duplicateStackNames(inputs, stackKinds));

  const accountTiers = new Map<string, { environment: string; tier: string }[]>();
  inputs.forEach((input, index) => {
    const raw = (input ?? {}) as Partial<EnvironmentInput>;
    for (const id of raw.aws?.allowedAccountIds ?? []) {
      accountTiers.set(id, [...(accountTiers.get(id) ?? []), { environment: labelOf(input, index), tier: String(raw.tier) }]);
    }
  });
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
