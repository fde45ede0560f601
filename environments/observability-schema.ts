import { z } from 'zod';
import { SIGNALS, SIGNAL_IDS, type SignalId, signalDefinition } from '../constructs/observability/signals';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../constructs/observability/log-retention';
import { checkMinimumLogRetention } from './network-schema';
import { type ProblemSink } from './problems';
import { type Tier } from './schema';

/**
 * The optional `observability` section: thresholds, periods and evaluation counts of the platform's alarms, per signal
 * (constructs/observability/signals.ts), on top of per-tier defaults ({@link OBSERVABILITY_DEFAULTS}); where runbook
 * links point; how long scraped Prometheus telemetry is kept. See docs/observability.md.
 *
 * Thresholds that depend on one resource's size stay beside that resource (`database.alarms`, `network.flowLogs`);
 * thresholds derived from other configuration (raft quorum from `vaultServer.replicas`, the snapshot interval) cannot
 * be overridden here. Both are reported as errors with the field to use instead.
 */

/** Alarm periods CloudWatch accepts for standard-resolution metrics that this platform uses. */
export const ALARM_PERIODS_SECONDS = [60, 300, 900, 3600, 21600, 86400] as const;
/**
 * CloudWatch's limit on `period * evaluation_periods`: one day for periods under one hour, seven days otherwise
 * (PutMetricAlarm API reference, `Period`).
 */
export function maxEvaluationRangeSeconds(periodSeconds: number): number {
  return periodSeconds < 3600 ? 86_400 : 604_800;
}
/** Metrics Insights alarms evaluate only the last three hours of data. */
export const MAX_INSIGHTS_EVALUATION_RANGE_SECONDS = 10_800;
/** Where a signal's threshold is set when this section may not set it. */
export const THRESHOLD_HOMES: Partial<Record<SignalId, string>> = {
  'vault-healthy-targets-below-quorum': 'derived from vaultServer.replicas (raft quorum)',
  'vault-no-healthy-targets': 'fixed at 1 healthy target',
  'vault-sealed': 'fixed: any pod reporting vault_core_unsealed = 0',
  'vault-snapshot-missing': 'derived from vaultServer.snapshots.intervalHours',
  'pods-not-ready': 'fixed: any live platform pod with pod_status_ready = 0',
  'postgres-cpu': 'database.alarms.cpuUtilizationPercent',
  'postgres-free-storage': 'database.alarms.freeStorageGb',
  'postgres-free-memory': 'database.alarms.freeMemoryMib',
  'postgres-connections': 'database.alarms.connections',
  'rejected-traffic': 'network.flowLogs.rejectedRecordsThreshold',
};
/** Signals whose period is set elsewhere. */
export const PERIOD_HOMES: Partial<Record<SignalId, string>> = {
  'vault-snapshot-missing': 'vaultServer.snapshots.intervalHours (one period per snapshot interval)',
  'rejected-traffic': 'network.flowLogs.alarmPeriodSeconds',
};

export interface SignalSettings {
  /** Threshold, for signals whose threshold comes from this section (`thresholdSource: 'config'`). */
  readonly threshold?: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** M of N: datapoints that must breach among `evaluationPeriods`. */
  readonly datapointsToAlarm: number;
}

type Defaults = Omit<SignalSettings, 'datapointsToAlarm'> & { readonly datapointsToAlarm?: number };
const perTier = (dev: Defaults, staging: Defaults, prod: Defaults = staging) => ({ dev, staging, prod });

/**
 * Defaults per signal and tier: prod pages soonest, dev tolerates the most (fewer nodes, one Vault voter, experiments).
 * Thresholds appear only for signals whose threshold this section sets.
 */
