import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { Ec2ClientVpnEndpoint } from '@cdktf/provider-aws/lib/ec2-client-vpn-endpoint';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { type TerraformStack } from 'cdktf';
import { checkRule, details, testOptions } from '../kit';

const RUNBOOK = 'Runbook: docs/runbooks/alarms.md#node-cpu';

/** A compliant alarm on `metricName` of `namespace`, with `dimensions`, notifying `topic`. */
function alarm(stack: TerraformStack, id: string, topic: SnsTopic, config: Partial<CloudwatchMetricAlarmConfig> = {}): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(stack, id, {
    alarmName: id,
    alarmDescription: `[warning] CPU above 80 %. ${RUNBOOK}`,
    namespace: 'ContainerInsights',
    metricName: 'node_cpu_utilization',
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 3,
    threshold: 80,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    alarmActions: [topic.arn],
    okActions: [topic.arn],
    ...config,
  });
}

const withTopic = (build: (stack: TerraformStack, topic: SnsTopic) => void) => (stack: TerraformStack) => build(stack, new SnsTopic(stack, 'topic', { name: 'vaultplat-prod-alarms' }));
const options = testOptions('prod', { alarmTopicName: 'vaultplat-prod-alarms' });

describe('VP-OBS-1 alarm-notifies-topic', () => {
  it('passes an alarm that notifies the environment topic on ALARM and OK, in this stack or through the network stack output', () => {
    const check = checkRule(
      'VP-OBS-1',
      withTopic((s, topic) => {
        alarm(s, 'local', topic);
        const remote = '${data.terraform_remote_state.cross-stack-reference-input-network-prod.outputs.cross-stack-output-aws_sns_topicalarm-topic_D89A1C02arn}';
        alarm(s, 'remote', topic, { alarmActions: [remote], okActions: [remote] });
      }),
      options,
    );
    expect(check.results).toEqual({ local: { status: 'compliant' }, remote: { status: 'compliant' } });
  });

  it('fails an alarm without OK action, one to a literal ARN, one to another topic of the stack and one with actions disabled', () => {
    const check = checkRule(
      'VP-OBS-1',
      withTopic((s, topic) => {
        const other = new SnsTopic(s, 'other', { name: 'team-x' });
        alarm(s, 'no-ok', topic, { okActions: [] });
        alarm(s, 'literal', topic, { alarmActions: ['arn:aws:sns:eu-west-1:999999999999:elsewhere'] });
        alarm(s, 'other-topic', topic, { alarmActions: [other.arn], okActions: [other.arn] });
        alarm(s, 'disabled', topic, { actionsEnabled: false });
      }),
      options,
    );
    expect(details(check)).toEqual({
      'no-ok': 'ok_actions has 0 actions, expected the alarm topic only',
      literal: 'alarm_actions is "arn:aws:sns:eu-west-1:999999999999:elsewhere", not a reference to the alarm topic',
      'other-topic': 'alarm_actions notifies topic team-x, not vaultplat-prod-alarms; ok_actions notifies topic team-x, not vaultplat-prod-alarms',
      disabled: 'actions_enabled is false',
    });
  });
});

describe('VP-OBS-2 alarm-runbook-linked', () => {
  it('passes a description with a runbook section, also behind a URL prefix', () => {
    const check = checkRule(
      'VP-OBS-2',
      withTopic((s, topic) => {
        alarm(s, 'relative', topic);
        alarm(s, 'absolute', topic, { alarmDescription: 'CPU. Runbook: https://github.com/acme/vault-platform/blob/main/docs/runbooks/alarms.md#node-cpu' });
      }),
    );
    expect(check.results).toEqual({ relative: { status: 'compliant' }, absolute: { status: 'compliant' } });
  });

  it('fails an alarm without description and one whose description links no runbook section', () => {
    const check = checkRule(
      'VP-OBS-2',
      withTopic((s, topic) => {
        alarm(s, 'none', topic, { alarmDescription: undefined });
        alarm(s, 'no-link', topic, { alarmDescription: 'CPU is high, see docs/vault-server.md' });
      }),
    );
    expect(details(check)).toEqual({ none: 'alarm_description is not set', 'no-link': 'alarm_description links no runbook section (docs/runbooks/<file>.md#<section>)' });
  });
});

describe('VP-OBS-3 alarm-missing-data-explicit', () => {
  it('passes each explicit treatment', () => {
    const check = checkRule(
      'VP-OBS-3',
      withTopic((s, topic) => {
        for (const treatment of ['breaching', 'notBreaching', 'ignore', 'missing']) alarm(s, treatment, topic, { treatMissingData: treatment });
      }),
    );
    expect(Object.values(check.results).every((r) => r.status === 'compliant')).toBe(true);
    expect(Object.keys(check.results)).toHaveLength(4);
  });

  it('fails an alarm that leaves it to the default and one with an unknown value', () => {
    const check = checkRule(
      'VP-OBS-3',
      withTopic((s, topic) => {
        alarm(s, 'default', topic, { treatMissingData: undefined });
        alarm(s, 'typo', topic, { treatMissingData: 'notbreaching' });
      }),
    );
    expect(details(check)).toEqual({
      default: 'treat_missing_data is not set (CloudWatch would default to missing without anyone deciding)',
      typo: 'treat_missing_data is "notbreaching", expected one of breaching, notBreaching, ignore, missing',
    });
  });
});

