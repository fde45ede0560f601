import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { type KmsKey } from '../security/kms-key';
import { explainInvalidCidr, parseCidr } from './cidr';
import {
  DEFAULT_SUBNET_PREFIX_LENGTHS,
  SUBNET_TIERS,
  type SubnetPrefixLengths,
  type SubnetTier,
  azSlot,
  layoutProblems,
  planSubnets,
} from './subnet-layout';
import { VpcEndpoints } from './vpc-endpoints';
import { VpcFlowLogs } from './vpc-flow-logs';
import { type AlarmSpec, metricAlarmConfig } from '../observability/alarm-spec';

export type NatGatewayMode = 'single' | 'one-per-az';

export interface NetworkFlowLogsProps {
  /** Customer-managed key of the flow-log group. */
  readonly kmsKey: KmsKey;
  /** @default 365 */
  readonly retentionDays?: number;
}

/**
 * Alarms of the catalog (stacks/signal-catalog.ts) on this VPC's resources, and the topic they notify.
 */
export interface NetworkAlarmsProps {
  readonly topicArn: string;
  /** The `rejected-traffic` alarm on the flow logs' REJECT metric. @default - none */
  readonly rejectedTraffic?: AlarmSpec;
  /**
   * Alarms per NAT gateway, by the gateway's AZ; each gets `NatGatewayId` of that gateway. An AZ without a gateway
   * is an error. @default - none
   */
  readonly natGateways?: Readonly<Record<string, readonly AlarmSpec[]>>;
}

export interface NetworkProps {
  /** Name prefix of every resource, e.g. `vaultplat-dev-tooling`. */
  readonly name: string;
  /** Literal private IPv4 CIDR of the VPC. */
  readonly cidrBlock: string;
  /** AZ names (letters a-f); subnets are keyed by AZ name. */
  readonly availabilityZones: readonly string[];
  /** Subnet sizes per tier. @default private /20, public /24, isolated /24 */
  readonly subnetPrefixLengths?: Partial<SubnetPrefixLengths>;
  /** @default 'one-per-az' */
  readonly natGateways?: NatGatewayMode;
  /** Flow logs of ALL traffic are always on; these settings tune them. */
  readonly flowLogs: NetworkFlowLogsProps;
  /** Alarms on the flow logs and NAT gateways. @default - none (the stacks pass the catalog's alarms) */
  readonly alarms?: NetworkAlarmsProps;
  /** Interface endpoint services. @default - none */
  readonly interfaceEndpoints?: readonly string[];
  /** Gateway endpoint services. @default - none */
  readonly gatewayEndpoints?: readonly string[];
}

/**
 * A VPC with three subnet tiers per AZ:
 * - `public`: NAT gateways and internet-facing load balancers only; route to the internet gateway.
 * - `private`: workloads (EKS nodes, internal NLB); default route through a NAT gateway.
 * - `isolated`: databases and intra-VPC traffic; no route to or from the internet at all.
 *
 * Secure defaults: no public IPs on launch in any tier, the default security group stripped of every rule, flow
 * logs of ALL traffic with a rejected-traffic alarm. Subnet CIDRs and Terraform addresses are keyed by AZ name
 * (see `planSubnets`), so adding an AZ never recreates an existing subnet.
 */
