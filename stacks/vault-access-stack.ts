import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { PrivateDnsZone } from '../constructs/access/private-dns-zone';
import { VaultLoadBalancer } from '../constructs/access/vault-load-balancer';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { alarmsOwnedBy, signalCatalog } from './signal-catalog';

export interface VaultAccessStackProps extends PlatformStackProps {
  /** The environment's network stack: Vault's load balancer lives in its tooling VPC. */
  readonly network: NetworkStack;
}

/** Vault's API port, also the load balancer's listener port. */
export const VAULT_PORT = 8200;

/**
 * `vault-access-<env>`: how Vault is reached, never from the internet.
 *
 * - Applications resolve `vault.<privateZoneName>` in a private hosted zone associated with both VPCs, pointing at an
 *   internal network load balancer in the tooling VPC (TLS passed through to Vault on 8200).
 * - People connect through the Client VPN of `vpn-<env>` (stacks/vpn-stack.ts), whose clients this load balancer
 *   admits from `network.vpnClientCidr`.
 *
 * Other stacks read this one (the clusters and the VPN read the load balancer's security group through remote state),
 * so its state must never hold a private key or another secret: the Client VPN and its CA, which used to live here,
 * have their own stack that nothing reads (docs/vault-access.md, `__tests__/stacks/state-sharing.test.ts`).
 */
export class VaultAccessStack extends PlatformStack {
  readonly zone: PrivateDnsZone;
  readonly loadBalancer: VaultLoadBalancer;
  /** `vault.<zone>` */
  readonly vaultHostname: string;
  /** `https://vault.<zone>:8200` */
  readonly vaultAddress: string;

  constructor(scope: Construct, props: VaultAccessStackProps) {
    super(scope, 'vault-access', props);
    const env = props.environment;
    const access = env.vaultAccess;
    const { tooling, application } = props.network;

    this.loadBalancer = new VaultLoadBalancer(this, 'vault-load-balancer', {
      name: `${this.namePrefix}-vault`,
      network: tooling,
      allowedCidrs: [application.cidrBlock, tooling.cidrBlock, env.network.vpnClientCidr],
      port: VAULT_PORT,
      deletionProtection: env.tier !== 'dev',
      alarms: { topicArn: props.network.alarmTopic.arn, specs: alarmsOwnedBy(signalCatalog(env), 'vault-access') },
    });

    this.zone = new PrivateDnsZone(this, 'private-zone', {
      zoneName: access.privateZoneName,
      networks: [tooling, application],
    });
    this.vaultHostname = this.zone.addAlias(access.vaultRecordName, this.loadBalancer);
    this.vaultAddress = `https://${this.vaultHostname}:${VAULT_PORT}`;

    const outputs: [string, string, string][] = [
      ['vault-address', this.vaultAddress, 'Vault API address inside the VPCs and over the VPN'],
      ['vault-nlb-dns-name', this.loadBalancer.dnsName, 'Regional DNS name of the internal Vault load balancer'],
      ['vault-target-group-arn', this.loadBalancer.targetGroupArn, 'Target group (ip, 8200) Vault pods register into via TargetGroupBinding'],
      ['vault-nlb-security-group-id', this.loadBalancer.securityGroupId, 'Security group of the Vault load balancer; Vault pods must admit it on 8200'],
      ['private-zone-id', this.zone.zoneId, `Route 53 private hosted zone ${access.privateZoneName}`],
    ];
    for (const [id, value, description] of outputs) new TerraformOutput(this, id, { value, description });
  }
}
