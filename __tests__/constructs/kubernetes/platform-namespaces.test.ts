import {
  KUBERNETES_SYSTEM_NAMESPACES,
  PLATFORM_NAMESPACES,
  RESERVED_NAMESPACES,
  reservedNamespaceReason,
} from '../../../constructs/kubernetes/platform-namespaces';

describe('platform namespaces', () => {
  it('names the namespace of every platform component', () => {
    expect(PLATFORM_NAMESPACES).toEqual({
      vault: 'vault',
      externalSecrets: 'external-secrets',
      certManager: 'cert-manager',
      trustManager: 'trust-manager',
      awsLoadBalancerController: 'aws-load-balancer-controller',
      secretIdIssuer: 'vault-secret-id-issuer',
      containerInsights: 'amazon-cloudwatch',
      prometheusScraper: 'cloudwatch-prometheus',
    });
    expect(KUBERNETES_SYSTEM_NAMESPACES).toEqual(['kube-system', 'kube-public', 'kube-node-lease']);
  });

  it('reserves the system and platform namespaces and default, each once', () => {
    expect(RESERVED_NAMESPACES).toEqual([
      'amazon-cloudwatch',
      'aws-load-balancer-controller',
      'cert-manager',
      'cloudwatch-prometheus',
      'default',
      'external-secrets',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'trust-manager',
      'vault',
      'vault-secret-id-issuer',
    ]);
  });

  it('says why a namespace is reserved, and nothing for a service namespace', () => {
    expect(reservedNamespaceReason('vault')).toBe('"vault" is where the platform runs the Vault server');
    expect(reservedNamespaceReason('kube-system')).toBe('"kube-system" is a Kubernetes system namespace (the EKS add-ons run there)');
    expect(reservedNamespaceReason('kube-public')).toBe('"kube-public" is a Kubernetes system namespace');
    expect(reservedNamespaceReason('payments')).toBeUndefined();
    expect(reservedNamespaceReason('vault-tools')).toBeUndefined();
    for (const namespace of RESERVED_NAMESPACES) expect(reservedNamespaceReason(namespace)).toEqual(expect.any(String));
  });
});
