import { VaultLoadBalancer, type VaultLoadBalancerProps } from '../../../constructs/access/vault-load-balancer';
import { type TerraformJson, resourceAt, resourcesOf, synthStack } from '../../helpers';
import { type AccessFixture, accessFixture } from './access-fixture';

const ALLOWED = ['10.11.0.0/16', '10.10.0.0/16', '10.200.0.0/22'];

function build(props: Partial<VaultLoadBalancerProps> = {}): { json: TerraformJson; lb: VaultLoadBalancer; fixture: AccessFixture } {
  const fixture = accessFixture();
  const lb = new VaultLoadBalancer(fixture.stack, 'vault', { name: 'test-vault', network: fixture.tooling, allowedCidrs: ALLOWED, ...props });
  return { json: synthStack(fixture.stack), lb, fixture };
}

function failure(props: Partial<VaultLoadBalancerProps>): string {
  const fixture = accessFixture();
  try {
    new VaultLoadBalancer(fixture.stack, 'vault', { name: 'test-vault', network: fixture.tooling, allowedCidrs: ALLOWED, ...props });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to fail');
}

describe('VaultLoadBalancer', () => {
  describe('creates an internal NLB with minimal props', () => {
    let json: TerraformJson;
    let lb: VaultLoadBalancer;
    beforeAll(() => {
      ({ json, lb } = build());
    });

    it('internal, network type, cross-zone on, deletion protection on, in every private subnet', () => {
      expect(resourceAt(json, 'aws_lb', 'vault/load-balancer')).toMatchObject({
        name: 'test-vault',
        load_balancer_type: 'network',
        internal: true,
        ip_address_type: 'ipv4',
        enable_cross_zone_load_balancing: true,
        enable_deletion_protection: true,
        security_groups: [expect.stringMatching(/^\$\{aws_security_group\.vault_security-group_\w+\.id\}$/)],
      });
      const subnets = resourceAt(json, 'aws_lb', 'vault/load-balancer').subnets as string[];
      expect(subnets).toHaveLength(3);
      expect(subnets.map((s) => /subnet-private-(eu-west-1[abc])/.exec(s)?.[1])).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    });

    it('a TCP listener on 8200 forwarding to the target group (TLS passthrough, no certificate)', () => {
      const listener = resourceAt(json, 'aws_lb_listener', 'vault/listener');
      expect(listener).toMatchObject({
        port: 8200,
        protocol: 'TCP',
        default_action: [{ type: 'forward', target_group_arn: expect.stringMatching(/^\$\{aws_lb_target_group\.vault_target-group_\w+\.arn\}$/) }],
      });
      expect(listener.certificate_arn).toBeUndefined();
    });

    it('an ip target group on 8200 with an HTTPS health check counting active, standby and performance standby healthy', () => {
      expect(resourceAt(json, 'aws_lb_target_group', 'vault/target-group')).toMatchObject({
        name: 'test-vault',
        target_type: 'ip',
        protocol: 'TCP',
        port: 8200,
        ip_address_type: 'ipv4',
        preserve_client_ip: 'true',
        deregistration_delay: '30',
        health_check: {
          enabled: true,
          protocol: 'HTTPS',
          port: 'traffic-port',
          path: '/v1/sys/health',
          matcher: '200,429,473',
          interval: 10,
          timeout: 5,
          healthy_threshold: 3,
          unhealthy_threshold: 3,
        },
      });
    });

    it('a security group admitting 8200 from the allowed CIDRs only, egress 8200 to the VPC only', () => {
      expect(resourceAt(json, 'aws_security_group', 'vault/security-group')).toMatchObject({ name: 'test-vault-nlb' });
      expect(resourceAt(json, 'aws_security_group', 'vault/security-group').description).toMatch(/^Vault load balancer test-vault/);
      const ingress = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'));
      expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual([...ALLOWED].sort().map((c) => [c, 'tcp', 8200, 8200]));
      expect(ingress.every((r) => typeof r.description === 'string' && r.description.length > 0)).toBe(true);
      const egress = Object.values(resourcesOf(json, 'aws_vpc_security_group_egress_rule'));
      expect(egress).toEqual([expect.objectContaining({ cidr_ipv4: '10.10.0.0/16', ip_protocol: 'tcp', from_port: 8200, to_port: 8200 })]);
    });

    it('exposes the port, the subnet CIDRs (in AZ order) and the values consumers need', () => {
      expect(lb.port).toBe(8200);
      expect(lb.subnetCidrs).toEqual(['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20']);
      for (const token of [lb.arn, lb.dnsName, lb.zoneId, lb.securityGroupId, lb.targetGroupArn]) expect(token).toMatch(/\$\{TfToken/);
    });
  });

  it('creates the load balancer from all props', () => {
    const { json } = build({
      port: 8300,
      deletionProtection: false,
      healthCheckPath: '/v1/sys/health?standbyok=true',
      healthyHttpCodes: [200],
      healthCheckIntervalSeconds: 30,
      healthCheckTimeoutSeconds: 10,
      healthyThreshold: 2,
      unhealthyThreshold: 5,
      deregistrationDelaySeconds: 120,
    });
    expect(resourceAt(json, 'aws_lb', 'vault/load-balancer').enable_deletion_protection).toBe(false);
    expect(resourceAt(json, 'aws_lb_listener', 'vault/listener').port).toBe(8300);
    expect(resourceAt(json, 'aws_lb_target_group', 'vault/target-group')).toMatchObject({
      port: 8300,
      deregistration_delay: '120',
      health_check: { path: '/v1/sys/health?standbyok=true', matcher: '200', interval: 30, timeout: 10, healthy_threshold: 2, unhealthy_threshold: 5 },
    });
    const rules = [...Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')), ...Object.values(resourcesOf(json, 'aws_vpc_security_group_egress_rule'))];
    expect(rules.every((r) => r.from_port === 8300 && r.to_port === 8300)).toBe(true);
  });

  describe('fails', () => {
    it('when the name is too long for ELB or starts with internal-', () => {
      expect(failure({ name: 'a'.repeat(33) })).toBe(
        `test/vault: name: expected 1-32 letters, digits or '-', not starting or ending with '-' nor starting with "internal-", got "${'a'.repeat(33)}"`,
      );
      expect(failure({ name: 'internal-vault' })).toContain('nor starting with "internal-", got "internal-vault"');
    });

    it('when no CIDR is allowed', () => {
      expect(failure({ allowedCidrs: [] })).toBe('test/vault: allowedCidrs: expected at least one CIDR, got none');
    });

    it('when an allowed CIDR is the internet or invalid', () => {
      expect(failure({ allowedCidrs: ['0.0.0.0/0', '10.0.0.1/8'] })).toBe(
        'test/vault: allowedCidrs: expected ranges of /8 or smaller (never the internet), got "0.0.0.0/0"; allowedCidrs: host bits are set; the network address is 10.0.0.0/8, got "10.0.0.1/8"',
      );
    });

    it('when an allowed CIDR repeats', () => {
      expect(failure({ allowedCidrs: ['10.11.0.0/16', '10.11.0.0/16'] })).toBe('test/vault: allowedCidrs: CIDRs must not repeat, got ["10.11.0.0/16","10.11.0.0/16"]');
    });

    it('when the port is out of range', () => {
      expect(failure({ port: 70000 })).toBe('test/vault: port: expected a whole number from 1 to 65535, got 70000');
    });

    it('when the health check path does not start with /', () => {
      expect(failure({ healthCheckPath: 'v1/sys/health' })).toBe('test/vault: healthCheckPath: expected a path starting with "/" (at most 1024 characters), got "v1/sys/health"');
    });

    it('when the healthy codes are empty or outside 200-599', () => {
      expect(failure({ healthyHttpCodes: [] })).toBe('test/vault: healthyHttpCodes: expected at least one HTTP status code, got none');
      expect(failure({ healthyHttpCodes: [200, 199] })).toBe('test/vault: healthyHttpCodes: expected HTTP status codes from 200 to 599, got 199');
    });

    it('when the health check timing is out of range', () => {
      expect(failure({ healthCheckIntervalSeconds: 4, healthCheckTimeoutSeconds: 3 })).toBe(
        'test/vault: healthCheckIntervalSeconds: expected a whole number from 5 to 300, got 4',
      );
      expect(failure({ healthCheckTimeoutSeconds: 1 })).toBe('test/vault: healthCheckTimeoutSeconds: expected a whole number from 2 to 120, got 1');
      expect(failure({ healthCheckIntervalSeconds: 10, healthCheckTimeoutSeconds: 10 })).toBe(
        'test/vault: healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (10), got 10',
      );
    });

    it('when thresholds or the deregistration delay are out of range', () => {
      expect(failure({ healthyThreshold: 1, unhealthyThreshold: 11, deregistrationDelaySeconds: 3601 })).toBe(
        'test/vault: healthyThreshold: expected a whole number from 2 to 10, got 1; unhealthyThreshold: expected a whole number from 2 to 10, got 11; deregistrationDelaySeconds: expected a whole number from 0 to 3600, got 3601',
      );
    });
  });
});
