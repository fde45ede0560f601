import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** Where Helm stores release records: ConfigMaps, which the plan roles may read (no Secret access needed). */
export const HELM_DRIVER = 'configmap';

/** What a stack needs to talk to one of our EKS clusters; a `ClusterStack` satisfies it. */
export interface EksClusterConnection {
  /** EKS cluster name (a plain string: the token is requested by name). */
  readonly clusterName: string;
  /** API server URL (private endpoint outside dev). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  readonly certificateAuthorityData: string;
}

export interface ClusterProvidersProps {
  readonly cluster: EksClusterConnection;
  /**
   * Provider alias, for a stack that talks to more than one cluster.
   * @default - the default (unaliased) kubernetes and helm providers
   */
  readonly alias?: string;
  /**
   * Whether the stack installs Helm charts on this cluster: only then is the helm provider declared. A stack that
   * declares a provider makes every run of its workspace download and configure it, and a provider that holds a
   * cluster credential where nothing uses it is one more place that can.
   */
  readonly helm: boolean;
}

/**
 * The kubernetes provider, and the helm provider where the stack installs charts, for one of our EKS clusters:
 * endpoint and CA from the cluster stack, and a short-lived IAM token (15 minutes) from the AWS provider's
 * **ephemeral** `aws_eks_cluster_auth` resource.
 *
 * Verified against the pinned providers' sources:
 * - AWS provider 6.25.0: the ephemeral resource was added in 5.84.0 (hashicorp/terraform-provider-aws#40660,
 *   CHANGELOG "New Ephemeral Resource: aws_eks_cluster_auth") and lives in
 *   `internal/service/eks/cluster_auth_ephemeral.go` (`name` required, `token` computed and sensitive). It sets no
 *   renewal: a run keeps the token it opened (hashicorp/terraform-provider-aws#46633, open), see below.
 * - helm provider 3.1.1 (terraform-plugin-framework 1.16): `kubernetes` is a nested object attribute (3.0 turned the
 *   blocks into nested objects; cdktf writes it as an object) whose `token` is a plain optional string
 *   (`helm/provider.go`); kubernetes provider 2.38.0 (SDKv2 muxed with the framework): `token` is an optional string
 *   in both schemas (`kubernetes/provider.go`, `internal/framework/provider/provider.go`). Neither needs to opt in:
 *   Terraform >= 1.10 lets any provider configuration reference ephemeral values, and passes them to the provider
 *   only when it configures it (every stack requires >= 1.11).
 *
 * Why ephemeral and not the `aws_eks_cluster_auth` data source or an exec plugin:
 * - a data source's token is written to the plan and the state; the ephemeral resource's never is;
 * - an exec plugin (`aws eks get-token`) needs the AWS CLI inside the HCP Terraform agent image, which the stock
 *   `hashicorp/tfc-agent` image does not ship; the ephemeral resource signs with the run's own dynamic credentials.
 * The token is opened once per plan and once per apply, and is valid for 15 minutes from then: releases keep their
 * `timeout` under that (PinnedHelmRelease: 600 s).
 *
 * cdktf 0.21 has no class for ephemeral resources, so the block is written as a stack override
 * (`ephemeral.aws_eks_cluster_auth.<id>`) and referenced by its Terraform expression.
 *
 * Helm keeps its release records in **ConfigMaps** (`helm_driver = "configmap"`), not in Secrets (Helm's default):
 * the HCP Terraform plan roles read ConfigMaps to refresh releases and never need any Secret (TerraformPlanAccess),
 * so a speculative plan cannot read the Secrets that live next to a release, such as Vault's TLS key in `vault`. A
 * release record holds the chart's values and rendered manifests: values carry no secret (policy rule VP-K8S-3), and
 * a chart that renders Secret data into its manifests must not be installed through these providers.
 *
 * Endpoints are private outside dev: stacks that use these providers run on HCP Terraform agents in the tooling
 * VPC's private subnets, which both control planes admit on 443; the run roles get EKS access entries in the cluster
 * stack (stacks/cluster-clients.ts). See docs/kubernetes-platform.md.
 */
export class ClusterProviders extends Construct {
  readonly kubernetes: KubernetesProvider;
  /** The helm provider, declared only with `helm: true` (see {@link ClusterProvidersProps.helm}). */
  readonly helm?: HelmProvider;
  /** Terraform expression of the token (ephemeral: valid in provider configuration only). */
  readonly tokenExpression: string;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const authName = ephemeralName(props.alias ?? id);
    stack.addOverride(`ephemeral.aws_eks_cluster_auth.${authName}`, { name: props.cluster.clusterName });
    this.tokenExpression = `\${ephemeral.aws_eks_cluster_auth.${authName}.token}`;

    const connection = {
      host: props.cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(props.cluster.certificateAuthorityData),
      token: this.tokenExpression,
    };
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { ...connection, ...(props.alias ? { alias: props.alias } : {}) });
    if (props.helm) {
      this.helm = new HelmProvider(this, 'helm', { kubernetes: connection, helmDriver: HELM_DRIVER, ...(props.alias ? { alias: props.alias } : {}) });
    }
  }

  /** The helm provider; throws, naming the construct, when it was declared without `helm: true`. */
  requireHelm(): HelmProvider {
    if (this.helm === undefined) throw new Error(`${this.node.path}: no helm provider here; declare ClusterProviders with helm: true to install charts`);
    return this.helm;
  }
}

/** Terraform identifiers: letters, digits, `_` and `-`, not starting with a digit. */
function ephemeralName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
