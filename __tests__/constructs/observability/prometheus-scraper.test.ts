import Ajv from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { parse as parseYaml } from 'yaml';
import { ClusterOidcProvider } from '../../../constructs/compute/cluster-oidc-provider';
import { IMAGES } from '../../../constructs/kubernetes/images';
import { CLOUDWATCH_AGENT_CONFIG_SCHEMA } from '../../../constructs/observability/cloudwatch-agent-config-contract';
import { PrometheusScraper, type PrometheusScraperProps } from '../../../constructs/observability/prometheus-scraper';
import {
  ESO_CONTROLLER,
  cloudWatchAgentConfig,
  externalSecretsScrapeJob,
  prometheusConfig,
  vaultScrapeJob,
} from '../../../constructs/observability/prometheus-scrape-config';
import { ESO_METRICS, VAULT_METRICS } from '../../../constructs/observability/telemetry-names';
import { KmsKey } from '../../../constructs/security/kms-key';
import { vaultServerNames } from '../../../constructs/vault-server/vault-server-tls';
import { type TerraformJson, resourceAt, resourcesOf, synthStack } from '../../helpers';
import { kubernetesTestStack, validateModel } from '../kubernetes/kubernetes-fixture';

const validateAgentConfig = new Ajv({ allErrors: true }).compile(CLOUDWATCH_AGENT_CONFIG_SCHEMA);

/** Plural Kubernetes API names of the provider's repeated blocks. */
const BLOCK_NAMES: Record<string, string> = {
  container: 'containers',
  init_container: 'initContainers',
  volume: 'volumes',
  volume_mount: 'volumeMounts',
  port: 'ports',
  rule: 'rules',
  subject: 'subjects',
  egress: 'egress',
  ingress: 'ingress',
};
const NUMERIC = new Set(['replicas', 'runAsUser', 'runAsGroup', 'fsGroup']);

/** The Kubernetes API object a `kubernetes_*_v1` resource's synthesized spec describes (snake_case blocks -> API). */
function apiShape(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => apiShape(v, key));
  if (value === null || typeof value !== 'object') {
    if (key === 'defaultMode' && typeof value === 'string') return parseInt(value, 8);
    if (NUMERIC.has(key) && typeof value === 'string') return Number(value);
    if (key === 'port' && typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
    return value;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const name = BLOCK_NAMES[k] ?? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      return [name, apiShape(v, name === 'ports' ? 'ports' : name)];
    }),
  );
}

