import { type TerraformJson, resourcesOf, synthStack } from '../helpers';
import { composeReal } from './delivery-fixtures';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

describe('TfcAgentsStack', () => {
  const { stacks } = composeReal();
  const json = {} as Record<(typeof ENVIRONMENTS)[number], TerraformJson>;
  beforeAll(() => {
    stacks.forEach((s, i) => (json[ENVIRONMENTS[i]] = synthStack(s.tfcAgents)));
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (name) => {
    expect(json[name]).toMatchSnapshot();
  });

  it('runs the digest-pinned agent in single mode without auto-update, the token injected from Secrets Manager', () => {
    const task = Object.values(resourcesOf(json.dev, 'aws_ecs_task_definition'))[0];
    const [container] = JSON.parse(task.container_definitions);
    expect(container.image).toMatch(/^hashicorp\/tfc-agent:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(container.environment).toEqual([
      { name: 'TFC_AGENT_SINGLE', value: 'true' },
      { name: 'TFC_AGENT_AUTO_UPDATE', value: 'disabled' },
      { name: 'TFC_AGENT_LOG_LEVEL', value: 'info' },
    ]);
    expect(container.secrets).toEqual([{ name: 'TFC_AGENT_TOKEN', valueFrom: '${data.aws_secretsmanager_secret.agent-token-secret.arn}' }]);
    expect(json.dev.data.aws_secretsmanager_secret['agent-token-secret']).toEqual({ name: 'vaultplat-dev-tfc-agent-token' });
    expect(task).toEqual(expect.objectContaining({ requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc', cpu: '1024', memory: '2048' }));
    expect(task.task_role_arn).toBeUndefined();
  });

  it('places the agents in the tooling private subnets without public IPs, no ingress, HTTPS and Vault (8200) egress only', () => {
    const service = Object.values(resourcesOf(json.staging, 'aws_ecs_service'))[0];
    expect(service.network_configuration).toEqual(expect.objectContaining({ assign_public_ip: false }));
    expect(service.network_configuration.subnets).toEqual(['a', 'b', 'c'].map((az) => expect.stringContaining(`tooling_subnet-private-eu-west-1${az}`)));
    expect(service.desired_count).toBe(2);
    expect(resourcesOf(json.staging, 'aws_vpc_security_group_ingress_rule')).toEqual({});
    const egress = Object.values(resourcesOf(json.staging, 'aws_vpc_security_group_egress_rule')).map((r) => `${r.from_port} ${r.cidr_ipv4}`);
    expect(egress.sort()).toEqual(['443 0.0.0.0/0', '8200 10.20.0.0/20', '8200 10.20.16.0/20', '8200 10.20.32.0/20']);
  });

  it('lets the execution role read the one token secret through Secrets Manager and write its log group, nothing else', () => {
    const policy = JSON.parse(Object.values(resourcesOf(json.dev, 'aws_iam_role_policy'))[0].policy);
    expect(policy.Statement.map((s: { Action: unknown; Resource: unknown }) => [s.Action, s.Resource])).toEqual([
      ['secretsmanager:GetSecretValue', '${data.aws_secretsmanager_secret.agent-token-secret.arn}'],
      ['kms:Decrypt', '${data.aws_kms_alias.agent-token-key.target_key_arn}'],
      [['logs:CreateLogStream', 'logs:PutLogEvents'], expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}:\*$/)],
    ]);
    const role = Object.values(resourcesOf(json.dev, 'aws_iam_role'))[0];
    expect(role.permissions_boundary).toBe('arn:aws:iam::111111111111:policy/vaultplat-dev-workload-boundary');
  });

  it('reads only the network state and runs HCP-hosted (no Kubernetes, Helm or Vault provider)', () => {
    expect(Object.values(json.dev.data.terraform_remote_state).map((r) => (r as TerraformJson).config.workspaces.name)).toEqual(['vaultplat-network-dev']);
    expect(Object.keys(json.dev.provider)).toEqual(['aws']);
  });
});
