import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { HcpTerraformAgentPool } from '../../../constructs/delivery/hcp-terraform-agent-pool';
import { HcpTerraformOidcProvider } from '../../../constructs/delivery/hcp-terraform-oidc-provider';
import { HcpTerraformWorkspace } from '../../../constructs/delivery/hcp-terraform-workspace';
import { PermissionBoundaries } from '../../../constructs/delivery/permission-boundaries';
import { TfcAgentService } from '../../../constructs/delivery/tfc-agent-service';
import { INLINE_POLICY_LIMIT, WorkspaceRunRoles, runSubject } from '../../../constructs/delivery/workspace-run-roles';
import { KmsKey } from '../../../constructs/security/kms-key';
import { PermissionsBoundaryAspect } from '../../../constructs/security/permissions-boundary-aspect';
import { type TerraformJson, resourcesOf, synthStack } from '../../helpers';

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  new TfeProvider(s, 'tfe', { organization: 'acme' });
  return s;
}

const BOUNDARY_PROPS = {
  accountId: '111111111111',
  namePrefix: 'vaultplat-dev',
  runBoundaryName: 'vaultplat-dev-tfc-run-boundary',
  workloadBoundaryName: 'vaultplat-dev-workload-boundary',
  runRoleNamePattern: 'vaultplat-dev-tfc-*',
  oidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io',
};

