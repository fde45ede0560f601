import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SECRET_ID_ISSUER } from '../vault/secret-id-issuer-grants';
import { type ClusterNetworkEndpoints, dnsAllow, vaultAllow } from './network-allows';
import { terraformEgressRule } from './network-policy-spec';
import { PlatformNamespace } from './platform-namespace';

export interface SecretIdIssuerNamespaceProps {
  /** The kubernetes provider of the tooling cluster. */
  readonly provider: KubernetesProvider;
  /** Vault's load balancer, for the egress policy. */
  readonly network: ClusterNetworkEndpoints;
  /** Pod Security admission version, `v<major>.<minor>`. */
  readonly podSecurityVersion: string;
}

/**
 * The namespace every shard's AppRole secret-ID issuer runs in (`vault-secret-id-issuer`, tooling cluster), created
 * once by the platform whatever the number of issuers: Pod Security `restricted`, `default-deny` (every pod, ingress
 * and egress) and `allow-dns-and-vault` (every pod: CoreDNS, Vault's load balancer). The service stacks add only
 * their issuer's ServiceAccount and CronJob (SecretIdIssuerJob), so no platform stack changes when a shard gets its
 * first direct service. See docs/service-catalog.md.
 */
export class SecretIdIssuerNamespace extends Construct {
  readonly namespace: PlatformNamespace;
  /** What the issuers' objects wait for: the namespace and its policies. */
  readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: SecretIdIssuerNamespaceProps) {
    super(scope, id);
    const { provider } = props;
    this.namespace = new PlatformNamespace(this, 'namespace', { name: SECRET_ID_ISSUER.namespace, provider, podSecurityVersion: props.podSecurityVersion });
    const labels = { 'app.kubernetes.io/part-of': 'approle-secret-id-issuer', 'app.kubernetes.io/managed-by': 'terraform' };
    const metadata = (name: string) => ({ name, namespace: this.namespace.name, labels });
    const deny = new NetworkPolicyV1(this, 'default-deny', { provider, metadata: metadata('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    const allow = new NetworkPolicyV1(this, 'allow-egress', {
      provider,
      metadata: metadata('allow-dns-and-vault'),
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [dnsAllow(), vaultAllow(props.network)].map(terraformEgressRule) },
    });
    this.dependables = [this.namespace.namespace, deny, allow];
  }
}
