import { VpcFlowLogs, type VpcFlowLogsProps } from '../../../constructs/network/vpc-flow-logs';
import { AlarmTopic } from '../../../constructs/observability/alarm-topic';
import { KmsKey } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';
import { testAlarmSpec } from '../observability/alarm-fixtures';

const REJECT_SPEC = testAlarmSpec('rejected-traffic', { kind: 'metric', namespace: 'VaultPlatform/FlowLogs', metricName: 'RejectedRecords-tooling', statistic: 'Sum', dimensions: {} });

function build(props: Partial<VpcFlowLogsProps> = {}, alarm = true): TerraformJson {
  const stack = testStack();
  const kmsKey = new KmsKey(stack, 'key', { alias: 'k', description: 'k' });
  const alarmTopic = new AlarmTopic(stack, 'topic', { name: 't', kmsKey });
  new VpcFlowLogs(stack, 'logs', { name: 'tooling', vpcId: 'vpc-123', kmsKey, ...(alarm ? { rejectAlarm: { topicArn: alarmTopic.arn, spec: REJECT_SPEC } } : {}), ...props });
  return synthStack(stack);
}

describe('VpcFlowLogs', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = build();
  });

  it('delivers through a role only the flow-logs service of this account can assume', () => {
    const trust = JSON.parse(resourceAt(json, 'aws_iam_role', 'logs/delivery-role').assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Sid: 'AssumedByServiceForThisAccountOnly',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': expect.stringContaining('data.aws_caller_identity') },
          ArnLike: { 'aws:SourceArn': expect.stringMatching(/^arn:\$\{.+\}:ec2:\$\{.+\}:\$\{.+\}:vpc-flow-log\/\*$/) },
        },
      },
    ]);
  });

  it('lets the role write only to its own log group', () => {
    const policy = JSON.parse(resourceAt(json, 'aws_iam_role_policy', 'logs/delivery-policy').policy);
    const write = policy.Statement.find((s: TerraformJson) => s.Sid === 'WriteThisLogGroupOnly');
    expect(write.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(write.Resource).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\.logs_log-group_.*\.arn/), expect.stringMatching(/:log-stream:\*$/)]);
    expect(JSON.stringify(policy)).not.toMatch(/"Resource":"\*"|"Action":"\*"/);
  });

  it('waits for the delivery policy before creating the flow log', () => {
    expect(resourceAt(json, 'aws_flow_log', 'logs/flow-log').depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.logs_delivery-policy_/)]);
  });

  it('counts REJECT records per period into a metric, and alarms to the topic with the given spec', () => {
    const filter = resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'logs/reject-filter');
    expect(filter.metric_transformation).toEqual({ name: 'RejectedRecords-tooling', namespace: 'VaultPlatform/FlowLogs', value: '1', default_value: '0', unit: 'Count' });
    const alarm = resourceAt(json, 'aws_cloudwatch_metric_alarm', 'logs/reject-alarm');
    expect(alarm).toMatchObject({ alarm_name: 'test-rejected-traffic', metric_name: 'RejectedRecords-tooling', namespace: 'VaultPlatform/FlowLogs', treat_missing_data: 'notBreaching', evaluation_periods: 2, threshold: 5, period: 300 });
    expect(alarm).not.toHaveProperty('dimensions');
    expect(alarm.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.topic_.*\.arn/)]);
  });

  it('counts REJECT records without an alarm when none is given', () => {
    const withoutAlarm = build({}, false);
    expect(resourceAt(withoutAlarm, 'aws_cloudwatch_log_metric_filter', 'logs/reject-filter')).toBeDefined();
    expect(resourcesOf(withoutAlarm, 'aws_cloudwatch_metric_alarm')).toEqual({});
  });

  it('fails when the retention is invalid or the alarm watches another metric', () => {
    const wrong = testAlarmSpec('rejected-traffic', { kind: 'metric', namespace: 'VaultPlatform/FlowLogs', metricName: 'RejectedRecords-application', statistic: 'Sum', dimensions: {} });
    expect(() => build({ retentionDays: 42, rejectAlarm: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:t', spec: wrong } })).toThrow(
      'test/logs: retentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 42; ' +
        'rejectAlarm: expected an alarm on VaultPlatform/FlowLogs RejectedRecords-tooling (this VPC\'s REJECT filter), got VaultPlatform/FlowLogs RejectedRecords-application',
    );
  });
});