export class Network extends Construct {
  readonly name: string;
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly availabilityZones: readonly string[];
  /** Subnets by tier, then by AZ name. */
  readonly subnets: Readonly<Record<SubnetTier, Readonly<Record<string, Subnet>>>>;
  /** CIDRs by AZ name, then tier (literal values, usable in security group rules of other constructs). */
  readonly subnetCidrs: Readonly<Record<string, Readonly<Record<SubnetTier, string>>>>;
  readonly publicRouteTable: RouteTable;
  /** One route table per AZ, each with its own NAT route (or the single NAT gateway's). */
  readonly privateRouteTables: Readonly<Record<string, RouteTable>>;
  readonly isolatedRouteTable: RouteTable;
  readonly natGateways: Readonly<Record<string, NatGateway>>;
  readonly flowLogs: VpcFlowLogs;
  /** Alarms on the NAT gateways, by AZ. */
  readonly natGatewayAlarms: Readonly<Record<string, readonly CloudwatchMetricAlarm[]>>;
  readonly endpoints: VpcEndpoints;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const prefixLengths: SubnetPrefixLengths = { ...DEFAULT_SUBNET_PREFIX_LENGTHS, ...props.subnetPrefixLengths };
    this.validate(props, prefixLengths);
    const natMode = props.natGateways ?? 'one-per-az';
    const azs = [...props.availabilityZones].sort();
    this.name = props.name;
    this.availabilityZones = azs;
    this.subnetCidrs = planSubnets(props.cidrBlock, azs, prefixLengths);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidrBlock,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;
    this.cidrBlock = props.cidrBlock;

    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${props.name}-default-unused` },
    });

    const subnets = { public: {}, private: {}, isolated: {} } as Record<SubnetTier, Record<string, Subnet>>;
    for (const az of azs) {
      for (const tier of SUBNET_TIERS) {
        subnets[tier][az] = new Subnet(this, `subnet-${tier}-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: this.subnetCidrs[az][tier],
          mapPublicIpOnLaunch: false,
          tags: { Name: `${props.name}-${tier}-${az}`, SubnetTier: tier, ...LOAD_BALANCER_TAGS[tier] },
        });
      }
    }
    this.subnets = subnets;

    const igw = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: props.name } });
    this.publicRouteTable = new RouteTable(this, 'route-table-public', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'route-public-internet', {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const natAzs = natMode === 'single' ? azs.slice(0, 1) : azs;
    const natGateways: Record<string, NatGateway> = {};
    for (const az of natAzs) {
      const eip = new Eip(this, `nat-eip-${az}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${az}` } });
      natGateways[az] = new NatGateway(this, `nat-${az}`, {
        allocationId: eip.allocationId,
        subnetId: subnets.public[az].id,
        connectivityType: 'public',
        tags: { Name: `${props.name}-nat-${az}` },
        dependsOn: [igw],
      });
    }
    this.natGateways = natGateways;
    const alarmedAzs = Object.keys(props.alarms?.natGateways ?? {}).filter((az) => !natGateways[az]);
    if (alarmedAzs.length > 0) {
      throw new Error(`${this.node.path}: alarms.natGateways: no NAT gateway in ${alarmedAzs.join(', ')}; gateways are in ${Object.keys(natGateways).join(', ')}`);
    }

    const privateRouteTables: Record<string, RouteTable> = {};
    for (const az of azs) {
      const table = new RouteTable(this, `route-table-private-${az}`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${az}` } });
      new Route(this, `route-private-nat-${az}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: (natGateways[az] ?? natGateways[natAzs[0]]).id,
      });
      privateRouteTables[az] = table;
    }
    this.privateRouteTables = privateRouteTables;
    this.isolatedRouteTable = new RouteTable(this, 'route-table-isolated', { vpcId: this.vpc.id, tags: { Name: `${props.name}-isolated` } });

    for (const az of azs) {
      const tables: Record<SubnetTier, RouteTable> = { public: this.publicRouteTable, private: privateRouteTables[az], isolated: this.isolatedRouteTable };
      for (const tier of SUBNET_TIERS) {
        new RouteTableAssociation(this, `route-association-${tier}-${az}`, { subnetId: subnets[tier][az].id, routeTableId: tables[tier].id });
      }
    }

    this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
      name: props.name,
      vpcId: this.vpc.id,
      kmsKey: props.flowLogs.kmsKey,
      retentionDays: props.flowLogs.retentionDays,
      ...(props.alarms?.rejectedTraffic ? { rejectAlarm: { topicArn: props.alarms.topicArn, spec: props.alarms.rejectedTraffic } } : {}),
    });
    this.natGatewayAlarms = this.createNatAlarms(props.alarms);

    this.endpoints = new VpcEndpoints(this, 'endpoints', {
      name: props.name,
      vpcId: this.vpc.id,
      vpcCidr: props.cidrBlock,
      subnetIds: this.subnetIds('private'),
      routeTableIds: Object.values(this.internalRouteTables()).map((table) => table.id),
      interfaceServices: props.interfaceEndpoints,
      gatewayServices: props.gatewayEndpoints,
    });
  }

  /** Subnet IDs of one tier, in AZ order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.availabilityZones.map((az) => this.subnets[tier][az].id);
  }

  /**
   * Route tables of the private and isolated tiers, the ones that carry peering and gateway-endpoint routes, keyed
   * `private-<az>` / `isolated` so that routes derived from them keep their address when an AZ is added.
   */
  internalRouteTables(): Record<string, RouteTable> {
    const tables: Record<string, RouteTable> = { isolated: this.isolatedRouteTable };
    for (const az of this.availabilityZones) tables[`private-${az}`] = this.privateRouteTables[az];
    return tables;
  }

  private validate(props: NetworkProps, prefixLengths: SubnetPrefixLengths): void {
    const problems: string[] = [];
    if (Token.isUnresolved(props.cidrBlock)) {
      problems.push('cidrBlock: expected a literal CIDR (subnets are planned at synth), got a token');
    } else {
      const cidr = parseCidr(props.cidrBlock);
      if (!cidr) problems.push(`cidrBlock: ${explainInvalidCidr(props.cidrBlock)}, got "${props.cidrBlock}"`);
      else problems.push(...layoutProblems(cidr, prefixLengths).map((p) => `subnetPrefixLengths: ${p}`));
    }
    const azs = props.availabilityZones;
    if (azs.length < 1 || azs.length > 6) problems.push(`availabilityZones: expected 1-6 AZs, got ${azs.length}`);
    if (new Set(azs).size !== azs.length) problems.push(`availabilityZones: names must not repeat, got ${JSON.stringify(azs)}`);
    for (const az of azs) {
      if (azSlot(az) === undefined) problems.push(`availabilityZones: expected AZ names ending in a-f, got "${az}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
  }

  private createNatAlarms(alarms: NetworkAlarmsProps | undefined): Record<string, CloudwatchMetricAlarm[]> {
    if (!alarms) return {};
    const topicArn = alarms.topicArn;
    return Object.fromEntries(
      Object.entries(alarms.natGateways ?? {}).map(([az, specs]) => [
        az,
        specs.map((spec) => new CloudwatchMetricAlarm(this, `nat-${az}-alarm-${spec.signal}`, metricAlarmConfig(spec, { topicArn, dimensions: { NatGatewayId: this.natGateways[az].id } }))),
      ]),
    );
  }

}

/** Subnet tags the AWS Load Balancer Controller and EKS use to find subnets for load balancers. */
const LOAD_BALANCER_TAGS: Record<SubnetTier, Record<string, string>> = {
  public: { 'kubernetes.io/role/elb': '1' },
  private: { 'kubernetes.io/role/internal-elb': '1' },
  isolated: {},
};