function build(overrides: Partial<PrometheusScraperProps> = {}): TerraformJson {
  const { stack, kubernetes } = kubernetesTestStack();
  const kmsKey = new KmsKey(stack, 'key', { alias: 'telemetry', description: 'test' });
  const oidcProvider = new ClusterOidcProvider(stack, 'oidc', { issuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X', name: 'x' });
  new PrometheusScraper(stack, 'scraper', {
    provider: kubernetes,
    clusterName: 'vaultplat-dev-tooling',
    region: 'eu-west-1',
    roleName: 'vaultplat-dev-tooling-prometheus',
    oidcProvider,
    kmsKey,
    retentionDays: 14,
    jobs: [vaultScrapeJob(3), externalSecretsScrapeJob()],
    image: IMAGES.cloudwatchAgent,
    httpsEgressCidrs: ['10.10.0.0/20', '10.10.16.0/20'],
    podSecurityVersion: 'v1.35',
    ...overrides,
  });
  return synthStack(stack);
}

describe('Prometheus scrape configuration', () => {
  it('scrapes every Vault server by its stable peer name on the metrics listener, over TLS with a name the certificate carries', () => {
    const job = vaultScrapeJob(3).config;
    expect(job).toMatchObject({ scheme: 'https', metrics_path: '/v1/sys/metrics', params: { format: ['prometheus'] }, tls_config: { ca_file: '/etc/vault-ca/ca.crt', server_name: 'vault.vault.svc' } });
    expect(job.static_configs).toEqual([
      { targets: ['vault-0.vault-internal.vault.svc:8202'], labels: { pod: 'vault-0' } },
      { targets: ['vault-1.vault-internal.vault.svc:8202'], labels: { pod: 'vault-1' } },
      { targets: ['vault-2.vault-internal.vault.svc:8202'], labels: { pod: 'vault-2' } },
    ]);
    expect(vaultServerNames('vault.prod.vault.internal', 3).dnsNames).toContain(job.tls_config?.server_name);
    expect(job.metric_relabel_configs).toEqual([{ source_labels: ['__name__'], regex: Object.values(VAULT_METRICS).join('|'), action: 'keep' }]);
  });

  it('discovers the External Secrets controller pods as chart 2.9.0 labels them, on their metrics port, and keeps only the sync counters', () => {
    const job = externalSecretsScrapeJob();
    expect(job.podDiscoveryNamespaces).toEqual(['external-secrets']);
    expect(job.config.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['external-secrets'] } }]);
    expect(job.config.relabel_configs?.slice(0, 2)).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'external-secrets', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'metrics', action: 'keep' },
    ]);
    expect(job.peer).toEqual({ namespace: 'external-secrets', podLabels: ESO_CONTROLLER.podLabel, port: 8080 });
    expect(job.metrics).toEqual([ESO_METRICS.syncCalls, ESO_METRICS.syncErrors]);
  });

  it('writes a CloudWatch agent configuration the agent schema (v1.300063.0) accepts, one EMF declaration per job on ClusterName', () => {
    const config = cloudWatchAgentConfig({ clusterName: 'c', region: 'eu-west-1', logGroupName: '/aws/containerinsights/c/prometheus', jobs: [vaultScrapeJob(1), externalSecretsScrapeJob()] });
    expect(validateAgentConfig(config)).toBe(true);
    const prometheus = (config.logs as TerraformJson).metrics_collected.prometheus;
    expect(prometheus.emf_processor.metric_namespace).toBe('VaultPlatform/Prometheus');
    expect(prometheus.emf_processor.metric_declaration).toEqual([
      { source_labels: ['job'], label_matcher: '^vault$', dimensions: [['ClusterName']], metric_selectors: ['^vault_core_unsealed$', '^vault_audit_log_request_failure$', '^vault_expire_num_leases$'] },
      { source_labels: ['job'], label_matcher: '^external-secrets$', dimensions: [['ClusterName']], metric_selectors: ['^externalsecret_sync_calls_total$', '^externalsecret_sync_calls_error$'] },
    ]);
    // The contract can fail: a misspelt key of the prometheus section is rejected, as the agent's schema does.
    const misspelt = structuredClone(config) as TerraformJson;
    misspelt.logs.metrics_collected.prometheus.emf_procesor = {};
    expect(validateAgentConfig(misspelt)).toBe(false);
  });

  it('writes the Prometheus file with a global scrape interval of a minute', () => {
    expect(prometheusConfig([vaultScrapeJob(1)])).toEqual({ global: { scrape_interval: '60s', scrape_timeout: '10s' }, scrape_configs: [vaultScrapeJob(1).config] });
  });
});

