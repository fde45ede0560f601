/**
 * Every identity of one Vault configuration and what it is granted: the service identities (service-grants.ts), the
 * AppRole secret-ID issuer (secret-id-issuer-grants.ts) and the HCP Terraform run identity with the generated
 * platform-admin policy (platform-admin-grants.ts). The stack renders its policies from the same functions and the
 * access matrix (scripts/generate-access-matrix.ts) is generated from this model.
 */
import { type PlatformAdminInputs, platformAdminGrants } from './platform-admin-grants';
import { raftSnapshotIdentity } from './raft-snapshot-identity';
import { SECRET_ID_ISSUER, secretIdIssuerGrants } from './secret-id-issuer-grants';
import { type IdentityGrants, PLATFORM_ADMIN_POLICY, type ServiceDeclaration, type VaultMountPaths, clusterLoginPath, serviceIdentities } from './service-grants';

/** HCP Terraform workspace identity: the platform-admin policy, for Terraform runs only. */
export function terraformIdentity(inputs: PlatformAdminInputs, workspace: string): IdentityGrants {
  return {
    kind: 'jwt-role',
    loginPath: `auth/${inputs.mounts.jwt}/role/${workspace}`,
    subject: `HCP Terraform workspace ${workspace} (plan and apply runs)`,
    policies: [{ name: PLATFORM_ADMIN_POLICY, grants: platformAdminGrants(inputs) }],
  };
}

/** The AppRole secret-ID issuer job; undefined when no service uses `direct` delivery. */
export function secretIdIssuerIdentity(services: readonly ServiceDeclaration[], mounts: VaultMountPaths): IdentityGrants | undefined {
  const grants = secretIdIssuerGrants(services, mounts);
  if (grants.length === 0) return undefined;
  return {
    kind: 'kubernetes-role',
    loginPath: clusterLoginPath(mounts, SECRET_ID_ISSUER.cluster, SECRET_ID_ISSUER.name),
    subject: `${SECRET_ID_ISSUER.cluster}: ${SECRET_ID_ISSUER.namespace}/${SECRET_ID_ISSUER.serviceAccount} (CronJob issuing AppRole secret IDs)`,
    policies: [{ name: SECRET_ID_ISSUER.name, grants }],
  };
}

/**
 * Every identity of one Vault configuration: services, the secret-ID issuer, the raft snapshot job (vault-server),
 * then each Terraform workspace.
 */
export function accessModel(inputs: PlatformAdminInputs): IdentityGrants[] {
  const issuer = secretIdIssuerIdentity(inputs.services, inputs.mounts);
  return [
    ...inputs.services.flatMap((s) => serviceIdentities(s, inputs.mounts)),
    ...(issuer ? [issuer] : []),
    raftSnapshotIdentity(inputs.mounts),
    ...inputs.workspaces.map((w) => terraformIdentity(inputs, w)),
  ];
}
