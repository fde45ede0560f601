import { join } from 'node:path';
import { CloudBackend, NamedCloudWorkspace, TerraformStack, Testing } from 'cdktf';
import { DEFAULT_DEPLOYMENT, type DeploymentSettings } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { composeApp } from '../../stacks/compose';
import { REQUIRED_TERRAFORM_VERSION, dropLocalTerraformVersionCheck } from '../../stacks/platform-stack';
import { type TerraformJson, resourcesOf, sampleConfig, synthStack } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

function synthNetwork(name: (typeof ENVIRONMENTS)[number], deployment: DeploymentSettings = DEFAULT_DEPLOYMENT): TerraformJson {
  return synthStack(new NetworkStack(Testing.app(), { environment: sampleConfig(name), deployment }));
}

const count = (json: TerraformJson, type: string) => Object.keys(resourcesOf(json, type)).length;

describe('NetworkStack', () => {
  const synthesized = {} as Record<(typeof ENVIRONMENTS)[number], TerraformJson>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) synthesized[name] = synthNetwork(name);
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });

  it.each([
    ['dev', 'acme-platform', 'vaultplat-network-dev', 'vault-platform'],
    ['prod', 'acme-platform', 'vaultplat-network-prod', 'vault-platform'],
  ] as const)('uses the HCP Terraform workspace <project>-<stack>-<env> for %s', (name, organization, workspace, project) => {
    expect(synthesized[name].terraform.cloud).toEqual({ organization, workspaces: { name: workspace, project } });
    expect(synthesized[name].terraform.backend).toBeUndefined();
  });

  it('lets a fork override organization and project', () => {
    const json = synthNetwork('staging', { state: 'cloud', organization: 'fork-org', project: 'Fork Project' });
    expect(json.terraform.cloud).toEqual({ organization: 'fork-org', workspaces: { name: 'vaultplat-network-staging', project: 'Fork Project' } });
  });

  it('writes local state in the project root instead when asked', () => {
    const json = synthNetwork('dev', { state: 'local' });
    expect(json.terraform.cloud).toBeUndefined();
    expect(json.terraform.backend).toEqual({ local: { path: join(process.cwd(), 'terraform.network-dev.tfstate') } });
  });

  it("points a consumer's remote state at the producer's local state file", () => {
    const app = Testing.app();
    const [stacks] = composeApp(app, [sampleConfig('dev')], { state: 'local' });
    // Cross-stack references resolve when the stacks are prepared, as app.synth() does.
    stacks.network.prepareStack();
    stacks.vaultAccess.prepareStack();
    const consumer = synthStack(stacks.vaultAccess);
    expect(consumer.data.terraform_remote_state['cross-stack-reference-input-network-dev']).toEqual({
      backend: 'local',
      config: { path: join(process.cwd(), 'terraform.network-dev.tfstate') },
      workspace: '${terraform.workspace}',
    });
  });

  it.each([
    ['dev', '111111111111', 'internal'],
    ['staging', '222222222222', 'confidential'],
    ['prod', '333333333333', 'restricted'],
  ] as const)('locks the %s AWS provider to its account and region and tags everything', (name, account, classification) => {
    const [provider] = synthesized[name].provider.aws;
    expect(provider.region).toBe('eu-west-1');
    expect(provider.allowed_account_ids).toEqual([account]);
    expect(provider.default_tags).toEqual([
      {
        tags: expect.objectContaining({
          Environment: name,
          Project: 'vaultplat',
          Owner: 'platform-team',
          CostCenter: 'cc-1042',
          DataClassification: classification,
          ManagedBy: 'cdktf',
          Stack: `network-${name}`,
        }),
      },
    ]);
  });

  it('adds extra tags from the environment', () => {
    expect(synthesized.prod.provider.aws[0].default_tags[0].tags.compliance).toBe('iso27001');
  });

  it.each([
    ['dev', 2, 2, 30],
    ['staging', 3, 6, 90],
    ['prod', 3, 6, 365],
  ] as const)('%s: %i AZs, %i NAT gateways, flow logs kept %i days', (name, azs, nats, retention) => {
    const json = synthesized[name];
    expect(count(json, 'aws_vpc')).toBe(2);
    expect(count(json, 'aws_subnet')).toBe(2 * 3 * azs);
    expect(count(json, 'aws_nat_gateway')).toBe(nats);
    const groups = Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'));
    expect(groups.map((g) => [g.name, g.retention_in_days])).toEqual([
      [`/vpc/flow-logs/vaultplat-${name}-application`, retention],
      [`/vpc/flow-logs/vaultplat-${name}-tooling`, retention],
    ]);
  });

  it.each(ENVIRONMENTS)('%s: flow logs on both VPCs, the default endpoints in each, one peering', (name) => {
    const json = synthesized[name];
    expect(count(json, 'aws_flow_log')).toBe(2);
    expect(count(json, 'aws_vpc_endpoint')).toBe(2 * 6);
    expect(count(json, 'aws_vpc_peering_connection')).toBe(1);
    expect(count(json, 'aws_default_security_group')).toBe(2);
    expect(count(json, 'aws_sns_topic')).toBe(1);
  });

  it('gives each environment its own non-overlapping VPC ranges', () => {
    const cidrs = ENVIRONMENTS.flatMap((name) => Object.values(resourcesOf(synthesized[name], 'aws_vpc')).map((v) => v.cidr_block));
    expect(new Set(cidrs).size).toBe(6);
  });

  it('exports the VPCs, private subnets and alarm topic', () => {
    expect(Object.keys(synthesized.dev.output).sort()).toEqual(
      ['alarm-topic-arn', 'application-private-subnet-ids', 'application-vpc-id', 'tooling-private-subnet-ids', 'tooling-vpc-id'].sort(),
    );
  });
});

describe('the HCP Terraform backend', () => {
  it('requires Terraform >= 1.11 in every stack, enforced by Terraform itself', () => {
    const json = synthStack(new NetworkStack(Testing.app(), { environment: sampleConfig('dev'), deployment: DEFAULT_DEPLOYMENT }));
    expect(json.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
    expect(REQUIRED_TERRAFORM_VERSION).toBe('>= 1.11.0');
  });

  it("drops cdktf's synth-time `terraform version` check and nothing else", () => {
    const stack = new TerraformStack(Testing.app(), 'bare');
    const backend = new CloudBackend(stack, { organization: 'org-a', workspaces: new NamedCloudWorkspace('ws-a') });
    const names = () => (backend.node as unknown as { _validations: object[] })._validations.map((v) => v.constructor.name);
    expect(names()).toContain('ValidateTerraformVersion');
    backend.node.addValidation({ validate: () => ['kept'] });
    // another binary's version check (the class the Terraform one extends, as cdktf builds it) stays
    const helmCheck = { binary: 'helm', versionConstraint: '>=3', versionCommand: 'helm version', validate: () => ['helm kept'] };
    backend.node.addValidation(helmCheck);
    dropLocalTerraformVersionCheck(backend);
    expect(names()).not.toContain('ValidateTerraformVersion');
    expect(backend.node.validate()).toEqual(['kept', 'helm kept']);
  });
});
