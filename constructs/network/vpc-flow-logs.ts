import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type AlarmSpec, metricAlarmConfig } from '../observability/alarm-spec';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../observability/log-retention';
import { type KmsKey } from '../security/kms-key';
import { policyDocument, serviceTrustPolicy } from '../security/policy-document';

export interface VpcFlowLogsProps {
  /** Name used for the log group, role, metric and alarm, e.g. `vaultplat-dev-tooling`. */
  readonly name: string;
  readonly vpcId: string;
  /** Customer-managed key for the log group; must grant CloudWatch Logs (see `cloudWatchLogsGrant`). */
  readonly kmsKey: KmsKey;
  /** Log retention in days (a CloudWatch Logs retention value). @default 365 */
  readonly retentionDays?: number;
  /**
   * The `rejected-traffic` alarm of the signal catalog (stacks/signal-catalog.ts) and the topic it notifies; its metric
   * must be this construct's filter metric ({@link rejectedRecordsMetric}).
   * @default - no alarm (the metric filter still counts REJECT records)
   */
  readonly rejectAlarm?: { readonly topicArn: string; readonly spec: AlarmSpec };
  /** CloudWatch namespace of the rejected-records metric. @default FLOW_LOG_METRIC_NAMESPACE */
  readonly metricNamespace?: string;
}

/** CloudWatch namespace of the REJECT-record metric filters. */
export const FLOW_LOG_METRIC_NAMESPACE = 'VaultPlatform/FlowLogs';

/** The metric the REJECT filter of the VPC `name` publishes (one per VPC, no dimensions). */
export function rejectedRecordsMetric(name: string, namespace: string = FLOW_LOG_METRIC_NAMESPACE): { namespace: string; metricName: string } {
  return { namespace, metricName: `RejectedRecords-${name}` };
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
  readonly rejectAlarm?: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    const metric = rejectedRecordsMetric(props.name, props.metricNamespace);
    const problems: string[] = [];
    if (!isLogRetentionDays(retentionDays)) problems.push(`retentionDays: ${LOG_RETENTION_EXPECTATION}, got ${retentionDays}`);
    const query = props.rejectAlarm?.spec.query;
    if (query && (query.kind !== 'metric' || query.namespace !== metric.namespace || query.metricName !== metric.metricName)) {
      problems.push(`rejectAlarm: expected an alarm on ${metric.namespace} ${metric.metricName} (this VPC's REJECT filter), got ${query.kind === 'metric' ? `${query.namespace} ${query.metricName}` : `a ${query.kind} query`}`);
    }
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

    new CloudwatchLogMetricFilter(this, 'reject-filter', {
      name: `${props.name}-rejected`,
      logGroupName: this.logGroup.name,
      pattern: REJECT_FILTER_PATTERN,
      metricTransformation: { name: metric.metricName, namespace: metric.namespace, value: '1', defaultValue: '0', unit: 'Count' },
    });
    if (props.rejectAlarm) {
      this.rejectAlarm = new CloudwatchMetricAlarm(this, 'reject-alarm', metricAlarmConfig(props.rejectAlarm.spec, { topicArn: props.rejectAlarm.topicArn }));
    }
  }
}
