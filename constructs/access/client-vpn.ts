import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { Ec2ClientVpnAuthorizationRule } from '@cdktf/provider-aws/lib/ec2-client-vpn-authorization-rule';
import { Ec2ClientVpnEndpoint } from '@cdktf/provider-aws/lib/ec2-client-vpn-endpoint';
import { Ec2ClientVpnNetworkAssociation } from '@cdktf/provider-aws/lib/ec2-client-vpn-network-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Construct } from 'constructs';
import { type AlarmSpec } from '../observability/alarm-spec';
import { SignalAlarms } from '../observability/signal-alarms';
import { cidrContains, cidrsOverlap, explainInvalidCidr, formatIpv4, parseCidr } from '../network/cidr';
import { type Network } from '../network/network';
import { type KmsKey } from '../security/kms-key';
import {
  CLIENT_VPN_DEFAULTS,
  CLIENT_VPN_PREFIX_RANGE,
  CLIENT_VPN_RSA_BITS,
  CLIENT_VPN_SESSION_TIMEOUT_HOURS,
  type CertificateLifetime,
  DEFAULT_CA_LIFETIME,
  DEFAULT_SERVER_CERTIFICATE_LIFETIME,
  LOGIN_BANNER_MAX_LENGTH,
  SUBJECT_ATTRIBUTE_MAX_LENGTH,
  certificateLifetimeProblems,
} from './client-vpn-settings';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../observability/log-retention';

/** What VPN clients may reach. A `VaultLoadBalancer` is one. */
export interface ClientVpnDestination {
  /** Security group of the service; the endpoint's security group allows egress to it on `port` only. */
  readonly securityGroupId: string;
  /** TCP port of the service. */
  readonly port: number;
  /**
   * Literal CIDRs of the subnets the service has addresses in: the only networks clients are authorized for (plus
   * the VPC resolver). Each must lie inside the VPC and be smaller than it.
   */
  readonly subnetCidrs: readonly string[];
}

export interface ClientVpnCaProps extends Partial<CertificateLifetime> {
  /** Subject common name of the root CA. @default - `<name> root CA` */
  readonly commonName?: string;
  /** Subject organization of the root CA. @default - none */
  readonly organization?: string;
}

