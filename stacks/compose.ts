import { type App } from 'cdktf';
import { validateEnvironments } from '../environments/schema';
import { type DeploymentSettings } from './deployment';
import { NetworkStack } from './network-stack';
import { STACK_KINDS } from './stack-kinds';

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
}

/**
 * Validates every environment (all problems reported together, as one `ConfigValidationError`) and composes the
 * stacks of each one into `app`, in deploy order.
 */
export function composeApp(app: App, environmentInputs: readonly unknown[], deployment: DeploymentSettings): EnvironmentStacks[] {
  const environments = validateEnvironments(environmentInputs, STACK_KINDS);
  return environments.map((environment) => {
    const props = { environment, deployment };
    const network = new NetworkStack(app, props);
    return { network };
  });
}
