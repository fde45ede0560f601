import { type HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CHARTS, type ChartKey, helmValuesYaml } from './charts';

/**
 * Longest a release may take, in seconds. The provider's EKS token lives 15 minutes from the start of the run and is
 * not renewed (ClusterProviders), so a release must finish well inside that.
 */
export const RELEASE_TIMEOUT_SECONDS = 600;

export interface PinnedHelmReleaseProps {
  /** The helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Which pinned chart (coordinates come from `CHARTS` only). */
  readonly chart: ChartKey;
  /** Release name. */
  readonly name: string;
  /** Namespace of the release; must exist (created as a typed namespace, never by Helm). */
  readonly namespace: string;
  /** Chart values as a typed object; serialized with a YAML library. No secrets: values are stored in state. */
  readonly values: object;
  /** Resources that must exist first (the namespace, a release whose CRDs or webhooks this one needs). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Helm `--wait-for-jobs` (post-install hook Jobs such as cert-manager's startupapicheck). @default true */
  readonly waitForJobs?: boolean;
}

/**
 * A `helm_release` of one chart pinned in {@link CHARTS}, with the release settings every platform chart uses:
 * - exact `version` and `repository` from `CHARTS` (no chart coordinates anywhere else);
 * - `values` only, as one YAML document from a typed object; never `set`/`set_sensitive` (a value set that way is
 *   stored in state like any other, and a string path is not checked against the chart's keys);
 * - `atomic` + `cleanup_on_fail` + `wait`: a failed install or upgrade rolls back instead of leaving a half-applied
 *   release, and the apply fails; `timeout` {@link RELEASE_TIMEOUT_SECONDS};
 * - `create_namespace = false` (namespaces are typed resources with Pod Security labels), `max_history = 5`;
 * - no `lint`: helm provider 3.1.1 lints at plan time with the `values` strings that are known, and drops an unknown
 *   one entirely (`getValues` in helm/resource_helm_release.go reads an unknown string as ""), so a release whose
 *   values contain a value known only after apply (an IRSA role ARN on the first plan) would be linted with no values
 *   at all and fail on the chart's `required` checks. Our values are checked against each chart's keys by the contract
 *   tests instead.
 */
export class PinnedHelmRelease extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: PinnedHelmReleaseProps) {
    super(scope, id);
    const chart = CHARTS[props.chart];
    this.release = new Release(this, 'release', {
      provider: props.provider,
      name: props.name,
      namespace: props.namespace,
      chart: chart.chart,
      repository: chart.repository,
      version: chart.version,
      values: [helmValuesYaml(props.values)],
      createNamespace: false,
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      waitForJobs: props.waitForJobs ?? true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      maxHistory: 5,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
