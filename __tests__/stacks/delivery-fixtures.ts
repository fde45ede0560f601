import { TerraformStack, Testing } from 'cdktf';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import { type EnvironmentInput, validateEnvironments } from '../../environments/schema';
import { staging } from '../../environments/staging';
import { type EnvironmentStacks, composeApp } from '../../stacks/compose';
import { type DeploymentSettings } from '../../stacks/deployment';
import { type PlatformStack } from '../../stacks/platform-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { type TerraformJson, synthStack } from '../helpers';

/** The real app: every environment composed as main.ts does (cloud state unless told otherwise). */
export function composeReal(inputs: readonly EnvironmentInput[] = [dev, staging, prod], deployment: DeploymentSettings = { state: 'cloud' }) {
  const app = Testing.app();
  const environments = validateEnvironments(inputs, STACK_KINDS);
  const stacks = composeApp(app, environments, deployment);
  return { app, environments, stacks };
}

/**
 * Every stack of one composed environment that has a workspace of its own: each cdktf stack of the app named
 * `<kind>-<env>`, except the bootstrap (so stacks other helpers add are included without listing them).
 */
export function platformStacks(env: EnvironmentStacks): PlatformStack[] {
  const name = env.network.environment.name;
  return env.network.node.root.node
    .findAll()
    .filter((c): c is PlatformStack => TerraformStack.isStack(c) && c.node.id.endsWith(`-${name}`) && !c.node.id.startsWith('bootstrap-'));
}

/** Producer workspace names each stack reads through `terraform_remote_state`, read from its synthesized JSON. */
export function remoteStateReads(json: TerraformJson): string[] {
  return Object.values((json.data?.terraform_remote_state ?? {}) as Record<string, TerraformJson>).map((block) => block.config.workspaces.name as string);
}

export { synthStack };
