import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

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
}

/**
 * The kubernetes and helm providers for one of our EKS clusters: endpoint and CA from the cluster stack, and a
 * short-lived IAM token (15 minutes) from the AWS provider's **ephemeral** `aws_eks_cluster_auth` resource.
 *
 * Why ephemeral and not the `aws_eks_cluster_auth` data source or an exec plugin:
 * - a data source's token is written to the plan and the state; the ephemeral resource's never is (Terraform >= 1.10,
 *   every stack requires >= 1.11; the ephemeral resource exists in the pinned AWS provider 6.25.0);
 * - an exec plugin (`aws eks get-token`) needs the AWS CLI inside the HCP Terraform agent image, which the stock
 *   `hashicorp/tfc-agent` image does not ship; the ephemeral resource signs with the run's own dynamic credentials.
 * The token is opened once per plan and once per apply, and is valid for 15 minutes from then: releases whose apply
 * can take longer must keep their `timeout` under that.
 *
 * cdktf 0.21 has no class for ephemeral resources, so the block is written as a stack override
 * (`ephemeral.aws_eks_cluster_auth.<id>`) and referenced by its Terraform expression.
 *
 * Endpoints are private outside dev: stacks that use these providers run on HCP Terraform agents inside the tooling
 * VPC (docs/vault-server.md), and the run roles get EKS access entries in the cluster stack.
 */
export class ClusterProviders extends Construct {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;
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
    this.helm = new HelmProvider(this, 'helm', { kubernetes: connection, ...(props.alias ? { alias: props.alias } : {}) });
  }
}

/** Terraform identifiers: letters, digits, `_` and `-`, not starting with a digit. */
function ephemeralName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
