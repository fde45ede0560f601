import { DataKubernetesNamespaceV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-namespace-v1';
import { Construct } from 'constructs';
import { VAULT_NAMESPACE } from './vault-server-names';

/** Labels the Vault namespace must carry: Pod Security `restricted` enforced, load balancer readiness gates injected. */
export const REQUIRED_VAULT_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
} as const;

/**
 * Reads the `vault` namespace, which the add-ons stack creates (it is trust-manager's trust namespace, so it must exist
 * before trust-manager is installed), and fails the plan unless it enforces Pod Security `restricted` and injects the
 * load balancer controller's readiness gates: Vault's pods would otherwise run unconfined, or become Ready before
 * the NLB sees them healthy. Namespace metadata is public; nothing secret is read.
 */
export class VaultNamespaceCheck extends Construct {
  readonly namespace: DataKubernetesNamespaceV1;
  readonly name = VAULT_NAMESPACE;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.namespace = new DataKubernetesNamespaceV1(this, 'namespace', {
      metadata: { name: VAULT_NAMESPACE },
      lifecycle: {
        postcondition: Object.entries(REQUIRED_VAULT_NAMESPACE_LABELS).map(([label, value]) => ({
          condition: `\${lookup(self.metadata[0].labels, "${label}", "") == "${value}"}`,
          errorMessage: `Namespace ${VAULT_NAMESPACE} must carry the label ${label}=${value} (created by cluster-addons-tooling-<env>; apply that stack first).`,
        })),
      },
    });
  }
}