export const OBSERVABILITY_DEFAULTS: Readonly<Record<SignalId, Readonly<Record<Tier, Defaults>>>> = {
  'vault-healthy-targets-below-quorum': perTier({ periodSeconds: 60, evaluationPeriods: 3 }, { periodSeconds: 60, evaluationPeriods: 3 }, { periodSeconds: 60, evaluationPeriods: 2 }),
  'vault-no-healthy-targets': perTier({ periodSeconds: 60, evaluationPeriods: 3 }, { periodSeconds: 60, evaluationPeriods: 2 }, { periodSeconds: 60, evaluationPeriods: 1 }),
  'vault-sealed': perTier({ periodSeconds: 60, evaluationPeriods: 5 }, { periodSeconds: 60, evaluationPeriods: 3 }, { periodSeconds: 60, evaluationPeriods: 2 }),
  'vault-audit-failures': perTier({ threshold: 0, periodSeconds: 300, evaluationPeriods: 1 }, { threshold: 0, periodSeconds: 300, evaluationPeriods: 1 }),
  // Hourly maximum of the lease count, growing in every one of six consecutive hours, above a floor of normal use.
  'vault-leases-growing': perTier({ threshold: 5_000, periodSeconds: 3600, evaluationPeriods: 6 }, { threshold: 20_000, periodSeconds: 3600, evaluationPeriods: 6 }, { threshold: 50_000, periodSeconds: 3600, evaluationPeriods: 6 }),
  'vault-snapshot-missing': perTier({ periodSeconds: 86400, evaluationPeriods: 2 }, { periodSeconds: 86400, evaluationPeriods: 2 }),
  'node-cpu': perTier({ threshold: 90, periodSeconds: 300, evaluationPeriods: 3 }, { threshold: 85, periodSeconds: 300, evaluationPeriods: 3 }, { threshold: 80, periodSeconds: 300, evaluationPeriods: 3 }),
  'node-memory': perTier({ threshold: 90, periodSeconds: 300, evaluationPeriods: 3 }, { threshold: 85, periodSeconds: 300, evaluationPeriods: 3 }),
  'pod-restarts': perTier({ threshold: 5, periodSeconds: 900, evaluationPeriods: 1 }, { threshold: 3, periodSeconds: 900, evaluationPeriods: 1 }),
  'pods-not-ready': perTier({ periodSeconds: 60, evaluationPeriods: 15 }, { periodSeconds: 60, evaluationPeriods: 10 }, { periodSeconds: 60, evaluationPeriods: 5 }),
  'eso-sync-errors': perTier({ threshold: 0, periodSeconds: 300, evaluationPeriods: 6 }, { threshold: 0, periodSeconds: 300, evaluationPeriods: 3 }),
  'postgres-cpu': perTier({ periodSeconds: 300, evaluationPeriods: 3 }, { periodSeconds: 300, evaluationPeriods: 3 }),
  'postgres-free-storage': perTier({ periodSeconds: 300, evaluationPeriods: 1 }, { periodSeconds: 300, evaluationPeriods: 1 }),
  'postgres-free-memory': perTier({ periodSeconds: 300, evaluationPeriods: 3 }, { periodSeconds: 300, evaluationPeriods: 3 }),
  'postgres-connections': perTier({ periodSeconds: 300, evaluationPeriods: 3 }, { periodSeconds: 300, evaluationPeriods: 3 }),
  'rejected-traffic': perTier({ periodSeconds: 300, evaluationPeriods: 1 }, { periodSeconds: 300, evaluationPeriods: 1 }),
  'nat-port-allocation-errors': perTier({ threshold: 0, periodSeconds: 300, evaluationPeriods: 1 }, { threshold: 0, periodSeconds: 300, evaluationPeriods: 1 }),
  'nat-packets-dropped': perTier({ threshold: 100, periodSeconds: 300, evaluationPeriods: 3 }, { threshold: 100, periodSeconds: 300, evaluationPeriods: 3 }),
  'vpn-authentication-failures': perTier({ threshold: 10, periodSeconds: 300, evaluationPeriods: 1 }, { threshold: 10, periodSeconds: 300, evaluationPeriods: 1 }, { threshold: 5, periodSeconds: 300, evaluationPeriods: 1 }),
  'vpn-crl-expiring': perTier({ threshold: 7, periodSeconds: 3600, evaluationPeriods: 1 }, { threshold: 14, periodSeconds: 3600, evaluationPeriods: 1 }),
};

