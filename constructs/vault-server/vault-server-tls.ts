import { DataKubernetesConfigMapV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-config-map-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Fn, type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { isDnsName } from '../access/dns-names';
import { type FieldSchema } from '../kubernetes/value-contract';
import {
  VAULT_ACTIVE_SERVICE,
  VAULT_CA_BUNDLE,
  VAULT_CA_CONFIGMAP_KEY,
  VAULT_CA_SECRET_NAME,
  VAULT_NAMESPACE,
  VAULT_SERVER_TLS_SECRET_NAME,
  VAULT_SERVICE,
  vaultPeerHostnames,
} from './vault-server-names';

/** cert-manager and trust-manager API versions the manifests are written for (their CRDs come from the add-ons stack). */
export const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';
export const TRUST_MANAGER_API_VERSION = 'trust.cert-manager.io/v1alpha1';

const selectorSource: FieldSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    key: { type: 'string', minLength: 1 },
    includeAllKeys: { type: 'boolean' },
    selector: { type: 'object' },
  },
};
/**
 * The trust-manager `Bundle` (trust.cert-manager.io/v1alpha1, cluster-scoped) fields this project uses, transcribed
 * from cert-manager/trust-manager@v0.24.0 `pkg/apis/trust/v1alpha1/types_bundle.go` and the CRD
 * `deploy/charts/trust-manager/templates/crd-trust.cert-manager.io_bundles.yaml`: `spec.sources` (1-100 items, each
 * exactly one of configMap / secret / inLine / useDefaultCAs; a configMap/secret source exactly one of name /
 * selector), `spec.target` (at least one of configMap / secret, each with a required `key`). The add-ons stack pins
 * the trust-manager chart: keep this in step with it.
 */
export const TRUST_MANAGER_BUNDLE_SCHEMA: FieldSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['trust.cert-manager.io/v1alpha1'] },
    kind: { type: 'string', enum: ['Bundle'] },
    // Cluster-scoped: a namespace here would be ignored or refused.
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, labels: { type: 'object' }, annotations: { type: 'object' } } },
    spec: {
      type: 'object',
      required: ['sources'],
      properties: {
        sources: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { configMap: selectorSource, secret: selectorSource, inLine: { type: 'string', minLength: 1 }, useDefaultCAs: { type: 'boolean' } },
          },
        },
        target: {
          type: 'object',
          properties: {
            configMap: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1 }, metadata: { type: 'object' } } },
            secret: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1 }, metadata: { type: 'object' } } },
            additionalFormats: { type: 'object' },
            namespaceSelector: { type: 'object' },
          },
        },
      },
    },
  },
};

export interface VaultServerTlsProps {
  /** Private name clients use, `vault.<privateZoneName>` (the vault-access stack's `vaultHostname`). */
  readonly hostname: string;
  /** Raft voters: every `vault-N.vault-internal` peer name is in the certificate. */
  readonly replicas: number;
  /** Subject organisation of the CA, e.g. `Acme Platform`. */
  readonly organization: string;
  /** Prefix of the CA common name, e.g. `vaultplat-dev`. */
  readonly namePrefix: string;
  /** Objects that must exist first (the namespace). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** CA certificate lifetime. @default 43800h (5 years) */
  readonly caDuration?: string;
  /** Server certificate lifetime. @default 2160h (90 days) */
  readonly serverDuration?: string;
  /** Renew the server certificate this long before it expires. @default 720h (30 days) */
  readonly serverRenewBefore?: string;
}

/** DNS names and IP addresses of the Vault server certificate. */
export interface VaultServerNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

/**
 * Every name a client or peer uses to reach Vault: the private name through the NLB; the in-cluster services
 * (`vault`, `vault-active`, short to fully qualified); every raft peer `vault-N.vault-internal` (retry_join, api_addr
 * redirects, the init job); and 127.0.0.1 (the CLI inside the pod, `VAULT_ADDR`).
 */
export function vaultServerNames(hostname: string, replicas: number): VaultServerNames {
  const services = [VAULT_SERVICE, VAULT_ACTIVE_SERVICE].flatMap((service) => [
    service,
    `${service}.${VAULT_NAMESPACE}`,
    `${service}.${VAULT_NAMESPACE}.svc`,
    `${service}.${VAULT_NAMESPACE}.svc.cluster.local`,
  ]);
  return { dnsNames: [hostname, ...services, ...vaultPeerHostnames(replicas)], ipAddresses: ['127.0.0.1'] };
}

/** The `apiVersion`/`kind`/`metadata`/`spec` objects this construct applies, exposed for schema tests. */
export interface VaultTlsManifests {
  readonly selfSignedIssuer: Record<string, unknown>;
  readonly caCertificate: Record<string, unknown>;
  readonly caIssuer: Record<string, unknown>;
  readonly serverCertificate: Record<string, unknown>;
  readonly caBundle: Record<string, unknown>;
}

/**
 * TLS of the Vault servers with keys that never enter Terraform state: cert-manager generates every private key inside
 * the cluster (Secrets `vault-ca` and `vault-server-tls` in namespace `vault`, which Terraform never reads).
 *
 * - A namespaced SelfSigned Issuer signs only the CA; the CA Issuer `vault-ca` is namespaced too, so no other
 *   namespace can mint a certificate that Vault's clients trust (a ClusterIssuer could be used from everywhere).
 * - CA: ECDSA P-256, 5 years, re-issued one year before expiry with the **same key** (`rotationPolicy: Never`), so
 *   the certificates it signed and every client trust store stay valid across the renewal.
 * - Server certificate: ECDSA P-256, 90 days, renewed 30 days before expiry with a **new key** (`rotationPolicy:
 *   Always`); the ops sidecar reloads Vault (SIGHUP) when the Secret changes.
 * - trust-manager Bundle `vault-ca` publishes the CA certificate (public) as ConfigMap `vault-ca`, key `ca.crt`, in
 *   every namespace; {@link caCertificatePem} reads it back from that ConfigMap (a public object, never a Secret).
 *
 * Every custom resource waits for its Ready/Synced condition, so the apply fails loudly when cert-manager or
 * trust-manager cannot do its part. Their CRDs come from the add-ons stack (planned earlier).
 */
