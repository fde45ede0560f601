import { parse } from 'yaml';
import { AwsLoadBalancerController, type AwsLoadBalancerControllerProps, loadBalancerControllerStatements } from '../../../constructs/kubernetes/aws-load-balancer-controller';
import { type TerraformJson, resourceAt, synthStack } from '../../helpers';
import { kubernetesTestStack } from './kubernetes-fixture';

const TARGET_GROUP = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/vaultplat-dev-vault/0123456789abcdef';

function build(props: Partial<AwsLoadBalancerControllerProps> = {}): TerraformJson {
  const { stack, helm } = kubernetesTestStack();
  new AwsLoadBalancerController(stack, 'lbc', {
    provider: helm,
    namespace: 'aws-load-balancer-controller',
    clusterName: 'vaultplat-dev-tooling',
    vpcId: 'vpc-0123',
    oidcProvider: { arn: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC', issuerHost: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC' },
    roleName: 'vaultplat-dev-tooling-aws-load-balancer-controller',
    targetGroupArns: [TARGET_GROUP],
    tier: 'dev',
    ...props,
  });
  return synthStack(stack);
}

describe('loadBalancerControllerStatements', () => {
  it('describes target groups, target health and VPCs, and registers targets only in the given target groups', () => {
    expect(loadBalancerControllerStatements([TARGET_GROUP])).toEqual([
      { Sid: 'DescribeTargetGroupsAndTargetHealth', Effect: 'Allow', Action: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'], Resource: '*' },
      { Sid: 'DescribeVpcCidrs', Effect: 'Allow', Action: 'ec2:DescribeVpcs', Resource: '*' },
      { Sid: 'RegisterPodsInTheBoundTargetGroupsOnly', Effect: 'Allow', Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], Resource: [TARGET_GROUP] },
    ]);
  });
});

describe('AwsLoadBalancerController', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = build();
  });

  it('creates an IRSA role for its one service account with the cut policy', () => {
    const role = resourceAt(json, 'aws_iam_role', 'lbc/role/role');
    expect(role.name).toBe('vaultplat-dev-tooling-aws-load-balancer-controller');
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller',
      'oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
    });
    const policy = JSON.parse(resourceAt(json, 'aws_iam_role_policy', 'lbc/role/inline-policy').policy);
    expect(policy.Statement).toEqual(loadBalancerControllerStatements([TARGET_GROUP]));
  });

  it('installs the pinned chart after the role, annotating the service account with it', () => {
    const release = resourceAt(json, 'helm_release', 'lbc/chart/release');
    expect(release).toMatchObject({ chart: 'aws-load-balancer-controller', version: '3.5.0', namespace: 'aws-load-balancer-controller' });
    expect(release.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\.lbc_role_/)]);
    const values = parse(release.values[0]);
    expect(values.serviceAccount).toEqual({
      create: true,
      name: 'aws-load-balancer-controller',
      annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^\$\{aws_iam_role\.lbc_role_[0-9A-F]{8}\.arn\}$/) },
    });
    expect(values).toMatchObject({ clusterName: 'vaultplat-dev-tooling', vpcId: 'vpc-0123', region: expect.stringContaining('aws_region'), replicaCount: 1 });
  });

  it('fails without a target group to bind', () => {
    expect(() => build({ targetGroupArns: [] })).toThrow('test/lbc: targetGroupArns: expected at least one target group for TargetGroupBindings, got none');
  });
});
