import { type App } from 'cdktf';
import { type EnvironmentConfig } from '../environments/schema';
import { ClusterAddonsStack } from './cluster-addons-stack';
import { type BootstrapStack, composeBootstraps } from './bootstrap-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { type DeploymentSettings } from './deployment';
import { type StackKind } from './stack-kinds';
import { NetworkStack } from './network-stack';
import { ObservabilityStack } from './observability-stack';
import { TfcAgentsStack } from './tfc-agents-stack';
import { VaultAccessStack } from './vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from './vault-config-stack';
import { VpnStack } from './vpn-stack';
import { VaultServerStack } from './vault-server-stack';
import { WorkloadsStack } from './workloads-stack';

/**
 * Deploy-order edges without a Terraform reference between the stacks (cdktf records them as dependencies, so
 * `cdktf deploy`, the synth summary and the HCP Terraform run triggers follow them; no state is shared for them).
 */
export const ORDER_ONLY_DEPENDENCIES = [
  { stack: 'vault-server', after: 'cluster-addons-tooling', why: 'its custom resources need the CRDs, and its pods the vault namespace, that the add-ons create' },
  { stack: 'vault-config', after: 'vault-server', why: 'it configures the Vault that vault-server runs' },
  { stack: 'workloads-tooling', after: 'cluster-addons-tooling', why: 'its SecretStores and ExternalSecrets need the ESO CRDs the add-ons install' },
  { stack: 'workloads-application', after: 'cluster-addons-application', why: 'its SecretStores and ExternalSecrets need the ESO CRDs the add-ons install' },
  { stack: 'workloads-tooling', after: 'vault-config', why: 'its SecretStores log in with the Vault roles vault-config creates (the apply waits for them to be Ready)' },
  { stack: 'workloads-application', after: 'vault-config', why: 'its SecretStores log in with the Vault roles vault-config creates (the apply waits for them to be Ready)' },
  { stack: 'observability', after: 'vault-server', why: 'it scrapes the Vault that vault-server runs, through the metrics listener and network policy vault-server sets up' },
  { stack: 'observability', after: 'cluster-addons-tooling', why: 'its scrapers discover pods in the namespaces the add-ons create (external-secrets)' },
  { stack: 'observability', after: 'cluster-addons-application', why: 'its scrapers discover pods in the namespaces the add-ons create (external-secrets)' },
  { stack: 'observability', after: 'vault-config', why: 'it is planned last: the dashboard shows the alarms every other stack owns' },
] as const satisfies readonly { stack: StackKind; after: StackKind; why: string }[];

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  /** `tfc-agents-<env>`: the HCP Terraform agents in the tooling VPC (docs/hcp-terraform.md). */
  readonly tfcAgents: TfcAgentsStack;
  readonly vaultAccess: VaultAccessStack;
  /** `vpn-<env>`: Client VPN and its root CA; its state holds private keys, so no other stack may read it. */
  readonly vpn: VpnStack;
  /** One stack per cluster (`cluster-tooling-<env>`, `cluster-application-<env>`), see docs/eks.md. */
  readonly clusters: { readonly tooling: ClusterStack; readonly application: ClusterStack };
  /** `data-<env>`, only for environments with a `database` section (docs/database.md). */
  readonly data?: DataStack;
  /** `cluster-addons-<role>-<env>`: Helm controllers and the encrypted StorageClass (docs/kubernetes-platform.md). */
  readonly addons: { readonly tooling: ClusterAddonsStack; readonly application: ClusterAddonsStack };
  /** `vault-server-<env>`: Vault on the tooling cluster (docs/vault-server.md). */
  readonly vaultServer: VaultServerStack;
  /** `vault-config-<env>`: mounts, auth methods, policies and roles inside Vault (docs/secrets-architecture.md). */
  readonly vaultConfig: VaultConfigStack;
  /** `workloads-<role>-<env>`: the declared services' namespaces, policies, stores and ExternalSecrets (docs/secrets-architecture.md). */
  readonly workloads: { readonly tooling: WorkloadsStack; readonly application: WorkloadsStack };
  /** `observability-<env>`: Prometheus scrapers, their alarms and the dashboard (docs/observability.md). */
  readonly observability: ObservabilityStack;
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
    const vpn = new VpnStack(app, { ...props, network, vaultAccess });
    const clusters = {
      tooling: new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess }),
      application: new ClusterStack(app, { ...props, role: 'application', network, vaultAccess }),
    };
    const stacks = { network, tfcAgents, vaultAccess, vpn, clusters };
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
    const vaultServer = new VaultServerStack(app, { ...props, network, vaultAccess, tooling: clusters.tooling });
    const vaultConfig = new VaultConfigStack(app, {
      ...props,
      vaultAddress: vaultAccess.vaultAddress,
      clusters: { tooling: kubernetesEndpointOf(clusters.tooling), application: kubernetesEndpointOf(clusters.application) },
      database: data && postgresEndpointOf(data),
    });
    const workloads = {
      tooling: new WorkloadsStack(app, { ...props, role: 'tooling', cluster: clusters.tooling }),
      application: new WorkloadsStack(app, { ...props, role: 'application', cluster: clusters.application, vaultCaCertificatePem: vaultServer.caCertificatePem }),
    };
    const observability = new ObservabilityStack(app, { ...props, network, clusters });
    const composed = [
      network,
      tfcAgents,
      vaultAccess,
      vpn,
      clusters.tooling,
      clusters.application,
      ...(data ? [data] : []),
      addons.tooling,
      addons.application,
      vaultServer,
      vaultConfig,
      workloads.tooling,
      workloads.application,
      observability,
    ];
    for (const edge of ORDER_ONLY_DEPENDENCIES) {
      const stack = composed.find((s) => s.kind === edge.stack);
      const after = composed.find((s) => s.kind === edge.after);
      if (stack && after) stack.addDependency(after);
    }
    return { ...stacks, ...(data ? { data } : {}), addons, vaultServer, vaultConfig, workloads, observability };
  });
  // Last: the bootstraps read every platform stack of the app (stacks added above bring their workspaces with them).
  const bootstraps = composeBootstraps(app, environments, deployment);
  return platform.map((stacks, i) => ({ ...stacks, bootstrap: bootstraps[i] }));
}
