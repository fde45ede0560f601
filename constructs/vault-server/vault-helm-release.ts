import { Release } from '@cdktf/provider-helm/lib/release';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS, helmValuesYaml } from '../kubernetes/charts';
import { type VaultChartValues, type VaultServerValuesOptions, vaultHelmValues } from './vault-helm-values';
import { VAULT_NAMESPACE, VAULT_RELEASE_NAME } from './vault-server-names';

export interface VaultHelmReleaseProps extends VaultServerValuesOptions {
  /** TLS secret, RDS CA ConfigMap, TargetGroupBinding, network policies: everything the pods need at creation. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The `vault` release of hashicorp/vault (`CHARTS.vault`) in namespace `vault`, values from {@link vaultHelmValues}.
 *
 * `wait` is off on purpose: a new cluster's pods stay unready (uninitialised) until the init job runs, so a Helm
 * wait would always time out on the first install; the init job (which waits for completion) is the readiness
 * proof. The timeout stays under the 15-minute EKS token of the run (ClusterProviders).
 */
export class VaultHelmRelease extends Construct {
  readonly values: VaultChartValues;
  readonly release: Release;

  constructor(scope: Construct, id: string, props: VaultHelmReleaseProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Number.isInteger(props.replicas) || props.replicas < 1 || props.replicas % 2 === 0) problems.push(`replicas: expected an odd whole number, got ${props.replicas}`);
    if (props.auditFiles.some((file) => !file.startsWith('/vault/audit/'))) {
      problems.push(`auditFiles: expected files on the audit volume (/vault/audit/...), got ${JSON.stringify(props.auditFiles)}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.values = vaultHelmValues(props);
    const chart = CHARTS.vault;
    this.release = new Release(this, 'release', {
      name: VAULT_RELEASE_NAME,
      namespace: VAULT_NAMESPACE,
      createNamespace: false,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      values: [helmValuesYaml(this.values)],
      wait: false,
      atomic: false,
      cleanupOnFail: false,
      timeout: 600,
      maxHistory: 10,
      dependsOn: props.dependsOn,
    });
  }
}
