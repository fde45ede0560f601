import { type App } from 'cdktf';
import { type EnvironmentConfig } from '../environments/schema';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { type DeploymentSettings } from './deployment';
import { NetworkStack } from './network-stack';
import { VaultAccessStack } from './vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from './vault-config-stack';
import { VpnStack } from './vpn-stack';
import { WorkloadsStack } from './workloads-stack';

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly vaultAccess: VaultAccessStack;
  /** `vpn-<env>`: Client VPN and its root CA; its state holds private keys, so no other stack may read it. */
  readonly vpn: VpnStack;
  /** One stack per cluster (`cluster-tooling-<env>`, `cluster-application-<env>`), see docs/eks.md. */
  readonly clusters: { readonly tooling: ClusterStack; readonly application: ClusterStack };
  /** `data-<env>`, only for environments with a `database` section (docs/database.md). */
  readonly data?: DataStack;
  /** `cluster-addons-<role>-<env>`: Helm controllers and the encrypted StorageClass (docs/kubernetes-platform.md). */
  readonly addons: { readonly tooling: ClusterAddonsStack; readonly application: ClusterAddonsStack };
  /** `vault-config-<env>`: mounts, auth methods, policies and roles inside Vault (docs/secrets-architecture.md). */
  readonly vaultConfig: VaultConfigStack;
  /** `workloads-<role>-<env>`: the declared services' namespaces, policies, stores and ExternalSecrets (docs/secrets-architecture.md). */
  readonly workloads: { readonly tooling: WorkloadsStack; readonly application: WorkloadsStack };
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
    const vpn = new VpnStack(app, { ...props, network, vaultAccess });
    const clusters = {
      tooling: new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess }),
      application: new ClusterStack(app, { ...props, role: 'application', network, vaultAccess }),
    };
    const stacks = { network, vaultAccess, vpn, clusters };
    const data = environment.database
      ? new DataStack(app, {
          ...props,
          network,
          applicationNodeSecurityGroupId: clusters.application.nodeSecurityGroupId,
        })
      : undefined;
    const addons = {
      tooling: new ClusterAddonsStack(app, { ...props, role: 'tooling', network, cluster: clusters.tooling, vaultAccess }),
      application: new ClusterAddonsStack(app, { ...props, role: 'application', network, cluster: clusters.application, vaultAccess }),
    };
    const vaultConfig = new VaultConfigStack(app, {
      ...props,
      vaultAddress: vaultAccess.vaultAddress,
      clusters: { tooling: kubernetesEndpointOf(clusters.tooling), application: kubernetesEndpointOf(clusters.application) },
      database: data && postgresEndpointOf(data),
    });
    // Until vault-server-<env> is composed, the application stack takes the Vault CA as a variable (WorkloadsStack).
    const workloads = {
      tooling: new WorkloadsStack(app, { ...props, role: 'tooling', cluster: clusters.tooling }),
      application: new WorkloadsStack(app, { ...props, role: 'application', cluster: clusters.application }),
    };
    return { ...stacks, ...(data ? { data } : {}), addons, vaultConfig, workloads };
  });
}