describe('VP-OBS-4 critical-resources-alarmed', () => {
  const db = (s: TerraformStack, id: string) =>
    new DbInstance(s, id, { identifier: id, engine: 'postgres', instanceClass: 'db.r7g.large', allocatedStorage: 20, storageEncrypted: true, publiclyAccessible: false });

  it('passes resources with every alarm of their type, by reference or by literal RDS identifier, single metric or metric query', () => {
    const check = checkRule(
      'VP-OBS-4',
      withTopic((s, topic) => {
        db(s, 'postgres');
        for (const metric of ['CPUUtilization', 'FreeStorageSpace', 'FreeableMemory', 'DatabaseConnections']) {
          alarm(s, `db-${metric}`, topic, { namespace: 'AWS/RDS', metricName: metric, dimensions: { DBInstanceIdentifier: 'postgres' } });
        }
        const group = new LbTargetGroup(s, 'targets', { name: 'vault', port: 8200, protocol: 'TCP', targetType: 'ip', vpcId: 'vpc-1' });
        alarm(s, 'healthy', topic, {
          namespace: undefined,
          metricName: undefined,
          statistic: undefined,
          period: undefined,
          metricQuery: [
            { id: 'm1', metric: { namespace: 'AWS/NetworkELB', metricName: 'HealthyHostCount', stat: 'Minimum', period: 60, dimensions: { TargetGroup: group.arnSuffix, LoadBalancer: 'net/x/1' } } },
            { id: 'e1', expression: 'm1', returnData: true },
          ],
        });
        const nat = new NatGateway(s, 'nat', { subnetId: 'subnet-1', allocationId: 'eipalloc-1' });
        for (const metric of ['ErrorPortAllocation', 'PacketsDropCount']) alarm(s, `nat-${metric}`, topic, { namespace: 'AWS/NATGateway', metricName: metric, dimensions: { NatGatewayId: nat.id } });
        const vpn = new Ec2ClientVpnEndpoint(s, 'vpn', { serverCertificateArn: 'arn:x', clientCidrBlock: '10.200.0.0/22', authenticationOptions: [{ type: 'certificate-authentication', rootCertificateChainArn: 'arn:y' }], connectionLogOptions: { enabled: false } });
        for (const metric of ['AuthenticationFailures', 'CrlDaysToExpiry']) alarm(s, `vpn-${metric}`, topic, { namespace: 'AWS/ClientVPN', metricName: metric, dimensions: { Endpoint: vpn.id } });
      }),
    );
    expect(Object.fromEntries(Object.entries(check.results).filter(([path]) => ['postgres', 'targets', 'nat', 'vpn'].includes(path)))).toEqual({
      postgres: { status: 'compliant' },
      targets: { status: 'compliant' },
      nat: { status: 'compliant' },
      vpn: { status: 'compliant' },
    });
  });

  it('fails resources with no alarm, with alarms on another resource, or missing one metric of their type', () => {
    const check = checkRule(
      'VP-OBS-4',
      withTopic((s, topic) => {
        db(s, 'bare-db');
        const first = new NatGateway(s, 'nat-a', { subnetId: 'subnet-1', allocationId: 'eipalloc-1' });
        new NatGateway(s, 'nat-b', { subnetId: 'subnet-2', allocationId: 'eipalloc-2' });
        // Both alarms watch nat-a; nat-b has none, nat-a lacks PacketsDropCount.
        alarm(s, 'ports-a', topic, { namespace: 'AWS/NATGateway', metricName: 'ErrorPortAllocation', dimensions: { NatGatewayId: first.id } });
        alarm(s, 'ports-b-by-mistake', topic, { namespace: 'AWS/NATGateway', metricName: 'ErrorPortAllocation', dimensions: { NatGatewayId: first.id } });
      }),
    );
    expect(details(check)).toEqual({
      'bare-db':
        'no alarm on AWS/RDS CPUUtilization (signal postgres-cpu), AWS/RDS FreeStorageSpace (signal postgres-free-storage), AWS/RDS FreeableMemory (signal postgres-free-memory), AWS/RDS DatabaseConnections (signal postgres-connections) with DBInstanceIdentifier of this resource',
      'nat-a': 'no alarm on AWS/NATGateway PacketsDropCount (signal nat-packets-dropped) with NatGatewayId of this resource',
      'nat-b': 'no alarm on AWS/NATGateway ErrorPortAllocation (signal nat-port-allocation-errors), AWS/NATGateway PacketsDropCount (signal nat-packets-dropped) with NatGatewayId of this resource',
    });
    expect(check.findings.map((f) => f.ruleId)).toEqual(['VP-OBS-4', 'VP-OBS-4', 'VP-OBS-4']);
  });
});
