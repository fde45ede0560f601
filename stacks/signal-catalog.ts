import { type AlarmQuery, type AlarmSpec, type MetricStat } from '../constructs/observability/alarm-spec';
import { type DashboardGraph, type GraphMetric } from '../constructs/observability/dashboard-body';
import {
  type SignalId,
  type SignalOwner,
  UNMEASURED_SIGNALS,
  type UnmeasuredSignalId,
  alarmName,
  runbookPath,
  signalDefinition,
} from '../constructs/observability/signals';
import { CLUSTER_DIMENSION, ESO_METRICS, PROMETHEUS_METRIC_NAMESPACE, VAULT_METRICS } from '../constructs/observability/telemetry-names';
import { PLATFORM_NAMESPACES, platformPodNamespaces } from '../constructs/kubernetes/platform-namespaces';
import { estimatedMaxConnections, estimatedMemoryGib } from '../constructs/data/postgres-limits';
import { rejectedRecordsMetric } from '../constructs/network/vpc-flow-logs';
import { type ClusterRole } from '../environments/clusters-schema';
import { type SignalSettings, inapplicableSignals, signalSettings } from '../environments/observability-schema';
import { type EnvironmentConfig } from '../environments/schema';

/**
 * The signal catalog of one environment: every alarm (metric, statistic, period, threshold, comparison, missing-data
 * treatment, description with its runbook link, severity, owning stack) and every context graph of the dashboard, as
 * a pure function of the environment configuration. The owning stacks create the alarms from it and the
 * `observability-<env>` stack generates the dashboard from it, so the two cannot drift (docs/observability.md).
 */
export interface SignalCatalog {
  readonly environment: string;
  /** `<project>-<env>`: prefix of every alarm name. */
  readonly namePrefix: string;
  readonly region: string;
  readonly alarms: readonly AlarmSpec[];
  /** Graphs without an alarm that give the alarms context (request volume, VPN connections). */
  readonly graphs: readonly DashboardGraph[];
  /** Signals without an alarm in this environment, and why. */
  readonly notApplicable: readonly { readonly signal: SignalId | UnmeasuredSignalId; readonly reason: string }[];
}

const CLUSTER_ROLES: readonly ClusterRole[] = ['tooling', 'application'];

/** EKS cluster name of a role (EksCluster `name` in stacks/cluster-stack.ts). */
export function clusterName(env: EnvironmentConfig, role: ClusterRole): string {
  return `${env.project}-${env.name}-${role}`;
}

/** RDS instance identifier (stacks/data-stack.ts). */
export function databaseIdentifier(env: EnvironmentConfig): string {
  return `${env.project}-${env.name}-postgres`;
}

/** VPC names of the network stack (`<prefix>-tooling`, `<prefix>-application`). */
export function vpcName(env: EnvironmentConfig, role: ClusterRole): string {
  return `${env.project}-${env.name}-${role}`;
}

/** Availability zones holding a NAT gateway in each VPC (constructs/network/network.ts). */
export function natGatewayZones(env: EnvironmentConfig): readonly string[] {
  const zones = env.network.availabilityZones;
  return env.network.natGateways === 'single' ? zones.slice(0, 1) : zones;
}

/**
 * Clusters that run External Secrets: both, whichever clusters the declared services use today (the add-ons install
 * it on both, so a team's first service on a cluster changes only its service stack: docs/service-catalog.md).
 */
export function clustersWithSecretDelivery(): ClusterRole[] {
  return [...CLUSTER_ROLES];
}

/**
 * Raft quorum: a majority of the voters. With fewer healthy targets Vault cannot commit writes or elect a leader.
 */
export function raftQuorum(replicas: number): number {
  return Math.floor(replicas / 2) + 1;
}

/**
 * The Metrics Insights filter of one platform namespace of a cluster. The pod alarms watch each platform namespace
 * (platformPodNamespaces: kube-system, the add-ons', Vault's, the scrapers') on its own: Metrics Insights documents
 * only `=`, `!=` and `AND` in WHERE (awsdocs/amazon-cloudwatch-user-guide, doc_source/
 * cloudwatch-metrics-insights-querylanguage.md, "Supported operators"), so one query cannot name a set of namespaces,
 * and excluding the services' namespaces instead would make every new service namespace change the cluster stack.
 * Services have their own owners and alarms.
 */
