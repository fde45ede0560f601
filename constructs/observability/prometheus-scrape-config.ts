import { PLATFORM_NAMESPACES } from '../kubernetes/platform-namespaces';
import { VAULT_CA_BUNDLE } from '../kubernetes/platform-names';
import {
  VAULT_INTERNAL_SERVICE,
  VAULT_METRICS_PORT,
  VAULT_NAMESPACE,
  VAULT_SERVER_POD_LABELS,
  VAULT_SERVICE,
  vaultPeerHostnames,
} from '../vault-server/vault-server-names';
import { CLUSTER_DIMENSION, ESO_METRICS, PROMETHEUS_METRIC_NAMESPACE, SCRAPE_INTERVAL_SECONDS, VAULT_METRICS } from './telemetry-names';

/**
 * What the Prometheus scraper of a cluster collects, as pure functions (tested without a cluster):
 * - the Prometheus scrape configuration (standard `scrape_config`, which the CloudWatch agent embeds: Prometheus
 *   v0.300.1 in aws/amazon-cloudwatch-agent v1.300063.0 go.mod), one job per source;
 * - the CloudWatch agent configuration (`logs.metrics_collected.prometheus`), whose embedded-metric-format
 *   declarations turn the selected series into CloudWatch metrics under {@link PROMETHEUS_METRIC_NAMESPACE} with the
 *   single dimension {@link CLUSTER_DIMENSION}. Counters arrive as the delta since the previous scrape (the agent
 *   converts them: "Prometheus metric type conversion by the CloudWatch agent", CloudWatch user guide).
 *
 * Every job keeps only the series an alarm or a graph uses (`metric_relabel_configs`), so the log group receives a
 * handful of events per scrape, not the whole exposition.
 */

/** Where the scraper mounts its configuration, and the CloudWatch agent image reads it (tool/paths: `/etc/cwagentconfig`). */
export const AGENT_CONFIG_DIR = '/etc/cwagentconfig';
export const PROMETHEUS_CONFIG_DIR = '/etc/prometheusconfig';
export const PROMETHEUS_CONFIG_FILE = 'prometheus.yaml';
/** The Vault CA (trust-manager ConfigMap `vault-ca`, key `ca.crt`) inside the scraper. */
export const VAULT_CA_DIR = '/etc/vault-ca';

/** A Prometheus `scrape_config` as this project writes it (field names as in the Prometheus configuration file). */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly scrape_interval: string;
  readonly scrape_timeout: string;
  readonly scheme?: 'http' | 'https';
  readonly metrics_path?: string;
  readonly params?: Readonly<Record<string, readonly string[]>>;
  readonly tls_config?: { readonly ca_file: string; readonly server_name: string };
  readonly static_configs?: readonly { readonly targets: readonly string[]; readonly labels?: Readonly<Record<string, string>> }[];
  readonly kubernetes_sd_configs?: readonly { readonly role: 'pod'; readonly namespaces: { readonly names: readonly string[] } }[];
  readonly relabel_configs?: readonly RelabelConfig[];
  readonly metric_relabel_configs?: readonly RelabelConfig[];
}

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly regex?: string;
  readonly action?: 'keep' | 'drop' | 'replace';
  readonly target_label?: string;
}

/** One source the scraper collects: its scrape job and what it needs from the cluster. */
export interface ScrapeJob {
  readonly config: ScrapeConfig;
  /** Series that become CloudWatch metrics (every other series is dropped before it is sent). */
  readonly metrics: readonly string[];
  /** Namespaces the scraper lists pods in (kubernetes_sd_configs): it gets a Role there. */
  readonly podDiscoveryNamespaces: readonly string[];
  /** The scraper must trust Vault's CA. */
  readonly needsVaultCa: boolean;
  /** The pods it connects to, for the scraper's egress network policy. */
  readonly peer: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
}

const interval = `${SCRAPE_INTERVAL_SECONDS}s`;
const keepOnly = (metrics: readonly string[]): RelabelConfig => ({ source_labels: ['__name__'], regex: metrics.join('|'), action: 'keep' });

/**
 * Vault: every server pod through its metrics listener ({@link VAULT_METRICS_PORT}, unauthenticated, TLS), addressed by
 * its stable name under the headless service (`vault-N.vault-internal.vault.svc`, resolvable while the pod is not
 * ready, so a sealed server is still scraped). All pods present the same certificate, which names `vault.vault.svc`.
 */
