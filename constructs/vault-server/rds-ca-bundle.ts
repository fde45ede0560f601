import { DataHttp } from '@cdktf/provider-http/lib/data-http';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { RDS_CA_BUNDLE_FILE, RDS_CA_CONFIGMAP, VAULT_NAMESPACE } from './vault-server-names';

/** Where AWS publishes the CA bundle of every RDS region (public certificates only). */
export const RDS_GLOBAL_BUNDLE_URL = 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

export interface RdsCaBundleProps {
  /**
   * SHA-256 (hex) the downloaded bundle must have; a different bundle fails the plan until the new checksum is
   * reviewed and set. @default - no pin: the download is trusted through TLS to the AWS trust store
   */
  readonly sha256?: string;
  /** @default RDS_GLOBAL_BUNDLE_URL */
  readonly url?: string;
  /** Objects that must exist first (the namespace). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The RDS CA bundle in the Vault namespace, as ConfigMap `rds-ca` (key `global-bundle.pem`), which the Vault pods mount
 * at `/vault/userconfig/rds-ca`: the database secrets engine connects with `sslmode=verify-full` and
 * `sslrootcert=/vault/userconfig/rds-ca/global-bundle.pem` (constructs/vault/database-secrets-engine.ts).
 *
 * Why the `http` data source: the bundle is public data AWS publishes at a fixed HTTPS URL; reading it at plan time on
 * the HCP Terraform agent (TLS verified) keeps it out of Git, out of container images and off the Vault pods' network
 * path (Vault never downloads anything at start-up), and a changed bundle shows up as a ConfigMap diff in the plan.
 * Postconditions reject a failed download, something that is not a PEM bundle, and (when pinned) any bundle whose
 * SHA-256 differs from the reviewed one.
 */
export class RdsCaBundle extends Construct {
  readonly download: DataHttp;
  readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: RdsCaBundleProps = {}) {
    super(scope, id);
    if (props.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(props.sha256)) {
      throw new Error(`${this.node.path}: sha256: expected 64 lower-case hex digits, got "${props.sha256}"`);
    }
    const url = props.url ?? RDS_GLOBAL_BUNDLE_URL;
    if (!url.startsWith('https://')) throw new Error(`${this.node.path}: url: expected an https:// URL, got "${url}"`);

    const postcondition = [
      { condition: '${self.status_code == 200}', errorMessage: `Downloading the RDS CA bundle from ${url} did not return 200.` },
      {
        condition: '${length(regexall("-----BEGIN CERTIFICATE-----", self.response_body)) > 0 && !strcontains(self.response_body, "PRIVATE KEY")}',
        errorMessage: 'The RDS CA bundle is not a bundle of PEM certificates.',
      },
      ...(props.sha256
        ? [{ condition: `\${sha256(self.response_body) == "${props.sha256}"}`, errorMessage: 'The RDS CA bundle changed: review it and set vaultServer.rdsCaBundleSha256 to its new SHA-256.' }]
        : []),
    ];
    this.download = new DataHttp(this, 'download', {
      url,
      requestHeaders: { Accept: 'application/x-pem-file' },
      retry: { attempts: 3, minDelayMs: 1000 },
      lifecycle: { postcondition },
    });
    this.configMap = new ConfigMapV1(this, 'configmap', {
      metadata: { name: RDS_CA_CONFIGMAP, namespace: VAULT_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'vault' } },
      data: { [RDS_CA_BUNDLE_FILE]: this.download.responseBody },
      dependsOn: props.dependsOn,
    });
  }
}
