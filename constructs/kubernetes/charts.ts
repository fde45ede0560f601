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
 * update of its values contract next to the construct that renders its values (docs/kubernetes-platform.md,
 * "Upgrading a chart").
 *
 * Each entry was checked against its source at the tag named in `source` (the chart's Chart.yaml `version` /
 * `appVersion` at that tag, and the install docs naming the repository):
 * - vault: hashicorp/vault-helm@v0.34.1 Chart.yaml `version: 0.34.1` (appVersion 2.0.4).
 * - aws-load-balancer-controller: the chart lives in kubernetes-sigs/aws-load-balancer-controller under
 *   `helm/aws-load-balancer-controller` (not in aws/eks-charts, which only publishes it); at tag v3.5.0 its
 *   Chart.yaml says `version: 3.5.0`, `appVersion: v3.5.0`, and docs/deploy/installation.md installs it from
 *   https://aws.github.io/eks-charts.
 * - external-secrets: external-secrets/external-secrets@helm-chart-2.9.0 `deploy/charts/external-secrets/Chart.yaml`
 *   `version: "2.9.0"`, `appVersion: "v2.9.0"`.
 * - cert-manager and trust-manager: Jetstack publishes chart versions equal to the git tag, with the `v`
 *   (`helm install cert-manager jetstack/cert-manager --version v1.21.1`); the charts are
 *   cert-manager/cert-manager@v1.21.1 `deploy/charts/cert-manager` and cert-manager/trust-manager@v0.24.0
 *   `deploy/charts/trust-manager` (both Chart.yaml files carry a placeholder version filled in at release).
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
    source: 'kubernetes-sigs/aws-load-balancer-controller@v3.5.0',
  },
  externalSecrets: {
    chart: 'external-secrets',
    repository: 'https://charts.external-secrets.io',
    version: '2.9.0',
    source: 'external-secrets/external-secrets@helm-chart-2.9.0',
  },
  certManager: {
    chart: 'cert-manager',
    repository: 'https://charts.jetstack.io',
    version: 'v1.21.1',
    source: 'cert-manager/cert-manager@v1.21.1',
  },
  trustManager: {
    chart: 'trust-manager',
    repository: 'https://charts.jetstack.io',
    version: 'v0.24.0',
    source: 'cert-manager/trust-manager@v0.24.0',
  },
} as const satisfies Record<string, PinnedChart>;

export type ChartKey = keyof typeof CHARTS;

/** An exact chart version: `1.2.3` or `v1.2.3`, optionally with a pre-release; never a range or `latest`. */
export const EXACT_CHART_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Helm values as YAML for a `helm_release`'s `values`: typed objects serialized by a YAML library, never string
 * templates. Keys are emitted in insertion order, and an object used twice is written twice (no YAML anchors), so the
 * snapshots read like the values file a person would write.
 */
export function helmValuesYaml(values: object): string {
  return stringify(values, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}