describe('PermissionBoundaries', () => {
  let json: TerraformJson;
  beforeAll(() => {
    const s = stack();
    new PermissionBoundaries(s, 'boundaries', BOUNDARY_PROPS);
    json = synthStack(s);
  });
  const policy = (name: string) => JSON.parse(Object.values(resourcesOf(json, 'aws_iam_policy')).find((p) => p.name === name)!.policy) as { Statement: Record<string, unknown>[] };
  const sid = (name: string, id: string) => policy(name).Statement.find((s) => s.Sid === id);

  it('lets runs create or change roles only with the workload boundary, and never remove a boundary', () => {
    expect(sid('vaultplat-dev-tfc-run-boundary', 'RolesOnlyWithWorkloadBoundary')).toEqual({
      Sid: 'RolesOnlyWithWorkloadBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111111111111:policy/vaultplat-dev-workload-boundary' } },
    });
    expect(sid('vaultplat-dev-tfc-run-boundary', 'KeepBoundaries')).toEqual({ Sid: 'KeepBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' });
  });

  it('protects the run roles, both boundaries and the HCP Terraform OIDC provider from every run and every workload', () => {
    const expected = {
      Sid: 'ProtectDeliveryIdentities',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: [
        'arn:aws:iam::111111111111:role/vaultplat-dev-tfc-*',
        'arn:aws:iam::111111111111:policy/vaultplat-dev-tfc-run-boundary',
        'arn:aws:iam::111111111111:policy/vaultplat-dev-workload-boundary',
        'arn:aws:iam::111111111111:oidc-provider/app.terraform.io',
      ],
    };
    expect(sid('vaultplat-dev-tfc-run-boundary', 'ProtectDeliveryIdentities')).toEqual(expected);
    expect(sid('vaultplat-dev-workload-boundary', 'ProtectDeliveryIdentities')).toEqual(expected);
  });

  it('closes static credentials, foreign OIDC trust, passing foreign roles and role chaining for runs', () => {
    expect(sid('vaultplat-dev-tfc-run-boundary', 'NoStaticCredentialsOrFederation')?.Action).toEqual(expect.arrayContaining(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateSAMLProvider']));
    expect(sid('vaultplat-dev-tfc-run-boundary', 'OidcProvidersOnlyForEks')?.NotResource).toBe('arn:aws:iam::111111111111:oidc-provider/oidc.eks.*');
    expect(sid('vaultplat-dev-tfc-run-boundary', 'PassOnlyEnvironmentRoles')).toEqual({ Sid: 'PassOnlyEnvironmentRoles', Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111111111111:role/vaultplat-dev-*' });
    expect(sid('vaultplat-dev-tfc-run-boundary', 'NoRoleChaining')?.Action).toEqual(['sts:AssumeRole', 'sts:AssumeRoleWithSAML']);
  });

  it('denies workloads every IAM action but service-linked roles', () => {
    expect(sid('vaultplat-dev-workload-boundary', 'NoIamChanges')).toEqual({ Sid: 'NoIamChanges', Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::111111111111:role/aws-service-role/*' });
  });
});

describe('WorkspaceRunRoles', () => {
  const base = (s: TerraformStack) => ({
    organization: 'acme',
    project: 'vault-platform',
    workspace: 'vaultplat-network-dev',
    oidcProvider: new HcpTerraformOidcProvider(s, 'oidc'),
    roleNames: { plan: 'vaultplat-dev-tfc-network-plan', apply: 'vaultplat-dev-tfc-network-apply' },
    statements: { plan: [], apply: [{ Effect: 'Allow' as const, Action: 'ec2:Describe*', Resource: '*' }] },
    permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/b',
  });

  it('trusts exactly the workspace and run phase of each role, with the boundary, and omits empty policies', () => {
    const s = stack();
    const roles = new WorkspaceRunRoles(s, 'roles', base(s));
    expect(roles.subjects).toEqual({
      plan: 'organization:acme:project:vault-platform:workspace:vaultplat-network-dev:run_phase:plan',
      apply: 'organization:acme:project:vault-platform:workspace:vaultplat-network-dev:run_phase:apply',
    });
    const json = synthStack(s);
    expect(Object.values(resourcesOf(json, 'aws_iam_role_policy')).map((p) => p.name)).toEqual(['apply-permissions']);
    for (const role of Object.values(resourcesOf(json, 'aws_iam_role'))) expect(role.permissions_boundary).toBe('arn:aws:iam::111111111111:policy/b');
    expect(runSubject('o', 'p', 'w', 'apply')).toBe('organization:o:project:p:workspace:w:run_phase:apply');
  });

  it('trusts a workspace group with one StringLike subject per run phase, the audience still pinned', () => {
    const s = stack();
    const roles = new WorkspaceRunRoles(s, 'roles', { ...base(s), workspace: { prefix: 'vaultplat-services-', suffix: '-dev' } });
    expect(roles.subjects).toEqual({
      plan: 'organization:acme:project:vault-platform:workspace:vaultplat-services-*-dev:run_phase:plan',
      apply: 'organization:acme:project:vault-platform:workspace:vaultplat-services-*-dev:run_phase:apply',
    });
    const role = Object.values(resourcesOf(synthStack(s), 'aws_iam_role')).find((r) => r.name === 'vaultplat-dev-tfc-network-apply')!;
    const condition = JSON.parse(role.assume_role_policy).Statement[0].Condition;
    expect(condition).toEqual({
      StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
      StringLike: { 'app.terraform.io:sub': 'organization:acme:project:vault-platform:workspace:vaultplat-services-*-dev:run_phase:apply' },
    });
    // IAM tag values allow no '*'.
    expect(role.tags.Workspace).toBe('vaultplat-services-...-dev');
    const other = stack();
    expect(() => new WorkspaceRunRoles(other, 'bad', { ...base(other), workspace: { prefix: 'a*', suffix: ':x' } })).toThrow(
      'test/bad: workspace.prefix: expected a literal part of a workspace name (letters, digits, _ or -), got "a*"; workspace.suffix: expected a literal part of a workspace name (letters, digits, _ or -), got ":x"',
    );
  });

  it('fails on names that could widen the subject and on policies over the IAM size limit', () => {
    const s = stack();
    const huge = Array.from({ length: 400 }, (_, i) => ({ Effect: 'Allow' as const, Action: `ec2:DescribeSomething${i}`, Resource: '*' }));
    expect(() => new WorkspaceRunRoles(s, 'roles', { ...base(s), workspace: 'ws:*', statements: { plan: [], apply: huge } })).toThrow(
      new RegExp(`^test/roles: workspace: expected a name without ':' or wildcards, got "ws:\\*"; statements.apply: the policy has \\d+ characters, over the IAM limit of ${INLINE_POLICY_LIMIT} per role$`),
    );
  });
});

describe('HcpTerraformWorkspace', () => {
  it('shares its state only with the consumers added, never globally', () => {
    const s = stack();
    const producer = new HcpTerraformWorkspace(s, 'producer', { organization: 'acme', projectId: 'prj-1', name: 'p', description: 'd', terraformVersion: '1.13.5', executionMode: 'remote' });
    const consumer = new HcpTerraformWorkspace(s, 'consumer', { organization: 'acme', projectId: 'prj-1', name: 'c', description: 'd', terraformVersion: '1.13.5', executionMode: 'remote' });
    producer.addStateConsumer(consumer);
    producer.addStateConsumer(consumer);
    const json = synthStack(s);
    const settings = Object.values(resourcesOf(json, 'tfe_workspace_settings'));
    const of = (name: string) => settings.find((x) => String(x.workspace_id).startsWith(`\${tfe_workspace.${name}_workspace_`))!;
    expect(of('producer')).toEqual(expect.objectContaining({ global_remote_state: false, remote_state_consumer_ids: [expect.stringMatching(/^\$\{tfe_workspace\.consumer_workspace_/)] }));
    expect(of('consumer')).toEqual(expect.objectContaining({ global_remote_state: false, remote_state_consumer_ids: [] }));
    expect(() => producer.addStateConsumer(producer)).toThrow('test/producer: a workspace does not need to share its state with itself');
  });

  it('fails on an agent pool without agent execution, assessments on a local workspace and bad names, together', () => {
    expect(
      () =>
        new HcpTerraformWorkspace(stack(), 'ws', {
          organization: 'acme',
          projectId: 'prj-1',
          name: 'has space',
          description: 'd',
          terraformVersion: '~> 1.13',
          executionMode: 'local',
          agentPoolId: 'apool-1',
          assessments: true,
          envVariables: { 'NOT-A-NAME': { value: 'x', description: 'd' } },
        }),
    ).toThrow(
      'test/ws: name: expected 1-90 letters, digits, _ or -, got "has space"; terraformVersion: expected an exact version such as 1.13.5, got "~> 1.13"; agentPoolId: required with execution mode "agent" and only then (execution mode "local"); assessments: health assessments need runs in HCP Terraform, not execution mode "local"; envVariables: "NOT-A-NAME" is not an environment variable name',
    );
  });
});

describe('HcpTerraformAgentPool', () => {
  it('is not organization-scoped, allows exactly the workspaces added and keeps the token out of outputs', () => {
    const s = stack();
    const pool = new HcpTerraformAgentPool(s, 'pool', { organization: 'acme', name: 'vaultplat-dev-agents', tokenSecretName: 'vaultplat-dev-tfc-agent-token', tokenKeyAlias: 'vaultplat-dev-tfc-agent-token' });
    const ws = new HcpTerraformWorkspace(s, 'ws', { organization: 'acme', projectId: 'prj', name: 'w', description: 'd', terraformVersion: '1.13.5', executionMode: 'agent', agentPoolId: pool.poolId });
    pool.allow(ws);
    const json = synthStack(s);
    expect(Object.values(resourcesOf(json, 'tfe_agent_pool'))[0].organization_scoped).toBe(false);
    expect(Object.values(resourcesOf(json, 'tfe_agent_pool_allowed_workspaces'))[0].allowed_workspace_ids).toEqual([expect.stringMatching(/^\$\{tfe_workspace\.ws_workspace_[0-9A-F]{8}\.id\}$/)]);
    expect(Object.values(resourcesOf(json, 'aws_secretsmanager_secret'))[0]).toEqual(expect.objectContaining({ recovery_window_in_days: 7, kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) }));
    expect(json.output).toBeUndefined();
    expect(() => new HcpTerraformAgentPool(stack(), 'p', { organization: 'a', name: 'n', tokenSecretName: 's', tokenKeyAlias: 'k', recoveryWindowDays: 3 })).toThrow('test/p: recoveryWindowDays: expected 7-30, got 3');
  });
});

describe('TfcAgentService', () => {
  it('fails on an invalid Fargate size, agent count, image digest and egress target, together', () => {
    const s = stack();
    const key = new KmsKey(s, 'key', { alias: 'k', description: 'd' });
    expect(
      () =>
        new TfcAgentService(s, 'agents', {
          name: 'a',
          vpcId: 'vpc-1',
          subnetIds: ['subnet-1'],
          tokenSecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:x',
          tokenKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/x',
          logKmsKey: key,
          logRetentionDays: 30,
          cpu: 1024,
          memoryMiB: 1024,
          desiredCount: 0,
          image: { repository: 'hashicorp/tfc-agent', tag: 'latest', digest: 'sha256:abc' },
          egressTargets: [{ description: 'nothing', cidrs: [], port: 70000 }],
        }),
    ).toThrow(
      'test/agents: cpu/memoryMiB: expected a Fargate task size: memory in steps of 1024 MiB, 1024-4096 MiB for 512 CPU units, 2048-8192 MiB for 1024 CPU units, 4096-16384 MiB for 2048 CPU units, 8192-30720 MiB for 4096 CPU units, got 1024 CPU units with 1024 MiB; desiredCount: expected 1-10 agents, got 0; image.digest: expected sha256:<64 hex digits>, got "sha256:abc"; image.tag: expected an exact version such as 1.29.0, got "latest"; egressTargets: port 70000 is not a TCP port; egressTargets: "nothing" needs at least one CIDR',
    );
  });
});

describe('PermissionsBoundaryAspect', () => {
  it('sets the boundary on roles without one and keeps a boundary set on purpose', () => {
    const s = stack();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    new IamRole(s, 'plain', { assumeRolePolicy: trust });
    new IamRole(s, 'own', { assumeRolePolicy: trust, permissionsBoundary: 'arn:aws:iam::111111111111:policy/own' });
    Aspects.of(s).add(new PermissionsBoundaryAspect('arn:aws:iam::111111111111:policy/workload'));
    const roles = resourcesOf(synthStack(s), 'aws_iam_role');
    expect(Object.values(roles).map((r) => r.permissions_boundary).sort()).toEqual(['arn:aws:iam::111111111111:policy/own', 'arn:aws:iam::111111111111:policy/workload']);
  });
});
