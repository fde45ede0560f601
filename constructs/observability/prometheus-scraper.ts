import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { NetworkPolicyV1, type NetworkPolicyV1SpecEgress } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type IrsaOidcProvider, IrsaRole } from '../compute/irsa-role';
import { type PinnedImage, imageReference } from '../kubernetes/images';
import { VAULT_CA_BUNDLE } from '../kubernetes/platform-names';
import { PlatformNamespace } from '../kubernetes/platform-namespace';
import { explainInvalidCidr, parseCidr } from '../network/cidr';
import { type KmsKey } from '../security/kms-key';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from './log-retention';
import {
  AGENT_CONFIG_DIR,
  PROMETHEUS_CONFIG_DIR,
  PROMETHEUS_CONFIG_FILE,
  type ScrapeJob,
  VAULT_CA_DIR,
  cloudWatchAgentConfig,
  prometheusConfig,
} from './prometheus-scrape-config';
import { SCRAPER_NAME, SCRAPER_NAMESPACE, SCRAPER_POD_LABELS } from './telemetry-names';

/** The agent runs as this unprivileged user (the image is built `FROM scratch` and defines none). */
export const SCRAPER_UID = 10001;
/** Directories the agent writes at start and while running (tool/paths: etc, logs, var), plus /tmp. */
const AGENT_WRITABLE_DIRS = { etc: '/opt/aws/amazon-cloudwatch-agent/etc', logs: '/opt/aws/amazon-cloudwatch-agent/logs', var: '/opt/aws/amazon-cloudwatch-agent/var', tmp: '/tmp' } as const;