export function platformPodsFilter(env: EnvironmentConfig, role: ClusterRole, namespace: string): string {
  return `${CLUSTER_DIMENSION} = '${clusterName(env, role)}' AND Namespace = '${namespace}'`;
}

const POD_SCHEMA = 'SCHEMA("ContainerInsights", ClusterName, FullPodName, Namespace, PodName)';

/** What runs in each platform namespace, for alarm descriptions. */
const PLATFORM_COMPONENTS: Readonly<Record<string, string>> = {
  'kube-system': 'an EKS add-on: CoreDNS, the VPC CNI, kube-proxy, the EBS CSI driver or the Pod Identity agent',
  [PLATFORM_NAMESPACES.vault]: 'Vault',
  [PLATFORM_NAMESPACES.externalSecrets]: 'External Secrets',
  [PLATFORM_NAMESPACES.certManager]: 'cert-manager',
  [PLATFORM_NAMESPACES.trustManager]: 'trust-manager',
  [PLATFORM_NAMESPACES.awsLoadBalancerController]: 'the AWS Load Balancer Controller',
  [PLATFORM_NAMESPACES.secretIdIssuer]: 'an AppRole secret-ID issuer',
  [PLATFORM_NAMESPACES.containerInsights]: 'Container Insights (the CloudWatch Observability add-on)',
  [PLATFORM_NAMESPACES.prometheusScraper]: 'the Prometheus scraper',
};

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

interface Instance {
  readonly signal: SignalId;
  readonly owner: SignalOwner;
  readonly qualifier?: string;
  /** Widget title suffix, e.g. the cluster or VPC. */
  readonly subject?: string;
  readonly query: AlarmQuery;
  readonly threshold: number;
  /** What it means, without the runbook link (added by the catalog). */
  readonly meaning: string;
  readonly settings?: SignalSettings;
}

const prometheus = (metricName: string, cluster: string, statistic: MetricStat['statistic']): GraphMetric => ({
  namespace: PROMETHEUS_METRIC_NAMESPACE,
  metricName,
  statistic,
  dimensions: { [CLUSTER_DIMENSION]: cluster },
});

const over = (settings: SignalSettings) => {
  const minutes = (settings.periodSeconds * settings.evaluationPeriods) / 60;
  const window = minutes >= 120 && minutes % 60 === 0 ? `${minutes / 60} hours` : minutes === 1 ? '1 minute' : `${minutes} minutes`;
  return settings.datapointsToAlarm === settings.evaluationPeriods
    ? `for ${window}`
    : `in ${settings.datapointsToAlarm} of ${settings.evaluationPeriods} periods of ${settings.periodSeconds} s`;
};

