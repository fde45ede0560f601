import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { VAULT_NAMESPACE } from './vault-server-names';

export interface VaultNamespaceProps {
  /** Kubernetes minor version of the cluster (`1.35`): the Pod Security Standards version enforced. */
  readonly kubernetesVersion: string;
}

/**
 * Labels of the Vault namespace: Pod Security Standards `restricted` enforced (and audited, warned) at the cluster's
 * version, and AWS Load Balancer Controller readiness gates injected into its pods (a Vault pod is Ready only once
 * the NLB sees it healthy).
 */
export function vaultNamespaceLabels(kubernetesVersion: string): Record<string, string> {
  const version = `v${kubernetesVersion}`;
  return {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': version,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': version,
    'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
  };
}

/** The `vault` namespace, labelled by {@link vaultNamespaceLabels}. */
export class VaultNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: VaultNamespaceProps) {
    super(scope, id);
    if (!/^\d+\.\d+$/.test(props.kubernetesVersion)) {
      throw new Error(`${this.node.path}: kubernetesVersion: expected a minor version such as "1.35", got "${props.kubernetesVersion}"`);
    }
    this.name = VAULT_NAMESPACE;
    this.namespace = new NamespaceV1(this, 'namespace', {
      metadata: { name: VAULT_NAMESPACE, labels: vaultNamespaceLabels(props.kubernetesVersion) },
    });
  }
}