export interface PrometheusScraperProps {
  /** kubernetes provider of the cluster (ClusterProviders). */
  readonly provider: KubernetesProvider;
  /** EKS cluster name: the `ClusterName` dimension of every metric and part of the log group name. */
  readonly clusterName: string;
  readonly region: string;
  /** IAM role name of the scraper (IRSA), e.g. `vaultplat-dev-tooling-prometheus`. */
  readonly roleName: string;
  /** The cluster's OIDC provider (IRSA trust). */
  readonly oidcProvider: IrsaOidcProvider;
  /** Customer-managed key of the telemetry log group; must grant CloudWatch Logs (`cloudWatchLogsGrant`). */
  readonly kmsKey: KmsKey;
  /** Retention of the telemetry log group (a CloudWatch Logs retention value). */
  readonly retentionDays: number;
  /** What to scrape (./prometheus-scrape-config.ts). */
  readonly jobs: readonly ScrapeJob[];
  /** Agent image, pinned. */
  readonly image: PinnedImage;
  /**
   * Ranges the agent reaches on 443: the cluster API (pod discovery) and the interface endpoints of CloudWatch Logs
   * and STS (IRSA), i.e. the private subnets of the cluster's VPC.
   */
  readonly httpsEgressCidrs: readonly string[];
  /** Pod Security admission version of the namespace, `v<major>.<minor>` (the cluster's Kubernetes version). */
  readonly podSecurityVersion: string;
  /** Objects that must exist first. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A CloudWatch agent that scrapes Prometheus endpoints inside one cluster and publishes the selected series as
 * CloudWatch metrics (embedded metric format into a KMS-encrypted log group with retention):
 * - namespace {@link SCRAPER_NAMESPACE} (Pod Security `restricted`), one Deployment replica, non-root, read-only root
 *   file system, every capability dropped;
 * - an IRSA role that may only create streams in and write to its own log group (no PutMetricData: EMF needs none);
 * - a Role per namespace it discovers pods in (`get`/`list`/`watch` pods only), never a ClusterRole;
 * - a default-deny network policy: egress only to DNS, to each job's pods on its port, and to `httpsEgressCidrs` on
 *   443. Nothing connects to the scraper.
 */
export class PrometheusScraper extends Construct {
  readonly namespace: PlatformNamespace;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IrsaRole;
  readonly deployment: DeploymentV1;
  /** `/aws/containerinsights/<cluster>/prometheus`, the agent's documented default location for EKS. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: PrometheusScraperProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.jobs.length === 0) problems.push('jobs: expected at least one scrape job');
    const names = props.jobs.map((job) => job.config.job_name);
    if (new Set(names).size !== names.length) problems.push(`jobs: job names must be unique, got ${names.join(', ')}`);
    if (!isLogRetentionDays(props.retentionDays)) problems.push(`retentionDays: ${LOG_RETENTION_EXPECTATION}, got ${props.retentionDays}`);
    if (props.httpsEgressCidrs.length === 0) problems.push('httpsEgressCidrs: expected the private subnets of the VPC (API server, CloudWatch Logs and STS endpoints), got none');
    for (const cidr of props.httpsEgressCidrs) {
      if (!Token.isUnresolved(cidr) && !parseCidr(cidr)) problems.push(`httpsEgressCidrs: ${explainInvalidCidr(cidr)}, got "${cidr}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const provider = props.provider;
    const dependsOn = props.dependsOn ?? [];
    this.logGroupName = `/aws/containerinsights/${props.clusterName}/prometheus`;
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: this.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKey.arn,
      tags: { Name: `${props.clusterName}-prometheus` },
    });
    this.role = new IrsaRole(this, 'role', {
      name: props.roleName,
      oidcProvider: props.oidcProvider,
      namespace: SCRAPER_NAMESPACE,
      serviceAccount: SCRAPER_NAME,
      description: `Prometheus scraper of ${props.clusterName}: writes embedded-metric-format events to ${this.logGroupName} only`,
      statements: [
        {
          Sid: 'WriteTelemetryLogGroupOnly',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.logGroup.arn, `${this.logGroup.arn}:log-stream:*`],
        },
      ],
    });

    this.namespace = new PlatformNamespace(this, 'namespace', { name: SCRAPER_NAMESPACE, provider, podSecurityVersion: props.podSecurityVersion });
    const inNamespace = [this.namespace.namespace, ...dependsOn];
    const labels = { ...SCRAPER_POD_LABELS, 'app.kubernetes.io/managed-by': 'terraform' };
    const metadata = (name: string) => ({ name, namespace: SCRAPER_NAMESPACE, labels });

    const serviceAccount = new ServiceAccountV1(this, 'service-account', {
      provider,
      metadata: { ...metadata(SCRAPER_NAME), annotations: { 'eks.amazonaws.com/role-arn': this.role.arn } },
      // No pod gets this account's token by default (VP-K8S-8); the scraper pod asks for it itself (below).
      automountServiceAccountToken: false,
      dependsOn: inNamespace,
    });

    const discovery = [...new Set(props.jobs.flatMap((job) => job.podDiscoveryNamespaces))].sort();
    const bindings = discovery.map((namespace) => {
      const role = new RoleV1(this, `pod-discovery-${namespace}`, {
        provider,
        metadata: { name: `${SCRAPER_NAME}-pod-discovery`, namespace, labels },
        rule: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
        dependsOn,
      });
      return new RoleBindingV1(this, `pod-discovery-binding-${namespace}`, {
        provider,
        metadata: { name: `${SCRAPER_NAME}-pod-discovery`, namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
        subject: [{ kind: 'ServiceAccount', name: SCRAPER_NAME, namespace: SCRAPER_NAMESPACE }],
        dependsOn: [role, serviceAccount],
      });
    });

    const agentConfig = new ConfigMapV1(this, 'agent-config', {
      provider,
      metadata: metadata(`${SCRAPER_NAME}-agent`),
      data: {
        'cwagentconfig.json': JSON.stringify(
          cloudWatchAgentConfig({ clusterName: props.clusterName, region: props.region, logGroupName: this.logGroupName, jobs: props.jobs }),
          null,
          2,
        ),
      },
      dependsOn: inNamespace,
    });
    const scrapeConfig = new ConfigMapV1(this, 'prometheus-config', {
      provider,
      metadata: metadata(`${SCRAPER_NAME}-prometheus`),
      data: { [PROMETHEUS_CONFIG_FILE]: stringify(prometheusConfig(props.jobs), { aliasDuplicateObjects: false }) },
      dependsOn: inNamespace,
    });

    const needsVaultCa = props.jobs.some((job) => job.needsVaultCa);
    const restricted = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    this.deployment = new DeploymentV1(this, 'deployment', {
      provider,
      metadata: metadata(SCRAPER_NAME),
      spec: {
        // One replica: two would scrape and publish every series twice.
        replicas: '1',
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...SCRAPER_POD_LABELS } },
        template: {
          metadata: {
            labels,
            // Restart the agent when its configuration changes (ConfigMaps are read at start).
            annotations: { 'checksum/config': `${agentConfig.metadata.resourceVersion}-${scrapeConfig.metadata.resourceVersion}` },
          },
          spec: {
            serviceAccountName: SCRAPER_NAME,
            // Pod discovery (kubernetes_sd_configs) reads the API with this account's token: this pod, and only it,
            // mounts one (the pod setting overrides the account's `false`).
            automountServiceAccountToken: true,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(SCRAPER_UID),
              runAsGroup: String(SCRAPER_UID),
              fsGroup: String(SCRAPER_UID),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'cloudwatch-agent',
                image: imageReference(props.image),
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'AWS_REGION', value: props.region },
                  { name: 'HOME', value: AGENT_WRITABLE_DIRS.tmp },
                ],
                resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: restricted,
                volumeMount: [
                  { name: 'agent-config', mountPath: AGENT_CONFIG_DIR, readOnly: true },
                  { name: 'prometheus-config', mountPath: PROMETHEUS_CONFIG_DIR, readOnly: true },
                  ...(needsVaultCa ? [{ name: 'vault-ca', mountPath: VAULT_CA_DIR, readOnly: true }] : []),
                  ...Object.keys(AGENT_WRITABLE_DIRS).map((dir) => ({ name: `writable-${dir}`, mountPath: AGENT_WRITABLE_DIRS[dir as keyof typeof AGENT_WRITABLE_DIRS] })),
                ],
              },
            ],
            volume: [
              { name: 'agent-config', configMap: { name: agentConfig.metadata.name, defaultMode: '0444' } },
              { name: 'prometheus-config', configMap: { name: scrapeConfig.metadata.name, defaultMode: '0444' } },
              ...(needsVaultCa ? [{ name: 'vault-ca', configMap: { name: VAULT_CA_BUNDLE.name, defaultMode: '0444' } }] : []),
              ...Object.keys(AGENT_WRITABLE_DIRS).map((dir) => ({ name: `writable-${dir}`, emptyDir: { sizeLimit: '64Mi' } })),
            ],
          },
        },
      },
      waitForRollout: true,
      dependsOn: [serviceAccount, agentConfig, scrapeConfig, ...bindings],
    });

    const peerEgress: NetworkPolicyV1SpecEgress[] = props.jobs.map((job) => ({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': job.peer.namespace } }, podSelector: { matchLabels: { ...job.peer.podLabels } } }],
      ports: [{ port: String(job.peer.port), protocol: 'TCP' }],
    }));
    new NetworkPolicyV1(this, 'network-policy', {
      provider,
      metadata: metadata(SCRAPER_NAME),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: '53', protocol: 'UDP' },
              { port: '53', protocol: 'TCP' },
            ],
          },
          ...peerEgress,
          { to: props.httpsEgressCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: '443', protocol: 'TCP' }] },
        ],
      },
      dependsOn: inNamespace,
    });
  }
}
