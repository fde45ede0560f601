import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { type AlarmSpec, metricAlarmConfig } from './alarm-spec';

export interface SignalAlarmsProps {
  /** The environment's alarm topic: notified on ALARM and on OK. */
  readonly topicArn: string;
  /** Alarms of the signal catalog (stacks/signal-catalog.ts) this scope owns. */
  readonly specs: readonly AlarmSpec[];
  /**
   * Values of the dimensions the specs leave to their owner (generated IDs such as `TargetGroup` or `Endpoint`), by
   * dimension name; every spec gets the ones it leaves open. @default - none
   */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/**
 * Creates the catalog's alarms of one owner, one `aws_cloudwatch_metric_alarm` per spec at `[<qualifier>-]<signal>`,
 * so the Terraform address follows the deterministic alarm name.
 */
export class SignalAlarms extends Construct {
  /** Alarms by alarm name. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: SignalAlarmsProps) {
    super(scope, id);
    const names = props.specs.map((spec) => spec.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0) throw new Error(`${this.node.path}: specs: alarm names must be unique, repeated: ${[...new Set(repeated)].join(', ')}`);
    const supplied = props.dimensions ?? {};
    this.alarms = Object.fromEntries(
      props.specs.map((spec) => {
        const open = new Set(Object.keys(supplied));
        const dimensions = Object.fromEntries(Object.entries(supplied).filter(([name]) => open.has(name) && leavesOpen(spec, name)));
        const alarm = new CloudwatchMetricAlarm(this, spec.qualifier ? `${spec.qualifier}-${spec.signal}` : spec.signal, metricAlarmConfig(spec, { topicArn: props.topicArn, dimensions }));
        return [spec.name, alarm];
      }),
    );
  }
}

function leavesOpen(spec: AlarmSpec, dimension: string): boolean {
  const query = spec.query;
  const metrics = query.kind === 'metric' ? [query] : query.kind === 'math' ? Object.values(query.metrics) : [];
  return metrics.some((metric) => metric.dimensions[dimension] === null);
}
