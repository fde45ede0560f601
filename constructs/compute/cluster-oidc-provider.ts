import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Audience of tokens projected for AWS STS (IRSA). */
export const STS_AUDIENCE = 'sts.amazonaws.com';

export interface ClusterOidcProviderProps {
  /** The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`), usually a token. */
  readonly issuerUrl: string;
  /** Name tag, e.g. `vaultplat-dev-tooling`. */
  readonly name: string;
}

/**
 * The IAM OIDC identity provider of one EKS cluster, trusting only the `sts.amazonaws.com` audience. No thumbprint
 * is pinned: IAM validates EKS issuers against its own trusted CA store, and a pinned thumbprint would break at the
 * next certificate rotation.
 */
export class ClusterOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;
  /** ARN of the IAM OIDC provider, the `Federated` principal of IRSA trust policies. */
  readonly arn: string;
  /** Issuer URL including `https://`. */
  readonly issuerUrl: string;
  /** Issuer without the scheme: the prefix of the `:sub` and `:aud` condition keys in trust policies. */
  readonly issuerHost: string;

  constructor(scope: Construct, id: string, props: ClusterOidcProviderProps) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      url: props.issuerUrl,
      clientIdList: [STS_AUDIENCE],
      tags: { Name: `${props.name}-oidc` },
    });
    this.arn = this.provider.arn;
    this.issuerUrl = props.issuerUrl;
    this.issuerHost = Fn.replace(props.issuerUrl, 'https://', '');
  }
}
