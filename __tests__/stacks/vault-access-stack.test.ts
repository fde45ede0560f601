import { Testing } from 'cdktf';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type EnvironmentName = (typeof ENVIRONMENTS)[number];

const REQUIRED_OUTPUTS = ['vault-address', 'vault-target-group-arn', 'vault-nlb-security-group-id', 'private-zone-id', 'vault-nlb-dns-name'];

/** Synthesizes the vault-access stack of one environment with its network stack, cross-stack references resolved as `app.synth()` does. */
function synthVaultAccess(name: EnvironmentName): { json: TerraformJson; stack: VaultAccessStack } {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const stack = new VaultAccessStack(app, { ...props, network });
  network.prepareStack();
  stack.prepareStack();
  return { json: JSON.parse(Testing.synth(stack)) as TerraformJson, stack };
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

/** The only resource of a type whose Terraform name is `<logicalId>_<8-character hash>`. */
function resourceAt(json: TerraformJson, type: string, logicalId: string): TerraformJson {
  const matches = Object.entries(resourcesOf(json, type)).filter(([name]) => new RegExp(`^${logicalId}_[0-9A-F]{8}$`).test(name));
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${logicalId}_<hash>, found ${matches.length}`);
  return matches[0][1];
}

describe('VaultAccessStack', () => {
  const synthesized = {} as Record<EnvironmentName, TerraformJson>;
  const stacks = {} as Record<EnvironmentName, VaultAccessStack>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) ({ json: synthesized[name], stack: stacks[name] } = synthVaultAccess(name));
  });

  it.each(ENVIRONMENTS)('matches the %s snapshot', (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });

  it('is a stack kind deployed after the network and its agents, before the VPN and the clusters', () => {
    expect(STACK_KINDS.slice(0, 5)).toEqual(['network', 'tfc-agents', 'vault-access', 'vpn', 'cluster-tooling']);
  });

  it.each(ENVIRONMENTS)('is named vault-access-%s with its own HCP Terraform workspace', (name) => {
    expect(stacks[name].stackName).toBe(`vault-access-${name}`);
    expect(synthesized[name].terraform.cloud.workspaces).toEqual({ name: `vaultplat-vault-access-${name}`, project: 'vault-platform' });
  });

  it.each(ENVIRONMENTS)('%s: reads the network through the network workspace state (cross-stack references)', (name) => {
    expect(synthesized[name].data.terraform_remote_state).toEqual({
      [`cross-stack-reference-input-network-${name}`]: { backend: 'remote', config: { organization: 'acme-platform', workspaces: { name: `vaultplat-network-${name}` } } },
    });
  });

  it.each(ENVIRONMENTS)('%s: holds no VPN, no TLS provider and no key material (they live in the vpn stack)', (name) => {
    const json = synthesized[name];
    expect(json.provider.tls).toBeUndefined();
    expect(json.terraform.required_providers.tls).toBeUndefined();
    const types = Object.keys(json.resource);
    expect(types.filter((type) => type.startsWith('tls_') || type.startsWith('aws_ec2_client_vpn') || type === 'aws_acm_certificate' || type.startsWith('aws_kms_'))).toEqual([]);
  });

  it('protects the load balancer from deletion outside dev only', () => {
    expect(ENVIRONMENTS.map((name) => resourceAt(synthesized[name], 'aws_lb', 'vault-load-balancer').enable_deletion_protection)).toEqual([false, true, true]);
  });

  it.each(ENVIRONMENTS)('%s: keeps the load balancer internal and its security group closed to the internet', (name) => {
    const env = sampleConfig(name);
    expect(resourceAt(synthesized[name], 'aws_lb', 'vault-load-balancer')).toMatchObject({ internal: true, load_balancer_type: 'network', name: `vaultplat-${name}-vault` });
    const ingress = values(synthesized[name], 'aws_vpc_security_group_ingress_rule').map((r) => r.cidr_ipv4);
    expect(ingress.sort()).toEqual([env.network.vpcs.tooling.cidr, env.network.vpcs.application.cidr, env.network.vpnClientCidr].sort());
    const rules = [...values(synthesized[name], 'aws_vpc_security_group_ingress_rule'), ...values(synthesized[name], 'aws_vpc_security_group_egress_rule')];
    expect(rules.some((r) => r.cidr_ipv4 === '0.0.0.0/0')).toBe(false);
  });

  it.each(ENVIRONMENTS)('%s: resolves vault.<zone> in a private zone associated with both VPCs', (name) => {
    const zone = resourceAt(synthesized[name], 'aws_route53_zone', 'private-zone');
    expect(zone.name).toBe(`${name}.vault.internal`);
    expect(zone.vpc).toHaveLength(2);
    expect(resourceAt(synthesized[name], 'aws_route53_record', 'private-zone_alias-vault')).toMatchObject({ name: `vault.${name}.vault.internal`, type: 'A' });
  });

  it.each(ENVIRONMENTS)('%s: exposes the load balancer and zone outputs, none of them sensitive', (name) => {
    const outputs = synthesized[name].output as Record<string, { value: string; sensitive?: boolean }>;
    for (const id of REQUIRED_OUTPUTS) expect(outputs[id]).toBeDefined();
    const declared = Object.entries(outputs).filter(([id]) => !id.startsWith('cross-stack-output-'));
    expect(declared.map(([id]) => id).sort()).toEqual([...REQUIRED_OUTPUTS].sort());
    expect(declared.filter(([, o]) => o.sensitive)).toEqual([]);
    expect(outputs['vault-address'].value).toBe(`https://vault.${name}.vault.internal:8200`);
  });

  it('keeps private key material out of the synthesized configuration', () => {
    for (const name of ENVIRONMENTS) expect(JSON.stringify(synthesized[name])).not.toMatch(/-----BEGIN/);
  });
});
