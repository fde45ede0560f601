import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { LimitRangeV1 } from '@cdktf/provider-kubernetes/lib/limit-range-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { type NamespaceDelivery } from './delivery-model';
import { terraformEgressRule } from './network-policy-spec';
import { PlatformNamespace } from './platform-namespace';

/** NetworkPolicy names every service namespace has. */
export const NAMESPACE_POLICY_NAMES = { defaultDeny: 'default-deny', dns: 'allow-dns' } as const;

export interface ServiceNamespaceProps {
  /** The kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** The namespace's part of the delivery model. */
  readonly model: NamespaceDelivery;
  /**
   * PEM of the CA that signed Vault's listener certificate, for the `vault-ca` ConfigMap. Required where the model says
   * the service stack publishes it (application cluster); absent where trust-manager does (tooling cluster).
   * @default - none
   */
  readonly vaultCaCertificatePem?: string;
}

/**
 * The objects a service namespace has once, whatever number of services share it (NamespaceDelivery): the namespace
 * (Pod Security `restricted`, pinned version), `default-deny` (all pods, ingress and egress) and `allow-dns`
 * NetworkPolicies, the ResourceQuota and LimitRange, and, on the application cluster, the `vault-ca` ConfigMap.
 */
export class ServiceNamespace extends Construct {
  readonly namespace: PlatformNamespace;
  /** The namespace name, as a reference (dependants wait for the namespace). */
  readonly name: string;
  readonly vaultCa?: ConfigMapV1;

  constructor(scope: Construct, id: string, props: ServiceNamespaceProps) {
    super(scope, id);
    const { model, provider } = props;
    const problems: string[] = [];
    const pem = props.vaultCaCertificatePem;
    if (model.vaultCa.source === 'service-stack' && pem === undefined) {
      problems.push(`vaultCaCertificatePem: the ${model.cluster} cluster gets the ${model.vaultCa.configMap} ConfigMap from this stack; give the Vault CA certificate`);
    }
    if (model.vaultCa.source === 'trust-manager' && pem !== undefined) {
      problems.push(`vaultCaCertificatePem: trust-manager publishes ${model.vaultCa.configMap} on the ${model.cluster} cluster; a second copy would fight it`);
    }
    if (pem !== undefined && !Token.isUnresolved(pem) && !pem.trim().startsWith('-----BEGIN CERTIFICATE-----')) {
      problems.push('vaultCaCertificatePem: expected a PEM certificate (-----BEGIN CERTIFICATE-----)');
    }
    if (model.services.length === 0) problems.push(`model.services: namespace ${model.name} has no declared service`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.namespace = new PlatformNamespace(this, 'namespace', {
      name: model.name,
      provider,
      podSecurityVersion: model.podSecurityVersion,
      labels: model.labels,
    });
    this.name = this.namespace.name;
    const metadata = (name: string) => ({ name, namespace: this.name, labels: { ...model.labels } });

    new NetworkPolicyV1(this, 'default-deny', {
      provider,
      metadata: metadata('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new NetworkPolicyV1(this, 'allow-dns', {
      provider,
      metadata: metadata('allow-dns'),
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: model.egress.map(terraformEgressRule) },
    });
    new ResourceQuotaV1(this, 'quota', {
      provider,
      metadata: metadata('service-quota'),
      spec: { hard: { ...model.quotaHard } },
    });
    new LimitRangeV1(this, 'limits', {
      provider,
      metadata: metadata('container-defaults'),
      spec: { limit: [{ type: 'Container', defaultRequest: { ...model.containerDefaults.defaultRequest }, default: { ...model.containerDefaults.default } }] },
    });
    if (model.vaultCa.source === 'service-stack') {
      this.vaultCa = new ConfigMapV1(this, 'vault-ca', {
        provider,
        metadata: metadata(model.vaultCa.configMap),
        data: { [model.vaultCa.key]: pem! },
      });
    }
  }
}
