import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';

/** Audience of HCP Terraform workload identity tokens for AWS (the default of `TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`). */
export const AWS_WORKLOAD_AUDIENCE = 'aws.workload.identity';

export interface HcpTerraformOidcProviderProps {
  /** HCP Terraform (or Terraform Enterprise) hostname, the token issuer. @default 'app.terraform.io' */
  readonly hostname?: string;
  /**
   * Look the provider up instead of creating it: IAM allows one provider per issuer and account, so when several
   * environments share an account only the first one's bootstrap creates it. @default false
   */
  readonly existing?: boolean;
}

/**
 * The account's IAM OIDC identity provider for HCP Terraform workload identity: runs exchange their signed token for
 * a role's credentials (dynamic provider credentials). Only the `aws.workload.identity` audience is accepted. No
 * thumbprint is pinned: IAM retrieves the issuer's top intermediate CA thumbprint itself when none is given
 * (hashicorp/terraform-provider-aws, iam_openid_connect_provider docs), and a pinned one breaks at the next rotation.
 */
export class HcpTerraformOidcProvider extends Construct {
  readonly arn: string;
  /** `app.terraform.io`: prefix of the `:sub` and `:aud` condition keys in trust policies. */
  readonly hostname: string;

  constructor(scope: Construct, id: string, props: HcpTerraformOidcProviderProps = {}) {
    super(scope, id);
    const hostname = props.hostname ?? 'app.terraform.io';
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(hostname)) {
      throw new Error(`${this.node.path}: hostname: expected a DNS name such as app.terraform.io, got "${hostname}"`);
    }
    this.hostname = hostname;
    const url = `https://${hostname}`;
    this.arn = props.existing
      ? new DataAwsIamOpenidConnectProvider(this, 'provider', { url }).arn
      : new IamOpenidConnectProvider(this, 'provider', { url, clientIdList: [AWS_WORKLOAD_AUDIENCE], tags: { Name: hostname } }).arn;
  }
}
