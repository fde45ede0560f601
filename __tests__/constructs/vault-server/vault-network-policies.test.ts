import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { RdsCaBundle } from '../../../constructs/vault-server/rds-ca-bundle';
import { VaultNamespaceCheck } from '../../../constructs/vault-server/vault-namespace-check';
import { VaultNetworkPolicies } from '../../../constructs/vault-server/vault-network-policies';
import { resourceAt, synthStack, testStack } from '../../helpers';

const validate = (model: unknown): void => (model as { validate(): void }).validate();

describe('VaultNetworkPolicies', () => {
  it('opens no PostgreSQL path without a database, and writes policies Kubernetes accepts', () => {
    const stack = testStack();
    new KubernetesProvider(stack, 'kubernetes', {});
    new VaultNetworkPolicies(stack, 'np', { toolingPrivateCidrs: ['10.10.0.0/20'], applicationPrivateCidrs: ['10.11.0.0/20'] });
    const json = synthStack(stack);
    const server = resourceAt(json, 'kubernetes_network_policy_v1', 'np/vault-server').spec;
    expect(JSON.stringify(server)).not.toContain('5432');
    // The same rules in the Kubernetes API shape validate against the NetworkPolicy schema.
    const camel = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(camel)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), k === 'port' ? Number(v) : camel(v)]))
          : value;
    for (const id of ['default-deny', 'dns', 'vault-server', 'jobs']) {
      const policy = resourceAt(json, 'kubernetes_network_policy_v1', `np/${id}`);
      expect(() => validate(new NetworkPolicy({ metadata: policy.metadata, spec: camel(policy.spec) } as never))).not.toThrow();
    }
  });

  it('admits only the Prometheus scraper pods to the metrics listener (8202), and nothing else to it', () => {
    const stack = testStack();
    new KubernetesProvider(stack, 'kubernetes', {});
    new VaultNetworkPolicies(stack, 'np', { toolingPrivateCidrs: ['10.10.0.0/20'], applicationPrivateCidrs: ['10.11.0.0/20'] });
    const ingress = resourceAt(synthStack(stack), 'kubernetes_network_policy_v1', 'np/vault-server').spec.ingress as { from: unknown[]; ports: { port: string }[] }[];
    const metrics = ingress.filter((rule) => rule.ports.some((port) => port.port === '8202'));
    expect(metrics).toEqual([
      {
        from: [
          {
            namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'cloudwatch-prometheus' } },
            pod_selector: { match_labels: { 'app.kubernetes.io/name': 'cloudwatch-prometheus', 'app.kubernetes.io/component': 'metrics-scraper' } },
          },
        ],
        ports: [{ port: '8202', protocol: 'TCP' }],
      },
    ]);
  });

  it('fails on invalid or too wide ranges and on no tooling range, reporting all', () => {
    expect(() => new VaultNetworkPolicies(testStack(), 'np', { toolingPrivateCidrs: [], applicationPrivateCidrs: ['0.0.0.0/4', 'nope'] })).toThrow(
      /^test\/np: applicationPrivateCidrs: expected ranges of \/8 or smaller, got "0\.0\.0\.0\/4"; applicationPrivateCidrs: .*, got "nope"; toolingPrivateCidrs: expected at least one CIDR \(the NLB lives there\), got none$/,
    );
  });
});

describe('VaultNamespaceCheck', () => {
  it('reads the namespace the add-ons stack creates and fails the plan unless it is restricted and injects readiness gates', () => {
    const stack = testStack();
    new KubernetesProvider(stack, 'kubernetes', {});
    new VaultNamespaceCheck(stack, 'ns');
    const namespace = Object.values(synthStack(stack).data.kubernetes_namespace_v1)[0] as { metadata: unknown; lifecycle: { postcondition: { condition: string }[] } };
    expect(namespace.metadata).toEqual({ name: 'vault' });
    expect(namespace.lifecycle.postcondition.map((p) => p.condition)).toEqual([
      '${lookup(self.metadata[0].labels, "pod-security.kubernetes.io/enforce", "") == "restricted"}',
      '${lookup(self.metadata[0].labels, "elbv2.k8s.aws/pod-readiness-gate-inject", "") == "enabled"}',
    ]);
  });
});

describe('RdsCaBundle', () => {
  it('refuses a checksum that is not SHA-256 and a non-HTTPS URL', () => {
    expect(() => new RdsCaBundle(testStack(), 'rds', { sha256: 'abc' })).toThrow('test/rds: sha256: expected 64 lower-case hex digits, got "abc"');
    expect(() => new RdsCaBundle(testStack(), 'rds', { url: 'http://example.com/x.pem' })).toThrow('test/rds: url: expected an https:// URL, got "http://example.com/x.pem"');
  });

  it('pins the bundle when a checksum is given', () => {
    const stack = testStack();
    new RdsCaBundle(stack, 'rds', { sha256: 'a'.repeat(64) });
    const download = Object.values(synthStack(stack).data.http)[0] as { lifecycle: { postcondition: { condition: string }[] } };
    expect(download.lifecycle.postcondition[2].condition).toBe(`\${sha256(self.response_body) == "${'a'.repeat(64)}"}`);
  });
});
