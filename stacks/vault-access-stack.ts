import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { ClientVpn } from '../constructs/access/client-vpn';
import { PrivateDnsZone } from '../constructs/access/private-dns-zone';
import { VaultLoadBalancer } from '../constructs/access/vault-load-balancer';
import { AwsContext } from '../constructs/aws-context';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

export interface VaultAccessStackProps extends PlatformStackProps {
  /** The environment's network stack: Vault's load balancer and the VPN live in its tooling VPC. */
  readonly network: NetworkStack;
}

/** Vault's API port, also the load balancer's listener port. */
export const VAULT_PORT = 8200;

/**
 * `vault-access-<env>`: how Vault is reached, never from the internet.
 *
 * - Applications resolve `vault.<privateZoneName>` in a private hosted zone associated with both VPCs, pointing at an
 *   internal network load balancer in the tooling VPC (TLS passed through to Vault on 8200).
 * - People connect with AWS Client VPN (mutual TLS, our own root CA) and reach only the load balancer's subnets.
 *
 * The VPN connection log group has its own KMS key rather than the network stack's observability key: connection
 * logs are access-audit data of this stack, the key policy stays scoped to it, and destroying or rotating this stack
 * never touches the network stack's key.
 */
export class VaultAccessStack extends PlatformStack {
  readonly logsKey: KmsKey;
  readonly zone: PrivateDnsZone;
  readonly loadBalancer: VaultLoadBalancer;
  readonly vpn: ClientVpn;
  /** `vault.<zone>` */
  readonly vaultHostname: string;
  /** `https://vault.<zone>:8200` */
  readonly vaultAddress: string;

  constructor(scope: Construct, props: VaultAccessStackProps) {
    super(scope, 'vault-access', props);
    const env = props.environment;
    const access = env.vaultAccess;
    const { tooling, application } = props.network;
    new TlsProvider(this, 'tls');

    this.logsKey = new KmsKey(this, 'logs-key', {
      alias: `${this.namePrefix}-vault-access`,
      description: `${this.namePrefix}: Client VPN connection logs`,
      serviceGrants: [cloudWatchLogsGrant(AwsContext.of(this))],
    });

    this.loadBalancer = new VaultLoadBalancer(this, 'vault-load-balancer', {
      name: `${this.namePrefix}-vault`,
      network: tooling,
      allowedCidrs: [application.cidrBlock, tooling.cidrBlock, env.network.vpnClientCidr],
      port: VAULT_PORT,
      deletionProtection: env.tier !== 'dev',
    });

    this.zone = new PrivateDnsZone(this, 'private-zone', {
      zoneName: access.privateZoneName,
      networks: [tooling, application],
    });
    this.vaultHostname = this.zone.addAlias(access.vaultRecordName, this.loadBalancer);
    this.vaultAddress = `https://${this.vaultHostname}:${VAULT_PORT}`;

    const vpn = access.vpn;
    this.vpn = new ClientVpn(this, 'client-vpn', {
      name: `${this.namePrefix}-vpn`,
      network: tooling,
      clientCidrBlock: env.network.vpnClientCidr,
      reservedCidrs: [application.cidrBlock],
      destination: this.loadBalancer,
      logKmsKey: this.logsKey,
      associatedAzCount: vpn.associatedAzCount,
      sessionTimeoutHours: vpn.sessionTimeoutHours,
      loginBanner: vpn.loginBanner,
      logRetentionDays: vpn.logRetentionDays,
      ca: vpn.ca,
      serverCertificate: vpn.serverCertificate,
    });

    const outputs: [string, string, string, boolean?][] = [
      ['vault-address', this.vaultAddress, 'Vault API address inside the VPCs and over the VPN'],
      ['vault-nlb-dns-name', this.loadBalancer.dnsName, 'Regional DNS name of the internal Vault load balancer'],
      ['vault-target-group-arn', this.loadBalancer.targetGroupArn, 'Target group (ip, 8200) Vault pods register into via TargetGroupBinding'],
      ['vault-nlb-security-group-id', this.loadBalancer.securityGroupId, 'Security group of the Vault load balancer; Vault pods must admit it on 8200'],
      ['private-zone-id', this.zone.zoneId, `Route 53 private hosted zone ${access.privateZoneName}`],
      ['vpn-endpoint-id', this.vpn.endpointId, 'Client VPN endpoint ID'],
      ['vpn-endpoint-dns-name', this.vpn.dnsName, 'Client VPN endpoint DNS name (clients connect to a random label of it)'],
      ['vpn-ca-certificate-pem', this.vpn.caCertificatePem, 'Root CA certificate (public) of the VPN'],
      ['vpn-ca-private-key-pem', this.vpn.caPrivateKeyPem, 'Root CA private key of the VPN: signs client certificates', true],
      ['vpn-server-private-key-pem', this.vpn.serverPrivateKeyPem, 'Private key of the VPN server certificate', true],
    ];
    for (const [id, value, description, sensitive] of outputs) {
      new TerraformOutput(this, id, { value, description, ...(sensitive ? { sensitive: true } : {}) });
    }
  }
}
