import { Testing } from 'cdktf';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { VpnStack } from '../../stacks/vpn-stack';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type EnvironmentName = (typeof ENVIRONMENTS)[number];

/**
 * Terraform addresses (type.name) of every VPN resource while it lived in `vault-access-<env>`, taken from that
 * stack's snapshot before the move (the dev environment: one association, two NLB subnets). The move between states
 * (docs/vault-access.md) relies on the VPN stack declaring exactly these addresses.
 */
const ADDRESSES_IN_VAULT_ACCESS_DEV = [
  'aws_acm_certificate.client-vpn_ca-acm-certificate_C919631C',
  'aws_acm_certificate.client-vpn_server-acm-certificate_31E1DA6A',
  'aws_cloudwatch_log_group.client-vpn_log-group_B4EFD808',
  'aws_cloudwatch_log_stream.client-vpn_log-stream_676B5810',
  'aws_ec2_client_vpn_authorization_rule.client-vpn_authorize-10-10-0-0-20_0D77A6C2',
  'aws_ec2_client_vpn_authorization_rule.client-vpn_authorize-10-10-16-0-20_779BAE72',
  'aws_ec2_client_vpn_authorization_rule.client-vpn_authorize-dns_E8AF2C5A',
  'aws_ec2_client_vpn_endpoint.client-vpn_endpoint_F1928773',
  'aws_ec2_client_vpn_network_association.client-vpn_association-eu-west-1a_ED7E2EB0',
  'aws_kms_alias.logs-key_alias_E8306681',
  'aws_kms_key.logs-key_44F95A88',
  'aws_security_group.client-vpn_security-group_B32C73CA',
  'aws_vpc_security_group_egress_rule.client-vpn_egress-destination_D0BE742B',
  'aws_vpc_security_group_egress_rule.client-vpn_egress-dns-tcp_520F6266',
  'aws_vpc_security_group_egress_rule.client-vpn_egress-dns-udp_899C20E6',
  'tls_cert_request.client-vpn_server-request_90F59CA1',
  'tls_locally_signed_cert.client-vpn_server-certificate_5716A2E9',
  'tls_private_key.client-vpn_ca-key_EA8F2603',
  'tls_private_key.client-vpn_server-key_9B7D12A6',
  'tls_self_signed_cert.client-vpn_ca-certificate_A837C2C4',
];

