import { type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Token } from 'cdktf';
import {
  type ComparisonOperator,
  type SignalArea,
  type SignalId,
  type SignalOwner,
  type SignalSeverity,
  type TreatMissingData,
} from './signals';

/** One CloudWatch metric with a statistic. A dimension value of `null` is a generated ID the owning stack supplies. */
export interface MetricStat {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount';
  readonly dimensions: Readonly<Record<string, string | null>>;
}

/** What an alarm watches: one metric, a metric math expression over named metrics, or a Metrics Insights query. */
export type AlarmQuery =
  | ({ readonly kind: 'metric' } & MetricStat)
  | { readonly kind: 'math'; readonly expression: string; readonly label: string; readonly metrics: Readonly<Record<string, MetricStat>> }
  | { readonly kind: 'insights'; readonly query: string; readonly label: string };

/**
 * One alarm of the catalog, complete: everything CloudWatch needs except the generated resource IDs its owning stack
 * supplies (dimension values `null` in {@link AlarmQuery}).
 */
export interface AlarmSpec {
  readonly signal: SignalId;
  /** Alarm name, `<project>-<env>-[<qualifier>-]<signal>`. */
  readonly name: string;
  /** Which instance of the signal this is (`tooling`, `application-nat-eu-west-1a`); undefined for single alarms. */
  readonly qualifier?: string;
  readonly area: SignalArea;
  /** Stack kind that creates the alarm. */
  readonly owner: SignalOwner;
  /** Dashboard widget title. */
  readonly title: string;
  readonly severity: SignalSeverity;
  /** What the alarm means and the runbook section to follow (CloudWatch `alarm_description`, at most 1024 characters). */
  readonly description: string;
  /** Runbook section, e.g. `docs/runbooks/alarms.md#vault-sealed`. */
  readonly runbook: string;
  readonly query: AlarmQuery;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

/** CloudWatch's limit on `alarm_description`. */
export const ALARM_DESCRIPTION_MAX_LENGTH = 1024;

export interface AlarmBinding {
  /** SNS topic notified on ALARM and on OK (the environment's alarm topic). */
  readonly topicArn: string;
  /** Values of the dimensions the spec leaves `null`, by dimension name (per metric for math: `<id>.<name>` or `<name>`). */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** Dimension names a spec leaves to its owner (`null` values), across every metric it reads. */
export function ownerSuppliedDimensions(spec: AlarmSpec): string[] {
  const metrics = spec.query.kind === 'metric' ? [spec.query] : spec.query.kind === 'math' ? Object.values(spec.query.metrics) : [];
  return [...new Set(metrics.flatMap((metric) => Object.entries(metric.dimensions).flatMap(([name, value]) => (value === null ? [name] : []))))].sort();
}

function resolveDimensions(spec: AlarmSpec, metric: MetricStat, supplied: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metric.dimensions).map(([name, value]) => {
      if (value !== null) return [name, value];
      const given = supplied[name];
      if (given === undefined) throw new Error(`alarm ${spec.name}: dimension ${name} is a generated ID; the owning stack must supply it`);
      return [name, given];
    }),
  );
}

/**
 * The `aws_cloudwatch_metric_alarm` configuration of a catalog alarm: notifies the topic on ALARM and OK, tags the
 * severity, and fills the dimensions the owner supplies. Throws when a generated dimension is missing or when the
 * owner supplies one the spec does not leave open (a typo would otherwise silently watch nothing).
 */
export function metricAlarmConfig(spec: AlarmSpec, binding: AlarmBinding): CloudwatchMetricAlarmConfig {
  const supplied = binding.dimensions ?? {};
  const open = ownerSuppliedDimensions(spec);
  const unexpected = Object.keys(supplied).filter((name) => !open.includes(name));
  if (unexpected.length > 0) throw new Error(`alarm ${spec.name}: dimensions ${unexpected.join(', ')} are not generated IDs of this signal (open: ${open.join(', ') || 'none'})`);
  if (!Token.isUnresolved(spec.description) && spec.description.length > ALARM_DESCRIPTION_MAX_LENGTH) {
    throw new Error(`alarm ${spec.name}: description has ${spec.description.length} characters, CloudWatch allows ${ALARM_DESCRIPTION_MAX_LENGTH}`);
  }
  const common = {
    alarmName: spec.name,
    alarmDescription: spec.description,
    comparisonOperator: spec.comparison,
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    alarmActions: [binding.topicArn],
    okActions: [binding.topicArn],
    tags: { Name: spec.name, Severity: spec.severity, Signal: spec.signal },
  };
  const query = spec.query;
  switch (query.kind) {
    case 'metric':
      return {
        ...common,
        namespace: query.namespace,
        metricName: query.metricName,
        statistic: query.statistic,
        period: spec.periodSeconds,
        ...(Object.keys(query.dimensions).length > 0 ? { dimensions: resolveDimensions(spec, query, supplied) } : {}),
      };
    case 'math':
      return {
        ...common,
        metricQuery: [
          ...Object.entries(query.metrics).map(([id, metric]) => ({
            id,
            returnData: false,
            metric: {
              namespace: metric.namespace,
              metricName: metric.metricName,
              stat: metric.statistic,
              period: spec.periodSeconds,
              dimensions: resolveDimensions(spec, metric, supplied),
            },
          })),
          { id: 'e1', expression: query.expression, label: query.label, returnData: true },
        ],
      };
    case 'insights':
      return {
        ...common,
        metricQuery: [{ id: 'q1', expression: query.query, label: query.label, period: spec.periodSeconds, returnData: true }],
      };
  }
}
