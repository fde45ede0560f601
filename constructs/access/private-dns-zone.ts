import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { type Network } from '../network/network';
import { DNS_LABEL_RULE, DNS_NAME_RULE, MAX_DNS_NAME_LENGTH, isDnsLabel, isDnsName } from './dns-names';

export interface PrivateDnsZoneProps {
  /** Zone name, lower case, at least two labels, e.g. `dev.vault.internal`. */
  readonly zoneName: string;
  /** The VPCs whose resolvers answer from the zone (same account and region as the zone); at least one. */
  readonly networks: readonly Network[];
  /** @default - `Private names of <zoneName>` */
  readonly comment?: string;
  /** Let `terraform destroy` delete a zone that still holds records it does not manage. @default false */
  readonly forceDestroy?: boolean;
}

/** Target of an alias record: a load balancer (or any resource Route 53 can alias). */
export interface AliasTarget {
  readonly dnsName: string;
  /** Route 53 hosted zone ID of the target (a load balancer's `zone_id`). */
  readonly zoneId: string;
}

/**
 * A Route 53 private hosted zone, answered only inside the given VPCs (never on the internet).
 *
 * Every VPC is associated through an inline `vpc` block of the zone: the provider manages the set exclusively, so
 * adding or removing a network is an in-place update. Standalone `aws_route53_zone_association` resources are meant
 * for cross-account associations; mixing them with inline blocks causes a perpetual diff unless the zone ignores
 * changes to `vpc`, which is why this construct does not mix them.
 */
export class PrivateDnsZone extends Construct {
  readonly zone: Route53Zone;
  readonly zoneId: string;
  readonly zoneName: string;

  constructor(scope: Construct, id: string, props: PrivateDnsZoneProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!isDnsName(props.zoneName)) problems.push(`zoneName: ${DNS_NAME_RULE}, got "${props.zoneName}"`);
    if (props.networks.length === 0) problems.push('networks: expected at least one VPC to associate, got none');
    const names = props.networks.map((n) => n.name);
    if (new Set(props.networks).size !== props.networks.length) problems.push(`networks: each VPC may be associated once, got ${JSON.stringify(names)}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.zoneName = props.zoneName;
    this.zone = new Route53Zone(this, 'zone', {
      name: props.zoneName,
      comment: props.comment ?? `Private names of ${props.zoneName}`,
      forceDestroy: props.forceDestroy ?? false,
      vpc: props.networks.map((network) => ({ vpcId: network.vpcId })),
      tags: { Name: props.zoneName },
    });
    this.zoneId = this.zone.zoneId;
  }

  /**
   * An A alias record `<recordName>.<zoneName>` to `target`, evaluating the target's health. Returns the record's
   * fully qualified name. The construct ID is `alias-<recordName>`.
   */
  addAlias(recordName: string, target: AliasTarget): string {
    const fqdn = `${recordName}.${this.zoneName}`;
    const problems: string[] = [];
    if (!isDnsLabel(recordName)) problems.push(`recordName: ${DNS_LABEL_RULE}, got "${recordName}"`);
    else if (fqdn.length > MAX_DNS_NAME_LENGTH) problems.push(`recordName: "${fqdn}" is longer than ${MAX_DNS_NAME_LENGTH} characters`);
    if (this.node.tryFindChild(`alias-${recordName}`)) problems.push(`recordName: "${recordName}" already has an alias record in this zone`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    new Route53Record(this, `alias-${recordName}`, {
      zoneId: this.zone.zoneId,
      name: fqdn,
      type: 'A',
      alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true },
    });
    return fqdn;
  }
}
