import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { IMAGES } from '../constructs/kubernetes/images';
import { ClusterProviders } from '../constructs/kubernetes/cluster-providers';
import { dashboardBody } from '../constructs/observability/dashboard-body';
import { PrometheusScraper } from '../constructs/observability/prometheus-scraper';
import { type ScrapeJob, externalSecretsScrapeJob, vaultScrapeJob } from '../constructs/observability/prometheus-scrape-config';
import { SignalAlarms } from '../constructs/observability/signal-alarms';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type ClusterRole } from '../environments/clusters-schema';
import { telemetryRetentionDays } from '../environments/observability-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { type ClusterStack } from './cluster-stack';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { type SignalCatalog, alarmsOwnedBy, clustersWithSecretDelivery, signalCatalog } from './signal-catalog';

export interface ObservabilityStackProps extends PlatformStackProps {
  /** The alarm topic and the VPCs' private subnets (the scrapers' egress). */
  readonly network: NetworkStack;
  /** Both clusters: the scrapers run in them (providers, IRSA OIDC providers). */
  readonly clusters: { readonly tooling: ClusterStack; readonly application: ClusterStack };
}

/** `<project>-<env>-platform`: the environment's dashboard. */
export function dashboardName(env: EnvironmentConfig): string {
  return `${env.project}-${env.name}-platform`;
}

/** What each cluster's scraper collects: Vault on the tooling cluster, External Secrets wherever services run. */
export function scrapeJobs(env: EnvironmentConfig, role: ClusterRole): ScrapeJob[] {
  return [...(role === 'tooling' ? [vaultScrapeJob(env.vaultServer.replicas)] : []), ...(clustersWithSecretDelivery().includes(role) ? [externalSecretsScrapeJob()] : [])];
}

/**
 * `observability-<env>` (docs/observability.md): the telemetry the platform's own stacks cannot produce, and the view
 * over everything:
 * - on each cluster, a CloudWatch agent that scrapes Vault's telemetry (tooling) and External Secrets (every cluster
 *   running declared services) into CloudWatch metrics, with its KMS-encrypted log group and IRSA role;
 * - the alarms on those metrics (Vault sealed, audit failures, lease growth; ESO sync errors), which this stack owns
 *   because it owns the pipeline that produces them;
 * - the environment's dashboard, generated from the same signal catalog as every alarm of every stack. It names
 *   alarms by their deterministic ARNs and reads no other stack's state for a resource ID (and never `vpn-<env>`'s).
 *
 * Planned last: the alarms it shows exist by then, Vault runs, and External Secrets' namespace exists.
 */
export class ObservabilityStack extends PlatformStack {
  readonly catalog: SignalCatalog;
  readonly telemetryKey: KmsKey;
  readonly scrapers: Partial<Record<ClusterRole, PrometheusScraper>>;
  readonly alarms: SignalAlarms;
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, props: ObservabilityStackProps) {
    super(scope, 'observability', props);
    const env = props.environment;
    const context = AwsContext.of(this);
    this.catalog = signalCatalog(env);

    this.telemetryKey = new KmsKey(this, 'telemetry-key', {
      alias: `${this.namePrefix}-telemetry`,
      description: `${this.namePrefix}: Prometheus telemetry scraped into CloudWatch`,
      serviceGrants: [cloudWatchLogsGrant(context)],
    });

    const scrapers: Partial<Record<ClusterRole, PrometheusScraper>> = {};
    for (const role of ['tooling', 'application'] as const) {
      const jobs = scrapeJobs(env, role);
      if (jobs.length === 0) continue;
      const cluster = props.clusters[role];
      const network = props.network[role];
      const providers = new ClusterProviders(this, `${role}-cluster`, { cluster, alias: role, helm: false });
      scrapers[role] = new PrometheusScraper(this, `${role}-scraper`, {
        provider: providers.kubernetes,
        clusterName: cluster.clusterName,
        region: env.aws.region,
        roleName: `${this.namePrefix}-${role}-prometheus`,
        oidcProvider: cluster.cluster.oidcProvider,
        kmsKey: this.telemetryKey,
        retentionDays: telemetryRetentionDays(env.tier, env.observability),
        jobs,
        image: IMAGES.cloudwatchAgent,
        httpsEgressCidrs: network.availabilityZones.map((az) => network.subnetCidrs[az].private),
        podSecurityVersion: `v${env.clusters[role].kubernetesVersion}`,
      });
    }
    this.scrapers = scrapers;

    this.alarms = new SignalAlarms(this, 'alarms', { topicArn: props.network.alarmTopic.arn, specs: alarmsOwnedBy(this.catalog, 'observability') });

    const alarmArn = (name: string) => `arn:${context.partition}:cloudwatch:${env.aws.region}:${context.accountId}:alarm:${name}`;
    const body = dashboardBody({
      title: `${this.namePrefix}: platform health`,
      region: env.aws.region,
      alarms: this.catalog.alarms.map((alarm) => ({ name: alarm.name, arn: alarmArn(alarm.name), title: alarm.title, area: alarm.area })),
      graphs: this.catalog.graphs,
      runbooksLink: `${env.observability?.runbookBaseUrl ?? ''}docs/runbooks/README.md`,
    });
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: dashboardName(env), dashboardBody: JSON.stringify(body) });

    new TerraformOutput(this, 'dashboard-name', { value: this.dashboard.dashboardName, description: 'CloudWatch dashboard of the environment' });
    new TerraformOutput(this, 'telemetry-log-groups', {
      value: Object.values(scrapers).map((scraper) => scraper.logGroupName),
      description: 'Log groups of the scraped Prometheus telemetry (embedded metric format)',
    });
  }
}
