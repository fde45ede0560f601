import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import { Construct } from 'constructs';
import { cidrsOverlap, mustParseCidr } from './cidr';
import { type Network } from './network';

export interface VpcPeeringProps {
  readonly name: string;
  /** The VPC that requests the peering (same account and region). */
  readonly requester: Network;
  readonly accepter: Network;
}

/**
 * Same-account, same-region VPC peering. Each side's private and isolated route tables get exactly one route: the
 * peer VPC's CIDR through the peering connection. Public route tables get none, so nothing internet-facing can
 * reach the peer.
 */
export class VpcPeering extends Construct {
  readonly connection: VpcPeeringConnection;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    if (cidrsOverlap(mustParseCidr(props.requester.cidrBlock), mustParseCidr(props.accepter.cidrBlock))) {
      throw new Error(`${this.node.path}: requester ${props.requester.cidrBlock} and accepter ${props.accepter.cidrBlock} overlap; peered VPCs need disjoint CIDRs`);
    }
    this.connection = new VpcPeeringConnection(this, 'connection', {
      vpcId: props.requester.vpcId,
      peerVpcId: props.accepter.vpcId,
      autoAccept: true,
      tags: { Name: props.name },
    });
    const sides = [
      ['requester', props.requester, props.accepter],
      ['accepter', props.accepter, props.requester],
    ] as const;
    for (const [side, local, peer] of sides) {
      for (const [key, table] of Object.entries(local.internalRouteTables())) {
        new Route(this, `route-${side}-${key}`, {
          routeTableId: table.id,
          destinationCidrBlock: peer.cidrBlock,
          vpcPeeringConnectionId: this.connection.id,
        });
      }
    }
  }
}