/** Synthesizes the vpn stack of one environment with its producers, cross-stack references resolved as `app.synth()` does. */
function synthVpn(name: EnvironmentName): { json: TerraformJson; stack: VpnStack } {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const stack = new VpnStack(app, { ...props, network, vaultAccess });
  for (const s of [network, vaultAccess, stack]) s.prepareStack();
  return { json: JSON.parse(Testing.synth(stack)) as TerraformJson, stack };
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

/** The only resource of a type whose Terraform name is `<logicalId>_<8-character hash>`. */
function resourceAt(json: TerraformJson, type: string, logicalId: string): TerraformJson {
  const matches = Object.entries(resourcesOf(json, type)).filter(([name]) => new RegExp(`^${logicalId}_[0-9A-F]{8}$`).test(name));
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${logicalId}_<hash>, found ${matches.length}`);
  return matches[0][1];
}

describe('VpnStack', () => {
  const synthesized = {} as Record<EnvironmentName, TerraformJson>;
  const stacks = {} as Record<EnvironmentName, VpnStack>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) ({ json: synthesized[name], stack: stacks[name] } = synthVpn(name));
  });

  it.each(ENVIRONMENTS)('matches the %s snapshot', (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });

  it('is a stack kind deployed right after vault-access, before the clusters', () => {
    expect(STACK_KINDS.indexOf('vpn')).toBe(STACK_KINDS.indexOf('vault-access') + 1);
    expect(STACK_KINDS.indexOf('vpn')).toBeLessThan(STACK_KINDS.indexOf('cluster-tooling'));
  });

  it.each(ENVIRONMENTS)('is named vpn-%s with its own HCP Terraform workspace', (name) => {
    expect(stacks[name].stackName).toBe(`vpn-${name}`);
    expect(synthesized[name].terraform.cloud.workspaces).toEqual({ name: `vaultplat-vpn-${name}`, project: 'vault-platform' });
  });

  it.each(ENVIRONMENTS)('%s: reads the network and vault-access workspaces, nothing else', (name) => {
    const remote = (workspace: string) => ({ backend: 'remote', config: { organization: 'acme-platform', workspaces: { name: workspace } } });
    expect(synthesized[name].data.terraform_remote_state).toEqual({
      [`cross-stack-reference-input-network-${name}`]: remote(`vaultplat-network-${name}`),
      [`cross-stack-reference-input-vault-access-${name}`]: remote(`vaultplat-vault-access-${name}`),
    });
  });

  it.each(ENVIRONMENTS)('%s: exports nothing to other stacks (no cross-stack output)', (name) => {
    expect(Object.keys(synthesized[name].output).filter((id) => id.startsWith('cross-stack-output-'))).toEqual([]);
  });

  it('keeps the Terraform address every VPN resource had in vault-access (state can be moved, not recreated); the alarms are new', () => {
    const addresses = Object.entries(synthesized.dev.resource as Record<string, Record<string, unknown>>).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    const alarms = addresses.filter((address) => address.startsWith('aws_cloudwatch_metric_alarm.'));
    expect(alarms.sort()).toEqual([
      'aws_cloudwatch_metric_alarm.client-vpn_alarms_vpn-authentication-failures_05D216FB',
      'aws_cloudwatch_metric_alarm.client-vpn_alarms_vpn-crl-expiring_ADB5215C',
    ]);
    expect(addresses.filter((address) => !alarms.includes(address)).sort()).toEqual([...ADDRESSES_IN_VAULT_ACCESS_DEV].sort());
  });

  it.each(ENVIRONMENTS)('%s: owns the VPN alarms, on its own endpoint (an ID no other stack can read)', (name) => {
    const alarms = Object.values(resourcesOf(synthesized[name], 'aws_cloudwatch_metric_alarm'));
    expect(alarms.map((alarm) => alarm.alarm_name).sort()).toEqual([`vaultplat-${name}-vpn-authentication-failures`, `vaultplat-${name}-vpn-crl-expiring`]);
    for (const alarm of alarms) expect(alarm.dimensions).toEqual({ Endpoint: expect.stringMatching(/^\$\{aws_ec2_client_vpn_endpoint\.client-vpn_endpoint_[0-9A-F]{8}\.id\}$/) });
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

  it.each(ENVIRONMENTS)('%s: lets clients reach only the Vault load balancer (security group from vault-access) and the resolver', (name) => {
    const env = sampleConfig(name);
    const cidrs = values(synthesized[name], 'aws_ec2_client_vpn_authorization_rule').map((r) => r.target_network_cidr as string);
    expect(cidrs).not.toContain('0.0.0.0/0');
    expect(cidrs).not.toContain(env.network.vpcs.tooling.cidr);
    expect(cidrs).not.toContain(env.network.vpcs.application.cidr);
    const base = env.network.vpcs.tooling.cidr.replace(/\.0\/16$/, '');
    expect(cidrs).toContain(`${base}.2/32`);
    expect(cidrs.filter((c) => c.endsWith('/20'))).toHaveLength(env.network.availabilityZones.length);
    expect(resourceAt(synthesized[name], 'aws_vpc_security_group_egress_rule', 'client-vpn_egress-destination')).toMatchObject({
      from_port: 8200,
      to_port: 8200,
      referenced_security_group_id: expect.stringContaining(`data.terraform_remote_state.cross-stack-reference-input-vault-access-${name}.outputs.`),
    });
  });

  it('associates the VPN with one subnet in dev and two elsewhere', () => {
    const counts = ENVIRONMENTS.map((name) => values(synthesized[name], 'aws_ec2_client_vpn_network_association').length);
    expect(counts).toEqual([1, 2, 2]);
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
    expect(resourceAt(synthesized[name], 'aws_kms_alias', 'logs-key_alias').name).toBe(`alias/vaultplat-${name}-vpn`);
    expect(resourceAt(synthesized[name], 'aws_kms_key', 'logs-key').enable_key_rotation).toBe(true);
  });

  it.each(ENVIRONMENTS)('%s: exposes the outputs vpn:client reads, the CA key only as a sensitive output and no server key', (name) => {
    const outputs = synthesized[name].output as Record<string, { value: string; sensitive?: boolean }>;
    expect(Object.keys(outputs).sort()).toEqual(['vpn-ca-certificate-pem', 'vpn-ca-private-key-pem', 'vpn-endpoint-dns-name', 'vpn-endpoint-id']);
    expect(outputs['vpn-ca-private-key-pem']).toMatchObject({ sensitive: true, value: expect.stringMatching(/^\$\{tls_private_key\.client-vpn_ca-key_\w+\.private_key_pem\}$/) });
    expect(Object.entries(outputs).filter(([, o]) => o.sensitive).map(([id]) => id)).toEqual(['vpn-ca-private-key-pem']);
    expect(Object.entries(outputs).filter(([, o]) => /private_key_pem/.test(o.value)).map(([id]) => id)).toEqual(['vpn-ca-private-key-pem']);
  });

  it('keeps private key material out of the synthesized configuration', () => {
    for (const name of ENVIRONMENTS) expect(JSON.stringify(synthesized[name])).not.toMatch(/-----BEGIN/);
  });
});
