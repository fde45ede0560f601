import { type PolicyStatement } from '../../../constructs/security/policy-document';
import { RESOURCE_FAMILIES, SERVICE_ACTIONS, familyOf, runRolePolicies } from '../../../constructs/delivery/run-role-permissions';

const BASE = { stack: 'network-dev', regions: ['eu-west-1'], accountId: '111111111111', namePrefix: 'vaultplat-dev', iamRoleNames: [], dataSourceTypes: [] };
const actions = (statements: readonly PolicyStatement[]) => statements.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]));
const bySid = (statements: readonly PolicyStatement[], sid: string) => statements.find((s) => s.Sid === sid);

describe('familyOf', () => {
  it('matches the longest prefix at a word boundary', () => {
    expect(familyOf('aws_vpc_security_group_ingress_rule')).toBe(RESOURCE_FAMILIES.aws_vpc_security_group_);
    expect(familyOf('aws_vpc')).toBe(RESOURCE_FAMILIES.aws_vpc);
    expect(familyOf('aws_route53_zone')).toBe(RESOURCE_FAMILIES.aws_route53_);
    expect(familyOf('aws_route_table_association')).toBe(RESOURCE_FAMILIES.aws_route_table);
    expect(familyOf('aws_ec2_client_vpn_endpoint')).toBe(RESOURCE_FAMILIES.aws_ec2_client_vpn_);
    expect(familyOf('aws_lb_target_group')).toBe(RESOURCE_FAMILIES.aws_lb);
    expect(familyOf('vault_policy')).toEqual({ service: 'none' });
    expect(familyOf('aws_subnets')).toBeUndefined();
    expect(familyOf('aws_lambda_function')).toBeUndefined();
  });

  it('names only services with an action set (or iam / none)', () => {
    for (const [prefix, family] of Object.entries(RESOURCE_FAMILIES)) {
      expect([prefix, ['iam', 'none', ...Object.keys(SERVICE_ACTIONS)].includes(family.service)]).toEqual([prefix, true]);
    }
  });
});

describe('runRolePolicies', () => {
  it('gives the plan role read actions only, region-bound, and no action that reads data', () => {
    const { plan, services } = runRolePolicies({ ...BASE, resourceTypes: ['aws_vpc', 'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_sns_topic', 'aws_s3_bucket', 'aws_iam_role'] });
    expect(services).toEqual(['ec2', 'iam', 'kms', 'logs', 's3', 'sns']);
    const all = actions(plan);
    expect(all.filter((a) => /:(Create|Delete|Put|Update|Modify|Attach|Detach|Tag|Untag|Pass)/.test(a))).toEqual([]);
    for (const forbidden of ['s3:GetObject', 'secretsmanager:GetSecretValue', 'logs:GetLogEvents', 'ec2:GetPasswordData', 'kms:Decrypt']) expect(all).not.toContain(forbidden);
    expect(bySid(plan, 'ReadInRegion')?.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': ['eu-west-1'] } });
    expect(bySid(plan, 'ReadOwnRoles')?.Resource).toBe('arn:aws:iam::111111111111:role/vaultplat-dev-*');
  });

  it('gives the apply role the write actions of its services only, never "*" or "<service>:*"', () => {
    const { apply } = runRolePolicies({ ...BASE, resourceTypes: ['aws_vpc', 'aws_flow_log', 'aws_iam_role', 'aws_iam_role_policy'] });
    const all = actions(apply);
    expect(all).toEqual(expect.arrayContaining(['ec2:Create*', 'iam:CreateRole', 'iam:PutRolePolicy']));
    expect(all.filter((a) => a === '*' || /^[^:]+:\*$/.test(a))).toEqual([]);
    expect(all.filter((a) => /^(rds|eks|ecs|elasticloadbalancing|route53):/.test(a))).toEqual([]);
    expect(bySid(apply, 'PassOwnRolesToServices')).toEqual({
      Sid: 'PassOwnRolesToServices',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111111111111:role/vaultplat-dev-*',
      Condition: { StringEquals: { 'iam:PassedToService': ['vpc-flow-logs.amazonaws.com'] } },
    });
    expect(bySid(apply, 'ManageOwnRoles')?.Resource).toBe('arn:aws:iam::111111111111:role/vaultplat-dev-*');
  });

  it('limits OIDC providers to EKS issuers of the stack regions, service-linked roles and KMS use to the services named', () => {
    const { apply } = runRolePolicies({ ...BASE, resourceTypes: ['aws_eks_cluster', 'aws_iam_openid_connect_provider', 'aws_iam_role'], regions: ['eu-west-1', 'eu-central-1'] });
    expect(bySid(apply, 'ManageEksOidcProviders')?.Resource).toEqual([
      'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/*',
      'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/*',
    ]);
    expect(bySid(apply, 'CreateServiceLinkedRoles')?.Condition).toEqual({ StringEquals: { 'iam:AWSServiceName': ['eks-nodegroup.amazonaws.com', 'eks.amazonaws.com'] } });
    expect(bySid(apply, 'UseKeysThroughServices')?.Condition).toEqual({ StringEquals: { 'kms:ViaService': ['eks.eu-central-1.amazonaws.com', 'eks.eu-west-1.amazonaws.com'] } });
  });

  it('reads secret values only for stacks that manage secret versions', () => {
    const without = runRolePolicies({ ...BASE, resourceTypes: [], dataSourceTypes: ['aws_secretsmanager_secret'] });
    const withVersion = runRolePolicies({ ...BASE, resourceTypes: ['aws_secretsmanager_secret_version'] });
    expect(actions(without.plan)).not.toContain('secretsmanager:GetSecretValue');
    expect(actions(withVersion.plan)).toContain('secretsmanager:GetSecretValue');
  });

  it('gives a stack without AWS resources no permissions at all', () => {
    expect(runRolePolicies({ ...BASE, resourceTypes: ['vault_policy', 'vault_mount'], dataSourceTypes: ['aws_caller_identity'] })).toEqual({ plan: [], apply: [], services: [] });
  });

  it('fails on unmapped types and roles named outside the environment prefix, naming each', () => {
    expect(() =>
      runRolePolicies({ ...BASE, resourceTypes: ['aws_lambda_function', 'aws_iam_role'], dataSourceTypes: ['aws_subnets'], iamRoleNames: ['vaultplat-dev-ok', 'legacy-role'] }),
    ).toThrow(
      'network-dev: cannot derive its HCP Terraform run roles: aws_lambda_function has no entry in RESOURCE_FAMILIES; add the IAM service and needs of this type (constructs/delivery/run-role-permissions.ts); ' +
        'aws_subnets has no entry in RESOURCE_FAMILIES; add the IAM service and needs of this type (constructs/delivery/run-role-permissions.ts); ' +
        'IAM role "legacy-role" is not named vaultplat-dev-*; the apply role manages only roles of this environment\'s prefix',
    );
  });
});
