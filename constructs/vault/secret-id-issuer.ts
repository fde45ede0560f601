import { Construct } from 'constructs';
import { SECRET_ID_ISSUER, type SecretIdIssuerNames, secretIdIssuerGrants } from './secret-id-issuer-grants';
import { type ServiceDeclaration, type VaultMountPaths } from './service-grants';
import { ServiceKubernetesRole } from './service-kubernetes-role';
import { VaultPolicy } from './vault-policy';

export interface SecretIdIssuerProps {
  /** The issuer's names (`secretIdIssuerNames(<shard>)`). */
  readonly names: SecretIdIssuerNames;
  /** The services of the issuer's shard; it serves the `direct` ones (at least one). */
  readonly services: readonly ServiceDeclaration[];
  readonly mounts: VaultMountPaths;
  /** @default 'vault' */
  readonly audience?: string;
}

/**
 * The Vault side of one shard's AppRole secret-ID issuer (secret-id-issuer-grants.ts): its policy, which allows
 * exactly the job's calls for each direct service of the shard, and a Kubernetes role on the tooling cluster's auth
 * method (by its literal path) bound to the job's service account, with 5-minute tokens. The job itself (a CronJob,
 * SecretIdIssuerJob) is deployed by the same service stack.
 */
export class SecretIdIssuer extends Construct {
  readonly policy: VaultPolicy;
  readonly role: ServiceKubernetesRole;

  constructor(scope: Construct, id: string, props: SecretIdIssuerProps) {
    super(scope, id);
    const direct = props.services.filter((s) => s.delivery === 'direct');
    const problems: string[] = [];
    if (direct.length === 0) problems.push('services: expected at least one service with "direct" delivery (nothing to issue otherwise)');
    const auth = props.mounts.clusterAuth[SECRET_ID_ISSUER.cluster];
    if (auth.method !== 'kubernetes') problems.push(`mounts.clusterAuth.${SECRET_ID_ISSUER.cluster}: the issuer runs in the ${SECRET_ID_ISSUER.cluster} cluster and logs in with Kubernetes auth, got ${auth.method}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.policy = new VaultPolicy(this, 'policy', { name: props.names.policy, grants: secretIdIssuerGrants(direct, props.mounts) });
    this.role = new ServiceKubernetesRole(this, 'kubernetes-role', {
      backend: auth.path,
      roleName: props.names.name,
      serviceAccount: props.names.name,
      namespace: SECRET_ID_ISSUER.namespace,
      policies: [this.policy],
      audience: props.audience,
      tokenTtlSeconds: SECRET_ID_ISSUER.tokenTtlSeconds,
      tokenMaxTtlSeconds: SECRET_ID_ISSUER.tokenMaxTtlSeconds,
    });
  }
}
