import {
  DEFAULT_TELEMETRY_RETENTION_DAYS,
  OBSERVABILITY_DEFAULTS,
  maxEvaluationRangeSeconds,
  signalSettings,
  telemetryRetentionDays,
} from '../../environments/observability-schema';
import { SIGNAL_IDS, SIGNALS } from '../../constructs/observability/signals';
import { problemsAfter, sampleConfig } from '../helpers';

type Loose = Record<string, unknown>;
const withSignals = (signals: Loose) => (input: Loose) => (input.observability = { signals });

describe('observability schema section', () => {
  it('applies the tier defaults when the section is absent', () => {
    const prod = sampleConfig('prod');
    expect(prod.observability).toBeUndefined();
    expect(signalSettings('prod', undefined, 'node-cpu')).toEqual({ threshold: 80, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 });
    expect(signalSettings('dev', undefined, 'node-cpu')).toEqual({ threshold: 90, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 });
    // A derived threshold has no default here.
    expect(signalSettings('prod', undefined, 'vault-sealed')).toEqual({ periodSeconds: 60, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(telemetryRetentionDays('prod', undefined)).toBe(365);
    expect(DEFAULT_TELEMETRY_RETENTION_DAYS).toEqual({ dev: 14, staging: 90, prod: 365 });
  });

  it('has a default for every signal and tier, and a threshold default exactly for the configurable ones', () => {
    for (const id of SIGNAL_IDS) {
      for (const tier of ['dev', 'staging', 'prod'] as const) {
        const defaults = OBSERVABILITY_DEFAULTS[id][tier];
        expect([id, tier, defaults.threshold !== undefined]).toEqual([id, tier, SIGNALS[id].thresholdSource === 'config']);
        expect(defaults.periodSeconds * defaults.evaluationPeriods).toBeLessThanOrEqual(maxEvaluationRangeSeconds(defaults.periodSeconds));
      }
    }
  });

  it('takes an override over the default, field by field', () => {
    const observability = { signals: { 'vault-audit-failures': { threshold: 3, datapointsToAlarm: 1, evaluationPeriods: 2 } } };
    expect(signalSettings('staging', observability, 'vault-audit-failures')).toEqual({ threshold: 3, periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 1 });
    expect(telemetryRetentionDays('dev', { telemetryRetentionDays: 30 })).toBe(30);
  });

  it('accepts the shipped environments and a valid override', () => {
    expect(problemsAfter(withSignals({ 'node-memory': { threshold: 75, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 8 } }), 'prod')).toEqual([]);
  });

  it.each([
    ['an unknown signal', { 'vault-down': { threshold: 1 } }, /^dev\.observability\.signals\.vault-down: .*unknown field; expected one of .*vault-sealed/],
    ['a threshold that is derived', { 'vault-sealed': { threshold: 0 } }, 'dev.observability.signals.vault-sealed.threshold: the threshold of vault-sealed is not set here: fixed: any pod reporting vault_core_unsealed = 0 (got 0)'],
    [
      'a threshold that lives beside the resource',
      { 'postgres-cpu': { threshold: 70 } },
      'dev.observability.signals.postgres-cpu.threshold: the threshold of postgres-cpu is not set here: database.alarms.cpuUtilizationPercent (got 70)',
    ],
    ['a threshold outside the range', { 'node-cpu': { threshold: 120 } }, 'dev.observability.signals.node-cpu.threshold: expected 1-100 % (busiest node) (got 120)'],
    ['a period CloudWatch does not offer here', { 'node-cpu': { periodSeconds: 120 } }, 'dev.observability.signals.node-cpu.periodSeconds: expected one of 60, 300, 900, 3600, 21600, 86400 seconds (got 120)'],
    [
      'more breaching datapoints than evaluated periods',
      { 'eso-sync-errors': { evaluationPeriods: 2, datapointsToAlarm: 3 } },
      'dev.observability.signals.eso-sync-errors.datapointsToAlarm: expected at most evaluationPeriods (2): M of N needs M <= N (got 3)',
    ],
    [
      'an evaluation range over one day for a period under an hour',
      { 'node-cpu': { periodSeconds: 900, evaluationPeriods: 97 } },
      'dev.observability.signals.node-cpu: periodSeconds x evaluationPeriods is 87300 s; CloudWatch evaluates periods under an hour over at most one day (86400 s) (got {"periodSeconds":900,"evaluationPeriods":97})',
    ],
    [
      'a Metrics Insights alarm over more than three hours',
      { 'pods-not-ready': { evaluationPeriods: 181 } },
      'dev.observability.signals.pods-not-ready: periodSeconds x evaluationPeriods is 10860 s; Metrics Insights alarms evaluate at most the last 3 hours (10800 s) (got {"periodSeconds":60,"evaluationPeriods":181})',
    ],
    [
      'the below-quorum alarm with one voter',
      { 'vault-healthy-targets-below-quorum': { evaluationPeriods: 2 } },
      'dev.observability.signals.vault-healthy-targets-below-quorum: this environment has no vault-healthy-targets-below-quorum alarm (one Vault voter (vaultServer.replicas = 1): below quorum is no healthy target, which vault-no-healthy-targets watches); remove the override (got {"evaluationPeriods":2})',
    ],
    [
      'the period of the snapshot alarm',
      { 'vault-snapshot-missing': { periodSeconds: 3600 } },
      'dev.observability.signals.vault-snapshot-missing.periodSeconds: the period of vault-snapshot-missing is not set here: vaultServer.snapshots.intervalHours (one period per snapshot interval) (got 3600)',
    ],
  ])('fails on %s, naming environment, field, value and what is allowed', (_case, signals, expected) => {
    const problems = problemsAfter(withSignals(signals));
    if (typeof expected === 'string') expect(problems).toEqual([expected]);
    else {
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(expected);
    }
  });

  it('fails on a database override where the environment has no database, and on short telemetry retention and a non-https link base', () => {
    const problems = problemsAfter((input) => {
      const loose = input as Loose & { vault: { services: Loose[] } };
      delete loose.database;
      for (const service of loose.vault.services) delete service.database;
      loose.observability = { runbookBaseUrl: 'http://wiki.example.com/', telemetryRetentionDays: 30, signals: { 'postgres-connections': { evaluationPeriods: 2 } } };
    }, 'prod');
    expect(problems).toEqual([
      'prod.observability.runbookBaseUrl: expected an https URL ending with "/", such as https://github.com/acme/vault-platform/blob/main/ (got "http://wiki.example.com/")',
      'prod.observability.telemetryRetentionDays: the prod tier keeps scraped telemetry at least 365 days (got 30)',
      'prod.observability.signals.postgres-connections: this environment has no postgres-connections alarm (the environment has no database section); remove the override (got {"evaluationPeriods":2})',
    ]);
  });

  it('requires the connection and memory thresholds of a database class whose memory is not known', () => {
    const problems = problemsAfter((input) => {
      (input.database as Loose).instanceClass = 'db.c6gd.large';
    });
    expect(problems).toEqual([
      'dev.database.alarms.connections: is required for instance class db.c6gd.large: its memory is not known, so no default can be derived (signal catalog, docs/observability.md)',
      'dev.database.alarms.freeMemoryMib: is required for instance class db.c6gd.large: its memory is not known, so no default can be derived (signal catalog, docs/observability.md)',
    ]);
    expect(
      problemsAfter((input) => {
        Object.assign(input.database as Loose, { instanceClass: 'db.c6gd.large', alarms: { connections: 400, freeMemoryMib: 512 } });
      }),
    ).toEqual([]);
  });
});
