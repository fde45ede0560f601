/**
 * The AppRole secret-ID issuer: the one identity that creates `secret_id`s for `direct` services, so neither
 * Terraform (its state would hold them) nor the platform-admin policy ever touches one. A Kubernetes CronJob in the
 * tooling cluster (deployed by the workloads-tooling stack, issue 11) logs in with its own service account and, per
 * direct service, issues a fresh secret ID and writes it with the role ID to `kv/bootstrap/<cluster>/<service>`,
 * where ESO picks it up for the service. This module is the Vault side: names, the calls the job may make, and the
 * policy that allows exactly those. See docs/secrets-architecture.md, "AppRole secret IDs".
 */
import { PLATFORM_NAMESPACES } from '../kubernetes/platform-namespaces';
import { type AclRequest } from './vault-acl';
import { type PolicyGrant, type ServiceDeclaration, type VaultMountPaths, serviceNames } from './service-grants';

/** Where the issuer runs and what it is called in Vault. */
export const SECRET_ID_ISSUER = {
  /** Vault policy and Kubernetes auth role name. */
  name: 'approle-secret-id-issuer',
  /** It runs in the tooling cluster, next to Vault, and logs in through that cluster's Kubernetes auth method. */
  cluster: 'tooling',
  namespace: PLATFORM_NAMESPACES.secretIdIssuer,
  serviceAccount: 'approle-secret-id-issuer',
  /** Tokens live just long enough for one run over every direct service. */
  tokenTtlSeconds: 300,
  tokenMaxTtlSeconds: 600,
} as const;

/** One call of the issuer job, with what Vault checks for it. */
export interface IssuerCall extends AclRequest {
  readonly method: 'GET' | 'POST';
  readonly purpose: string;
  /** The call goes to an unauthenticated endpoint (login): no ACL check. */
  readonly unauthenticated?: boolean;
}

/**
 * The job's contract for one direct service, in order. It never reads a secret it did not just create, never lists,
 * and never deletes: an old secret ID expires on its own (`secret_id_ttl`), which leaves pods that started with it a
 * grace period instead of a failed login.
 */
export function secretIdIssuerCalls(service: Pick<ServiceDeclaration, 'name' | 'cluster'>, mounts: VaultMountPaths): IssuerCall[] {
  const names = serviceNames(service, mounts);
  const role = `auth/${mounts.appRole}/role/${names.roleName}`;
  const metadata = `${mounts.kv}/metadata/${names.bootstrapKvPath}`;
  return [
    {
      method: 'POST',
      path: `auth/${mounts.clusterAuth[SECRET_ID_ISSUER.cluster].path}/login`,
      capability: 'update',
      unauthenticated: true,
      purpose: `log in as ${SECRET_ID_ISSUER.namespace}/${SECRET_ID_ISSUER.serviceAccount} (role ${SECRET_ID_ISSUER.name})`,
    },
    { method: 'GET', path: metadata, capability: 'read', purpose: 'current version of the bootstrap entry, for the check-and-set write' },
    { method: 'GET', path: `${role}/role-id`, capability: 'read', purpose: 'role ID of the AppRole' },
    { method: 'POST', path: `${role}/secret-id`, capability: 'update', purpose: 'issue a new secret ID (metadata: issued-by)' },
    {
      method: 'POST',
      path: names.bootstrapDataPath,
      capability: 'create',
      purpose: 'first write of role_id and secret_id (cas=0)',
    },
    { method: 'POST', path: names.bootstrapDataPath, capability: 'update', purpose: 'later writes of role_id and secret_id (cas=<current version>)' },
  ];
}

/** The issuer's policy: exactly the calls above, for every direct service, and nothing else. */
export function secretIdIssuerGrants(services: readonly ServiceDeclaration[], mounts: VaultMountPaths): PolicyGrant[] {
  return services
    .filter((s) => s.delivery === 'direct')
    .flatMap((service): PolicyGrant[] => {
      const names = serviceNames(service, mounts);
      const role = `auth/${mounts.appRole}/role/${names.roleName}`;
      return [
        { path: `${role}/role-id`, capabilities: ['read'], purpose: `role ID of ${service.name}'s AppRole` },
        { path: `${role}/secret-id`, capabilities: ['update'], purpose: `issue secret IDs for ${service.name}` },
        { path: names.bootstrapDataPath, capabilities: ['create', 'update'], purpose: `write (never read) ${service.name}'s role_id and secret_id for ESO` },
        { path: `${mounts.kv}/metadata/${names.bootstrapKvPath}`, capabilities: ['read'], purpose: `current version of ${service.name}'s bootstrap entry (check-and-set)` },
      ];
    });
}
