import { stringify } from 'yaml';

/** A Helm chart pinned to one version: the only place chart coordinates live. */
export interface PinnedChart {
  /** Chart name in its repository. */
  readonly chart: string;
  /** HTTPS chart repository (or `oci://` registry). */
  readonly repository: string;
  /** Exact chart version, never a range. */
  readonly version: string;
  /** Where the chart's values.yaml and templates were read for the contract tests, `<repo>@<tag>`. */
  readonly source: string;
}

/**
 * Every Helm chart the platform installs, pinned exactly. Upgrading a chart is a one-line change here plus a reviewed
 * update of its values contract next to the construct that renders its values (see docs/vault-server.md, "Upgrades").
 */
export const CHARTS = {
  vault: {
    chart: 'vault',
    repository: 'https://helm.releases.hashicorp.com',
    version: '0.34.1',
    source: 'hashicorp/vault-helm@v0.34.1',
  },
  awsLoadBalancerController: {
    chart: 'aws-load-balancer-controller',
    repository: 'https://aws.github.io/eks-charts',
    version: '3.5.0',
    source: 'aws/eks-charts@aws-load-balancer-controller-3.5.0',
  },
  externalSecrets: {
    chart: 'external-secrets',
    repository: 'https://charts.external-secrets.io',
    version: '2.9.0',
    source: 'external-secrets/external-secrets@helm-chart-2.9.0',
  },
} as const satisfies Record<string, PinnedChart>;

/**
 * Helm values as YAML for a `helm_release`'s `values`: typed objects serialized by a YAML library, never string
 * templates. Keys are emitted in insertion order, so the snapshots read like the values file a person would write.
 */
export function helmValuesYaml(values: object): string {
  return stringify(values, { lineWidth: 0, sortMapEntries: false });
}
