import { Bundle } from '@kubernetes-models/cert-manager/trust.cert-manager.io/v1alpha1/Bundle';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformStack } from 'cdktf';
import { schemaProblems } from '../../../constructs/kubernetes/value-contract';
import { TRUST_MANAGER_BUNDLE_SCHEMA, VaultServerTls, vaultServerNames } from '../../../constructs/vault-server/vault-server-tls';
import { resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';

const validate = (model: unknown): void => (model as { validate(): void }).validate();

function tlsStack(): { stack: TerraformStack; tls: VaultServerTls } {
  const stack = testStack();
  new KubernetesProvider(stack, 'kubernetes', {});
  const tls = new VaultServerTls(stack, 'tls', { hostname: 'vault.dev.vault.internal', replicas: 3, organization: 'Acme Platform', namePrefix: 'vaultplat-dev' });
  return { stack, tls };
}

describe('VaultServerTls', () => {
  const { stack, tls } = tlsStack();
  const json = synthStack(stack);
  const m = tls.manifests;

  it('covers the private name, every in-cluster service name, every raft peer and 127.0.0.1', () => {
    expect(vaultServerNames('vault.dev.vault.internal', 3)).toEqual({
      dnsNames: [
        'vault.dev.vault.internal',
        'vault',
        'vault.vault',
        'vault.vault.svc',
        'vault.vault.svc.cluster.local',
        'vault-active',
        'vault-active.vault',
        'vault-active.vault.svc',
        'vault-active.vault.svc.cluster.local',
        'vault-0.vault-internal',
        'vault-1.vault-internal',
        'vault-2.vault-internal',
      ],
      ipAddresses: ['127.0.0.1'],
    });
    expect((m.serverCertificate.spec as { dnsNames: string[] }).dnsNames).toEqual(vaultServerNames('vault.dev.vault.internal', 3).dnsNames);
    expect(vaultServerNames('vault.x.internal', 5).dnsNames).toContain('vault-4.vault-internal');
  });

  it('builds valid cert-manager objects: a namespaced self-signed issuer, a CA, a namespaced CA issuer, the server certificate', () => {
    validate(new Issuer(m.selfSignedIssuer as never));
    validate(new Certificate(m.caCertificate as never));
    validate(new Issuer(m.caIssuer as never));
    validate(new Certificate(m.serverCertificate as never));
    for (const issuer of [m.selfSignedIssuer, m.caIssuer]) {
      expect(issuer).toEqual(expect.objectContaining({ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: expect.objectContaining({ namespace: 'vault' }) }));
    }
    expect(JSON.stringify(m)).not.toContain('ClusterIssuer');
    expect(m.caCertificate.spec).toEqual(
      expect.objectContaining({
        isCA: true,
        secretName: 'vault-ca',
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'vault-selfsigned' },
        privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Never' },
        duration: '43800h',
        renewBefore: '8760h',
      }),
    );
    expect(m.serverCertificate.spec).toEqual(
      expect.objectContaining({
        secretName: 'vault-server-tls',
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'vault-ca' },
        privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
        usages: ['server auth', 'digital signature'],
        duration: '2160h',
        renewBefore: '720h',
        ipAddresses: ['127.0.0.1'],
      }),
    );
  });

  it('fails model validation for a wrong type, so the validation can catch a broken object', () => {
    expect(() => validate(new Certificate({ ...m.serverCertificate, spec: { ...(m.serverCertificate.spec as object), isCA: 'yes' } } as never))).toThrow(/isCA/);
  });

  it('publishes only the public CA certificate through a trust-manager Bundle valid against the pinned CRD contract', () => {
    validate(new Bundle(m.caBundle as never));
    expect(schemaProblems(m.caBundle, TRUST_MANAGER_BUNDLE_SCHEMA)).toEqual([]);
    expect(m.caBundle).toEqual({
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: 'vault-ca' },
      spec: { sources: [{ secret: { name: 'vault-ca', key: 'tls.crt' } }], target: { configMap: { key: 'ca.crt' } } },
    });
    const misspelt = { ...m.caBundle, spec: { sources: [{ secret: { name: 'vault-ca', key: 'tls.crt' } }], targets: { configMap: { key: 'ca.crt' } } } };
    expect(schemaProblems(misspelt, TRUST_MANAGER_BUNDLE_SCHEMA)).toEqual(['spec.targets: unknown field (not in the CRD schema)']);
  });

  it('applies each object with kubernetes_manifest, waiting for Ready (cert-manager) or Synced (trust-manager)', () => {
    const manifests = resourcesOf(json, 'kubernetes_manifest');
    expect(Object.keys(manifests)).toHaveLength(5);
    expect(resourceAt(json, 'kubernetes_manifest', 'tls/server-certificate').wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
    expect(resourceAt(json, 'kubernetes_manifest', 'tls/ca-bundle').wait).toEqual({ condition: [{ type: 'Synced', status: 'True' }] });
  });

  it('reads the CA back from the public ConfigMap, never from a Secret, and holds no key material', () => {
    expect(Object.values(json.data.kubernetes_config_map_v1)).toEqual([
      expect.objectContaining({ metadata: { name: 'vault-ca', namespace: 'vault' }, depends_on: [expect.stringContaining('kubernetes_manifest.tls_ca-bundle')] }),
    ]);
    expect(JSON.stringify(json)).not.toMatch(/kubernetes_secret|tls_private_key|BEGIN [A-Z ]*PRIVATE KEY/);
    expect(tls.caCertificatePem).toBeDefined();
  });

  it('fails with every bad input named', () => {
    const stack = testStack();
    expect(() => new VaultServerTls(stack, 'tls', { hostname: 'Not A Name', replicas: 0, organization: 'x', namePrefix: 'x' })).toThrow(
      'test/tls: hostname: expected a DNS name such as vault.dev.vault.internal, got "Not A Name"; replicas: expected a whole number from 1, got 0',
    );
  });
});
