import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';

export interface VpcEndpointsProps {
  readonly name: string;
  readonly vpcId: string;
  /** CIDR allowed to reach the interface endpoints on 443 (the VPC's own range). */
  readonly vpcCidr: string;
  /** Subnets that get an interface endpoint network interface (one per AZ). */
  readonly subnetIds: readonly string[];
  /** Route tables the gateway endpoints are added to. */
  readonly routeTableIds: readonly string[];
  /** Interface endpoint services (`ecr.api`, `sts`, ...). @default - none */
  readonly interfaceServices?: readonly string[];
  /** Gateway endpoint services (`s3`, `dynamodb`). @default - none */
  readonly gatewayServices?: readonly string[];
}

/**
 * Private access to AWS APIs without the NAT gateway: interface endpoints (private DNS on) behind a security group
 * that admits HTTPS from the VPC only and has no egress, and gateway endpoints on the given route tables.
 */
export class VpcEndpoints extends Construct {
  readonly securityGroup?: SecurityGroup;
  readonly endpoints: Readonly<Record<string, VpcEndpoint>>;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    const endpoints: Record<string, VpcEndpoint> = {};
    const interfaceServices = props.interfaceServices ?? [];
    if (interfaceServices.length > 0) {
      const securityGroup = new SecurityGroup(this, 'security-group', {
        name: `${props.name}-vpc-endpoints`,
        description: `HTTPS from ${props.name} to interface VPC endpoints; no egress`,
        vpcId: props.vpcId,
        tags: { Name: `${props.name}-vpc-endpoints` },
      });
      new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
        securityGroupId: securityGroup.id,
        description: 'HTTPS from inside the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.vpcCidr,
      });
      this.securityGroup = securityGroup;
      for (const service of interfaceServices) {
        endpoints[service] = new VpcEndpoint(this, `interface-${service}`, {
          vpcId: props.vpcId,
          serviceName: `com.amazonaws.${context.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: [...props.subnetIds],
          securityGroupIds: [securityGroup.id],
          tags: { Name: `${props.name}-${service}` },
        });
      }
    }
    for (const service of props.gatewayServices ?? []) {
      endpoints[service] = new VpcEndpoint(this, `gateway-${service}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${context.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [...props.routeTableIds],
        tags: { Name: `${props.name}-${service}` },
      });
    }
    this.endpoints = endpoints;
  }
}
