import { PLATFORM_NAMESPACES } from '../kubernetes/platform-namespaces';

/**
 * Names shared by the Prometheus scrape path (constructs/observability/prometheus-scraper.ts), the alarms on the
 * scraped metrics (stacks/signal-catalog.ts) and the Vault network policy that admits the scraper
 * (constructs/vault-server/vault-network-policies.ts). One place, so the alarm, the scraper and the policy cannot
 * drift apart.
 */

/** CloudWatch namespace the scraper's embedded-metric-format log events publish into. */
export const PROMETHEUS_METRIC_NAMESPACE = 'VaultPlatform/Prometheus';

/** The dimension every scraped metric carries (the agent's `cluster_name`): the EKS cluster name. */
export const CLUSTER_DIMENSION = 'ClusterName';

/** Namespace of the scraper on each cluster. */
export const SCRAPER_NAMESPACE = PLATFORM_NAMESPACES.prometheusScraper;

/** Name of the scraper's Deployment, service account and `app.kubernetes.io/name` label. */
export const SCRAPER_NAME = 'cloudwatch-prometheus';

/** Labels of the scraper pods: the Vault network policy admits exactly these to the metrics listener. */
export const SCRAPER_POD_LABELS = { 'app.kubernetes.io/name': SCRAPER_NAME, 'app.kubernetes.io/component': 'metrics-scraper' } as const;

/**
 * Vault metrics the platform alarms on or graphs (Vault telemetry, `/v1/sys/metrics?format=prometheus`, names as the
 * Prometheus sink renders them: dots become underscores, `disable_hostname = true`).
 * - `vault_core_unsealed` gauge, set on every node every second, 0 from process start until unsealed
 *   (hashicorp/vault vault/core.go NewCore, vault/core_metrics.go metricsLoop);
 * - `vault_audit_log_request_failure` counter of failed audit writes;
 * - `vault_expire_num_leases` gauge of leases, emitted by the active node only (core_metrics.go).
 */
export const VAULT_METRICS = {
  unsealed: 'vault_core_unsealed',
  auditFailures: 'vault_audit_log_request_failure',
  leases: 'vault_expire_num_leases',
} as const;

/**
 * External Secrets Operator metrics (external-secrets v2.9.0 pkg/controllers/externalsecret/esmetrics/esmetrics.go:
 * subsystem `externalsecret`, counters `sync_calls_total` and `sync_calls_error`).
 */
export const ESO_METRICS = {
  syncCalls: 'externalsecret_sync_calls_total',
  syncErrors: 'externalsecret_sync_calls_error',
} as const;

/** Scrape interval of every job, in seconds: alarms on scraped metrics use periods of at least this. */
export const SCRAPE_INTERVAL_SECONDS = 60;
