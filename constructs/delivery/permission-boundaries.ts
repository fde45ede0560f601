import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { PolicyPack } from '../policy/policy-pack';
import { type PolicyStatement, policyDocument } from '../security/policy-document';

export interface PermissionBoundariesProps {
  /** The environment's account: every ARN is literal in it. */
  readonly accountId: string;
  /** `<project>-<env>`: names of the boundaries, the run roles and the roles the stacks manage. */
  readonly namePrefix: string;
  /** IAM name of the run roles' boundary, `<namePrefix>-tfc-run-boundary`. */
  readonly runBoundaryName: string;
  /** IAM name of the boundary every role created by the stacks carries, `<namePrefix>-workload-boundary`. */
  readonly workloadBoundaryName: string;
  /** Name pattern of the run roles themselves, `<namePrefix>-tfc-*`: no run may change them. */
  readonly runRoleNamePattern: string;
  /** IAM OIDC provider of HCP Terraform, `oidc-provider/app.terraform.io`: no run may change it. */
  readonly oidcProviderArn: string;
}

/** The reason both boundaries may allow `*`: shown by the policy pack with every synth. */
const BOUNDARY_REASON =
  'A permissions boundary grants nothing: it caps what identity policies can grant. Its Allow covers every action so that the Deny statements are the whole contract (docs/hcp-terraform.md, "Permission boundaries").';

/**
 * The two permissions boundaries that stop privilege escalation through the roles HCP Terraform runs use.
 *
 * Run boundary (on every plan and apply role):
 * - a role may be created, or get policies attached, only when it carries the workload boundary
 *   (`iam:PermissionsBoundary`), and no boundary may be removed: a run cannot mint a role more powerful than the cap;
 * - no change to the run roles, either boundary or the HCP Terraform OIDC provider;
 * - no IAM users, access keys, groups or SAML providers (no static credentials), no OIDC provider for another issuer
 *   than EKS clusters (no new trust into the account);
 * - `iam:PassRole` only for roles of the environment (`<namePrefix>-*`), no `sts:AssumeRole` (no chaining into a role
 *   that trusts the account), no Organizations or account settings.
 *
 * Workload boundary (on every role the stacks create, set by PlatformStack): the role may do anything its own policies
 * grant except IAM (bar creating service-linked roles) and changes to the delivery identities above, so a role created
 * by a run, passed to EC2 or EKS, can never turn into an administrator.
 */
export class PermissionBoundaries extends Construct {
  readonly runBoundary: IamPolicy;
  readonly workloadBoundary: IamPolicy;
  readonly runBoundaryArn: string;
  readonly workloadBoundaryArn: string;

  constructor(scope: Construct, id: string, props: PermissionBoundariesProps) {
    super(scope, id);
    const iam = (resource: string) => `arn:aws:iam::${props.accountId}:${resource}`;
    this.runBoundaryArn = iam(`policy/${props.runBoundaryName}`);
    this.workloadBoundaryArn = iam(`policy/${props.workloadBoundaryName}`);
    const deliveryIdentities = [iam(`role/${props.runRoleNamePattern}`), this.runBoundaryArn, this.workloadBoundaryArn, props.oidcProviderArn];

    const protectDelivery: PolicyStatement = {
      Sid: 'ProtectDeliveryIdentities',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: deliveryIdentities,
    };
    const noOrganizationChanges: PolicyStatement = { Sid: 'NoOrganizationOrAccountChanges', Effect: 'Deny', Action: ['organizations:*', 'account:*'], Resource: '*' };

    this.runBoundary = new IamPolicy(this, 'run-boundary', {
      name: props.runBoundaryName,
      description: 'Permissions boundary of the HCP Terraform run roles: no role without the workload boundary, no change to delivery identities',
      policy: policyDocument([
        { Sid: 'CapOnly', Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Sid: 'RolesOnlyWithWorkloadBoundary',
          Effect: 'Deny',
          Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
          Resource: '*',
          Condition: { StringNotEquals: { 'iam:PermissionsBoundary': this.workloadBoundaryArn } },
        },
        { Sid: 'KeepBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
        protectDelivery,
        {
          Sid: 'NoStaticCredentialsOrFederation',
          Effect: 'Deny',
          Action: [
            'iam:CreateUser',
            'iam:CreateAccessKey',
            'iam:CreateLoginProfile',
            'iam:UpdateLoginProfile',
            'iam:CreateGroup',
            'iam:AddUserToGroup',
            'iam:PutUserPolicy',
            'iam:AttachUserPolicy',
            'iam:PutGroupPolicy',
            'iam:AttachGroupPolicy',
            'iam:CreateSAMLProvider',
            'iam:UpdateSAMLProvider',
          ],
          Resource: '*',
        },
        {
          Sid: 'OidcProvidersOnlyForEks',
          Effect: 'Deny',
          Action: ['iam:CreateOpenIDConnectProvider', 'iam:AddClientIDToOpenIDConnectProvider', 'iam:UpdateOpenIDConnectProviderThumbprint'],
          NotResource: iam('oidc-provider/oidc.eks.*'),
        },
        { Sid: 'PassOnlyEnvironmentRoles', Effect: 'Deny', Action: 'iam:PassRole', NotResource: iam(`role/${props.namePrefix}-*`) },
        { Sid: 'NoRoleChaining', Effect: 'Deny', Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML'], Resource: '*' },
        noOrganizationChanges,
      ]),
      tags: { Name: props.runBoundaryName },
    });

    this.workloadBoundary = new IamPolicy(this, 'workload-boundary', {
      name: props.workloadBoundaryName,
      description: 'Permissions boundary of every role the platform stacks create: no IAM changes, no change to delivery identities',
      policy: policyDocument([
        { Sid: 'CapOnly', Effect: 'Allow', Action: '*', Resource: '*' },
        // Creating service-linked roles (load balancers, node groups) is allowed: their permissions are AWS-defined.
        { Sid: 'NoIamChanges', Effect: 'Deny', Action: 'iam:*', NotResource: iam('role/aws-service-role/*') },
        protectDelivery,
        noOrganizationChanges,
      ]),
      tags: { Name: props.workloadBoundaryName },
    });

    for (const policy of [this.runBoundary, this.workloadBoundary]) {
      PolicyPack.suppress(policy, 'VP-IAM-1', BOUNDARY_REASON);
      PolicyPack.suppress(policy, 'VP-IAM-2', BOUNDARY_REASON);
    }
  }
}
