import { Network, type NetworkProps } from '../../../constructs/network/network';
import { AlarmTopic } from '../../../constructs/observability/alarm-topic';
import { KmsKey } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';
import { testAlarmSpec } from '../observability/alarm-fixtures';

const natSpec = (signal: 'nat-port-allocation-errors' | 'nat-packets-dropped', metricName: string) =>
  testAlarmSpec(signal, { kind: 'metric', namespace: 'AWS/NATGateway', metricName, statistic: 'Sum', dimensions: { NatGatewayId: null } }, { name: `test-${signal}` });

function build(
  props: Partial<NetworkProps> = {},
  flowLogs: Partial<NetworkProps['flowLogs']> = {},
  alarms?: (topicArn: string) => NetworkProps['alarms'],
): TerraformJson {
  const stack = testStack();
  const kmsKey = new KmsKey(stack, 'key', { alias: 'test-key', description: 'test' });
  const alarmTopic = new AlarmTopic(stack, 'topic', { name: 'test-alarms', kmsKey });
  new Network(stack, 'net', {
    name: 'test-net',
    cidrBlock: '10.10.0.0/16',
    availabilityZones: ['eu-west-1b', 'eu-west-1a'],
    flowLogs: { kmsKey, ...flowLogs },
    ...(alarms ? { alarms: alarms(alarmTopic.arn) } : {}),
    ...props,
  });
  return synthStack(stack);
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

describe('Network', () => {
  describe('creates a VPC with minimal props', () => {
    let json: TerraformJson;
    beforeAll(() => {
      json = build();
    });

    it('with DNS support and hostnames', () => {
      expect(values(json, 'aws_vpc')).toEqual([
        expect.objectContaining({ cidr_block: '10.10.0.0/16', enable_dns_support: true, enable_dns_hostnames: true, tags: { Name: 'test-net' } }),
      ]);
    });

    it('with three tiers per AZ keyed by AZ name and no public IPs on launch', () => {
      const subnets = values(json, 'aws_subnet');
      expect(subnets).toHaveLength(6);
      expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
      expect(resourceAt(json, 'aws_subnet', 'net/subnet-private-eu-west-1a')).toMatchObject({
        availability_zone: 'eu-west-1a',
        cidr_block: '10.10.0.0/20',
        tags: { Name: 'test-net-private-eu-west-1a', SubnetTier: 'private', 'kubernetes.io/role/internal-elb': '1' },
      });
      expect(resourceAt(json, 'aws_subnet', 'net/subnet-public-eu-west-1b')).toMatchObject({
        cidr_block: '10.10.97.0/24',
        tags: { SubnetTier: 'public', 'kubernetes.io/role/elb': '1' },
      });
      const isolated = resourceAt(json, 'aws_subnet', 'net/subnet-isolated-eu-west-1b');
      expect(isolated.cidr_block).toBe('10.10.103.0/24');
      expect(Object.keys(isolated.tags).filter((k) => k.startsWith('kubernetes.io'))).toEqual([]);
    });

    it('with the default security group stripped of every rule', () => {
      expect(values(json, 'aws_default_security_group')).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
    });

    it('with one NAT gateway per AZ by default', () => {
      expect(values(json, 'aws_nat_gateway')).toHaveLength(2);
      expect(values(json, 'aws_eip')).toHaveLength(2);
      const routeB = resourceAt(json, 'aws_route', 'net/route-private-nat-eu-west-1b');
      expect(routeB.nat_gateway_id).toMatch(/aws_nat_gateway\.net_nat-eu-west-1b_/);
    });

    it('with no internet route from the isolated tier', () => {
      const routes = values(json, 'aws_route');
      const isolatedTable = Object.keys(resourcesOf(json, 'aws_route_table')).find((k) => k.includes('isolated'));
      expect(routes.filter((r) => String(r.route_table_id).includes(`.${isolatedTable}.`))).toEqual([]);
      expect(routes.filter((r) => r.destination_cidr_block === '0.0.0.0/0')).toHaveLength(3);
    });

    it('with flow logs of ALL traffic into a KMS-encrypted log group kept 365 days', () => {
      expect(values(json, 'aws_flow_log')).toEqual([
        expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', max_aggregation_interval: 60 }),
      ]);
      expect(values(json, 'aws_cloudwatch_log_group')).toEqual([
        expect.objectContaining({ name: '/vpc/flow-logs/test-net', retention_in_days: 365, kms_key_id: expect.stringMatching(/aws_kms_key\.key_/) }),
      ]);
    });

    it('with a metric filter counting REJECT records (the alarm comes from the signal catalog)', () => {
      expect(values(json, 'aws_cloudwatch_log_metric_filter')[0].pattern).toContain('action="REJECT"');
    });

    it('with no VPC endpoints unless asked', () => {
      expect(values(json, 'aws_vpc_endpoint')).toEqual([]);
      expect(values(json, 'aws_security_group')).toEqual([]);
    });
  });

  it('creates a single NAT gateway, in the first AZ, when asked', () => {
    const json = build({ natGateways: 'single' });
    expect(values(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resourceAt(json, 'aws_nat_gateway', 'net/nat-eu-west-1a')).toBeDefined();
    for (const az of ['eu-west-1a', 'eu-west-1b']) {
      expect(resourceAt(json, 'aws_route', `net/route-private-nat-${az}`).nat_gateway_id).toMatch(/aws_nat_gateway\.net_nat-eu-west-1a_/);
    }
  });

  it('creates endpoints, flow-log settings and subnet sizes from all props', () => {
    const json = build(
      { subnetPrefixLengths: { private: 19 }, interfaceEndpoints: ['sts', 'kms'], gatewayEndpoints: ['s3'] },
      { retentionDays: 30 },
    );
    expect(values(json, 'aws_cloudwatch_log_group')[0].retention_in_days).toBe(30);
    expect(resourceAt(json, 'aws_subnet', 'net/subnet-private-eu-west-1b').cidr_block).toBe('10.10.32.0/19');
    const endpoints = values(json, 'aws_vpc_endpoint');
    expect(endpoints.map((e) => `${e.vpc_endpoint_type} ${e.service_name.replace(/\$\{[^}]+\}/, 'REGION')}`).sort()).toEqual([
      'Gateway com.amazonaws.REGION.s3',
      'Interface com.amazonaws.REGION.kms',
      'Interface com.amazonaws.REGION.sts',
    ]);
    expect(endpoints.filter((e) => e.vpc_endpoint_type === 'Interface').every((e) => e.private_dns_enabled === true && e.subnet_ids.length === 2)).toBe(true);
    expect(endpoints.find((e) => e.vpc_endpoint_type === 'Gateway')?.route_table_ids).toHaveLength(3);
    expect(values(json, 'aws_vpc_security_group_ingress_rule')).toEqual([
      expect.objectContaining({ cidr_ipv4: '10.10.0.0/16', from_port: 443, to_port: 443, ip_protocol: 'tcp', description: 'HTTPS from inside the VPC' }),
    ]);
    expect(values(json, 'aws_security_group')[0]).not.toHaveProperty('egress');
  });

  it('creates no alarm without alarm specs', () => {
    expect(resourcesOf(build(), 'aws_cloudwatch_metric_alarm')).toEqual({});
  });

  it('alarms on the flow logs and on each NAT gateway it is given specs for, with that gateway as dimension', () => {
    const reject = testAlarmSpec('rejected-traffic', { kind: 'metric', namespace: 'VaultPlatform/FlowLogs', metricName: 'RejectedRecords-test-net', statistic: 'Sum', dimensions: {} });
    const json = build({}, {}, (topicArn) => ({
      topicArn,
      rejectedTraffic: reject,
      natGateways: { 'eu-west-1a': [natSpec('nat-port-allocation-errors', 'ErrorPortAllocation'), natSpec('nat-packets-dropped', 'PacketsDropCount')] },
    }));
    expect(resourceAt(json, 'aws_cloudwatch_metric_alarm', 'net/flow-logs/reject-alarm').alarm_name).toBe('test-rejected-traffic');
    const ports = resourceAt(json, 'aws_cloudwatch_metric_alarm', 'net/nat-eu-west-1a-alarm-nat-port-allocation-errors');
    expect(ports).toMatchObject({ metric_name: 'ErrorPortAllocation', namespace: 'AWS/NATGateway', statistic: 'Sum' });
    expect(ports.dimensions).toEqual({ NatGatewayId: expect.stringMatching(/^\$\{aws_nat_gateway\.net_nat-eu-west-1a_[0-9A-F]{8}\.id\}$/) });
    expect(resourceAt(json, 'aws_cloudwatch_metric_alarm', 'net/nat-eu-west-1a-alarm-nat-packets-dropped').metric_name).toBe('PacketsDropCount');
  });

  it('fails when NAT alarms name an AZ without a gateway', () => {
    expect(() =>
      build({ natGateways: 'single' }, {}, (topicArn) => ({ topicArn, natGateways: { 'eu-west-1b': [natSpec('nat-packets-dropped', 'PacketsDropCount')] } })),
    ).toThrow('test/net: alarms.natGateways: no NAT gateway in eu-west-1b; gateways are in eu-west-1a');
  });

  it('fails when the CIDR, the AZs or the subnet sizes are invalid, naming each problem', () => {
    expect(() => build({ cidrBlock: '10.10.1.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1a', 'eu-west-1z'] })).toThrow(
      'test/net: cidrBlock: host bits are set; the network address is 10.10.0.0/16, got "10.10.1.0/16"; ' +
        'availabilityZones: names must not repeat, got ["eu-west-1a","eu-west-1a","eu-west-1z"]; ' +
        'availabilityZones: expected AZ names ending in a-f, got "eu-west-1z"',
    );
    expect(() => build({ cidrBlock: '10.10.0.0/20' })).toThrow('test/net: subnetPrefixLengths: private subnets /20 must be smaller than the VPC /20 and at most /28');
  });

  it('fails when the CIDR is only known at deploy time', () => {
    const stack = testStack();
    const kmsKey = new KmsKey(stack, 'key', { alias: 'k', description: 'k' });
    expect(
      () => new Network(stack, 'net', { name: 'n', cidrBlock: kmsKey.arn, availabilityZones: ['eu-west-1a'], flowLogs: { kmsKey } }),
    ).toThrow('test/net: cidrBlock: expected a literal CIDR (subnets are planned at synth), got a token');
  });
});