/** Days scraped Prometheus telemetry (EMF log events) is kept, per tier; at least the tier's log minimum. */
export const DEFAULT_TELEMETRY_RETENTION_DAYS: Readonly<Record<Tier, number>> = { dev: 14, staging: 90, prod: 365 };

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .min(min, { error: `expected ${what}` })
    .max(max, { error: `expected ${what}` });

const signalOverride = z.strictObject({
  /** Alarm threshold in the signal's unit (constructs/observability/signals.ts). */
  threshold: z.number({ error: 'expected a number' }).optional(),
  /** Seconds per datapoint. */
  periodSeconds: z
    .number()
    .refine((p) => (ALARM_PERIODS_SECONDS as readonly number[]).includes(p), { error: `expected one of ${ALARM_PERIODS_SECONDS.join(', ')} seconds` })
    .optional(),
  /** Datapoints evaluated. */
  evaluationPeriods: wholeNumber(1, 1440, 'a whole number of periods from 1 to 1440').optional(),
  /** Datapoints among evaluationPeriods that must breach. @default - evaluationPeriods */
  datapointsToAlarm: wholeNumber(1, 1440, 'a whole number of datapoints from 1 to 1440').optional(),
});

const HTTPS_BASE = /^https:\/\/[^\s/$.?#][^\s]*\/$/;

export const observabilitySchema = z.strictObject({
  /**
   * Prefix of the runbook links in alarm descriptions, ending with `/`, e.g.
   * `https://github.com/acme/vault-platform/blob/main/`. @default - repository-relative paths (`docs/runbooks/...`)
   */
  runbookBaseUrl: z
    .string()
    .regex(HTTPS_BASE, { error: 'expected an https URL ending with "/", such as https://github.com/acme/vault-platform/blob/main/' })
    .meta({ examples: ['https://github.com/acme/vault-platform/blob/main/'] })
    .optional(),
  /** Days the scraped Prometheus telemetry log groups keep their events. @default - 14 (dev), 90 (staging), 365 (prod) */
  telemetryRetentionDays: z.number().refine(isLogRetentionDays, { error: LOG_RETENTION_EXPECTATION }).optional(),
  /** Per-signal overrides of the tier defaults. */
  signals: z.partialRecord(z.enum(SIGNAL_IDS, { error: `expected a signal ID: ${SIGNAL_IDS.join(', ')}` }), signalOverride).optional(),
});

export type ObservabilityInput = z.input<typeof observabilitySchema>;
export type ObservabilityConfig = z.output<typeof observabilitySchema>;

interface ObservabilityContext {
  readonly tier: Tier | undefined;
  /** Whether the environment has a `database` section (database signals apply). */
  readonly hasDatabase: boolean;
  /** `vaultServer.replicas` when valid: the quorum signal applies from 3 voters. */
  readonly vaultReplicas: number | undefined;
}

/** Signals that have no alarm in an environment, with the reason (an override of one is an error). */
export function inapplicableSignals(context: { readonly hasDatabase: boolean; readonly vaultReplicas: number | undefined }): Partial<Record<SignalId, string>> {
  const reasons: Partial<Record<SignalId, string>> = {};
  if (!context.hasDatabase) {
    for (const id of SIGNAL_IDS) if (signalDefinition(id).area === 'database') reasons[id] = 'the environment has no database section';
  }
  if (context.vaultReplicas !== undefined && context.vaultReplicas < 3) {
    reasons['vault-healthy-targets-below-quorum'] = `one Vault voter (vaultServer.replicas = ${context.vaultReplicas}): below quorum is no healthy target, which vault-no-healthy-targets watches`;
  }
  return reasons;
}

/**
 * Cross-field rules of the section: thresholds only where this section sets them and inside the signal's range,
 * overrides only for signals the environment has, `datapointsToAlarm <= evaluationPeriods`, CloudWatch's evaluation
 * range limits (one day for periods under an hour, else seven; three hours for Metrics Insights alarms), telemetry
 * retention at least the tier minimum.
 * Runs on the raw input so one run reports every problem; values that did not parse are skipped.
 */
export function checkObservability(raw: Partial<ObservabilityInput> | undefined, ctx: ObservabilityContext, sink: ProblemSink): void {
  if (!raw || typeof raw !== 'object') return;
  checkMinimumLogRetention(sink, 'observability.telemetryRetentionDays', raw.telemetryRetentionDays, ctx.tier, 'scraped telemetry');
  const signals = raw.signals;
  if (!signals || typeof signals !== 'object') return;
  const inapplicable = inapplicableSignals(ctx);
  for (const [id, override] of Object.entries(signals) as [SignalId, Partial<z.input<typeof signalOverride>> | undefined][]) {
    if (!(id in SIGNALS) || !override || typeof override !== 'object') continue;
    const path = `observability.signals.${id}`;
    const notHere = inapplicable[id];
    if (notHere !== undefined) {
      sink.add(path, `this environment has no ${id} alarm (${notHere}); remove the override`, override);
      continue;
    }
    const definition = signalDefinition(id);
    const threshold = override.threshold;
    if (threshold !== undefined) {
      const home = THRESHOLD_HOMES[id];
      if (home !== undefined) sink.add(`${path}.threshold`, `the threshold of ${id} is not set here: ${home}`, threshold);
      else if (typeof threshold === 'number' && definition.thresholdRange && (threshold < definition.thresholdRange.min || threshold > definition.thresholdRange.max)) {
        sink.add(`${path}.threshold`, `expected ${definition.thresholdRange.min}-${definition.thresholdRange.max} ${definition.unit}`, threshold);
      }
    }
    if (override.periodSeconds !== undefined && PERIOD_HOMES[id] !== undefined) {
      sink.add(`${path}.periodSeconds`, `the period of ${id} is not set here: ${PERIOD_HOMES[id]}`, override.periodSeconds);
      continue;
    }
    if (ctx.tier === undefined) continue;
    const defaults = OBSERVABILITY_DEFAULTS[id][ctx.tier];
    const period = typeof override.periodSeconds === 'number' ? override.periodSeconds : defaults.periodSeconds;
    const evaluations = typeof override.evaluationPeriods === 'number' ? override.evaluationPeriods : defaults.evaluationPeriods;
    const datapoints = override.datapointsToAlarm;
    if (typeof datapoints === 'number' && datapoints > evaluations) {
      sink.add(`${path}.datapointsToAlarm`, `expected at most evaluationPeriods (${evaluations}): M of N needs M <= N`, datapoints);
    }
    const insights = 'metricsInsights' in definition && definition.metricsInsights;
    const limit = insights ? MAX_INSIGHTS_EVALUATION_RANGE_SECONDS : maxEvaluationRangeSeconds(period);
    if (period * evaluations > limit) {
      const what = insights
        ? 'Metrics Insights alarms evaluate at most the last 3 hours'
        : period < 3600
          ? 'CloudWatch evaluates periods under an hour over at most one day'
          : 'CloudWatch evaluates at most seven days';
      sink.add(path, `periodSeconds x evaluationPeriods is ${period * evaluations} s; ${what} (${limit} s)`, { periodSeconds: period, evaluationPeriods: evaluations });
    }
  }
}

/** The settings of one signal in an environment: its override over the tier default. */
export function signalSettings(tier: Tier, observability: ObservabilityConfig | undefined, id: SignalId): SignalSettings {
  const defaults = OBSERVABILITY_DEFAULTS[id][tier];
  const override = observability?.signals?.[id] ?? {};
  const evaluationPeriods = override.evaluationPeriods ?? defaults.evaluationPeriods;
  return {
    ...(override.threshold !== undefined || defaults.threshold !== undefined ? { threshold: override.threshold ?? defaults.threshold } : {}),
    periodSeconds: override.periodSeconds ?? defaults.periodSeconds,
    evaluationPeriods,
    datapointsToAlarm: override.datapointsToAlarm ?? defaults.datapointsToAlarm ?? evaluationPeriods,
  };
}

/** Retention of the scraped telemetry log groups. */
export function telemetryRetentionDays(tier: Tier, observability: ObservabilityConfig | undefined): number {
  return observability?.telemetryRetentionDays ?? DEFAULT_TELEMETRY_RETENTION_DAYS[tier];
}
