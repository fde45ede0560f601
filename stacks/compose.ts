import { type App } from 'cdktf';
import { type EnvironmentConfig } from '../environments/schema';
import { type BootstrapStack, composeBootstraps } from './bootstrap-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { type DeploymentSettings } from './deployment';
import { NetworkStack } from './network-stack';
import { TfcAgentsStack } from './tfc-agents-stack';
import { VaultAccessStack } from './vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from './vault-config-stack';

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  /** `tfc-agents-<env>`: the HCP Terraform agents in the tooling VPC (docs/hcp-terraform.md). */
  readonly tfcAgents: TfcAgentsStack;
  readonly vaultAccess: VaultAccessStack;
  /** One stack per cluster (`cluster-tooling-<env>`, `cluster-application-<env>`), see docs/eks.md. */
  readonly clusters: { readonly tooling: ClusterStack; readonly application: ClusterStack };
  /** `data-<env>`, only for environments with a `database` section (docs/database.md). */
  readonly data?: DataStack;
  /** `vault-config-<env>`: mounts, auth methods, policies and roles inside Vault (docs/secrets-architecture.md). */
  readonly vaultConfig: VaultConfigStack;
  /** `bootstrap-<env>`: HCP Terraform workspaces, run roles and agent pool of the stacks above (applied by admins). */
  readonly bootstrap: BootstrapStack;
}

/**
 * Composes the stacks of every environment into `app`, in deploy order, then the bootstrap stack of each environment,
 * derived from the platform stacks composed before it. The environments come validated from `validateEnvironments`
 * (see stacks/synth.ts).
 */
export function composeApp(app: App, environments: readonly EnvironmentConfig[], deployment: DeploymentSettings): EnvironmentStacks[] {
  const platform = environments.map((environment) => {
    const props = { environment, deployment };
    const network = new NetworkStack(app, props);
    const tfcAgents = new TfcAgentsStack(app, { ...props, network });
    const vaultAccess = new VaultAccessStack(app, { ...props, network });
    const clusters = {
      tooling: new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess }),
      application: new ClusterStack(app, { ...props, role: 'application', network, vaultAccess }),
    };
    const stacks = { network, tfcAgents, vaultAccess, clusters };
    const data = environment.database
      ? new DataStack(app, {
          ...props,
          network,
          applicationNodeSecurityGroupId: clusters.application.nodeSecurityGroupId,
        })
      : undefined;
    const vaultConfig = new VaultConfigStack(app, {
      ...props,
      vaultAddress: vaultAccess.vaultAddress,
      clusters: { tooling: kubernetesEndpointOf(clusters.tooling), application: kubernetesEndpointOf(clusters.application) },
      database: data && postgresEndpointOf(data),
    });
    return { ...stacks, ...(data ? { data } : {}), vaultConfig };
  });
  // Last: the bootstraps read every platform stack of the app (stacks added above bring their workspaces with them).
  const bootstraps = composeBootstraps(app, environments, deployment);
  return platform.map((stacks, i) => ({ ...stacks, bootstrap: bootstraps[i] }));
}
