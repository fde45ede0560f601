import { Construct } from 'constructs';
import { type KubernetesAuth } from './kubernetes-auth';
import { SECRET_ID_ISSUER, secretIdIssuerGrants } from './secret-id-issuer-grants';
import { type ServiceDeclaration, type VaultMountPaths } from './service-grants';
import { ServiceKubernetesRole } from './service-kubernetes-role';
import { VaultPolicy } from './vault-policy';

export interface SecretIdIssuerProps {
  /** The environment's services; the issuer serves the `direct` ones (at least one). */
  readonly services: readonly ServiceDeclaration[];
  readonly mounts: VaultMountPaths;
  /** The Kubernetes auth method of the cluster the issuer job runs in (the tooling cluster). */
  readonly kubernetesAuth: KubernetesAuth;
  /** @default 'vault' */
  readonly audience?: string;
}

/**
 * The Vault side of the AppRole secret-ID issuer (secret-id-issuer-grants.ts): its policy, which allows exactly the
 * job's calls for each direct service, and a Kubernetes role bound to the job's service account in the tooling
 * cluster, with 5-minute tokens. The job itself (a CronJob) is deployed with the tooling workloads.
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
    if (auth.method !== 'kubernetes' || props.kubernetesAuth.path !== auth.path) {
      problems.push(`kubernetesAuth: the issuer runs in the ${SECRET_ID_ISSUER.cluster} cluster (${auth.method} auth at ${auth.path}), got "${props.kubernetesAuth.path}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.policy = new VaultPolicy(this, 'policy', { name: SECRET_ID_ISSUER.name, grants: secretIdIssuerGrants(direct, props.mounts) });
    this.role = new ServiceKubernetesRole(this, 'kubernetes-role', {
      auth: props.kubernetesAuth,
      roleName: SECRET_ID_ISSUER.name,
      serviceAccount: SECRET_ID_ISSUER.serviceAccount,
      namespace: SECRET_ID_ISSUER.namespace,
      policies: [this.policy],
      audience: props.audience,
      tokenTtlSeconds: SECRET_ID_ISSUER.tokenTtlSeconds,
      tokenMaxTtlSeconds: SECRET_ID_ISSUER.tokenMaxTtlSeconds,
    });
  }
}
