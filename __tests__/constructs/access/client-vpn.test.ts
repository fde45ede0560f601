import { ClientVpn, type ClientVpnProps } from '../../../constructs/access/client-vpn';
import { DEFAULT_LOGIN_BANNER } from '../../../constructs/access/client-vpn-settings';
import { type TerraformJson, resourceAt, resourcesOf, synthStack } from '../../helpers';
import { type AccessFixture, accessFixture } from './access-fixture';

const DESTINATION = { securityGroupId: 'sg-0123456789abcdef0', port: 8200, subnetCidrs: ['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20'] };

function props(fixture: AccessFixture, overrides: Partial<ClientVpnProps> = {}): ClientVpnProps {
  return { name: 'test-vpn', network: fixture.tooling, clientCidrBlock: '10.200.0.0/22', destination: DESTINATION, logKmsKey: fixture.key, ...overrides };
}

function build(overrides: Partial<ClientVpnProps> = {}): { json: TerraformJson; vpn: ClientVpn } {
  const fixture = accessFixture();
  const vpn = new ClientVpn(fixture.stack, 'vpn', props(fixture, overrides));
  return { json: synthStack(fixture.stack), vpn };
}

function failure(overrides: (f: AccessFixture) => Partial<ClientVpnProps>, azs?: readonly string[]): string {
  const fixture = accessFixture(azs);
  try {
    new ClientVpn(fixture.stack, 'vpn', props(fixture, overrides(fixture)));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to fail');
}

const ref = (type: string, path: string, attribute: string) => expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${path}_\\w+\\.${attribute}\\}$`));

describe('ClientVpn', () => {
  describe('creates a certificate-authenticated endpoint with minimal props', () => {
    let json: TerraformJson;
    let vpn: ClientVpn;
    beforeAll(() => {
      ({ json, vpn } = build());
    });

    it('an RSA 2048 root CA valid 5 years, renewed in its last year', () => {
      expect(resourceAt(json, 'tls_private_key', 'vpn/ca-key')).toEqual(expect.objectContaining({ algorithm: 'RSA', rsa_bits: 2048 }));
      expect(resourceAt(json, 'tls_self_signed_cert', 'vpn/ca-certificate')).toMatchObject({
        is_ca_certificate: true,
        set_subject_key_id: true,
        validity_period_hours: 43800,
        early_renewal_hours: 8760,
        allowed_uses: ['cert_signing', 'crl_signing', 'digital_signature'],
        subject: [{ common_name: 'test-vpn root CA' }],
        private_key_pem: ref('tls_private_key', 'vpn_ca-key', 'private_key_pem'),
      });
    });

    it('an RSA 2048 server certificate signed by the CA, valid 1 year, renewed in its last 30 days', () => {
      expect(resourceAt(json, 'tls_private_key', 'vpn/server-key')).toEqual(expect.objectContaining({ algorithm: 'RSA', rsa_bits: 2048 }));
      // Client VPN rejects a server certificate without a domain name: a DNS-shaped CN and a DNS SAN.
      expect(resourceAt(json, 'tls_cert_request', 'vpn/server-request')).toMatchObject({
        subject: [{ common_name: 'server.test-vpn.internal' }],
        dns_names: ['server.test-vpn.internal'],
      });
      expect(vpn.serverDomainName).toBe('server.test-vpn.internal');
      expect(resourceAt(json, 'tls_locally_signed_cert', 'vpn/server-certificate')).toMatchObject({
        validity_period_hours: 8760,
        early_renewal_hours: 720,
        allowed_uses: ['digital_signature', 'key_encipherment', 'server_auth'],
        ca_cert_pem: ref('tls_self_signed_cert', 'vpn_ca-certificate', 'cert_pem'),
        ca_private_key_pem: ref('tls_private_key', 'vpn_ca-key', 'private_key_pem'),
        cert_request_pem: ref('tls_cert_request', 'vpn_server-request', 'cert_request_pem'),
      });
    });

    it('both certificates imported into ACM with create_before_destroy', () => {
      expect(resourceAt(json, 'aws_acm_certificate', 'vpn/ca-acm-certificate')).toMatchObject({
        certificate_body: ref('tls_self_signed_cert', 'vpn_ca-certificate', 'cert_pem'),
        private_key: ref('tls_private_key', 'vpn_ca-key', 'private_key_pem'),
        lifecycle: { create_before_destroy: true },
      });
      expect(resourceAt(json, 'aws_acm_certificate', 'vpn/server-acm-certificate')).toMatchObject({
        certificate_body: ref('tls_locally_signed_cert', 'vpn_server-certificate', 'cert_pem'),
        private_key: ref('tls_private_key', 'vpn_server-key', 'private_key_pem'),
        certificate_chain: ref('tls_self_signed_cert', 'vpn_ca-certificate', 'cert_pem'),
        lifecycle: { create_before_destroy: true },
      });
    });

    it('an endpoint with mutual TLS, split tunnel, the VPC resolver, an 8-hour session and the default banner', () => {
      expect(resourceAt(json, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint')).toMatchObject({
        client_cidr_block: '10.200.0.0/22',
        server_certificate_arn: ref('aws_acm_certificate', 'vpn_server-acm-certificate', 'arn'),
        authentication_options: [{ type: 'certificate-authentication', root_certificate_chain_arn: ref('aws_acm_certificate', 'vpn_ca-acm-certificate', 'arn') }],
        split_tunnel: true,
        dns_servers: ['10.10.0.2'],
        session_timeout_hours: 8,
        disconnect_on_session_timeout: true,
        client_login_banner_options: { enabled: true, banner_text: DEFAULT_LOGIN_BANNER },
        self_service_portal: 'disabled',
        transport_protocol: 'udp',
        vpn_port: 443,
        vpc_id: ref('aws_vpc', 'tooling_vpc', 'id'),
        security_group_ids: [ref('aws_security_group', 'vpn_security-group', 'id')],
        connection_log_options: {
          enabled: true,
          cloudwatch_log_group: ref('aws_cloudwatch_log_group', 'vpn_log-group', 'name'),
          cloudwatch_log_stream: ref('aws_cloudwatch_log_stream', 'vpn_log-stream', 'name'),
        },
      });
    });

    it('connection logs in a KMS-encrypted log group kept 365 days', () => {
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'vpn/log-group')).toMatchObject({
        name: '/aws/client-vpn/test-vpn',
        retention_in_days: 365,
        kms_key_id: ref('aws_kms_key', 'key', 'arn'),
      });
      expect(resourceAt(json, 'aws_cloudwatch_log_stream', 'vpn/log-stream')).toMatchObject({ name: 'connections' });
    });

    it('associations with the private subnets of the first two AZs', () => {
      const associations = Object.values(resourcesOf(json, 'aws_ec2_client_vpn_network_association'));
      expect(associations.map((a) => /subnet-private-(eu-west-1[a-c])/.exec(a.subnet_id)?.[1])).toEqual(['eu-west-1a', 'eu-west-1b']);
      expect(vpn.associatedAvailabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    });

    it('authorization rules for the destination subnets and the resolver only, never the VPC or 0.0.0.0/0', () => {
      const rules = Object.values(resourcesOf(json, 'aws_ec2_client_vpn_authorization_rule'));
      expect(rules.map((r) => r.target_network_cidr).sort()).toEqual(['10.10.0.0/20', '10.10.0.2/32', '10.10.16.0/20', '10.10.32.0/20']);
      expect(rules.every((r) => r.authorize_all_groups === true && typeof r.description === 'string')).toBe(true);
      expect(vpn.authorizedCidrs).toEqual([...DESTINATION.subnetCidrs, '10.10.0.2/32']);
    });

    it('a security group with egress to the destination on its port and DNS to the resolver only', () => {
      expect(resourceAt(json, 'aws_security_group', 'vpn/security-group')).toMatchObject({ name: 'test-vpn', vpc_id: ref('aws_vpc', 'tooling_vpc', 'id') });
      expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual({});
      const egress = Object.values(resourcesOf(json, 'aws_vpc_security_group_egress_rule'));
      expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4 ?? r.referenced_security_group_id]).sort()).toEqual([
        ['tcp', 53, 53, '10.10.0.2/32'],
        ['tcp', 8200, 8200, 'sg-0123456789abcdef0'],
        ['udp', 53, 53, '10.10.0.2/32'],
      ]);
      expect(egress.every((r) => typeof r.description === 'string' && r.description.length > 0)).toBe(true);
    });

    it('exposes the PEMs, endpoint and resolver', () => {
      expect(vpn.dnsServer).toBe('10.10.0.2');
      for (const token of [vpn.endpointId, vpn.dnsName, vpn.caCertificatePem, vpn.caPrivateKeyPem, vpn.serverPrivateKeyPem]) expect(token).toMatch(/\$\{TfToken/);
    });
  });

  it('creates the endpoint from all props', () => {
    const { json, vpn } = build({
      reservedCidrs: ['10.11.0.0/16'],
      associatedAzCount: 3,
      sessionTimeoutHours: 24,
      loginBanner: 'Hello',
      logRetentionDays: 30,
      ca: { commonName: 'Acme VPN CA', organization: 'Acme', validityHours: 20000, earlyRenewalHours: 2000 },
      serverCertificate: { validityHours: 2000, earlyRenewalHours: 100 },
    });
    expect(resourceAt(json, 'tls_self_signed_cert', 'vpn/ca-certificate')).toMatchObject({
      validity_period_hours: 20000,
      early_renewal_hours: 2000,
      subject: [{ common_name: 'Acme VPN CA', organization: 'Acme' }],
    });
    expect(resourceAt(json, 'tls_cert_request', 'vpn/server-request')).toMatchObject({
      subject: [{ common_name: 'server.test-vpn.internal', organization: 'Acme' }],
      dns_names: ['server.test-vpn.internal'],
    });
    expect(resourceAt(json, 'tls_locally_signed_cert', 'vpn/server-certificate')).toMatchObject({ validity_period_hours: 2000, early_renewal_hours: 100 });
    expect(resourceAt(json, 'aws_ec2_client_vpn_endpoint', 'vpn/endpoint')).toMatchObject({
      session_timeout_hours: 24,
      client_login_banner_options: { enabled: true, banner_text: 'Hello' },
    });
    expect(resourceAt(json, 'aws_cloudwatch_log_group', 'vpn/log-group').retention_in_days).toBe(30);
    expect(Object.keys(resourcesOf(json, 'aws_ec2_client_vpn_network_association'))).toHaveLength(3);
    expect(vpn.associatedAvailabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('keeps the server certificate name within the X.509 common-name limit for the longest allowed name', () => {
    const name = `a${'b'.repeat(46)}c`;
    const { json, vpn } = build({ name });
    expect(vpn.serverDomainName).toBe(`server.${name}.internal`);
    expect(vpn.serverDomainName).toHaveLength(64);
    expect(resourceAt(json, 'tls_cert_request', 'vpn/server-request')).toMatchObject({ subject: [{ common_name: `server.${name}.internal` }] });
  });

  it('creates a single association when asked (dev)', () => {
    const { json } = build({ associatedAzCount: 1 });
    const associations = Object.values(resourcesOf(json, 'aws_ec2_client_vpn_network_association'));
    expect(associations.map((a) => /subnet-private-(eu-west-1[a-c])/.exec(a.subnet_id)?.[1])).toEqual(['eu-west-1a']);
  });

  describe('fails', () => {
    it('when the name is not a lower-case slug', () => {
      expect(failure(() => ({ name: 'Test VPN' }))).toBe(`test/vpn: name: expected 1-48 lower-case letters, digits or '-', not starting or ending with '-', got "Test VPN"`);
    });

    it('when the client range is not a CIDR', () => {
      expect(failure(() => ({ clientCidrBlock: '10.200.0.0' }))).toBe('test/vpn: clientCidrBlock: expected CIDR notation a.b.c.d/n, got "10.200.0.0"');
    });

    it('when the client range is outside /12 to /22', () => {
      expect(failure(() => ({ clientCidrBlock: '10.200.0.0/24' }))).toBe('test/vpn: clientCidrBlock: expected a range from /12 to /22, got "10.200.0.0/24"');
      expect(failure(() => ({ clientCidrBlock: '10.0.0.0/11' }))).toBe(
        'test/vpn: clientCidrBlock: expected a range from /12 to /22, got "10.0.0.0/11"; clientCidrBlock: overlaps the VPC 10.10.0.0/16; the client range must be disjoint from it, got "10.0.0.0/11"',
      );
    });

    it('when the client range overlaps the VPC or a reserved range', () => {
      expect(failure(() => ({ clientCidrBlock: '10.10.0.0/22' }))).toBe(
        'test/vpn: clientCidrBlock: overlaps the VPC 10.10.0.0/16; the client range must be disjoint from it, got "10.10.0.0/22"',
      );
      expect(failure(() => ({ clientCidrBlock: '10.11.4.0/22', reservedCidrs: ['10.11.0.0/16', 'nope'] }))).toBe(
        'test/vpn: clientCidrBlock: overlaps the reserved range 10.11.0.0/16; the client range must be disjoint from it, got "10.11.4.0/22"; reservedCidrs: expected CIDR notation a.b.c.d/n, got "nope"',
      );
    });

    it('when the destination would authorize the whole VPC, the internet or no subnet', () => {
      expect(failure(() => ({ destination: { ...DESTINATION, subnetCidrs: ['10.10.0.0/16', '0.0.0.0/0', '10.10.0.1/20'] } }))).toBe(
        'test/vpn: destination.subnetCidrs: expected a subnet inside and smaller than the VPC 10.10.0.0/16 (never the whole VPC or 0.0.0.0/0), got "10.10.0.0/16"; ' +
          'destination.subnetCidrs: expected a subnet inside and smaller than the VPC 10.10.0.0/16 (never the whole VPC or 0.0.0.0/0), got "0.0.0.0/0"; ' +
          'destination.subnetCidrs: host bits are set; the network address is 10.10.0.0/20, got "10.10.0.1/20"',
      );
      expect(failure(() => ({ destination: { ...DESTINATION, subnetCidrs: [] } }))).toBe('test/vpn: destination.subnetCidrs: expected at least one subnet CIDR, got none');
    });

    it('when the destination port is out of range', () => {
      expect(failure(() => ({ destination: { ...DESTINATION, port: 0 } }))).toBe('test/vpn: destination.port: expected a whole number from 1 to 65535, got 0');
    });

    it('when more AZs are associated than the network has, or none', () => {
      expect(failure(() => ({ associatedAzCount: 3 }), ['eu-west-1a', 'eu-west-1b'])).toBe(
        "test/vpn: associatedAzCount: expected a whole number from 1 to 2 (the network's AZs), got 3",
      );
      expect(failure(() => ({ associatedAzCount: 0 }))).toBe("test/vpn: associatedAzCount: expected a whole number from 1 to 3 (the network's AZs), got 0");
    });

    it('when the session timeout is not one Client VPN accepts', () => {
      expect(failure(() => ({ sessionTimeoutHours: 9 }))).toBe('test/vpn: sessionTimeoutHours: expected one of 8, 10, 12, 24, got 9');
    });

    it('when the login banner is empty or longer than 1,400 characters', () => {
      expect(failure(() => ({ loginBanner: '' }))).toBe('test/vpn: loginBanner: expected 1-1400 characters, got 0');
      expect(failure(() => ({ loginBanner: 'x'.repeat(1401) }))).toBe('test/vpn: loginBanner: expected 1-1400 characters, got 1401');
    });

    it.each([0, 42])('when the log retention is not a CloudWatch Logs retention value (%i)', (days) => {
      expect(failure(() => ({ logRetentionDays: days }))).toBe(
        `test/vpn: logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got ${days}`,
      );
    });

    it('when a CA subject attribute is empty or too long', () => {
      expect(failure(() => ({ ca: { commonName: ' ', organization: 'o'.repeat(65) } }))).toBe(
        `test/vpn: ca.commonName: expected 1-64 characters, got " "; ca.organization: expected 1-64 characters, got "${'o'.repeat(65)}"`,
      );
    });

    it('when an early-renewal window is not shorter than the validity', () => {
      expect(failure(() => ({ ca: { validityHours: 1000, earlyRenewalHours: 1000 }, serverCertificate: { validityHours: 500, earlyRenewalHours: 600 } }))).toBe(
        'test/vpn: ca.earlyRenewalHours: must be less than ca.validityHours (1000), or the certificate is renewed on every apply, got 1000; ' +
          'serverCertificate.earlyRenewalHours: must be less than serverCertificate.validityHours (500), or the certificate is renewed on every apply, got 600',
      );
    });

    it('when the server certificate outlives the CA', () => {
      expect(failure(() => ({ ca: { validityHours: 5000, earlyRenewalHours: 100 }, serverCertificate: { validityHours: 6000 } }))).toBe(
        'test/vpn: serverCertificate.validityHours: must not exceed ca.validityHours (5000); a certificate cannot outlive the CA that signed it, got 6000',
      );
    });

    it('when a lifetime is not a whole number of hours', () => {
      expect(failure(() => ({ serverCertificate: { validityHours: 10.5, earlyRenewalHours: 0 } }))).toBe(
        'test/vpn: serverCertificate.validityHours: expected a whole number of hours, at least 1, got 10.5; serverCertificate.earlyRenewalHours: expected a whole number of hours, at least 1, got 0',
      );
    });
  });
});
