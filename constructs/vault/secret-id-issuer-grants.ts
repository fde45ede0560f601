/**
 * The AppRole secret-ID issuers: the only identities that create `secret_id`s for `direct` services, so neither
 * Terraform (its state would hold them) nor the platform-admin policy ever touches one. Each service stack
 * (`services-<shard>-<env>`, docs/service-catalog.md) with direct services runs its own issuer: a Kubernetes CronJob
 * in the tooling cluster's `vault-secret-id-issuer` namespace logs in with its own service account and, per direct
 * service of that shard, issues a fresh secret ID and writes it with the role ID to `kv/bootstrap/<cluster>/<service>`,
 * where ESO picks it up for the service. One issuer per shard keeps every issuer's policy to its own shard's services
 * and keeps a service change inside its own stack. This module is the Vault side: names, the calls a job may make,
 * and the policy that allows exactly those. See docs/secrets-architecture.md, "AppRole secret IDs".
 */
import { PLATFORM_NAMESPACES } from '../kubernetes/platform-namespaces';
import { type AclRequest } from './vault-acl';
import { type PolicyGrant, type ServiceDeclaration, type VaultMountPaths, serviceNames } from './service-grants';

/** Where the issuers run, and what they are called. */
export const SECRET_ID_ISSUER = {
  /** Vault role, service account and CronJob names start with this, followed by the shard id. */
  namePrefix: 'secret-id-issuer-',
  /** Vault policy names start with this (the `svc-` prefix the service stacks may manage), followed by the shard id. */
  policyPrefix: 'svc-secret-id-issuer-',
  /** They run in the tooling cluster, next to Vault, and log in through that cluster's Kubernetes auth method. */
  cluster: 'tooling',
  /** Shared by every shard's issuer; created with its network policies by cluster-addons-tooling. */
  namespace: PLATFORM_NAMESPACES.secretIdIssuer,
  /** Tokens live just long enough for one run over the shard's direct services. */
  tokenTtlSeconds: 300,
  tokenMaxTtlSeconds: 600,
} as const;

/** Names of one shard's issuer. */
export interface SecretIdIssuerNames {
  /** Kubernetes auth role, service account and CronJob: `secret-id-issuer-<shard>`. */
  readonly name: string;
  /** Vault policy: `svc-secret-id-issuer-<shard>`. */
  readonly policy: string;
}

/** Longest name of a CronJob: its Jobs are named `<cronjob>-<11 digits>` and must stay a 63-character label. */
export const CRON_JOB_NAME_MAX_LENGTH = 52;

export function secretIdIssuerNames(shardId: string): SecretIdIssuerNames {
  const name = `${SECRET_ID_ISSUER.namePrefix}${shardId}`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(shardId) || name.length > CRON_JOB_NAME_MAX_LENGTH) {
    throw new Error(`secret-ID issuer of shard "${shardId}": expected a DNS label giving a CronJob name of at most ${CRON_JOB_NAME_MAX_LENGTH} characters, got "${name}"`);
  }
  return { name, policy: `${SECRET_ID_ISSUER.policyPrefix}${shardId}` };
}

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
export function secretIdIssuerCalls(service: Pick<ServiceDeclaration, 'name' | 'cluster'>, mounts: VaultMountPaths, issuer: SecretIdIssuerNames): IssuerCall[] {
  const names = serviceNames(service, mounts);
  const role = `auth/${mounts.appRole}/role/${names.roleName}`;
  const metadata = `${mounts.kv}/metadata/${names.bootstrapKvPath}`;
  return [
    {
      method: 'POST',
      path: `auth/${mounts.clusterAuth[SECRET_ID_ISSUER.cluster].path}/login`,
      capability: 'update',
      unauthenticated: true,
      purpose: `log in as ${SECRET_ID_ISSUER.namespace}/${issuer.name} (role ${issuer.name})`,
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

/** An issuer's policy: exactly the calls above, for every direct service of its shard, and nothing else. */
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
