/**
 * The signals the platform alarms on: one entry per kind of alarm (an alarm *instance* adds a qualifier, e.g. the VPC
 * of `rejected-traffic`). This table is the part of the signal catalog that does not depend on an environment: what a
 * signal is called, which dashboard row shows it, which stack kind owns its alarms, how bad it is, how missing data
 * counts and why. `signalCatalog(environment)` (stacks/signal-catalog.ts) adds the metrics, thresholds and periods of
 * one environment; the alarms and the dashboard are both generated from that catalog (docs/observability.md).
 */

/** Dashboard rows, in display order after the alarm-status row. */
export const SIGNAL_AREAS = ['vault', 'clusters', 'secret-delivery', 'database', 'network'] as const;
export type SignalArea = (typeof SIGNAL_AREAS)[number];

/** Row titles of the dashboard. */
export const SIGNAL_AREA_TITLES: Readonly<Record<SignalArea, string>> = {
  vault: 'Vault',
  clusters: 'Clusters',
  'secret-delivery': 'Secret delivery (External Secrets Operator)',
  database: 'Database',
  network: 'Network and VPN',
};

/** `critical`: someone acts now (Vault or secret delivery is down or about to be). `warning`: act within the day. */
export type SignalSeverity = 'critical' | 'warning';

/** CloudWatch `treat_missing_data`. */
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

/**
 * Where a signal's threshold comes from:
 * - `config`: `observability.signals.<id>.threshold`, with a per-tier default (environments/observability-schema.ts);
 * - `derived`: computed from other configuration (Vault voters, the snapshot interval); not configurable;
 * - `resource`: set beside the resource it watches (`database.alarms.*`, `network.flowLogs.*`).
 */
export type ThresholdSource = 'config' | 'derived' | 'resource';

/** Stack kinds that own alarms (the stack that creates the watched resource or the metric pipeline). */
export type SignalOwner = 'network' | 'vault-access' | 'vpn' | 'cluster-tooling' | 'cluster-application' | 'data' | 'vault-server' | 'observability';

export interface SignalDefinition {
  readonly area: SignalArea;
  /** Short title: dashboard widget titles and runbook section headings. */
  readonly title: string;
  readonly severity: SignalSeverity;
  readonly comparison: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
  /** Why missing data is treated that way (docs/observability.md lists it). */
  readonly missingDataReason: string;
  readonly thresholdSource: ThresholdSource;
  /** Unit of the threshold, for messages and descriptions. */
  readonly unit: string;
  /** Allowed range of a configured threshold. */
  readonly thresholdRange?: { readonly min: number; readonly max: number };
  /** Built on a CloudWatch Metrics Insights query: alarms evaluate at most the last 3 hours. @default false */
  readonly metricsInsights?: boolean;
}

const EVENT_COUNTER = 'the metric is published only when the event happens (or, for Prometheus counters, as a delta per scrape), so no data means no event';
const UTILISATION = 'a gap is shown as INSUFFICIENT_DATA on the dashboard rather than paging; losing the pipeline itself is caught by the signals that treat missing data as breaching';

