import { App } from 'cdktf';
import { type EnvironmentConfig } from '../../environments/schema';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { catalogShards } from '../../stacks/service-catalog';
import { ServiceStack } from '../../stacks/service-stack';
import { type TerraformJson, synthStack } from '../helpers';

/**
 * The service stacks of one environment, composed on their own (they read no other stack's state, so they need no
 * other stack of the app), by stack name.
 */
export function serviceStacks(environment: EnvironmentConfig): Record<string, ServiceStack> {
  const app = new App();
  return Object.fromEntries(
    catalogShards(environment).map((shard) => {
      const stack = new ServiceStack(app, { environment, deployment: DEFAULT_DEPLOYMENT, shard: shard.key, services: shard.services });
      return [stack.stackName, stack];
    }),
  );
}

/** The synthesized service stacks of one environment, by stack name. */
export function synthesizedServiceStacks(environment: EnvironmentConfig): Record<string, TerraformJson> {
  return Object.fromEntries(Object.entries(serviceStacks(environment)).map(([name, stack]) => [name, synthStack(stack)]));
}
