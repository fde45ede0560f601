import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { ClientVpn } from '../constructs/access/client-vpn';
import { AwsContext } from '../constructs/aws-context';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { alarmsOwnedBy, signalCatalog } from './signal-catalog';
import { type VaultAccessStack } from './vault-access-stack';

export interface VpnStackProps extends PlatformStackProps {
  /** The environment's network stack: the endpoint lives in its tooling VPC, the application VPC's range is reserved. */
  readonly network: NetworkStack;
  /** The environment's Vault access stack: its load balancer is the only destination VPN clients may reach. */
  readonly vaultAccess: VaultAccessStack;
}

/**
 * `vpn-<env>`: AWS Client VPN for people (mutual TLS, split tunnel) with the environment's own root CA.
 *
 * The TLS provider keeps the CA and server private keys in this stack's Terraform state, so this workspace is a
 * dead end of the state graph: it reads the network and vault-access workspaces and NO stack reads it (no cross-stack
 * reference to anything here; `__tests__/stacks/state-sharing.test.ts` fails otherwise). Only the team that issues VPN
 * profiles may read its state (docs/vault-access.md, "Who can read the VPN state").
 *
 * The construct IDs (`client-vpn`, `logs-key`) are the ones the VPN had in `vault-access-<env>` before it moved here,
 * so every resource keeps its Terraform address and an existing deployment can move its state across instead of
 * recreating the endpoint (docs/vault-access.md, "Moving the VPN out of vault-access").
 *
 * The connection log group has its own KMS key rather than the network stack's observability key: connection logs
 * are access-audit data of this stack, the key policy stays scoped to it, and destroying or rotating this stack never
 * touches another stack's key.
 */
export class VpnStack extends PlatformStack {
  readonly logsKey: KmsKey;
  readonly vpn: ClientVpn;

  constructor(scope: Construct, props: VpnStackProps) {
    super(scope, 'vpn', props);
    const env = props.environment;
    const vpn = env.vaultAccess.vpn;
    const { tooling, application } = props.network;
    new TlsProvider(this, 'tls');

    this.logsKey = new KmsKey(this, 'logs-key', {
      alias: `${this.namePrefix}-vpn`,
      description: `${this.namePrefix}: Client VPN connection logs`,
      serviceGrants: [cloudWatchLogsGrant(AwsContext.of(this))],
    });

    this.vpn = new ClientVpn(this, 'client-vpn', {
      name: `${this.namePrefix}-vpn`,
      network: tooling,
      clientCidrBlock: env.network.vpnClientCidr,
      reservedCidrs: [application.cidrBlock],
      destination: props.vaultAccess.loadBalancer,
      logKmsKey: this.logsKey,
      associatedAzCount: vpn.associatedAzCount,
      sessionTimeoutHours: vpn.sessionTimeoutHours,
      loginBanner: vpn.loginBanner,
      logRetentionDays: vpn.logRetentionDays,
      ca: vpn.ca,
      serverCertificate: vpn.serverCertificate,
      // The VPN alarms live here: their Endpoint dimension is an ID only this stack knows, and no stack reads this one.
      alarms: { topicArn: props.network.alarmTopic.arn, specs: alarmsOwnedBy(signalCatalog(env), 'vpn') },
    });

    // The contract with `npm run vpn:client` / `vpn:crl` (scripts/vpn-client/outputs.ts). The server key is not an
    // output: nothing outside Terraform needs it.
    const outputs: [string, string, string, boolean?][] = [
      ['vpn-endpoint-id', this.vpn.endpointId, 'Client VPN endpoint ID'],
      ['vpn-endpoint-dns-name', this.vpn.dnsName, 'Client VPN endpoint DNS name (clients connect to a random label of it)'],
      ['vpn-ca-certificate-pem', this.vpn.caCertificatePem, 'Root CA certificate (public) of the VPN'],
      ['vpn-ca-private-key-pem', this.vpn.caPrivateKeyPem, 'Root CA private key of the VPN: signs client certificates and CRLs', true],
    ];
    for (const [id, value, description, sensitive] of outputs) {
      new TerraformOutput(this, id, { value, description, ...(sensitive ? { sensitive: true } : {}) });
    }
  }
}
