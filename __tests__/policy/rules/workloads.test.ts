import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type TerraformStack } from 'cdktf';
import { type DeliveryContext, deliveryModel } from '../../../constructs/kubernetes/delivery-model';
import { ServiceNamespace } from '../../../constructs/kubernetes/service-namespace';
import { ServiceWorkload } from '../../../constructs/kubernetes/service-workload';
import { DEFAULT_MOUNT_PATHS, type ServiceDeclaration } from '../../../constructs/vault/service-grants';
import { checkRule, details, testOptions } from '../kit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const provider = (s: TerraformStack) => new KubernetesProvider(s, 'kubernetes', { host: 'https://example' });
const CONTEXT: DeliveryContext = {
  cluster: 'tooling',
  tier: 'prod',
  vaultAddress: 'https://vault.prod.vault.internal:8200',
  audience: 'vault',
  mounts: DEFAULT_MOUNT_PATHS,
  network: { apiServerCidrs: ['10.30.0.0/20'], vaultCidrs: ['10.30.0.0/20'], vaultPort: 8200 },
  podSecurityVersion: 'v1.35',
};
const GRAFANA: ServiceDeclaration = { name: 'grafana', cluster: 'tooling', namespace: 'monitoring', serviceAccount: 'grafana', secrets: [{ key: 'admin_password', purpose: 'p' }], delivery: 'eso' };

/** The delivery model of one service, rendered as the workloads stack renders it. */
function renderService(s: TerraformStack, service: ServiceDeclaration = GRAFANA) {
  const kubernetes = provider(s);
  const [namespace] = deliveryModel([service], CONTEXT);
  const ns = new ServiceNamespace(s, 'namespace', { provider: kubernetes, model: namespace });
  new ServiceWorkload(s, 'service', { provider: kubernetes, model: namespace.services[0], namespace: ns.name });
  return { kubernetes, model: namespace.services[0] };
}

const workloadLabels = (extra: Record<string, string> = {}) => ({
  'platform.vaultplat.io/workload-namespace': 'true',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.35',
  ...extra,
});

