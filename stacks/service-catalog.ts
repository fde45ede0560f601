import { POSTGRES_PORT } from '../constructs/data/postgres-database';
import { type DeliveryContext, type WorkloadServiceDeclaration } from '../constructs/kubernetes/delivery-model';
import { DEFAULT_SUBNET_PREFIX_LENGTHS, type SubnetTier, planSubnets } from '../constructs/network/subnet-layout';
import { accessModel } from '../constructs/vault/access-model';
import { type PlatformAdminInputs } from '../constructs/vault/platform-admin-grants';
import { DEFAULT_CONNECTION_NAME } from '../constructs/vault/database-secrets-engine';
import { DEFAULT_MOUNT_PATHS, type IdentityGrants, type VaultMountPaths } from '../constructs/vault/service-grants';
import { type VaultServiceSpec } from '../constructs/vault/vault-service';
import { type ClusterRole } from '../environments/clusters-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { SERVICE_STACK_PREFIX, type ShardKey, groupByShard } from '../environments/service-shards';
import { vaultHostname } from '../environments/vault-access-schema';
import { type HcpTerraformWorkspaceRef, workspaceName } from './platform-stack';
import { VAULT_PORT } from './vault-access-stack';

/**
 * The service catalog of one environment as the stacks read it: the declarations with their defaults, grouped into
 * shards (environments/service-shards.ts), and the facts every service stack knows from the configuration alone
 * (mount paths, Vault's address, subnets), so no service stack reads another stack's state (docs/service-catalog.md).
 */

/** A declared service with the environment defaults applied: what VaultService and the delivery model take. */
export type CatalogService = VaultServiceSpec & WorkloadServiceDeclaration & { readonly team: string; readonly shard?: string };

/** One shard of an environment's catalog. */
export interface CatalogShard {
  readonly key: ShardKey;
  /** Its services, in declaration order. */
  readonly services: readonly CatalogService[];
}

/** Mount and auth paths of an environment: the conventional ones, with the configured KV path and audit devices. */
export function vaultMountPaths(env: EnvironmentConfig): VaultMountPaths {
  return { ...DEFAULT_MOUNT_PATHS, kv: env.vault.kv.path, audit: env.vault.audit.map((d) => d.path) };
}

/** `https://vault.<zone>:8200`: the address vault-access publishes, known from the configuration. */
export function vaultAddress(env: EnvironmentConfig): string {
  return `https://${vaultHostname(env.vaultAccess)}:${VAULT_PORT}`;
}

/** The environment's service declarations with the environment defaults applied. */
export function serviceSpecs(env: EnvironmentConfig): CatalogService[] {
  const vault = env.vault;
  return vault.services.map((s) => ({
    ...s,
    tokenTtlSeconds: s.tokenTtlSeconds ?? Math.min(vault.tokens.ttlSeconds, s.tokenMaxTtlSeconds ?? vault.tokens.maxTtlSeconds),
    tokenMaxTtlSeconds: s.tokenMaxTtlSeconds ?? vault.tokens.maxTtlSeconds,
    database: s.database && {
      ...s.database,
      defaultTtlSeconds: s.database.defaultTtlSeconds ?? Math.min(vault.databaseCredentials.defaultTtlSeconds, s.database.maxTtlSeconds ?? Infinity),
      maxTtlSeconds: s.database.maxTtlSeconds ?? vault.databaseCredentials.maxTtlSeconds,
    },
    certificates: s.certificates && { ...s.certificates, ttlDays: s.certificates.ttlDays ?? vault.pki.leafTtlDays },
  }));
}

/** The environment's shards, sorted by id; each with its services in declaration order. */
export function catalogShards(env: EnvironmentConfig): CatalogShard[] {
  return groupByShard(serviceSpecs(env));
}

/** CIDRs of one subnet tier of a VPC, from the deterministic layout the network stack builds (no Terraform reference). */
export function subnetCidrs(env: EnvironmentConfig, vpc: ClusterRole, tier: SubnetTier): string[] {
  const layout = planSubnets(env.network.vpcs[vpc].cidr, env.network.availabilityZones, { ...DEFAULT_SUBNET_PREFIX_LENGTHS, ...env.network.subnetPrefixLengths });
  return env.network.availabilityZones.map((az) => layout[az][tier]);
}

/**
 * What the delivery model needs to know about an environment and one of its clusters, all from the configuration: the
 * Vault address (vault-access), the audience and mounts (vault-config), the API server's subnets (the cluster VPC's
 * private subnets, where the control plane ENIs are), Vault's load balancer subnets (the tooling VPC's private
 * subnets) and PostgreSQL's (the application VPC's isolated subnets).
 */
export function deliveryContext(env: EnvironmentConfig, cluster: ClusterRole): DeliveryContext {
  return {
    cluster,
    tier: env.tier,
    vaultAddress: vaultAddress(env),
    audience: env.vault.kubernetes.audience,
    mounts: vaultMountPaths(env),
    network: { apiServerCidrs: subnetCidrs(env, cluster, 'private'), vaultCidrs: subnetCidrs(env, 'tooling', 'private'), vaultPort: VAULT_PORT },
    postgres: env.database ? { cidrs: subnetCidrs(env, 'application', 'isolated'), port: POSTGRES_PORT } : undefined,
    podSecurityVersion: `v${env.clusters[cluster].kubernetesVersion}`,
  };
}

/** What the platform-admin policy of an environment is generated from (the stack uses the same, see above). */
export function platformAdminInputs(env: EnvironmentConfig): PlatformAdminInputs {
  return {
    mounts: vaultMountPaths(env),
    workspaces: [workspaceName(env, 'vault-config'), serviceStacksRoleName(env)],
    databaseConnection: env.database ? DEFAULT_CONNECTION_NAME : undefined,
  };
}

/** `<project>-services-<env>`: the HCP Terraform JWT role every service stack run logs in with (no workspace has this name). */
export function serviceStacksRoleName(env: EnvironmentConfig): string {
  return `${env.project}-services-${env.name}`;
}

/**
 * The service stacks' workspaces as one family: `<project>-services-*-<env>` in the environment's organization and
 * project, and the role they share.
 */
export function serviceStacksWorkspaces(env: EnvironmentConfig, location: Pick<HcpTerraformWorkspaceRef, 'organization' | 'project'>): {
  readonly roleName: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly organization: string;
  readonly project: string;
} {
  return { ...location, roleName: serviceStacksRoleName(env), prefix: `${env.project}-${SERVICE_STACK_PREFIX}`, suffix: `-${env.name}` };
}

/**
 * Every Vault identity of an environment with its grants, as deployed: the services and the shards' issuers (service
 * stacks), the raft snapshot job and the HCP Terraform identities (vault-config). The access matrix is this model.
 */
export function environmentAccessModel(env: EnvironmentConfig): IdentityGrants[] {
  const services = serviceStacksWorkspaces(env, { organization: env.hcpTerraform.organization, project: env.hcpTerraform.project });
  return accessModel({
    admin: platformAdminInputs(env),
    shards: catalogShards(env).map((shard) => ({ id: shard.key.id, services: shard.services })),
    platformWorkspace: workspaceName(env, 'vault-config'),
    serviceStacks: { roleName: services.roleName, workspaces: `${services.prefix}*${services.suffix}` },
  });
}
