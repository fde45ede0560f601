import { Network } from '../../../constructs/network/network';
import { VpcPeering } from '../../../constructs/network/vpc-peering';
import { KmsKey } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourcesOf, synthStack, testStack } from '../../helpers';

function networks(applicationCidr = '10.11.0.0/16') {
  const stack = testStack();
  const kmsKey = new KmsKey(stack, 'key', { alias: 'k', description: 'k' });
  const azs = ['eu-west-1a', 'eu-west-1b'];
  const tooling = new Network(stack, 'tooling', { name: 'tooling', cidrBlock: '10.10.0.0/16', availabilityZones: azs, flowLogs: { kmsKey } });
  const application = new Network(stack, 'application', { name: 'app', cidrBlock: applicationCidr, availabilityZones: azs, flowLogs: { kmsKey } });
  return { stack, tooling, application };
}

describe('VpcPeering', () => {
  let json: TerraformJson;
  beforeAll(() => {
    const { stack, tooling, application } = networks();
    new VpcPeering(stack, 'peering', { name: 'app-to-tooling', requester: application, accepter: tooling });
    json = synthStack(stack);
  });

  it('peers the two VPCs with auto-accept', () => {
    expect(Object.values(resourcesOf(json, 'aws_vpc_peering_connection'))).toEqual([
      expect.objectContaining({ auto_accept: true, vpc_id: expect.stringContaining('aws_vpc.application_vpc'), peer_vpc_id: expect.stringContaining('aws_vpc.tooling_vpc') }),
    ]);
  });

  it('routes only the peer CIDR, only from private and isolated route tables, keyed by AZ name', () => {
    const peeringRoutes = Object.entries(resourcesOf(json, 'aws_route')).filter(([, r]) => r.vpc_peering_connection_id);
    expect(peeringRoutes.map(([name, r]) => `${name.replace(/_[0-9A-F]{8}$/, '')} -> ${r.destination_cidr_block}`).sort()).toEqual([
      'peering_route-accepter-isolated -> 10.11.0.0/16',
      'peering_route-accepter-private-eu-west-1a -> 10.11.0.0/16',
      'peering_route-accepter-private-eu-west-1b -> 10.11.0.0/16',
      'peering_route-requester-isolated -> 10.10.0.0/16',
      'peering_route-requester-private-eu-west-1a -> 10.10.0.0/16',
      'peering_route-requester-private-eu-west-1b -> 10.10.0.0/16',
    ]);
    expect(peeringRoutes.some(([, r]) => String(r.route_table_id).includes('route-table-public'))).toBe(false);
  });

  it('fails when the VPCs overlap', () => {
    const { stack, tooling, application } = networks('10.10.0.0/16');
    expect(() => new VpcPeering(stack, 'peering', { name: 'x', requester: application, accepter: tooling })).toThrow(
      'test/peering: requester 10.10.0.0/16 and accepter 10.10.0.0/16 overlap; peered VPCs need disjoint CIDRs',
    );
  });
});
