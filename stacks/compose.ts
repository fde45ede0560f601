import { type App } from 'cdktf';
import { type EnvironmentConfig } from '../environments/schema';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { type DeploymentSettings } from './deployment';
import { NetworkStack } from './network-stack';
import { VaultAccessStack } from './vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from './vault-config-stack';
import { VaultServerStack } from './vault-server-stack';

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly vaultAccess: VaultAccessStack;
  /** One stack per cluster (`cluster-tooling-<env>`, `cluster-application-<env>`), see docs/eks.md. */
  readonly clusters: { readonly tooling: ClusterStack; readonly application: ClusterStack };
  /** `data-<env>`, only for environments with a `database` section (docs/database.md). */
  readonly data?: DataStack;
  /** `vault-server-<env>`: Vault on the tooling cluster (docs/vault-server.md). */
  readonly vaultServer: VaultServerStack;
  /** `vault-config-<env>`: mounts, auth methods, policies and roles inside Vault (docs/secrets-architecture.md). */
  readonly vaultConfig: VaultConfigStack;
}

/**
 * Composes the stacks of every environment into `app`, in deploy order. The environments come validated from
 * `validateEnvironments` (see stacks/synth.ts).
 */
export function composeApp(app: App, environments: readonly EnvironmentConfig[], deployment: DeploymentSettings): EnvironmentStacks[] {
  return environments.map((environment) => {
    const props = { environment, deployment };
    const network = new NetworkStack(app, props);
    const vaultAccess = new VaultAccessStack(app, { ...props, network });
    const clusters = {
      tooling: new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess }),
      application: new ClusterStack(app, { ...props, role: 'application', network, vaultAccess }),
    };
    const stacks = { network, vaultAccess, clusters };
    const data = environment.database
      ? new DataStack(app, {
          ...props,
          network,
          applicationNodeSecurityGroupId: clusters.application.nodeSecurityGroupId,
        })
      : undefined;
    const vaultServer = new VaultServerStack(app, { ...props, network, vaultAccess, tooling: clusters.tooling });
    const vaultConfig = new VaultConfigStack(app, {
      ...props,
      vaultAddress: vaultAccess.vaultAddress,
      clusters: { tooling: kubernetesEndpointOf(clusters.tooling), application: kubernetesEndpointOf(clusters.application) },
      database: data && postgresEndpointOf(data),
    });
    // vault-config configures the Vault that vault-server runs (and trusts its CA): apply it after.
    vaultConfig.addDependency(vaultServer);
    return { ...stacks, ...(data ? { data } : {}), vaultServer, vaultConfig };
  });
}
