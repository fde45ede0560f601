import { VpcEndpoints, type VpcEndpointsProps } from '../../../constructs/network/vpc-endpoints';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';

function build(props: Partial<VpcEndpointsProps> = {}): TerraformJson {
  const stack = testStack();
  new VpcEndpoints(stack, 'endpoints', {
    name: 'net',
    vpcId: 'vpc-1',
    vpcCidr: '10.10.0.0/16',
    subnetIds: ['subnet-a', 'subnet-b'],
    routeTableIds: ['rtb-a', 'rtb-b', 'rtb-isolated'],
    ...props,
  });
  return synthStack(stack);
}

describe('VpcEndpoints', () => {
  it('creates nothing with minimal props', () => {
    const json = build();
    expect(resourcesOf(json, 'aws_vpc_endpoint')).toEqual({});
    expect(resourcesOf(json, 'aws_security_group')).toEqual({});
  });

  it('creates interface endpoints with private DNS behind an HTTPS-from-VPC group without egress, and gateway endpoints on the route tables', () => {
    const json = build({ interfaceServices: ['ecr.api'], gatewayServices: ['s3', 'dynamodb'] });
    expect(resourceAt(json, 'aws_vpc_endpoint', 'endpoints/interface-ecrapi' /* cdktf drops the dot from the id */)).toMatchObject({
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: ['subnet-a', 'subnet-b'],
      service_name: expect.stringMatching(/^com\.amazonaws\.\$\{data\.aws_region\..+\.region\}\.ecr\.api$/),
    });
    for (const service of ['s3', 'dynamodb']) {
      expect(resourceAt(json, 'aws_vpc_endpoint', `endpoints/gateway-${service}`)).toMatchObject({
        vpc_endpoint_type: 'Gateway',
        route_table_ids: ['rtb-a', 'rtb-b', 'rtb-isolated'],
      });
    }
    const group = resourceAt(json, 'aws_security_group', 'endpoints/security-group');
    expect(group).toMatchObject({ name: 'net-vpc-endpoints', vpc_id: 'vpc-1' });
    expect(group).not.toHaveProperty('egress');
    expect(Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([
      expect.objectContaining({ cidr_ipv4: '10.10.0.0/16', from_port: 443, to_port: 443, ip_protocol: 'tcp' }),
    ]);
  });
});
