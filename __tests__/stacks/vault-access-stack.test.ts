import { Testing } from 'cdktf';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type EnvironmentName = (typeof ENVIRONMENTS)[number];

const REQUIRED_OUTPUTS = [
  'vpn-endpoint-id',
  'vpn-endpoint-dns-name',
  'vpn-ca-certificate-pem',
  'vpn-ca-private-key-pem',
  'vpn-server-private-key-pem',
  'vault-address',
  'vault-target-group-arn',
  'private-zone-id',
  'vault-nlb-dns-name',
];

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

  it('is a stack kind deployed after the network and its agents, before the clusters', () => {
    expect(STACK_KINDS.slice(0, 4)).toEqual(['network', 'tfc-agents', 'vault-access', 'cluster-tooling']);
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

  it.each(ENVIRONMENTS)('%s: configures the TLS provider', (name) => {
    expect(synthesized[name].provider.tls).toEqual([{}]);
    expect(synthesized[name].terraform.required_providers.tls.source).toBe('hashicorp/tls');
  });

  it.each(ENVIRONMENTS)('%s: generates the CA and server keys as RSA 2048', (name) => {
    const keys = values(synthesized[name], 'tls_private_key');
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.algorithm === 'RSA' && k.rsa_bits === 2048)).toBe(true);
  });

  it.each(ENVIRONMENTS)('%s: never authorizes 0.0.0.0/0 or a whole VPC, only the NLB subnets and the resolver', (name) => {
    const env = sampleConfig(name);
    const cidrs = values(synthesized[name], 'aws_ec2_client_vpn_authorization_rule').map((r) => r.target_network_cidr as string);
    expect(cidrs).not.toContain('0.0.0.0/0');
    expect(cidrs).not.toContain(env.network.vpcs.tooling.cidr);
    expect(cidrs).not.toContain(env.network.vpcs.application.cidr);
    const base = env.network.vpcs.tooling.cidr.replace(/\.0\/16$/, '');
    expect(cidrs).toContain(`${base}.2/32`);
    expect(cidrs.filter((c) => c.endsWith('/20'))).toHaveLength(env.network.availabilityZones.length);
  });

  it('associates the VPN with one subnet in dev and two elsewhere', () => {
    const counts = ENVIRONMENTS.map((name) => values(synthesized[name], 'aws_ec2_client_vpn_network_association').length);
    expect(counts).toEqual([1, 2, 2]);
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

  it.each(ENVIRONMENTS)('%s: hands out the client range of the network config and logs connections with its own KMS key', (name) => {
    const env = sampleConfig(name);
    expect(resourceAt(synthesized[name], 'aws_ec2_client_vpn_endpoint', 'client-vpn_endpoint')).toMatchObject({
      client_cidr_block: env.network.vpnClientCidr,
      split_tunnel: true,
      session_timeout_hours: env.vaultAccess.vpn.sessionTimeoutHours,
    });
    expect(resourceAt(synthesized[name], 'aws_cloudwatch_log_group', 'client-vpn_log-group')).toMatchObject({
      retention_in_days: env.vaultAccess.vpn.logRetentionDays,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.logs-key_\w+\.arn\}$/),
    });
    expect(resourceAt(synthesized[name], 'aws_kms_alias', 'logs-key_alias').name).toBe(`alias/vaultplat-${name}-vault-access`);
    expect(resourceAt(synthesized[name], 'aws_kms_key', 'logs-key').enable_key_rotation).toBe(true);
  });

  it.each(ENVIRONMENTS)('%s: exposes the outputs vpn:client reads, keys only as sensitive outputs', (name) => {
    const outputs = synthesized[name].output as Record<string, { value: string; sensitive?: boolean }>;
    for (const id of REQUIRED_OUTPUTS) expect(outputs[id]).toBeDefined();
    expect(outputs['vpn-ca-private-key-pem']).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{tls_private_key\.client-vpn_ca-key_\w+\.private_key_pem\}$/) });
    expect(outputs['vpn-server-private-key-pem']).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{tls_private_key\.client-vpn_server-key_\w+\.private_key_pem\}$/) });
    const sensitive = Object.entries(outputs).filter(([, o]) => o.sensitive).map(([id]) => id);
    expect(sensitive.sort()).toEqual(['vpn-ca-private-key-pem', 'vpn-server-private-key-pem']);
    const keyReferences = Object.entries(outputs).filter(([, o]) => /private_key_pem/.test(o.value)).map(([id]) => id);
    expect(keyReferences.sort()).toEqual(sensitive.sort());
    expect(outputs['vault-address'].value).toBe(`https://vault.${name}.vault.internal:8200`);
  });

  it('keeps private key material out of the synthesized configuration', () => {
    for (const name of ENVIRONMENTS) expect(JSON.stringify(synthesized[name])).not.toMatch(/-----BEGIN/);
  });
});
