import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { dev } from '../environments/dev';
import { ConfigValidationError, formatProblem } from '../environments/problems';
import { prod } from '../environments/prod';
import { type EnvironmentConfig, type EnvironmentInput, validateEnvironments } from '../environments/schema';
import { staging } from '../environments/staging';
import { STACK_KINDS } from '../stacks/stack-kinds';

/** Synthesized Terraform JSON of a stack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = Record<string, any>;

export function synthStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Resources of one type, by Terraform name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, TerraformJson> {
  return (json.resource?.[type] ?? {}) as Record<string, TerraformJson>;
}

/**
 * The resource of a type at a construct path relative to its stack (`net/subnet-private-eu-west-1a`). Terraform
 * names are that path joined with `_` (a component repeating its parent's id is dropped) plus an 8-character hash.
 */
export function resourceAt(json: TerraformJson, type: string, path: string): TerraformJson {
  const parts = path.split('/');
  const prefix = `${parts.filter((part, i) => i === 0 || part !== parts[i - 1]).join('_')}_`;
  const matches = Object.entries(resourcesOf(json, type)).filter(([name]) => name.startsWith(prefix) && /^[0-9A-F]{8}$/.test(name.slice(prefix.length)));
  if (matches.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${matches.length}`);
  return matches[0][1];
}

export const SAMPLE_INPUTS = { dev, staging, prod } as const;

/** A deep copy of a sample environment input, safe to mutate in a test. */
export function sampleInput(name: keyof typeof SAMPLE_INPUTS = 'dev'): EnvironmentInput {
  return structuredClone(SAMPLE_INPUTS[name]) as EnvironmentInput;
}

export function sampleConfig(name: keyof typeof SAMPLE_INPUTS = 'dev'): EnvironmentConfig {
  return validateEnvironments([sampleInput(name)], STACK_KINDS)[0];
}

/** Formatted problems of validating `inputs` (empty when valid). */
export function problemsOf(inputs: readonly unknown[]): string[] {
  try {
    validateEnvironments(inputs, STACK_KINDS);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** Problems of one mutated copy of a sample environment. */
export function problemsAfter(mutate: (input: EnvironmentInput & Record<string, unknown>) => void, name: keyof typeof SAMPLE_INPUTS = 'dev'): string[] {
  const input = sampleInput(name) as EnvironmentInput & Record<string, unknown>;
  mutate(input);
  return problemsOf([input]);
}

/** A bare stack with an AWS provider, for construct tests. */
export function testStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** Options of {@link generatedServices}. */
export interface GeneratedServicesOptions {
  /** Team names are `<teamPrefix><n>`. @default 'team' */
  readonly teamPrefix?: string;
  /** The cluster of every service. @default 'application' */
  readonly cluster?: 'tooling' | 'application';
  /** Services per namespace (each team has its own namespaces). @default 5 */
  readonly servicesPerNamespace?: number;
}

/**
 * `teams` x `perTeam` service declarations (for `vault.services`), each a realistic ESO service with two secret keys
 * and read-only database access, named `<team>-svc<n>` in namespaces of its own team. For tests of the catalog at
 * scale; never part of the sample environments.
 */
export function generatedServices(teams: number, perTeam: number, options: GeneratedServicesOptions = {}): NonNullable<EnvironmentInput['vault']['services']> {
  const prefix = options.teamPrefix ?? 'team';
  const perNamespace = options.servicesPerNamespace ?? 5;
  return Array.from({ length: teams }, (_, t) =>
    Array.from({ length: perTeam }, (_, s) => {
      const team = `${prefix}${t + 1}`;
      const name = `${team}-svc${s + 1}`;
      return {
        name,
        team,
        cluster: options.cluster ?? 'application',
        namespace: `${team}-ns${Math.floor(s / perNamespace) + 1}`,
        serviceAccount: name,
        secrets: [
          { key: 'api_token', purpose: 'Token of the upstream API the service calls' },
          { key: 'signing_secret', purpose: 'Signs the webhooks the service sends' },
        ],
        database: { access: 'read-only' as const },
      };
    }),
  ).flat();
}