/** The catalog of `env` (validated). */
export function signalCatalog(env: EnvironmentConfig): SignalCatalog {
  const namePrefix = `${env.project}-${env.name}`;
  const settingsOf = (id: SignalId) => signalSettings(env.tier, env.observability, id);
  const thresholdOf = (id: SignalId): number => {
    const threshold = settingsOf(id).threshold;
    if (threshold === undefined) throw new Error(`${env.name}: signal ${id} has no configured threshold (OBSERVABILITY_DEFAULTS)`);
    return threshold;
  };
  const inapplicable = inapplicableSignals({ hasDatabase: env.database !== undefined, vaultReplicas: env.vaultServer.replicas });
  const instances: Instance[] = [];
  const graphs: DashboardGraph[] = [];
  const tooling = clusterName(env, 'tooling');

  // Vault.
  const replicas = env.vaultServer.replicas;
  const healthyHosts: AlarmQuery = { kind: 'metric', namespace: 'AWS/NetworkELB', metricName: 'HealthyHostCount', statistic: 'Minimum', dimensions: { TargetGroup: null, LoadBalancer: null } };
  if (!inapplicable['vault-healthy-targets-below-quorum']) {
    const quorum = raftQuorum(replicas);
    const s = settingsOf('vault-healthy-targets-below-quorum');
    instances.push({
      signal: 'vault-healthy-targets-below-quorum',
      owner: 'vault-access',
      query: healthyHosts,
      threshold: quorum,
      meaning: `Fewer than ${quorum} of ${replicas} Vault servers pass the load balancer's health check (unsealed, active or standby) ${over(s)}: raft has lost, or is one failure away from losing, the majority it needs to elect a leader and commit writes.`,
    });
  }
  {
    const s = settingsOf('vault-no-healthy-targets');
    instances.push({
      signal: 'vault-no-healthy-targets',
      owner: 'vault-access',
      query: healthyHosts,
      threshold: 1,
      meaning: `No Vault server passes the load balancer's health check ${over(s)}: Vault is down for every client (workloads, ESO, Terraform, people over the VPN).`,
    });
  }
  {
    const s = settingsOf('vault-sealed');
    instances.push({
      signal: 'vault-sealed',
      owner: 'observability',
      query: { kind: 'metric', ...prometheus(VAULT_METRICS.unsealed, tooling, 'Minimum') },
      threshold: 1,
      meaning: `A Vault server of ${tooling} reports itself sealed (${VAULT_METRICS.unsealed} = 0), or no server reports at all, ${over(s)}: a sealed server serves nothing and does not count toward quorum; no report means the telemetry path is broken.`,
    });
  }
  {
    const s = settingsOf('vault-audit-failures');
    const threshold = thresholdOf('vault-audit-failures');
    instances.push({
      signal: 'vault-audit-failures',
      owner: 'observability',
      query: { kind: 'metric', ...prometheus(VAULT_METRICS.auditFailures, tooling, 'Sum') },
      threshold,
      meaning: `More than ${threshold} failed audit-device writes (${VAULT_METRICS.auditFailures}) in ${s.periodSeconds} s: Vault refuses every request once no audit device can write.`,
    });
  }
  {
    const s = settingsOf('vault-leases-growing');
    const floor = thresholdOf('vault-leases-growing');
    instances.push({
      signal: 'vault-leases-growing',
      owner: 'observability',
      query: {
        kind: 'math',
        expression: `IF(leases >= ${floor} AND DIFF(leases) > 0, 1, 0)`,
        label: `leases >= ${floor} and growing`,
        metrics: { leases: prometheus(VAULT_METRICS.leases, tooling, 'Maximum') },
      },
      threshold: 1,
      meaning: `Vault holds at least ${floor} leases (${VAULT_METRICS.leases}) and the count grew in each of ${s.evaluationPeriods} periods of ${s.periodSeconds} s: leases are created faster than they expire or are revoked (a client not reusing credentials), which slows Vault and its restarts.`,
    });
  }
  {
    const interval = env.vaultServer.snapshots.intervalHours;
    const s = settingsOf('vault-snapshot-missing');
    instances.push({
      signal: 'vault-snapshot-missing',
      owner: 'vault-server',
      query: { kind: 'metric', namespace: 'AWS/S3', metricName: 'PutRequests', statistic: 'Sum', dimensions: { BucketName: null, FilterId: 'snapshots' } },
      threshold: 1,
      settings: { periodSeconds: interval * 3600, evaluationPeriods: s.evaluationPeriods, datapointsToAlarm: s.datapointsToAlarm },
      meaning: `No Vault raft snapshot reached the snapshot bucket under snapshots/ for ${s.evaluationPeriods * interval} hours (${s.evaluationPeriods} intervals of ${interval} h): the snapshot CronJob fails, so the newest restorable state is getting old.`,
    });
  }
  graphs.push({
    id: 'vault-leases',
    area: 'vault',
    title: 'Vault: leases (active node)',
    metrics: [{ ...prometheus(VAULT_METRICS.leases, tooling, 'Maximum') }],
    periodSeconds: 300,
  });

  // Clusters (Container Insights with enhanced observability, amazon-cloudwatch-observability add-on).
  for (const role of CLUSTER_ROLES) {
    const cluster = clusterName(env, role);
    const owner: SignalOwner = `cluster-${role}`;
    const node = (signal: 'node-cpu' | 'node-memory', metricName: string, what: string) => {
      const threshold = thresholdOf(signal);
      instances.push({
        signal,
        owner,
        qualifier: role,
        subject: cluster,
        query: { kind: 'metric', namespace: 'ContainerInsights', metricName, statistic: 'Maximum', dimensions: { ClusterName: cluster } },
        threshold,
        meaning: `The busiest node of ${cluster} uses more than ${threshold} % of its ${what} ${over(settingsOf(signal))}: pods will be throttled${signal === 'node-memory' ? ' or evicted' : ''} and new ones may not schedule.`,
      });
    };
    node('node-cpu', 'node_cpu_utilization', 'CPU');
    node('node-memory', 'node_memory_utilization', 'memory');
    const restarts = thresholdOf('pod-restarts');
    for (const namespace of platformPodNamespaces(role)) {
      const filter = platformPodsFilter(env, role, namespace);
      instances.push({
        signal: 'pod-restarts',
        owner,
        qualifier: `${role}-${namespace}`,
        subject: `${cluster} ${namespace}`,
        query: { kind: 'insights', query: `SELECT SUM(pod_number_of_container_restarts) FROM ${POD_SCHEMA} WHERE ${filter}`, label: `container restarts in ${namespace}` },
        threshold: restarts,
        meaning: `More than ${restarts} container restarts in the platform namespace ${namespace} of ${cluster} in ${settingsOf('pod-restarts').periodSeconds} s: a platform component crash-loops or is OOM-killed.`,
      });
      instances.push({
        signal: 'pods-not-ready',
        owner,
        qualifier: `${role}-${namespace}`,
        subject: `${cluster} ${namespace}`,
        query: { kind: 'insights', query: `SELECT MIN(pod_status_ready) FROM ${POD_SCHEMA} WHERE ${filter}`, label: `lowest readiness of the pods in ${namespace}` },
        threshold: 1,
        meaning: `A running pod in the platform namespace ${namespace} of ${cluster} has been not ready ${over(settingsOf('pods-not-ready'))}: the component behind it (${PLATFORM_COMPONENTS[namespace] ?? 'a platform component'}) is degraded.`,
      });
    }
  }

  // Secret delivery.
  for (const role of clustersWithSecretDelivery()) {
    const cluster = clusterName(env, role);
    const threshold = thresholdOf('eso-sync-errors');
    instances.push({
      signal: 'eso-sync-errors',
      owner: 'observability',
      qualifier: role,
      subject: cluster,
      query: { kind: 'metric', ...prometheus(ESO_METRICS.syncErrors, cluster, 'Sum') },
      threshold,
      meaning: `External Secrets on ${cluster} failed more than ${threshold} syncs (${ESO_METRICS.syncErrors}) in each of ${settingsOf('eso-sync-errors').evaluationPeriods} periods of ${settingsOf('eso-sync-errors').periodSeconds} s: Kubernetes Secrets of services are going stale, and new pods may not start.`,
    });
    graphs.push({
      id: `${role}-eso-sync-calls`,
      area: 'secret-delivery',
      title: `External Secrets: sync calls (${cluster})`,
      metrics: [{ ...prometheus(ESO_METRICS.syncCalls, cluster, 'Sum') }, { ...prometheus(ESO_METRICS.syncErrors, cluster, 'Sum') }],
      periodSeconds: 300,
    });
  }

  // Database.
  if (env.database) {
    const db = env.database;
    const identifier = databaseIdentifier(env);
    const rds = (metricName: string, statistic: MetricStat['statistic']): AlarmQuery => ({ kind: 'metric', namespace: 'AWS/RDS', metricName, statistic, dimensions: { DBInstanceIdentifier: identifier } });
    const cpu = db.alarms.cpuUtilizationPercent ?? 80;
    const freeStorageGb = db.alarms.freeStorageGb ?? Math.max(1, Math.ceil(db.allocatedStorageGb * 0.05));
    const memoryGib = estimatedMemoryGib(db.instanceClass);
    const freeMemoryMib = db.alarms.freeMemoryMib ?? (memoryGib === undefined ? undefined : Math.floor(memoryGib * 1024 * 0.1));
    const maxConnections = estimatedMaxConnections(db.instanceClass);
    const connections = db.alarms.connections ?? (maxConnections === undefined ? undefined : Math.floor(maxConnections * 0.8));
    if (freeMemoryMib === undefined || connections === undefined) {
      // checkDatabase reports this as a configuration problem; reaching it means the schema check was bypassed.
      throw new Error(`${env.name}.database.alarms: freeMemoryMib and connections are required for instance class ${db.instanceClass}`);
    }
    instances.push(
      {
        signal: 'postgres-cpu',
        owner: 'data',
        query: rds('CPUUtilization', 'Average'),
        threshold: cpu,
        meaning: `CPU of ${identifier} above ${cpu} % ${over(settingsOf('postgres-cpu'))}: a heavy query or an undersized class.`,
      },
      {
        signal: 'postgres-free-storage',
        owner: 'data',
        query: rds('FreeStorageSpace', 'Minimum'),
        threshold: freeStorageGb * GIB,
        meaning: `Free storage of ${identifier} below ${freeStorageGb} GiB: autoscaling is at its limit (maxAllocatedStorageGb ${db.maxAllocatedStorageGb} GiB) or cannot keep up.`,
      },
      {
        signal: 'postgres-free-memory',
        owner: 'data',
        query: rds('FreeableMemory', 'Minimum'),
        threshold: freeMemoryMib * MIB,
        meaning: `Freeable memory of ${identifier} below ${freeMemoryMib} MiB ${over(settingsOf('postgres-free-memory'))}: too many connections or large sorts; the instance starts swapping.`,
      },
      {
        signal: 'postgres-connections',
        owner: 'data',
        query: rds('DatabaseConnections', 'Maximum'),
        threshold: connections,
        meaning: `More than ${connections} connections to ${identifier} ${over(settingsOf('postgres-connections'))}: leaked connections or too many dynamic credentials in use.`,
      },
    );
  }

  // Network and VPN.
  for (const role of CLUSTER_ROLES) {
    const vpc = vpcName(env, role);
    const metric = rejectedRecordsMetric(vpc);
    const threshold = env.network.flowLogs.rejectedRecordsThreshold;
    const period = env.network.flowLogs.alarmPeriodSeconds;
    const s = settingsOf('rejected-traffic');
    instances.push({
      signal: 'rejected-traffic',
      owner: 'network',
      qualifier: role,
      subject: vpc,
      query: { kind: 'metric', namespace: metric.namespace, metricName: metric.metricName, statistic: 'Sum', dimensions: {} },
      threshold,
      settings: { periodSeconds: period, evaluationPeriods: s.evaluationPeriods, datapointsToAlarm: s.datapointsToAlarm },
      meaning: `More than ${threshold} rejected flow-log records in ${period} s in VPC ${vpc}: a misconfigured security group or network policy, or a scan.`,
    });
    for (const az of natGatewayZones(env)) {
      const nat = (signal: 'nat-port-allocation-errors' | 'nat-packets-dropped', metricName: string, meaning: (threshold: number) => string) => {
        const threshold = thresholdOf(signal);
        instances.push({
          signal,
          owner: 'network',
          qualifier: `${role}-${az}`,
          subject: `${vpc} ${az}`,
          query: { kind: 'metric', namespace: 'AWS/NATGateway', metricName, statistic: 'Sum', dimensions: { NatGatewayId: null } },
          threshold,
          meaning: meaning(threshold),
        });
      };
      nat('nat-port-allocation-errors', 'ErrorPortAllocation', (t) => `The NAT gateway of ${vpc} in ${az} could not allocate a source port more than ${t} times in ${settingsOf('nat-port-allocation-errors').periodSeconds} s: too many concurrent connections to one destination; connections from the private subnets fail.`);
      nat('nat-packets-dropped', 'PacketsDropCount', (t) => `The NAT gateway of ${vpc} in ${az} dropped more than ${t} packets per ${settingsOf('nat-packets-dropped').periodSeconds} s ${over(settingsOf('nat-packets-dropped'))}: the gateway is overloaded or degraded.`);
    }
  }
  {
    const failures = thresholdOf('vpn-authentication-failures');
    instances.push({
      signal: 'vpn-authentication-failures',
      owner: 'vpn',
      query: { kind: 'metric', namespace: 'AWS/ClientVPN', metricName: 'AuthenticationFailures', statistic: 'Sum', dimensions: { Endpoint: null } },
      threshold: failures,
      meaning: `More than ${failures} Client VPN connections failed authentication in ${settingsOf('vpn-authentication-failures').periodSeconds} s: revoked or expired client certificates in use, a profile of the wrong environment, or someone probing the endpoint.`,
    });
    const days = thresholdOf('vpn-crl-expiring');
    instances.push({
      signal: 'vpn-crl-expiring',
      owner: 'vpn',
      query: { kind: 'metric', namespace: 'AWS/ClientVPN', metricName: 'CrlDaysToExpiry', statistic: 'Minimum', dimensions: { Endpoint: null } },
      threshold: days,
      meaning: `The certificate revocation list imported into the Client VPN endpoint expires in less than ${days} days: once it expires, the endpoint refuses every client.`,
    });
  }
  graphs.push(
    {
      id: 'vpn-active-connections',
      area: 'network',
      title: 'Client VPN: active connections (every endpoint of the account and region)',
      search: `{AWS/ClientVPN,Endpoint} MetricName="ActiveConnectionsCount"`,
      statistic: 'Maximum',
      periodSeconds: 300,
    },
    {
      id: 'nat-bytes-out',
      area: 'network',
      title: 'NAT gateways: bytes out to destinations (every gateway of the account and region)',
      search: `{AWS/NATGateway,NatGatewayId} MetricName="BytesOutToDestination"`,
      statistic: 'Sum',
      periodSeconds: 300,
    },
  );

  const base = env.observability?.runbookBaseUrl ?? '';
  const alarms = instances.map((instance): AlarmSpec => {
    const definition = signalDefinition(instance.signal);
    const settings = instance.settings ?? settingsOf(instance.signal);
    const runbook = runbookPath(instance.signal);
    return {
      signal: instance.signal,
      name: alarmName(namePrefix, instance.signal, instance.qualifier),
      ...(instance.qualifier ? { qualifier: instance.qualifier } : {}),
      area: definition.area,
      owner: instance.owner,
      title: instance.subject ? `${definition.title} (${instance.subject})` : definition.title,
      severity: definition.severity,
      description: `[${definition.severity}] ${instance.meaning} Runbook: ${base}${runbook}`,
      runbook,
      query: instance.query,
      threshold: instance.threshold,
      comparison: definition.comparison,
      periodSeconds: settings.periodSeconds,
      evaluationPeriods: settings.evaluationPeriods,
      datapointsToAlarm: settings.datapointsToAlarm,
      treatMissingData: definition.treatMissingData,
    };
  });

  const notApplicable = [
    ...Object.entries(inapplicable).map(([signal, reason]) => ({ signal: signal as SignalId, reason: reason as string })),
    ...(Object.entries(UNMEASURED_SIGNALS) as [UnmeasuredSignalId, { reason: string }][])
      .filter(([signal]) => UNMEASURED_SIGNALS[signal].area !== 'database' || env.database !== undefined)
      .map(([signal, { reason }]) => ({ signal, reason })),
  ];
  return { environment: env.name, namePrefix, region: env.aws.region, alarms, graphs, notApplicable };
}

/** The alarms a stack kind creates. */
export function alarmsOwnedBy(catalog: SignalCatalog, owner: SignalOwner): AlarmSpec[] {
  return catalog.alarms.filter((alarm) => alarm.owner === owner);
}

/** One alarm of the catalog; throws when it does not exist (a stack asking for an alarm its environment lacks). */
export function catalogAlarm(catalog: SignalCatalog, signal: SignalId, qualifier?: string): AlarmSpec {
  const found = catalog.alarms.find((alarm) => alarm.signal === signal && alarm.qualifier === qualifier);
  if (!found) throw new Error(`${catalog.environment}: the signal catalog has no ${signal}${qualifier ? ` (${qualifier})` : ''} alarm`);
  return found;
}

