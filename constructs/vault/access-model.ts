/**
 * Every identity of one Vault configuration and what it is granted: the service identities (service-grants.ts), the
 * shards' AppRole secret-ID issuers (secret-id-issuer-grants.ts), the raft snapshot job, and the HCP Terraform run
 * identities with their generated policies: platform-admin for vault-config (platform-admin-grants.ts) and
 * service-catalog for the service stacks (service-catalog-grants.ts). The stacks render their policies from the same
 * functions and the access matrix (scripts/generate-access-matrix.ts) is generated from this model.
 */
import { type PlatformAdminInputs, platformAdminGrants } from './platform-admin-grants';
import { raftSnapshotIdentity } from './raft-snapshot-identity';
import { serviceCatalogGrants } from './service-catalog-grants';
import { SECRET_ID_ISSUER, secretIdIssuerGrants, secretIdIssuerNames } from './secret-id-issuer-grants';
import {
  type IdentityGrants,
  PLATFORM_ADMIN_POLICY,
  SERVICE_CATALOG_POLICY,
  type ServiceDeclaration,
  type VaultMountPaths,
  clusterLoginPath,
  serviceIdentities,
} from './service-grants';

/** What the access model of one environment is built from. */
export interface AccessModelInputs {
  /** What vault-config configures (platform-admin's inputs). */
  readonly admin: PlatformAdminInputs;
  /** The declared services by shard (id `<team>[-<shard>]`, docs/service-catalog.md), shards and services in order. */
  readonly shards: readonly { readonly id: string; readonly services: readonly ServiceDeclaration[] }[];
  /** The vault-config workspace (role named after it, platform-admin). */
  readonly platformWorkspace: string;
  /** The service stacks' shared role and the workspaces it admits (service-catalog). */
  readonly serviceStacks: { readonly roleName: string; readonly workspaces: string };
}

/** HCP Terraform workspace identity of vault-config: the platform-admin policy, for Terraform runs only. */
export function terraformIdentity(inputs: PlatformAdminInputs, workspace: string): IdentityGrants {
  return {
    kind: 'jwt-role',
    loginPath: `auth/${inputs.mounts.jwt}/role/${workspace}`,
    subject: `HCP Terraform workspace ${workspace} (plan and apply runs)`,
    policies: [{ name: PLATFORM_ADMIN_POLICY, grants: platformAdminGrants(inputs) }],
  };
}

/** The service stacks' shared HCP Terraform identity: the service-catalog policy. */
export function serviceStacksIdentity(inputs: PlatformAdminInputs, roleName: string, workspaces: string): IdentityGrants {
  return {
    kind: 'jwt-role',
    loginPath: `auth/${inputs.mounts.jwt}/role/${roleName}`,
    subject: `HCP Terraform workspaces ${workspaces} (the service stacks; plan and apply runs)`,
    policies: [{ name: SERVICE_CATALOG_POLICY, grants: serviceCatalogGrants({ mounts: inputs.mounts, database: inputs.databaseConnection !== undefined }) }],
  };
}

/** The AppRole secret-ID issuer of one shard; undefined when none of its services uses `direct` delivery. */
export function secretIdIssuerIdentity(shardId: string, services: readonly ServiceDeclaration[], mounts: VaultMountPaths): IdentityGrants | undefined {
  const grants = secretIdIssuerGrants(services, mounts);
  if (grants.length === 0) return undefined;
  const names = secretIdIssuerNames(shardId);
  return {
    kind: 'kubernetes-role',
    loginPath: clusterLoginPath(mounts, SECRET_ID_ISSUER.cluster, names.name),
    subject: `${SECRET_ID_ISSUER.cluster}: ${SECRET_ID_ISSUER.namespace}/${names.name} (CronJob issuing the AppRole secret IDs of shard ${shardId})`,
    policies: [{ name: names.policy, grants }],
  };
}

/**
 * Every identity of one Vault configuration: services, the shards' secret-ID issuers, the raft snapshot job
 * (vault-server), then the HCP Terraform identities (vault-config's workspace, the service stacks).
 */
export function accessModel(inputs: AccessModelInputs): IdentityGrants[] {
  const { mounts } = inputs.admin;
  const issuers = inputs.shards.flatMap(({ id, services }) => {
    const issuer = secretIdIssuerIdentity(id, services, mounts);
    return issuer ? [issuer] : [];
  });
  return [
    ...inputs.shards.flatMap((shard) => shard.services.flatMap((s) => serviceIdentities(s, mounts))),
    ...issuers,
    raftSnapshotIdentity(mounts),
    terraformIdentity(inputs.admin, inputs.platformWorkspace),
    serviceStacksIdentity(inputs.admin, inputs.serviceStacks.roleName, inputs.serviceStacks.workspaces),
  ];
}
