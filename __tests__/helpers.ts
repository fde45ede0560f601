import { type TerraformStack, Testing } from 'cdktf';
import { dev } from '../environments/dev';
import { formatProblem } from '../environments/problems';
import { ConfigValidationError } from '../environments/problems';
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

/** The only resource of a type whose construct path ends with `pathSuffix`. */
export function resourceAt(json: TerraformJson, type: string, pathSuffix: string): TerraformJson {
  const matches = Object.values(resourcesOf(json, type)).filter((r) => String(r['//']?.metadata?.path).endsWith(pathSuffix));
  if (matches.length !== 1) throw new Error(`expected one ${type} at ...${pathSuffix}, found ${matches.length}`);
  return matches[0];
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