describe('VP-K8S-5 k8s-workload-namespace-isolated', () => {
  it('passes a ServiceNamespace and ignores namespaces that are not for declared services', () => {
    const check = checkRule('VP-K8S-5', (s) => {
      renderService(s);
      new NamespaceV1(s, 'platform', { metadata: { name: 'cert-manager', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    });
    expect(check.results).toEqual({ 'namespace/namespace/namespace': { status: 'compliant' }, platform: { status: 'not-applicable', reason: 'not a namespace of declared services' } });
  });

  it('fails a service namespace that only enforces restricted, or whose deny policy still lets traffic out', () => {
    const check = checkRule('VP-K8S-5', (s) => {
      const kubernetes = provider(s);
      new NamespaceV1(s, 'bare', { provider: kubernetes, metadata: { name: 'bare', labels: workloadLabels({ 'pod-security.kubernetes.io/warn': 'baseline' }) } });
      const leaky = new NamespaceV1(s, 'leaky', {
        provider: kubernetes,
        metadata: { name: 'leaky', labels: workloadLabels({ 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' }) },
      });
      new NetworkPolicyV1(s, 'not-deny', {
        provider: kubernetes,
        metadata: { name: 'default-deny', namespace: leaky.metadata.name },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
      });
    });
    expect(details(check)).toEqual({
      bare:
        'label pod-security.kubernetes.io/audit is not set, expected restricted; label pod-security.kubernetes.io/warn is "baseline", expected restricted; ' +
        'no default-deny NetworkPolicy (empty pod selector, Ingress and Egress, no rules) in this namespace',
      leaky: 'no default-deny NetworkPolicy (empty pod selector, Ingress and Egress, no rules) in this namespace',
    });
  });
});

describe('VP-K8S-6 external-secret-refresh-bounded', () => {
  const externalSecret = (s: TerraformStack, id: string, spec: Json) =>
    new Manifest(s, id, { manifest: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: id, namespace: 'n' }, spec } });

  it('passes the ExternalSecrets of the delivery model and a faster one; ignores other manifests', () => {
    const check = checkRule('VP-K8S-6', (s) => {
      renderService(s);
      externalSecret(s, 'fast', { refreshInterval: '1m30s' });
      new Manifest(s, 'store', { manifest: { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 's', namespace: 'n' } } });
    });
    expect(check.results).toEqual({
      'service/external-secret-secrets': { status: 'compliant' },
      fast: { status: 'compliant' },
      'service/secret-store': { status: 'not-applicable', reason: 'not an ExternalSecret' },
      store: { status: 'not-applicable', reason: 'not an ExternalSecret' },
    });
  });

  it('fails no interval, a slower one, 0s, a non-duration and CreatedOnce', () => {
    const check = checkRule(
      'VP-K8S-6',
      (s) => {
        externalSecret(s, 'unset', {});
        externalSecret(s, 'hourly', { refreshInterval: '1h' });
        externalSecret(s, 'once', { refreshInterval: '0s' });
        externalSecret(s, 'words', { refreshInterval: 'often' });
        externalSecret(s, 'created-once', { refreshInterval: '5m', refreshPolicy: 'CreatedOnce' });
      },
      testOptions('staging'),
    );
    expect(details(check)).toEqual({
      unset: 'refreshInterval is not set (ESO then refreshes every hour), expected at most 300 s in the staging tier',
      hourly: 'refreshInterval "1h" is slower than the staging tier allows (300 s)',
      once: 'refreshInterval is 0s: the secret is fetched once and never refreshed',
      words: 'refreshInterval "often" is not a duration such as 5m or 90s',
      'created-once': 'refreshPolicy is CreatedOnce: the secret is never refreshed',
    });
  });
});

describe('VP-K8S-7 secret-store-own-service', () => {
  const store = (s: TerraformStack, id: string, spec: Json, labels: Record<string, string> = { 'platform.vaultplat.io/service': 'grafana' }, kind = 'SecretStore') =>
    new Manifest(s, id, { manifest: { apiVersion: 'external-secrets.io/v1', kind, metadata: { name: id, namespace: 'monitoring', labels }, spec } });
  const vault = (auth: Json) => ({ provider: { vault: { server: 'https://vault:8200', auth } } });

  it("passes the delivery model's store: its own role, its own service's account", () => {
    const check = checkRule('VP-K8S-7', (s) => renderService(s));
    expect(check.results['service/secret-store']).toEqual({ status: 'compliant' });
  });

  it("fails another service's role or account, a stored credential, an unlabelled store and a ClusterSecretStore", () => {
    const check = checkRule('VP-K8S-7', (s) => {
      const kubernetes = provider(s);
      new ServiceAccountV1(s, 'grafana-sa', { provider: kubernetes, metadata: { name: 'grafana', namespace: 'monitoring', labels: { 'platform.vaultplat.io/service': 'grafana' } } });
      new ServiceAccountV1(s, 'loki-sa', { provider: kubernetes, metadata: { name: 'loki', namespace: 'monitoring', labels: { 'platform.vaultplat.io/service': 'loki' } } });
      store(s, 'borrowed-role', vault({ kubernetes: { mountPath: 'kubernetes-tooling', role: 'loki', serviceAccountRef: { name: 'grafana' } } }));
      store(s, 'borrowed-account', vault({ kubernetes: { mountPath: 'kubernetes-tooling', role: 'grafana', serviceAccountRef: { name: 'loki' } } }));
      store(s, 'static-credential', vault({ tokenSecretRef: { name: 'vault-token', key: 'token' } }));
      store(s, 'stored-login', vault({ jwt: { path: 'jwt-application', role: 'grafana', secretRef: { name: 'jwt', key: 'token' } } }));
      store(s, 'stranger', vault({ jwt: { path: 'jwt-application', role: 'grafana', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'nobody' } } } }));
      store(s, 'unlabelled', vault({ kubernetes: { mountPath: 'kubernetes-tooling', role: 'grafana', serviceAccountRef: { name: 'grafana' } } }), {});
      store(s, 'cluster-wide', vault({}), {}, 'ClusterSecretStore');
    });
    expect(details(check)).toEqual({
      'borrowed-role': 'auth.kubernetes.role is "loki", expected the store\'s own service "grafana"',
      'borrowed-account': 'service account "loki" belongs to "loki", not to "grafana"',
      'static-credential': 'auth is ["tokenSecretRef"], expected exactly one of kubernetes, jwt (a service account, no stored credential)',
      'stored-login': 'auth.jwt.secretRef reads a stored token; use serviceAccountRef; auth.jwt names no serviceAccountRef',
      stranger: 'service account "nobody" is not a ServiceAccount of this stack in the store\'s namespace',
      unlabelled: 'label platform.vaultplat.io/service is not set, expected the name of the service the store belongs to',
      'cluster-wide': 'a ClusterSecretStore serves every namespace; use one SecretStore per service',
    });
  });
});

describe('VP-K8S-8 k8s-service-account-no-automount', () => {
  it('passes a service account without automount', () => {
    const check = checkRule('VP-K8S-8', (s) => renderService(s));
    expect(check.results).toEqual({ 'service/service-account': { status: 'compliant' } });
  });

  it('fails an account that automounts, or leaves the default', () => {
    const check = checkRule('VP-K8S-8', (s) => {
      new ServiceAccountV1(s, 'on', { metadata: { name: 'on' }, automountServiceAccountToken: true });
      new ServiceAccountV1(s, 'default', { metadata: { name: 'default' } });
    });
    expect(details(check)).toEqual({ on: 'automount_service_account_token is true, expected false', default: 'automount_service_account_token is not set, expected false' });
  });
});