export interface ClientVpnProps {
  /** Name of the endpoint, security group and log group, e.g. `vaultplat-dev-vpn` (1-48 lower-case letters, digits or '-'). */
  readonly name: string;
  /** The VPC clients connect into; the endpoint is associated with its private subnets. */
  readonly network: Network;
  /** Literal address range handed to clients, /12 to /22, disjoint from the VPC and from `reservedCidrs`. */
  readonly clientCidrBlock: string;
  /** The service clients may reach (security group, port, subnets). */
  readonly destination: ClientVpnDestination;
  /** Customer-managed key of the connection log group; it must grant CloudWatch Logs (`cloudWatchLogsGrant`). */
  readonly logKmsKey: KmsKey;
  /** Other literal CIDRs the client range must not overlap (peered VPCs). @default - none */
  readonly reservedCidrs?: readonly string[];
  /**
   * Number of AZs (the network's first ones, in name order) whose private subnet is associated with the endpoint.
   * Each association is billed per hour; use 2 or more wherever the VPN must survive the loss of an AZ.
   * @default 2
   */
  readonly associatedAzCount?: number;
  /** Maximum session length before clients must reconnect: 8, 10, 12 or 24 hours. @default 8 */
  readonly sessionTimeoutHours?: number;
  /** Text shown by the AWS VPN client when a session is established, at most 1,400 characters. @default DEFAULT_LOGIN_BANNER */
  readonly loginBanner?: string;
  /** Retention of the connection log group, in days (a CloudWatch Logs retention value). @default 365 */
  readonly logRetentionDays?: number;
  /** Root CA subject and lifetime. @default - 43,800 hours (5 years), renewed in the last 8,760 hours */
  readonly ca?: ClientVpnCaProps;
  /** Server certificate lifetime. @default - 8,760 hours (1 year), renewed in the last 720 hours */
  readonly serverCertificate?: Partial<CertificateLifetime>;
  /**
   * Alarms of the signal catalog on the endpoint (`AWS/ClientVPN`, dimension `Endpoint` filled in here) and the topic
   * they notify. @default - no alarms
   */
  readonly alarms?: { readonly topicArn: string; readonly specs: readonly AlarmSpec[] };
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/**
 * AWS Client VPN into a VPC with mutual TLS (certificate authentication) against a root CA of our own:
 *
 * - The CA (RSA 2048, the strongest Client VPN accepts) and the server certificate it signs are generated by the
 *   Terraform TLS provider and imported into ACM (`create_before_destroy`, so a renewal never leaves the endpoint
 *   without a certificate). Client certificates are signed with the same CA outside Terraform.
 * - Split tunnel: clients route only the VPC range through the VPN; DNS goes to the VPC resolver (base + 2), so
 *   private hosted zones associated with the VPC resolve.
 * - Authorization rules cover only the destination's subnets and the resolver address, never the whole VPC nor
 *   `0.0.0.0/0`. The endpoint's security group allows egress only to the destination's security group on its port
 *   and DNS to the resolver.
 * - Every connection attempt is logged to a KMS-encrypted log group with retention; sessions end after
 *   `sessionTimeoutHours` and the client must reconnect.
 *
 * The private keys end up in Terraform state (the TLS provider keeps them there): protect the state accordingly.
 */
export class ClientVpn extends Construct {
  readonly endpoint: Ec2ClientVpnEndpoint;
  readonly endpointId: string;
  /** The catalog's alarms on the endpoint, when given. */
  readonly alarms?: SignalAlarms;
  /** `*.cvpn-endpoint-....clientvpn.<region>.amazonaws.com`; clients connect to a random label of it. */
  readonly dnsName: string;
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  readonly caKey: PrivateKey;
  readonly caCertificate: SelfSignedCert;
  readonly serverKey: PrivateKey;
  readonly serverCertificate: LocallySignedCert;
  /** `server.<name>.internal`: CN and DNS subject alternative name of the server certificate (ACM's domain name). */
  readonly serverDomainName: string;
  readonly caAcmCertificate: AcmCertificate;
  readonly serverAcmCertificate: AcmCertificate;
  /** PEM of the root CA certificate (public). */
  readonly caCertificatePem: string;
  /** PEM of the root CA private key: SENSITIVE, signs client certificates. */
  readonly caPrivateKeyPem: string;
  /** PEM of the server private key: SENSITIVE. */
  readonly serverPrivateKeyPem: string;
  /** The VPC resolver address handed to clients as DNS server. */
  readonly dnsServer: string;
  /** AZs whose private subnet is associated with the endpoint. */
  readonly associatedAvailabilityZones: readonly string[];
  readonly associations: readonly Ec2ClientVpnNetworkAssociation[];
  /** Networks clients are authorized for (destination subnets, then the resolver /32). */
  readonly authorizedCidrs: readonly string[];

