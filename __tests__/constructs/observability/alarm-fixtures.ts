import { type AlarmQuery, type AlarmSpec } from '../../../constructs/observability/alarm-spec';
import { type SignalId } from '../../../constructs/observability/signals';

/** A complete alarm spec written out by hand for construct tests (the catalog builds the real ones). */
export function testAlarmSpec(signal: SignalId, query: AlarmQuery, overrides: Partial<AlarmSpec> = {}): AlarmSpec {
  return {
    signal,
    name: `test-${signal}`,
    area: 'network',
    owner: 'network',
    title: `Test ${signal}`,
    severity: 'warning',
    description: `[warning] test alarm. Runbook: docs/runbooks/alarms.md#${signal}`,
    runbook: `docs/runbooks/alarms.md#${signal}`,
    query,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    periodSeconds: 300,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: 'notBreaching',
    ...overrides,
  };
}