describe('PrometheusScraper', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = build();
  });

  it('creates a restricted namespace and a one-replica Deployment that Kubernetes accepts, non-root with a read-only root file system', () => {
    const namespace = resourceAt(json, 'kubernetes_namespace_v1', 'scraper/namespace/namespace');
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.35' });
    const deployment = resourceAt(json, 'kubernetes_deployment_v1', 'scraper/deployment');
    const api = apiShape({ metadata: deployment.metadata, spec: deployment.spec }) as TerraformJson;
    expect(() => validateModel(new Deployment(api as never))).not.toThrow();
    expect(api.spec.replicas).toBe(1);
    const pod = api.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers;
    expect(container.image).toBe('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300063.0b1323');
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.volumeMounts.map((m: TerraformJson) => m.mountPath).sort()).toEqual([
      '/etc/cwagentconfig',
      '/etc/prometheusconfig',
      '/etc/vault-ca',
      '/opt/aws/amazon-cloudwatch-agent/etc',
      '/opt/aws/amazon-cloudwatch-agent/logs',
      '/opt/aws/amazon-cloudwatch-agent/var',
      '/tmp',
    ]);
  });

  it('mounts the Vault CA only where it scrapes Vault', () => {
    const withoutVault = build({ jobs: [externalSecretsScrapeJob()] });
    const mounts = resourceAt(withoutVault, 'kubernetes_deployment_v1', 'scraper/deployment').spec.template.spec.container[0].volume_mount.map((m: TerraformJson) => m.mount_path);
    expect(mounts).not.toContain('/etc/vault-ca');
  });

  it('writes its configuration files from the scrape jobs: agent JSON valid against the contract, Prometheus YAML', () => {
    const agent = JSON.parse(resourceAt(json, 'kubernetes_config_map_v1', 'scraper/agent-config').data['cwagentconfig.json']);
    expect(validateAgentConfig(agent)).toBe(true);
    expect(agent.logs.metrics_collected.prometheus).toMatchObject({ cluster_name: 'vaultplat-dev-tooling', log_group_name: '/aws/containerinsights/vaultplat-dev-tooling/prometheus' });
    const scrape = parseYaml(resourceAt(json, 'kubernetes_config_map_v1', 'scraper/prometheus-config').data['prometheus.yaml']);
    expect(scrape).toEqual(JSON.parse(JSON.stringify(prometheusConfig([vaultScrapeJob(3), externalSecretsScrapeJob()]))));
  });

  it('writes to its own KMS-encrypted log group with retention, through an IRSA role limited to that group', () => {
    const group = resourceAt(json, 'aws_cloudwatch_log_group', 'scraper/log-group');
    expect(group).toMatchObject({ name: '/aws/containerinsights/vaultplat-dev-tooling/prometheus', retention_in_days: 14, kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/) });
    const policy = JSON.parse(resourceAt(json, 'aws_iam_role_policy', 'scraper/role/inline-policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'WriteTelemetryLogGroupOnly',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.scraper_log-group_[0-9A-F]{8}\.arn\}$/), expect.stringMatching(/:log-stream:\*$/)],
      },
    ]);
    const account = resourceAt(json, 'kubernetes_service_account_v1', 'scraper/service-account');
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^\$\{aws_iam_role\.scraper_role_[0-9A-F]{8}\.arn\}$/);
  });

  it('may list pods only in the namespaces it discovers, through a Role (never a ClusterRole)', () => {
    expect(resourcesOf(json, 'kubernetes_cluster_role_v1')).toEqual({});
    const role = resourceAt(json, 'kubernetes_role_v1', 'scraper/pod-discovery-external-secrets');
    expect(() => validateModel(new Role(apiShape({ metadata: role.metadata, rules: role.rule }) as never))).not.toThrow();
    expect(role.metadata.namespace).toBe('external-secrets');
    expect(role.rule).toEqual([{ api_groups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(resourceAt(json, 'kubernetes_role_binding_v1', 'scraper/pod-discovery-binding-external-secrets').subject).toEqual([
      { kind: 'ServiceAccount', name: 'cloudwatch-prometheus', namespace: 'cloudwatch-prometheus' },
    ]);
  });

  it('admits nothing and reaches only DNS, each job on its port and the VPC on 443 (a valid NetworkPolicy)', () => {
    const policy = resourceAt(json, 'kubernetes_network_policy_v1', 'scraper/network-policy');
    expect(() => validateModel(new NetworkPolicy(apiShape({ metadata: policy.metadata, spec: policy.spec }) as never))).not.toThrow();
    expect(policy.spec.policy_types).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toBeUndefined();
    const egress = policy.spec.egress.map((rule: TerraformJson) => rule.ports.map((p: TerraformJson) => p.port).join(','));
    expect(egress).toEqual(['53,53', '8202', '8080', '443']);
    expect(policy.spec.egress[3].to).toEqual([{ ip_block: { cidr: '10.10.0.0/20' } }, { ip_block: { cidr: '10.10.16.0/20' } }]);
  });

  it('fails on no job, repeated job names, a retention CloudWatch does not offer and no egress range, reporting all', () => {
    expect(() => build({ jobs: [], retentionDays: 10, httpsEgressCidrs: [] })).toThrow(
      'test/scraper: jobs: expected at least one scrape job; retentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10; ' +
        'httpsEgressCidrs: expected the private subnets of the VPC (API server, CloudWatch Logs and STS endpoints), got none',
    );
    expect(() => build({ jobs: [vaultScrapeJob(1), vaultScrapeJob(3)] })).toThrow('test/scraper: jobs: job names must be unique, got vault, vault');
  });
});
