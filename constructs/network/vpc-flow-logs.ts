import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type AlarmTopic } from '../observability/alarm-topic';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../observability/log-retention';
import { type KmsKey } from '../security/kms-key';
import { policyDocument, serviceTrustPolicy } from '../security/policy-document';

export interface VpcFlowLogsProps {
  /** Name used for the log group, role, metric and alarm, e.g. `vaultplat-dev-tooling`. */
  readonly name: string;
  readonly vpcId: string;
  /** Customer-managed key for the log group; must grant CloudWatch Logs (see `cloudWatchLogsGrant`). */
  readonly kmsKey: KmsKey;
  /** Topic notified when rejected traffic exceeds the threshold. */
  readonly alarmTopic: AlarmTopic;
  /** Log retention in days (a CloudWatch Logs retention value). @default 365 */
  readonly retentionDays?: number;
  /** REJECT records per period above which the alarm fires. @default 100 */
  readonly rejectedRecordsThreshold?: number;
  /** Alarm period in seconds. @default 300 */
  readonly alarmPeriodSeconds?: number;
  /** CloudWatch namespace of the rejected-records metric. @default 'VaultPlatform/FlowLogs' */
  readonly metricNamespace?: string;
}

/** Default-format fields of a version 2 flow-log record, as a space-delimited filter pattern. */
export const REJECT_FILTER_PATTERN =
  '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';

/**
 * Flow logs of ALL traffic of a VPC into a KMS-encrypted CloudWatch log group, delivered by a role that only the
 * flow-logs service of this account can assume, with a metric filter on REJECT records and an alarm on it.
 */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly flowLog: FlowLog;
  readonly deliveryRole: IamRole;
  readonly rejectAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    const threshold = props.rejectedRecordsThreshold ?? 100;
    const periodSeconds = props.alarmPeriodSeconds ?? 300;
    const namespace = props.metricNamespace ?? 'VaultPlatform/FlowLogs';
    const problems: string[] = [];
    if (!Number.isInteger(threshold) || threshold <= 0) problems.push(`rejectedRecordsThreshold: expected a positive whole number, got ${threshold}`);
    if (![60, 300, 900, 3600].includes(periodSeconds)) problems.push(`alarmPeriodSeconds: expected 60, 300, 900 or 3600, got ${periodSeconds}`);
    if (!isLogRetentionDays(retentionDays)) problems.push(`retentionDays: ${LOG_RETENTION_EXPECTATION}, got ${retentionDays}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const context = AwsContext.of(this);
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/vpc/flow-logs/${props.name}`,
      retentionInDays: retentionDays,
      kmsKeyId: props.kmsKey.arn,
      tags: { Name: `${props.name}-flow-logs` },
    });

    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: `${props.name}-flow-logs`,
      description: `Delivers VPC flow logs of ${props.name} to CloudWatch Logs`,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', context.accountId, context.arn('ec2', 'vpc-flow-log/*')),
    });
    const deliveryPolicy = new IamRolePolicy(this, 'delivery-policy', {
      name: 'deliver-to-log-group',
      role: this.deliveryRole.id,
      policy: policyDocument([
        {
          Sid: 'WriteThisLogGroupOnly',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:log-stream:*`],
        },
        {
          Sid: 'DescribeLogGroupsHasNoResourceScope',
          Effect: 'Allow',
          Action: 'logs:DescribeLogGroups',
          Resource: context.arn('logs', 'log-group:*'),
        },
      ]),
    });

    this.flowLog = new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: this.deliveryRole.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${props.name}-flow-log` },
      dependsOn: [deliveryPolicy],
    });

    const metricName = `RejectedRecords-${props.name}`;
    new CloudwatchLogMetricFilter(this, 'reject-filter', {
      name: `${props.name}-rejected`,
      logGroupName: this.logGroup.name,
      pattern: REJECT_FILTER_PATTERN,
      metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0', unit: 'Count' },
    });
    this.rejectAlarm = new CloudwatchMetricAlarm(this, 'reject-alarm', {
      alarmName: `${props.name}-rejected-traffic`,
      alarmDescription: `More than ${threshold} rejected flow-log records in ${periodSeconds} s in VPC ${props.name}: a misconfigured security group or a scan.`,
      namespace,
      metricName,
      statistic: 'Sum',
      period: periodSeconds,
      evaluationPeriods: 1,
      threshold,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopic.arn],
      okActions: [props.alarmTopic.arn],
      tags: { Name: `${props.name}-rejected-traffic` },
    });
  }
}
