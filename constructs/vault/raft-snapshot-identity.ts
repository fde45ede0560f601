import { Construct } from 'constructs';
import {
  RAFT_SNAPSHOT_PATH,
  RAFT_SNAPSHOT_POLICY,
  RAFT_SNAPSHOT_ROLE,
  RAFT_SNAPSHOT_TOKEN_AUDIENCE,
  VAULT_NAMESPACE,
  VAULT_SNAPSHOT_SERVICE_ACCOUNT,
} from '../vault-server/vault-server-names';
import { type KubernetesAuth } from './kubernetes-auth';
import { type IdentityGrants, type PolicyGrant, type VaultMountPaths } from './service-grants';
import { ServiceKubernetesRole } from './service-kubernetes-role';
import { VaultPolicy } from './vault-policy';

/** Snapshot tokens: long enough for one snapshot and upload, never longer than a quarter of an hour. */
export const RAFT_SNAPSHOT_TOKEN_TTL_SECONDS = 300;
export const RAFT_SNAPSHOT_TOKEN_MAX_TTL_SECONDS = 900;

/** The snapshot policy: `read` on `sys/storage/raft/snapshot` (taking a snapshot is a GET), nothing else. */
export function raftSnapshotGrants(): PolicyGrant[] {
  return [{ path: RAFT_SNAPSHOT_PATH, capabilities: ['read'], purpose: 'take a raft snapshot (the scheduled backup job)' }];
}

/** The snapshot job's identity in the access model (and the generated access matrix). */
export function raftSnapshotIdentity(mounts: VaultMountPaths): IdentityGrants {
  return {
    kind: 'kubernetes-role',
    loginPath: `auth/${mounts.clusterAuth.tooling.path}/role/${RAFT_SNAPSHOT_ROLE}`,
    subject: `tooling: ${VAULT_NAMESPACE}/${VAULT_SNAPSHOT_SERVICE_ACCOUNT} (raft snapshot CronJob)`,
    policies: [{ name: RAFT_SNAPSHOT_POLICY, grants: raftSnapshotGrants() }],
  };
}

export interface RaftSnapshotIdentityProps {
  /** Kubernetes auth method of the tooling cluster (where the CronJob runs). */
  readonly auth: KubernetesAuth;
}

/**
 * The Vault identity of the raft snapshot CronJob (stack vault-server): Kubernetes auth role `platform-raft-snapshot`
 * bound to service account `vault/vault-snapshot` on the tooling cluster, with the API server's audience (the job's
 * own token is the bearer of Vault's TokenReview call), 5-minute tokens and one policy allowing only a snapshot.
 */
export class RaftSnapshotIdentity extends Construct {
  readonly policy: VaultPolicy;
  readonly role: ServiceKubernetesRole;

  constructor(scope: Construct, id: string, props: RaftSnapshotIdentityProps) {
    super(scope, id);
    this.policy = new VaultPolicy(this, 'policy', { name: RAFT_SNAPSHOT_POLICY, grants: raftSnapshotGrants() });
    this.role = new ServiceKubernetesRole(this, 'role', {
      backend: props.auth.backend.path,
      roleName: RAFT_SNAPSHOT_ROLE,
      serviceAccount: VAULT_SNAPSHOT_SERVICE_ACCOUNT,
      namespace: VAULT_NAMESPACE,
      policies: [this.policy],
      audience: RAFT_SNAPSHOT_TOKEN_AUDIENCE,
      tokenTtlSeconds: RAFT_SNAPSHOT_TOKEN_TTL_SECONDS,
      tokenMaxTtlSeconds: RAFT_SNAPSHOT_TOKEN_MAX_TTL_SECONDS,
    });
  }
}
