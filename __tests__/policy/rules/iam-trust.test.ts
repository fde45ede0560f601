import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { type PolicyConditions, policyDocument } from '../../../constructs/security/policy-document';
import { checkRule, details } from '../kit';

const HCP = 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io';
const EKS = 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const SUBJECT = 'organization:acme:project:vault-platform:workspace:vaultplat-network-dev:run_phase:plan';

function trust(principal: string, condition: PolicyConditions | undefined): string {
  return policyDocument([
    { Sid: 'Trust', Effect: 'Allow', Principal: { Federated: principal }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) },
  ]);
}

describe('VP-IAM-3 iam-web-identity-trust-pinned', () => {
  it('passes HCP Terraform and EKS trusts that pin aud and sub with StringEquals, and ignores service trusts', () => {
    const check = checkRule('VP-IAM-3', (s) => {
      new IamRole(s, 'hcp', { assumeRolePolicy: trust(HCP, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUBJECT } }) });
      new IamRole(s, 'irsa', {
        assumeRolePolicy: trust(EKS, { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com', 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:kube-system:ebs-csi' } }),
      });
      new IamRole(s, 'service', { assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }]) });
      // The service stacks' shared role: one StringLike subject, a literal prefix and suffix around one '*', one run phase.
      new IamRole(s, 'group', {
        assumeRolePolicy: trust(HCP, {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:vault-platform:workspace:vaultplat-services-*-dev:run_phase:apply' },
        }),
      });
    });
    expect(check.results).toEqual({
      hcp: { status: 'compliant' },
      group: { status: 'compliant' },
      irsa: { status: 'compliant' },
      service: { status: 'not-applicable', reason: 'no web identity trust' },
    });
  });

  it('fails a missing audience, a StringLike or wildcard subject, and an HCP Terraform subject wider than one workspace and run phase', () => {
    const check = checkRule('VP-IAM-3', (s) => {
      new IamRole(s, 'no-aud', { assumeRolePolicy: trust(HCP, { StringEquals: { 'app.terraform.io:sub': SUBJECT } }) });
      new IamRole(s, 'like', {
        assumeRolePolicy: trust(HCP, {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:*:workspace:*:run_phase:*' },
        }),
      });
      new IamRole(s, 'group-any-phase', {
        assumeRolePolicy: trust(HCP, {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:p:workspace:vaultplat-services-*-dev:run_phase:*' },
        }),
      });
      new IamRole(s, 'group-and-exact', {
        assumeRolePolicy: trust(HCP, {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUBJECT },
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:p:workspace:a-*-b:run_phase:plan' },
        }),
      });
      new IamRole(s, 'any-phase', {
        assumeRolePolicy: trust(HCP, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': 'organization:acme:project:p:workspace:w' } }),
      });
      new IamRole(s, 'two-subjects', {
        assumeRolePolicy: trust(HCP, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': [SUBJECT, SUBJECT.replace('plan', 'apply')] } }),
      });
      new IamRole(s, 'unconditioned', { assumeRolePolicy: trust(EKS, undefined) });
      new DataAwsIamPolicyDocument(s, 'document', {
        statement: [
          {
            actions: ['sts:AssumeRoleWithWebIdentity'],
            principals: [{ type: 'Federated', identifiers: [EKS] }],
            condition: [{ test: 'StringEquals', variable: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud', values: ['sts.amazonaws.com'] }, { test: 'StringEquals', variable: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub', values: ['system:serviceaccount:*:*'] }],
          },
        ],
      });
    });
    expect(details(check)).toEqual({
      'no-aud': 'assume_role_policy statement "Trust" does not pin aud to exactly one value with StringEquals',
      like: 'assume_role_policy statement "Trust" trusts HCP Terraform with sub like ["organization:acme:project:*:workspace:*:run_phase:*"], not one organization:project:<prefix>*<suffix>:run_phase',
      'group-any-phase':
        'assume_role_policy statement "Trust" trusts HCP Terraform with sub like ["organization:acme:project:p:workspace:vaultplat-services-*-dev:run_phase:*"], not one organization:project:<prefix>*<suffix>:run_phase',
      'group-and-exact': 'assume_role_policy statement "Trust" matches sub with StringLike; pin it with StringEquals',
      'any-phase': 'assume_role_policy statement "Trust" trusts HCP Terraform with sub "organization:acme:project:p:workspace:w", not one organization:project:workspace:run_phase',
      'two-subjects': 'assume_role_policy statement "Trust" does not pin sub to exactly one value with StringEquals',
      unconditioned: 'assume_role_policy statement "Trust" does not pin aud to exactly one value with StringEquals; assume_role_policy statement "Trust" does not pin sub to exactly one value with StringEquals',
      document: 'statement 1 pins sub to a pattern "system:serviceaccount:*:*"',
    });
  });
});

describe('VP-IAM-4 iam-run-role-boundary', () => {
  const hcpTrust = trust(HCP, { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUBJECT } });

  it('passes a run role with a permissions boundary and ignores roles HCP Terraform does not assume', () => {
    const check = checkRule('VP-IAM-4', (s) => {
      new IamRole(s, 'run', { assumeRolePolicy: hcpTrust, permissionsBoundary: 'arn:aws:iam::111111111111:policy/vaultplat-dev-tfc-run-boundary' });
      new IamRole(s, 'irsa', { assumeRolePolicy: trust(EKS, { StringEquals: { 'x:aud': 'sts.amazonaws.com', 'x:sub': 'system:serviceaccount:a:b' } }) });
    });
    expect(check.results).toEqual({ run: { status: 'compliant' }, irsa: { status: 'not-applicable', reason: 'not an HCP Terraform run role' } });
  });

  it('fails a run role without a boundary', () => {
    const check = checkRule('VP-IAM-4', (s) => {
      new IamRole(s, 'run', { assumeRolePolicy: hcpTrust });
    });
    expect(details(check)).toEqual({ run: 'the run role has no permissions_boundary' });
  });
});