  constructor(scope: Construct, id: string, props: ClientVpnProps) {
    super(scope, id);
    const network = props.network;
    const associatedAzCount = props.associatedAzCount ?? CLIENT_VPN_DEFAULTS.associatedAzCount;
    const sessionTimeoutHours = props.sessionTimeoutHours ?? CLIENT_VPN_DEFAULTS.sessionTimeoutHours;
    const loginBanner = props.loginBanner ?? CLIENT_VPN_DEFAULTS.loginBanner;
    const logRetentionDays = props.logRetentionDays ?? CLIENT_VPN_DEFAULTS.logRetentionDays;
    const caLifetime: CertificateLifetime = {
      validityHours: props.ca?.validityHours ?? DEFAULT_CA_LIFETIME.validityHours,
      earlyRenewalHours: props.ca?.earlyRenewalHours ?? DEFAULT_CA_LIFETIME.earlyRenewalHours,
    };
    const serverLifetime: CertificateLifetime = {
      validityHours: props.serverCertificate?.validityHours ?? DEFAULT_SERVER_CERTIFICATE_LIFETIME.validityHours,
      earlyRenewalHours: props.serverCertificate?.earlyRenewalHours ?? DEFAULT_SERVER_CERTIFICATE_LIFETIME.earlyRenewalHours,
    };
    const caCommonName = props.ca?.commonName ?? `${props.name} root CA`;
    this.validate(props, { associatedAzCount, sessionTimeoutHours, loginBanner, logRetentionDays, caLifetime, serverLifetime, caCommonName });

    const vpcBase = parseCidr(network.cidrBlock);
    if (!vpcBase) throw new Error(`${this.node.path}: network.cidrBlock: expected a literal CIDR, got "${network.cidrBlock}"`);
    this.dnsServer = formatIpv4(vpcBase.network + 2);
    const resolverCidr = `${this.dnsServer}/32`;

    // Root CA and server certificate (RSA 2048: Client VPN accepts RSA 1024 and 2048 only).
    this.caKey = new PrivateKey(this, 'ca-key', { algorithm: 'RSA', rsaBits: CLIENT_VPN_RSA_BITS });
    this.caCertificate = new SelfSignedCert(this, 'ca-certificate', {
      privateKeyPem: this.caKey.privateKeyPem,
      isCaCertificate: true,
      setSubjectKeyId: true,
      validityPeriodHours: caLifetime.validityHours,
      earlyRenewalHours: caLifetime.earlyRenewalHours,
      allowedUses: ['cert_signing', 'crl_signing', 'digital_signature'],
      subject: [{ commonName: caCommonName, ...(props.ca?.organization ? { organization: props.ca.organization } : {}) }],
    });
    this.serverKey = new PrivateKey(this, 'server-key', { algorithm: 'RSA', rsaBits: CLIENT_VPN_RSA_BITS });
    // Client VPN refuses a server certificate without a domain name ("Certificate ... does not have a domain"): ACM
    // takes it from a DNS-shaped CN or a DNS subject alternative name, so the certificate carries both. `.internal`
    // is reserved for private use; clients do not check the name (the profile checks the serverAuth usage only).
    this.serverDomainName = `server.${props.name}.internal`;
    const serverRequest = new CertRequest(this, 'server-request', {
      privateKeyPem: this.serverKey.privateKeyPem,
      subject: [{ commonName: this.serverDomainName, ...(props.ca?.organization ? { organization: props.ca.organization } : {}) }],
      dnsNames: [this.serverDomainName],
    });
    this.serverCertificate = new LocallySignedCert(this, 'server-certificate', {
      certRequestPem: serverRequest.certRequestPem,
      caPrivateKeyPem: this.caKey.privateKeyPem,
      caCertPem: this.caCertificate.certPem,
      setSubjectKeyId: true,
      validityPeriodHours: serverLifetime.validityHours,
      earlyRenewalHours: serverLifetime.earlyRenewalHours,
      allowedUses: ['digital_signature', 'key_encipherment', 'server_auth'],
    });
    this.caCertificatePem = this.caCertificate.certPem;
    this.caPrivateKeyPem = this.caKey.privateKeyPem;
    this.serverPrivateKeyPem = this.serverKey.privateKeyPem;

    this.caAcmCertificate = new AcmCertificate(this, 'ca-acm-certificate', {
      certificateBody: this.caCertificate.certPem,
      privateKey: this.caKey.privateKeyPem,
      tags: { Name: `${props.name}-root-ca` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.serverAcmCertificate = new AcmCertificate(this, 'server-acm-certificate', {
      certificateBody: this.serverCertificate.certPem,
      privateKey: this.serverKey.privateKeyPem,
      certificateChain: this.caCertificate.certPem,
      tags: { Name: `${props.name}-server` },
      lifecycle: { createBeforeDestroy: true },
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/client-vpn/${props.name}`,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logKmsKey.arn,
      tags: { Name: `${props.name}-connections` },
    });
    const logStream = new CloudwatchLogStream(this, 'log-stream', { name: 'connections', logGroupName: this.logGroup.name });

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.name,
      description: `Client VPN ${props.name}: egress to the destination on ${props.destination.port} and DNS to the VPC resolver only`,
      vpcId: network.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupEgressRule(this, 'egress-destination', {
      securityGroupId: this.securityGroup.id,
      description: `VPN clients to the destination on TCP ${props.destination.port}`,
      ipProtocol: 'tcp',
      fromPort: props.destination.port,
      toPort: props.destination.port,
      referencedSecurityGroupId: props.destination.securityGroupId,
    });
    for (const protocol of ['udp', 'tcp'] as const) {
      new VpcSecurityGroupEgressRule(this, `egress-dns-${protocol}`, {
        securityGroupId: this.securityGroup.id,
        description: `DNS (${protocol.toUpperCase()}) to the VPC resolver`,
        ipProtocol: protocol,
        fromPort: 53,
        toPort: 53,
        cidrIpv4: resolverCidr,
      });
    }

    this.endpoint = new Ec2ClientVpnEndpoint(this, 'endpoint', {
      description: `${props.name}: mutual-TLS access to ${network.name}`,
      serverCertificateArn: this.serverAcmCertificate.arn,
      clientCidrBlock: props.clientCidrBlock,
      authenticationOptions: [{ type: 'certificate-authentication', rootCertificateChainArn: this.caAcmCertificate.arn }],
      connectionLogOptions: { enabled: true, cloudwatchLogGroup: this.logGroup.name, cloudwatchLogStream: logStream.name },
      dnsServers: [this.dnsServer],
      splitTunnel: true,
      sessionTimeoutHours,
      disconnectOnSessionTimeout: true,
      clientLoginBannerOptions: { enabled: true, bannerText: loginBanner },
      selfServicePortal: 'disabled',
      transportProtocol: 'udp',
      vpnPort: 443,
      vpcId: network.vpcId,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: props.name },
    });
    this.endpointId = this.endpoint.id;
    this.dnsName = this.endpoint.dnsName;
    if (props.alarms) {
      this.alarms = new SignalAlarms(this, 'alarms', { topicArn: props.alarms.topicArn, specs: props.alarms.specs, dimensions: { Endpoint: this.endpoint.id } });
    }

    this.associatedAvailabilityZones = network.availabilityZones.slice(0, associatedAzCount);
    this.associations = this.associatedAvailabilityZones.map(
      (az) =>
        new Ec2ClientVpnNetworkAssociation(this, `association-${az}`, {
          clientVpnEndpointId: this.endpoint.id,
          subnetId: network.subnets.private[az].id,
        }),
    );

    this.authorizedCidrs = [...props.destination.subnetCidrs, resolverCidr];
    for (const cidr of props.destination.subnetCidrs) {
      new Ec2ClientVpnAuthorizationRule(this, `authorize-${cidr.replace(/[./]/g, '-')}`, {
        clientVpnEndpointId: this.endpoint.id,
        targetNetworkCidr: cidr,
        authorizeAllGroups: true,
        description: `Destination subnet ${cidr} on TCP ${props.destination.port}`,
      });
    }
    new Ec2ClientVpnAuthorizationRule(this, 'authorize-dns', {
      clientVpnEndpointId: this.endpoint.id,
      targetNetworkCidr: resolverCidr,
      authorizeAllGroups: true,
      description: 'VPC resolver (DNS of the private hosted zones)',
    });
  }

  private validate(
    props: ClientVpnProps,
    v: {
      associatedAzCount: number;
      sessionTimeoutHours: number;
      loginBanner: string;
      logRetentionDays: number;
      caLifetime: CertificateLifetime;
      serverLifetime: CertificateLifetime;
      caCommonName: string;
    },
  ): void {
    const problems: string[] = [];
    const network = props.network;
    if (!NAME.test(props.name)) problems.push(`name: expected 1-48 lower-case letters, digits or '-', not starting or ending with '-', got "${props.name}"`);

    const vpc = parseCidr(network.cidrBlock);
    const client = parseCidr(props.clientCidrBlock);
    if (!client) {
      problems.push(`clientCidrBlock: ${explainInvalidCidr(props.clientCidrBlock)}, got "${props.clientCidrBlock}"`);
    } else {
      if (client.prefixLength < CLIENT_VPN_PREFIX_RANGE.min || client.prefixLength > CLIENT_VPN_PREFIX_RANGE.max) {
        problems.push(`clientCidrBlock: expected a range from /${CLIENT_VPN_PREFIX_RANGE.min} to /${CLIENT_VPN_PREFIX_RANGE.max}, got "${props.clientCidrBlock}"`);
      }
      if (vpc && cidrsOverlap(client, vpc)) {
        problems.push(`clientCidrBlock: overlaps the VPC ${network.cidrBlock}; the client range must be disjoint from it, got "${props.clientCidrBlock}"`);
      }
      for (const reserved of props.reservedCidrs ?? []) {
        const block = parseCidr(reserved);
        if (!block) problems.push(`reservedCidrs: ${explainInvalidCidr(reserved)}, got "${reserved}"`);
        else if (cidrsOverlap(client, block)) problems.push(`clientCidrBlock: overlaps the reserved range ${reserved}; the client range must be disjoint from it, got "${props.clientCidrBlock}"`);
      }
    }

    const destination = props.destination;
    if (!Number.isInteger(destination.port) || destination.port < 1 || destination.port > 65535) {
      problems.push(`destination.port: expected a whole number from 1 to 65535, got ${destination.port}`);
    }
    if (destination.subnetCidrs.length === 0) problems.push('destination.subnetCidrs: expected at least one subnet CIDR, got none');
    for (const cidr of destination.subnetCidrs) {
      const block = parseCidr(cidr);
      if (!block) problems.push(`destination.subnetCidrs: ${explainInvalidCidr(cidr)}, got "${cidr}"`);
      else if (vpc && (!cidrContains(vpc, block) || block.prefixLength <= vpc.prefixLength)) {
        problems.push(`destination.subnetCidrs: expected a subnet inside and smaller than the VPC ${network.cidrBlock} (never the whole VPC or 0.0.0.0/0), got "${cidr}"`);
      }
    }

    const azCount = network.availabilityZones.length;
    if (!Number.isInteger(v.associatedAzCount) || v.associatedAzCount < 1 || v.associatedAzCount > azCount) {
      problems.push(`associatedAzCount: expected a whole number from 1 to ${azCount} (the network's AZs), got ${v.associatedAzCount}`);
    }
    if (!(CLIENT_VPN_SESSION_TIMEOUT_HOURS as readonly number[]).includes(v.sessionTimeoutHours)) {
      problems.push(`sessionTimeoutHours: expected one of ${CLIENT_VPN_SESSION_TIMEOUT_HOURS.join(', ')}, got ${v.sessionTimeoutHours}`);
    }
    if (v.loginBanner.length < 1 || v.loginBanner.length > LOGIN_BANNER_MAX_LENGTH) {
      problems.push(`loginBanner: expected 1-${LOGIN_BANNER_MAX_LENGTH} characters, got ${v.loginBanner.length}`);
    }
    if (!isLogRetentionDays(v.logRetentionDays)) problems.push(`logRetentionDays: ${LOG_RETENTION_EXPECTATION}, got ${v.logRetentionDays}`);
    for (const [field, value] of [
      ['ca.commonName', v.caCommonName],
      ['ca.organization', props.ca?.organization],
    ] as const) {
      if (value !== undefined && (value.trim().length === 0 || value.length > SUBJECT_ATTRIBUTE_MAX_LENGTH)) {
        problems.push(`${field}: expected 1-${SUBJECT_ATTRIBUTE_MAX_LENGTH} characters, got "${value}"`);
      }
    }
    for (const problem of certificateLifetimeProblems(v.caLifetime, v.serverLifetime)) {
      problems.push(`${problem.field}: ${problem.message}, got ${String(problem.value)}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
  }
}