export class VaultServerTls extends Construct {
  readonly manifests: VaultTlsManifests;
  readonly selfSignedIssuer: Manifest;
  readonly caCertificate: Manifest;
  readonly caIssuer: Manifest;
  readonly serverCertificate: Manifest;
  readonly caBundle: Manifest;
  readonly caConfigMap: DataKubernetesConfigMapV1;
  /** PEM of the CA certificate, read from the trust-manager ConfigMap (public data only). */
  readonly caCertificatePem: string;
  readonly names: VaultServerNames;

  constructor(scope: Construct, id: string, props: VaultServerTlsProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.hostname) && !isDnsName(props.hostname)) problems.push(`hostname: expected a DNS name such as vault.dev.vault.internal, got "${props.hostname}"`);
    if (!Number.isInteger(props.replicas) || props.replicas < 1) problems.push(`replicas: expected a whole number from 1, got ${props.replicas}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.names = vaultServerNames(props.hostname, props.replicas);
    const namespace = VAULT_NAMESPACE;
    const ecdsa = { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8' };
    this.manifests = {
      selfSignedIssuer: {
        apiVersion: CERT_MANAGER_API_VERSION,
        kind: 'Issuer',
        metadata: { name: 'vault-selfsigned', namespace },
        spec: { selfSigned: {} },
      },
      caCertificate: {
        apiVersion: CERT_MANAGER_API_VERSION,
        kind: 'Certificate',
        metadata: { name: VAULT_CA_SECRET_NAME, namespace },
        spec: {
          isCA: true,
          commonName: `${props.namePrefix} Vault server CA`,
          subject: { organizations: [props.organization] },
          secretName: VAULT_CA_SECRET_NAME,
          duration: props.caDuration ?? '43800h',
          renewBefore: '8760h',
          privateKey: { ...ecdsa, rotationPolicy: 'Never' },
          usages: ['cert sign', 'crl sign', 'digital signature'],
          issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: 'vault-selfsigned' },
        },
      },
      caIssuer: {
        apiVersion: CERT_MANAGER_API_VERSION,
        kind: 'Issuer',
        metadata: { name: VAULT_CA_SECRET_NAME, namespace },
        spec: { ca: { secretName: VAULT_CA_SECRET_NAME } },
      },
      serverCertificate: {
        apiVersion: CERT_MANAGER_API_VERSION,
        kind: 'Certificate',
        metadata: { name: VAULT_SERVER_TLS_SECRET_NAME, namespace },
        spec: {
          secretName: VAULT_SERVER_TLS_SECRET_NAME,
          commonName: props.hostname,
          dnsNames: [...this.names.dnsNames],
          ipAddresses: [...this.names.ipAddresses],
          duration: props.serverDuration ?? '2160h',
          renewBefore: props.serverRenewBefore ?? '720h',
          privateKey: { ...ecdsa, rotationPolicy: 'Always' },
          usages: ['server auth', 'digital signature'],
          issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: VAULT_CA_SECRET_NAME },
        },
      },
      caBundle: {
        apiVersion: TRUST_MANAGER_API_VERSION,
        kind: 'Bundle',
        metadata: { name: VAULT_CA_BUNDLE },
        spec: {
          // The CA Secret lives in the trust namespace (`vault`); only its public certificate is copied.
          sources: [{ secret: { name: VAULT_CA_SECRET_NAME, key: 'tls.crt' } }],
          target: { configMap: { key: VAULT_CA_CONFIGMAP_KEY } },
        },
      },
    };

    const ready = { condition: [{ type: 'Ready', status: 'True' }] };
    const dependsOn = props.dependsOn ?? [];
    this.selfSignedIssuer = new Manifest(this, 'selfsigned-issuer', { manifest: this.manifests.selfSignedIssuer, wait: ready, dependsOn });
    this.caCertificate = new Manifest(this, 'ca-certificate', { manifest: this.manifests.caCertificate, wait: ready, dependsOn: [this.selfSignedIssuer] });
    this.caIssuer = new Manifest(this, 'ca-issuer', { manifest: this.manifests.caIssuer, wait: ready, dependsOn: [this.caCertificate] });
    this.serverCertificate = new Manifest(this, 'server-certificate', { manifest: this.manifests.serverCertificate, wait: ready, dependsOn: [this.caIssuer] });
    this.caBundle = new Manifest(this, 'ca-bundle', {
      manifest: this.manifests.caBundle,
      wait: { condition: [{ type: 'Synced', status: 'True' }] },
      dependsOn: [this.caCertificate],
    });
    this.caConfigMap = new DataKubernetesConfigMapV1(this, 'ca-configmap', {
      metadata: { name: VAULT_CA_BUNDLE, namespace },
      dependsOn: [this.caBundle],
    });
    this.caCertificatePem = Fn.lookup(this.caConfigMap.data, VAULT_CA_CONFIGMAP_KEY, '');
  }
}
