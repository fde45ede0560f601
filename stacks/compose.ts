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
import { catalogShards } from './service-catalog';
import { ServiceStack, checkServiceStackSizes } from './service-stack';
import { TfcAgentsStack } from './tfc-agents-stack';
import { VaultAccessStack } from './vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from './vault-config-stack';
import { VpnStack } from './vpn-stack';
import { VaultServerStack } from './vault-server-stack';

/**
 * Deploy-order edges without a Terraform reference between the stacks (cdktf records them as dependencies, so
 * `cdktf deploy`, the synth summary and the HCP Terraform run triggers follow them; no state is shared for them).
 */
export const ORDER_ONLY_DEPENDENCIES = [
  { stack: 'vault-server', after: 'cluster-addons-tooling', why: 'its custom resources need the CRDs, and its pods the vault namespace, that the add-ons create' },
  { stack: 'vault-config', after: 'vault-server', why: 'it configures the Vault that vault-server runs' },
  { stack: 'observability', after: 'vault-server', why: 'it scrapes the Vault that vault-server runs, through the metrics listener and network policy vault-server sets up' },
  { stack: 'observability', after: 'cluster-addons-tooling', why: 'its scrapers discover pods in the namespaces the add-ons create (external-secrets)' },
  { stack: 'observability', after: 'cluster-addons-application', why: 'its scrapers discover pods in the namespaces the add-ons create (external-secrets)' },
  { stack: 'observability', after: 'vault-config', why: 'it is planned last: the dashboard shows the alarms every other stack owns' },
] as const satisfies readonly { stack: StackKind; after: StackKind; why: string }[];

/**
 * What every service stack (`services-<team>[-<shard>]-<env>`, docs/service-catalog.md) deploys after: the same edges
 * for every shard, whichever clusters its services use today, so a shard's first service on another cluster changes
 * no run trigger. Like ORDER_ONLY_DEPENDENCIES, no state is shared for them: a service stack reads no other stack.
 */
export const SERVICE_STACK_DEPENDENCIES = [
  { after: 'vault-config', why: 'its policies and roles live on the mounts and auth methods vault-config creates, and its runs log in with the role vault-config creates for them' },
  { after: 'cluster-addons-tooling', why: 'its SecretStores and ExternalSecrets need the ESO CRDs, and its secret-ID issuer the namespace, that the add-ons create on the tooling cluster' },
  { after: 'cluster-addons-application', why: 'its SecretStores and ExternalSecrets need the ESO CRDs the add-ons install on the application cluster' },
] as const satisfies readonly { after: StackKind; why: string }[];

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
  /** `services-<team>[-<shard>]-<env>`: every resource of the declared services, one stack per shard, by shard id (docs/service-catalog.md). */
  readonly services: Readonly<Record<string, ServiceStack>>;
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
      observability,
    ];
    for (const edge of ORDER_ONLY_DEPENDENCIES) {
      const stack = composed.find((s) => s.kind === edge.stack);
      const after = composed.find((s) => s.kind === edge.after);
      if (stack && after) stack.addDependency(after);
    }
    // The service catalog: one stack per shard, each depending on the same platform stacks.
    const services: Record<string, ServiceStack> = {};
    for (const shard of catalogShards(environment)) {
      const stack = (services[shard.key.id] = new ServiceStack(app, { ...props, shard: shard.key, services: shard.services }));
      for (const edge of SERVICE_STACK_DEPENDENCIES) stack.addDependency(composed.find((s) => s.kind === edge.after)!);
    }
    return { ...stacks, ...(data ? { data } : {}), addons, vaultServer, vaultConfig, services, observability };
  });
  checkServiceStackSizes(platform.flatMap((stacks) => Object.values(stacks.services)));
  // Last: the bootstraps read every platform stack of the app (stacks added above bring their workspaces with them).
  const bootstraps = composeBootstraps(app, environments, deployment);
  return platform.map((stacks, i) => ({ ...stacks, bootstrap: bootstraps[i] }));
}