export function vaultScrapeJob(replicas: number): ScrapeJob {
  const metrics = [VAULT_METRICS.unsealed, VAULT_METRICS.auditFailures, VAULT_METRICS.leases];
  return {
    config: {
      job_name: 'vault',
      scrape_interval: interval,
      scrape_timeout: '10s',
      scheme: 'https',
      metrics_path: '/v1/sys/metrics',
      params: { format: ['prometheus'] },
      tls_config: { ca_file: `${VAULT_CA_DIR}/${VAULT_CA_BUNDLE.configMapKey}`, server_name: `${VAULT_SERVICE}.${VAULT_NAMESPACE}.svc` },
      static_configs: vaultPeerHostnames(replicas).map((host) => ({
        targets: [`${host}.${VAULT_NAMESPACE}.svc:${VAULT_METRICS_PORT}`],
        labels: { pod: host.slice(0, host.indexOf(`.${VAULT_INTERNAL_SERVICE}`)) },
      })),
      metric_relabel_configs: [keepOnly(metrics)],
    },
    metrics,
    podDiscoveryNamespaces: [],
    needsVaultCa: true,
    peer: { namespace: VAULT_NAMESPACE, podLabels: VAULT_SERVER_POD_LABELS, port: VAULT_METRICS_PORT },
  };
}

/**
 * Pod label and metrics port of the External Secrets controller, as the pinned chart external-secrets 2.9.0 renders
 * them by default (deploy/charts/external-secrets at the "release helm chart for 2.9.0" commit): selector label
 * `app.kubernetes.io/name: external-secrets` (templates/_helpers.tpl `external-secrets.selectorLabels`, no
 * nameOverride), container port `metrics` 8080 over plain HTTP (values `metrics.listen.port: 8080`,
 * `metrics.listen.secure.enabled: false`, `metrics.listen.auth.enabled: false`; templates/deployment.yaml), and no
 * metrics Service (`metrics.service.enabled: false`): the scraper discovers the pods itself.
 */
export const ESO_CONTROLLER = { podLabel: { 'app.kubernetes.io/name': 'external-secrets' }, portName: 'metrics', port: 8080 } as const;

/** External Secrets Operator: the controller pods of the `external-secrets` namespace, discovered through the API. */
export function externalSecretsScrapeJob(): ScrapeJob {
  const metrics = [ESO_METRICS.syncCalls, ESO_METRICS.syncErrors];
  const namespace = PLATFORM_NAMESPACES.externalSecrets;
  return {
    config: {
      job_name: 'external-secrets',
      scrape_interval: interval,
      scrape_timeout: '10s',
      scheme: 'http',
      metrics_path: '/metrics',
      kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [namespace] } }],
      relabel_configs: [
        { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: ESO_CONTROLLER.podLabel['app.kubernetes.io/name'], action: 'keep' },
        { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: ESO_CONTROLLER.portName, action: 'keep' },
        { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod', action: 'replace' },
      ],
      metric_relabel_configs: [keepOnly(metrics)],
    },
    metrics,
    podDiscoveryNamespaces: [namespace],
    needsVaultCa: false,
    peer: { namespace, podLabels: ESO_CONTROLLER.podLabel, port: ESO_CONTROLLER.port },
  };
}

/** The Prometheus configuration file of the scraper. */
export function prometheusConfig(jobs: readonly ScrapeJob[]): { global: { scrape_interval: string; scrape_timeout: string }; scrape_configs: ScrapeConfig[] } {
  return { global: { scrape_interval: interval, scrape_timeout: '10s' }, scrape_configs: jobs.map((job) => job.config) };
}

export interface AgentConfigInput {
  readonly clusterName: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly jobs: readonly ScrapeJob[];
}

/** The CloudWatch agent configuration (JSON) of the scraper. */
export function cloudWatchAgentConfig(input: AgentConfigInput): Record<string, unknown> {
  return {
    agent: { region: input.region, debug: false },
    logs: {
      metrics_collected: {
        prometheus: {
          cluster_name: input.clusterName,
          log_group_name: input.logGroupName,
          prometheus_config_path: `${PROMETHEUS_CONFIG_DIR}/${PROMETHEUS_CONFIG_FILE}`,
          emf_processor: {
            metric_declaration_dedup: true,
            metric_namespace: PROMETHEUS_METRIC_NAMESPACE,
            metric_declaration: input.jobs.map((job) => ({
              source_labels: ['job'],
              label_matcher: `^${job.config.job_name}$`,
              dimensions: [[CLUSTER_DIMENSION]],
              metric_selectors: job.metrics.map((metric) => `^${metric}$`),
            })),
          },
        },
      },
      force_flush_interval: 5,
    },
  };
}