/** Every signal, by ID. The ID is also the runbook anchor in docs/runbooks/alarms.md and the alarm name suffix. */
export const SIGNALS = {
  'vault-healthy-targets-below-quorum': {
    area: 'vault',
    title: 'Vault: healthy NLB targets below raft quorum',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'breaching',
    missingDataReason: 'the NLB publishes HealthyHostCount every minute while it exists; no data means the load balancer or its metrics are gone, and quorum cannot be shown',
    thresholdSource: 'derived',
    unit: 'targets',
  },
  'vault-no-healthy-targets': {
    area: 'vault',
    title: 'Vault: no healthy NLB target',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'breaching',
    missingDataReason: 'as for vault-healthy-targets-below-quorum: no data is no evidence that Vault answers',
    thresholdSource: 'derived',
    unit: 'targets',
  },
  'vault-sealed': {
    area: 'vault',
    title: 'Vault: a server is sealed',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'breaching',
    missingDataReason: 'every Vault pod reports vault_core_unsealed every scrape, sealed or not; no data means the telemetry path (scraper, metrics listener, network policy) is broken and sealing would go unseen',
    thresholdSource: 'derived',
    unit: '(0 sealed, 1 unsealed)',
  },
  'vault-audit-failures': {
    area: 'vault',
    title: 'Vault: audit device request failures',
    severity: 'critical',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: EVENT_COUNTER,
    thresholdSource: 'config',
    unit: 'failed audit writes per period',
    thresholdRange: { min: 0, max: 1_000_000 },
  },
  'vault-leases-growing': {
    area: 'vault',
    title: 'Vault: leases growing without bound',
    severity: 'warning',
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'missing',
    missingDataReason: 'only the active node reports vault_expire_num_leases; a gap (failover, scraper restart) is not evidence of a leak, and losing telemetry is caught by vault-sealed',
    thresholdSource: 'config',
    unit: 'leases (the count must also grow in every evaluation period)',
    thresholdRange: { min: 1, max: 100_000_000 },
  },
  'vault-snapshot-missing': {
    area: 'vault',
    title: 'Vault: raft snapshot missing',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'breaching',
    missingDataReason: 'S3 request metrics publish nothing when nothing was uploaded: no data is exactly the failure',
    thresholdSource: 'derived',
    unit: 'uploads per snapshot interval',
  },
  'node-cpu': {
    area: 'clusters',
    title: 'Nodes: CPU utilisation',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'config',
    unit: '% (busiest node)',
    thresholdRange: { min: 1, max: 100 },
  },
  'node-memory': {
    area: 'clusters',
    title: 'Nodes: memory utilisation',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'config',
    unit: '% (busiest node)',
    thresholdRange: { min: 1, max: 100 },
  },
  'pod-restarts': {
    area: 'clusters',
    title: 'Platform pods: container restarts',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: 'Container Insights reports restarts as a delta per pod; no data means no restart was counted',
    thresholdSource: 'config',
    unit: 'restarts per period',
    thresholdRange: { min: 0, max: 10_000 },
    metricsInsights: true,
  },
  'pods-not-ready': {
    area: 'clusters',
    title: 'Platform pods: not ready',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: 'a platform namespace without live pods reports nothing, and Container Insights gaps are not pod failures; Vault itself is covered by the breaching Vault signals',
    thresholdSource: 'derived',
    unit: '(lowest pod_status_ready: 0 not ready, 1 ready)',
    metricsInsights: true,
  },
  'eso-sync-errors': {
    area: 'secret-delivery',
    title: 'External Secrets: sync errors',
    severity: 'critical',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: EVENT_COUNTER,
    thresholdSource: 'config',
    unit: 'failed syncs per period',
    thresholdRange: { min: 0, max: 1_000_000 },
  },
  'postgres-cpu': {
    area: 'database',
    title: 'PostgreSQL: CPU utilisation',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'resource',
    unit: '%',
  },
  'postgres-free-storage': {
    area: 'database',
    title: 'PostgreSQL: free storage',
    severity: 'critical',
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'resource',
    unit: 'bytes',
  },
  'postgres-free-memory': {
    area: 'database',
    title: 'PostgreSQL: freeable memory',
    severity: 'warning',
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'resource',
    unit: 'bytes',
  },
  'postgres-connections': {
    area: 'database',
    title: 'PostgreSQL: connections',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    missingDataReason: UTILISATION,
    thresholdSource: 'resource',
    unit: 'connections',
  },
  'rejected-traffic': {
    area: 'network',
    title: 'VPC: rejected flow-log records',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: 'the metric filter publishes 0 when no record matched (default value), so a gap means no flow-log delivery at all, which rejects nothing',
    thresholdSource: 'resource',
    unit: 'REJECT records per period',
  },
  'nat-port-allocation-errors': {
    area: 'network',
    title: 'NAT gateway: port allocation errors',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: EVENT_COUNTER,
    thresholdSource: 'config',
    unit: 'errors per period',
    thresholdRange: { min: 0, max: 1_000_000 },
  },
  'nat-packets-dropped': {
    area: 'network',
    title: 'NAT gateway: packets dropped',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: EVENT_COUNTER,
    thresholdSource: 'config',
    unit: 'packets per period',
    thresholdRange: { min: 0, max: 1_000_000_000 },
  },
  'vpn-authentication-failures': {
    area: 'network',
    title: 'Client VPN: authentication failures',
    severity: 'warning',
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: EVENT_COUNTER,
    thresholdSource: 'config',
    unit: 'failed connections per period',
    thresholdRange: { min: 0, max: 1_000_000 },
  },
  'vpn-crl-expiring': {
    area: 'network',
    title: 'Client VPN: revocation list expiring',
    severity: 'warning',
    comparison: 'LessThanThreshold',
    treatMissingData: 'notBreaching',
    missingDataReason: 'the endpoint publishes CrlDaysToExpiry only while a revocation list is imported; none imported is a deliberate state (nothing revoked yet)',
    thresholdSource: 'config',
    unit: 'days',
    thresholdRange: { min: 1, max: 180 },
  },
} as const satisfies Record<string, SignalDefinition>;

export type SignalId = keyof typeof SIGNALS;
export const SIGNAL_IDS = Object.keys(SIGNALS) as SignalId[];

/** The signal of an ID, typed as the general definition. */
export function signalDefinition(id: SignalId): SignalDefinition {
  return SIGNALS[id];
}

/**
 * Signals of issue 13 that CloudWatch cannot measure on this platform, with the reason: the catalog lists them so that
 * the coverage test accounts for every signal, and docs/runbooks/alarms.md says what to check instead.
 */
export const UNMEASURED_SIGNALS = {
  'postgres-replication-lag': {
    area: 'database',
    reason:
      'the platform runs no read replica (AWS/RDS ReplicaLag exists only for replicas), and RDS publishes no CloudWatch metric for cross-Region automated backup replication; docs/runbooks/alarms.md#postgres-replication-lag checks the replicated restore window by command',
  },
} as const satisfies Record<string, { readonly area: SignalArea; readonly reason: string }>;

export type UnmeasuredSignalId = keyof typeof UNMEASURED_SIGNALS;

/** Where the runbook section of a signal lives, relative to the repository root. */
export function runbookPath(signal: SignalId | UnmeasuredSignalId): string {
  return `docs/runbooks/alarms.md#${signal}`;
}

/** `<project>-<env>-[<qualifier>-]<signal>`: the deterministic name of an alarm. */
export function alarmName(namePrefix: string, signal: SignalId, qualifier?: string): string {
  return qualifier ? `${namePrefix}-${qualifier}-${signal}` : `${namePrefix}-${signal}`;
}
