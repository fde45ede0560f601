import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbInstanceAutomatedBackupsReplication } from '@cdktf/provider-aws/lib/db-instance-automated-backups-replication';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { type AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { explainInvalidCidr, isPrivateCidr, parseCidr } from '../network/cidr';
import { type Network } from '../network/network';
import { type AlarmSpec, metricAlarmConfig } from '../observability/alarm-spec';
import { type KmsKey } from '../security/kms-key';
import { serviceTrustPolicy } from '../security/policy-document';
import {
  BACKUP_RETENTION_RANGE_DAYS,
  DATABASE_NAME_PATTERN,
  GP3_STORAGE_RANGE_GB,
  IDENTIFIER_PATTERN,
  INSTANCE_CLASS_PATTERN,
  MONITORING_INTERVALS_SECONDS,
  PERFORMANCE_INSIGHTS_RETENTION_TEXT,
  POSTGRES_ENGINE_VERSIONS,
  RESERVED_DATABASE_NAMES,
  isPerformanceInsightsRetention,
  majorVersionOf,
  minimumMaxAllocatedStorageGb,
} from './postgres-limits';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../observability/log-retention';

/** PostgreSQL's port; the only one the security group opens. */
export const POSTGRES_PORT = 5432;

/** Log types exported to CloudWatch Logs, each into a log group this construct owns. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
export type PostgresLogExport = (typeof POSTGRES_LOG_EXPORTS)[number];

/** Statement logging RDS may do; `all` is not offered (it would log every value written, secrets included). */
export type PostgresStatementLogging = 'none' | 'ddl' | 'mod';

export interface PostgresBackupReplicationProps {
  /**
   * An aliased AWS provider for the destination region: the replication resource is created in the region that
   * receives the backups.
   */
  readonly provider: AwsProvider;
  /** Customer-managed key in the destination region, created with `provider`. */
  readonly kmsKey: KmsKey;
  /** Days the replicated backups are kept. @default - the instance's `backupRetentionDays` */
  readonly retentionDays?: number;
}

export interface PostgresDatabaseProps {
  /**
   * DB instance identifier; also names the subnet group, security group, parameter group, monitoring role, log
   * groups, alarms and the final snapshot. 2-48 lower-case letters, digits or '-'. Changing it replaces the instance.
   */
  readonly identifier: string;
  /** The VPC the instance lives in; its isolated subnets (no route to or from the internet) hold the instance. */
  readonly network: Network;
  /**
   * Customer-managed key for storage, Performance Insights, the master user secret and the log groups. It must grant
   * CloudWatch Logs (`cloudWatchLogsGrant`); RDS and Secrets Manager use it through grants of the caller.
   */
  readonly kmsKey: KmsKey;
  /** Pinned `major.minor` engine version, one of `POSTGRES_ENGINE_VERSIONS`; minor upgrades are never automatic. */
  readonly engineVersion: string;
  /** Instance class, e.g. `db.t4g.small`. */
  readonly instanceClass: string;
  /** Initial gp3 storage in GiB. @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling limit in GiB, at least 10 % above `allocatedStorageGb`. @default - 5 x `allocatedStorageGb` */
  readonly maxAllocatedStorageGb?: number;
  /** Database created with the instance. @default 'app' */
  readonly databaseName?: string;
  /** Master user name; its password is generated and rotated by RDS in Secrets Manager. @default 'dbadmin' */
  readonly masterUsername?: string;
  /**
   * Security groups whose members may connect on 5432, by a stable name (part of the rule's Terraform address and
   * description), e.g. `{ 'application-nodes': sgId }`. @default - none
   */
  readonly allowedSecurityGroups?: Readonly<Record<string, string>>;
  /** Private CIDRs that may connect on 5432, by a stable name, e.g. `{ 'tooling-vpc': '10.10.0.0/16' }`. @default - none */
  readonly allowedCidrs?: Readonly<Record<string, string>>;
  /** A standby in a second AZ with automatic failover. @default true */
  readonly multiAz?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Take a snapshot named `<identifier>-final` when the instance is deleted. @default true */
  readonly finalSnapshot?: boolean;
  /** @default true */
  readonly copyTagsToSnapshot?: boolean;
  /** Days automated backups are kept, 1-35. @default 14 */
  readonly backupRetentionDays?: number;
  /** Daily backup window (UTC), `hh:mm-hh:mm`. @default '01:00-02:00' */
  readonly backupWindow?: string;
  /** Weekly maintenance window (UTC), `ddd:hh:mm-ddd:hh:mm`, not overlapping the backup window. @default 'sun:03:00-sun:04:00' */
  readonly maintenanceWindow?: string;
  /** Retention of the exported `postgresql` and `upgrade` logs (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
  /** Performance Insights retention: 7, a multiple of 31 up to 713, or 731 days. @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Enhanced Monitoring interval in seconds (1, 5, 10, 15, 30 or 60). @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** `log_statement`. @default 'none' - DDL logging would write the passwords of Vault's `CREATE ROLE` statements */
  readonly statementLogging?: PostgresStatementLogging;
  /** `log_min_duration_statement`: statements slower than this are logged with their duration. @default 1000 */
  readonly slowStatementThresholdMs?: number;
  /**
   * The database alarms of the signal catalog (stacks/signal-catalog.ts: CPU, free storage, freeable memory,
   * connections), each on `DBInstanceIdentifier` = `identifier`, and the topic they notify.
   * @default - no alarms
   */
  readonly alarms?: { readonly topicArn: string; readonly specs: readonly AlarmSpec[] };
  /** Replicate automated backups to a second region. @default - no replication */
  readonly backupReplication?: PostgresBackupReplicationProps;
}

const BACKUP_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAINTENANCE_WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;
const MASTER_USERNAME = /^[a-z][a-z0-9_]{0,15}$/;
const RULE_NAME = /^[a-z][a-z0-9-]{0,40}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/**
 * An RDS for PostgreSQL instance in a VPC's isolated subnets, secure by default:
 * - storage, Performance Insights, the master user secret and the exported logs encrypted with a customer-managed key;
 * - the master password generated and kept by RDS in Secrets Manager (`manage_master_user_password`), never in code;
 * - TLS enforced (`rds.force_ssl = 1`), IAM database authentication on, no public endpoint;
 * - 5432 open only to the named security groups and private CIDRs, no egress;
 * - Multi-AZ, deletion protection, a final snapshot with a deterministic name, tags copied to snapshots and 14 days
 *   of backups, unless spelled out otherwise;
 * - Enhanced Monitoring, Performance Insights, `postgresql` and `upgrade` logs in KMS-encrypted log groups with
 *   retention, created before the instance so RDS never creates unencrypted ones itself;
 * - the catalog's alarms (CPU, free storage, freeable memory, connections) on the environment's topic.
 */
export class PostgresDatabase extends Construct {
  readonly identifier: string;
  readonly instance: DbInstance;
  /** Host name of the instance endpoint (no port). */
  readonly address: string;
  readonly port: number;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly arn: string;
  /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
  readonly masterUserSecretArn: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly subnetGroup: DbSubnetGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly monitoringRole: IamRole;
  readonly logGroups: Readonly<Record<PostgresLogExport, CloudwatchLogGroup>>;
  /** Alarms by signal (`postgres-cpu`, ...). */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  readonly backupReplication?: DbInstanceAutomatedBackupsReplication;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const settings = resolveSettings(props);
    this.validate(props, settings);
    const context = AwsContext.of(this);
    const identifier = props.identifier;
    this.identifier = identifier;
    this.databaseName = settings.databaseName;
    this.masterUsername = settings.masterUsername;

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: identifier,
      description: `PostgreSQL ${identifier}: port ${POSTGRES_PORT} from the named clients only, no egress`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: identifier },
    });
    this.securityGroupId = this.securityGroup.id;
    for (const [name, securityGroupId] of Object.entries(props.allowedSecurityGroups ?? {})) {
      new VpcSecurityGroupIngressRule(this, `ingress-sg-${name}`, {
        securityGroupId: this.securityGroup.id,
        description: `PostgreSQL from ${name}`,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        referencedSecurityGroupId: securityGroupId,
        tags: { Name: `${identifier}-from-${name}` },
      });
    }
    for (const [name, cidr] of Object.entries(props.allowedCidrs ?? {})) {
      new VpcSecurityGroupIngressRule(this, `ingress-cidr-${name}`, {
        securityGroupId: this.securityGroup.id,
        description: `PostgreSQL from ${name} (${cidr})`,
        ipProtocol: 'tcp',
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        cidrIpv4: cidr,
        tags: { Name: `${identifier}-from-${name}` },
      });
    }

    this.subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: identifier,
      description: `Isolated subnets of ${props.network.name} for ${identifier}`,
      subnetIds: props.network.subnetIds('isolated'),
      tags: { Name: identifier },
    });

    const major = majorVersionOf(props.engineVersion);
    this.parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: `${identifier}-postgres${major}`,
      family: `postgres${major}`,
      description: `${identifier}: TLS only, connection and slow-statement logging`,
      parameter: [
        { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
        { name: 'log_statement', value: settings.statementLogging, applyMethod: 'immediate' },
        { name: 'log_min_duration_statement', value: String(settings.slowStatementThresholdMs), applyMethod: 'immediate' },
        { name: 'log_connections', value: '1', applyMethod: 'immediate' },
        { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
        { name: 'log_lock_waits', value: '1', applyMethod: 'immediate' },
        { name: 'password_encryption', value: 'scram-sha-256', applyMethod: 'immediate' },
      ],
      // The name carries the major version, so an upgrade creates the new group before the old one goes.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: `${identifier}-postgres${major}` },
    });

    const logGroups = {} as Record<PostgresLogExport, CloudwatchLogGroup>;
    for (const type of POSTGRES_LOG_EXPORTS) {
      logGroups[type] = new CloudwatchLogGroup(this, `log-group-${type}`, {
        name: `/aws/rds/instance/${identifier}/${type}`,
        retentionInDays: settings.logRetentionDays,
        kmsKeyId: props.kmsKey.arn,
        tags: { Name: `${identifier}-${type}` },
      });
    }
    this.logGroups = logGroups;

    this.monitoringRole = new IamRole(this, 'monitoring-role', {
      name: `${identifier}-monitoring`,
      description: `Enhanced Monitoring of ${identifier}: RDS publishes OS metrics to CloudWatch Logs`,
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com', context.accountId, context.arn('rds', `db:${identifier}`)),
      tags: { Name: `${identifier}-monitoring` },
    });
    const monitoringPolicy = new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: this.monitoringRole.name,
      policyArn: `arn:${context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    this.instance = new DbInstance(this, 'instance', {
      identifier,
      engine: 'postgres',
      engineVersion: props.engineVersion,
      autoMinorVersionUpgrade: false,
      allowMajorVersionUpgrade: false,
      engineLifecycleSupport: 'open-source-rds-extended-support-disabled',
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      allocatedStorage: settings.allocatedStorageGb,
      maxAllocatedStorage: settings.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: props.kmsKey.arn,
      dbName: settings.databaseName,
      username: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKey.arn,
      port: POSTGRES_PORT,
      networkType: 'IPV4',
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      multiAz: settings.multiAz,
      parameterGroupName: this.parameterGroup.name,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,
      maintenanceWindow: settings.maintenanceWindow,
      copyTagsToSnapshot: settings.copyTagsToSnapshot,
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !settings.finalSnapshot,
      ...(settings.finalSnapshot ? { finalSnapshotIdentifier: `${identifier}-final` } : {}),
      deleteAutomatedBackups: false,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      monitoringInterval: settings.monitoringIntervalSeconds,
      monitoringRoleArn: this.monitoringRole.arn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKey.arn,
      performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
      applyImmediately: false,
      tags: { Name: identifier },
      dependsOn: [...Object.values(logGroups), monitoringPolicy],
    });
    this.address = this.instance.address;
    this.port = POSTGRES_PORT;
    this.arn = this.instance.arn;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    this.alarms = this.createAlarms(props);

    if (props.backupReplication) {
      this.backupReplication = new DbInstanceAutomatedBackupsReplication(this, 'backup-replication', {
        provider: props.backupReplication.provider,
        sourceDbInstanceArn: this.instance.arn,
        kmsKeyId: props.backupReplication.kmsKey.arn,
        retentionPeriod: settings.replicationRetentionDays,
      });
    }
  }

  /** Resource ARN a principal needs `rds-db:connect` on to log in as `dbUser` with IAM authentication. */
  iamConnectArn(dbUser: string): string {
    return AwsContext.of(this).arn('rds-db', `dbuser:${this.instance.resourceId}/${dbUser}`);
  }

  /** One alarm per spec, at `alarm-<signal without "postgres-">` (the addresses the alarms have always had). */
  private createAlarms(props: PostgresDatabaseProps): Record<string, CloudwatchMetricAlarm> {
    if (!props.alarms) return {};
    const topicArn = props.alarms.topicArn;
    return Object.fromEntries(
      props.alarms.specs.map((spec) => [spec.signal, new CloudwatchMetricAlarm(this, `alarm-${spec.signal.replace(/^postgres-/, '')}`, metricAlarmConfig(spec, { topicArn }))]),
    );
  }

  private validate(props: PostgresDatabaseProps, s: Settings): void {
    const problems: string[] = [];
    const literal = (value: unknown) => typeof value === 'string' && !Token.isUnresolved(value);
    if (literal(props.identifier) && !IDENTIFIER_PATTERN.test(props.identifier)) {
      problems.push(`identifier: expected 2-48 lower-case letters, digits or '-', starting with a letter, without '--' or a trailing '-', got "${props.identifier}"`);
    }
    if (literal(props.engineVersion) && !(POSTGRES_ENGINE_VERSIONS as readonly string[]).includes(props.engineVersion)) {
      problems.push(`engineVersion: expected a pinned, supported version (${POSTGRES_ENGINE_VERSIONS.join(', ')}), got "${props.engineVersion}"`);
    }
    if (literal(props.instanceClass) && !INSTANCE_CLASS_PATTERN.test(props.instanceClass)) {
      problems.push(`instanceClass: expected an RDS class such as db.t4g.small or db.r7g.large, got "${props.instanceClass}"`);
    }
    const storage = GP3_STORAGE_RANGE_GB;
    if (!Number.isInteger(s.allocatedStorageGb) || s.allocatedStorageGb < storage.min || s.allocatedStorageGb > storage.max) {
      problems.push(`allocatedStorageGb: expected a whole number of GiB from ${storage.min} to ${storage.max} (gp3), got ${s.allocatedStorageGb}`);
    } else {
      const minimum = minimumMaxAllocatedStorageGb(s.allocatedStorageGb);
      if (!Number.isInteger(s.maxAllocatedStorageGb) || s.maxAllocatedStorageGb < minimum || s.maxAllocatedStorageGb > storage.max) {
        problems.push(`maxAllocatedStorageGb: expected a whole number of GiB from ${minimum} (10 % above allocatedStorageGb) to ${storage.max}, got ${s.maxAllocatedStorageGb}`);
      }
    }
    if (literal(s.databaseName) && (!DATABASE_NAME_PATTERN.test(s.databaseName) || (RESERVED_DATABASE_NAMES as readonly string[]).includes(s.databaseName))) {
      problems.push(`databaseName: expected 1-63 lower-case letters, digits or '_', starting with a letter, not ${RESERVED_DATABASE_NAMES.join('/')}, got "${s.databaseName}"`);
    }
    if (literal(s.masterUsername) && (!MASTER_USERNAME.test(s.masterUsername) || s.masterUsername === 'rdsadmin')) {
      problems.push(`masterUsername: expected 1-16 lower-case letters, digits or '_', starting with a letter, not rdsadmin (reserved by RDS), got "${s.masterUsername}"`);
    }
    const retention = BACKUP_RETENTION_RANGE_DAYS;
    if (!Number.isInteger(s.backupRetentionDays) || s.backupRetentionDays < retention.min || s.backupRetentionDays > retention.max) {
      problems.push(`backupRetentionDays: expected ${retention.min}-${retention.max} days (backups cannot be turned off), got ${s.backupRetentionDays}`);
    }
    if (!BACKUP_WINDOW.test(s.backupWindow)) problems.push(`backupWindow: expected hh:mm-hh:mm (UTC), got "${s.backupWindow}"`);
    if (!MAINTENANCE_WINDOW.test(s.maintenanceWindow)) problems.push(`maintenanceWindow: expected ddd:hh:mm-ddd:hh:mm (UTC), got "${s.maintenanceWindow}"`);
    if (!isLogRetentionDays(s.logRetentionDays)) {
      problems.push(`logRetentionDays: ${LOG_RETENTION_EXPECTATION}, got ${s.logRetentionDays}`);
    }
    if (!isPerformanceInsightsRetention(s.performanceInsightsRetentionDays)) {
      problems.push(`performanceInsightsRetentionDays: expected ${PERFORMANCE_INSIGHTS_RETENTION_TEXT}, got ${s.performanceInsightsRetentionDays}`);
    }
    if (!(MONITORING_INTERVALS_SECONDS as readonly number[]).includes(s.monitoringIntervalSeconds)) {
      problems.push(`monitoringIntervalSeconds: expected ${MONITORING_INTERVALS_SECONDS.join(', ')} (Enhanced Monitoring stays on), got ${s.monitoringIntervalSeconds}`);
    }
    if (!['none', 'ddl', 'mod'].includes(s.statementLogging)) {
      problems.push(`statementLogging: expected none, ddl or mod (all would log every value written), got "${s.statementLogging}"`);
    }
    if (!Number.isInteger(s.slowStatementThresholdMs) || s.slowStatementThresholdMs < 100) {
      problems.push(`slowStatementThresholdMs: expected a whole number of milliseconds from 100 (lower floods the logs), got ${s.slowStatementThresholdMs}`);
    }
    for (const spec of props.alarms?.specs ?? []) {
      const query = spec.query;
      const watched = query.kind === 'metric' ? query.dimensions.DBInstanceIdentifier : undefined;
      if (query.kind !== 'metric' || query.namespace !== 'AWS/RDS' || watched !== props.identifier) {
        problems.push(`alarms: ${spec.name} must watch an AWS/RDS metric of DBInstanceIdentifier "${props.identifier}", got ${query.kind === 'metric' ? `${query.namespace} ${String(watched)}` : `a ${query.kind} query`}`);
      }
    }
    if (new Set((props.alarms?.specs ?? []).map((spec) => spec.signal)).size !== (props.alarms?.specs ?? []).length) {
      problems.push('alarms: expected one spec per signal');
    }

    const clients = [...Object.entries(props.allowedSecurityGroups ?? {}), ...Object.entries(props.allowedCidrs ?? {})];
    if (clients.length === 0) problems.push('allowedSecurityGroups / allowedCidrs: expected at least one client; nothing could reach the database');
    for (const [name, securityGroupId] of Object.entries(props.allowedSecurityGroups ?? {})) {
      if (!RULE_NAME.test(name)) problems.push(`allowedSecurityGroups: expected names of lower-case letters, digits or '-', got "${name}"`);
      if (literal(securityGroupId) && !SECURITY_GROUP_ID.test(securityGroupId)) {
        problems.push(`allowedSecurityGroups.${name}: expected a security group ID (sg-...), got "${securityGroupId}"`);
      }
    }
    for (const [name, cidr] of Object.entries(props.allowedCidrs ?? {})) {
      if (!RULE_NAME.test(name)) problems.push(`allowedCidrs: expected names of lower-case letters, digits or '-', got "${name}"`);
      if (Token.isUnresolved(cidr)) {
        problems.push(`allowedCidrs.${name}: expected a literal CIDR (checked at synth), got a token`);
        continue;
      }
      const parsed = parseCidr(cidr);
      if (!parsed) problems.push(`allowedCidrs.${name}: not a valid IPv4 CIDR: ${explainInvalidCidr(cidr)}, got "${cidr}"`);
      else if (!isPrivateCidr(parsed)) problems.push(`allowedCidrs.${name}: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got "${cidr}"`);
    }
    if (props.network.availabilityZones.length < 2) {
      problems.push(`network: a DB subnet group needs isolated subnets in at least 2 AZs, ${props.network.name} has ${props.network.availabilityZones.length}`);
    }
    if (props.backupReplication) {
      if (!props.backupReplication.provider.alias) {
        problems.push('backupReplication.provider: expected an aliased AWS provider for the destination region, got the default provider');
      }
      const days = s.replicationRetentionDays;
      if (!Number.isInteger(days) || days < retention.min || days > retention.max) {
        problems.push(`backupReplication.retentionDays: expected ${retention.min}-${retention.max} days, got ${days}`);
      }
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
  }
}

type Settings = ReturnType<typeof resolveSettings>;

/** Props with every default applied. */
function resolveSettings(props: PostgresDatabaseProps) {
  const allocatedStorageGb = props.allocatedStorageGb ?? 20;
  const backupRetentionDays = props.backupRetentionDays ?? 14;
  return {
    allocatedStorageGb,
    maxAllocatedStorageGb: props.maxAllocatedStorageGb ?? allocatedStorageGb * 5,
    databaseName: props.databaseName ?? 'app',
    masterUsername: props.masterUsername ?? 'dbadmin',
    multiAz: props.multiAz ?? true,
    deletionProtection: props.deletionProtection ?? true,
    finalSnapshot: props.finalSnapshot ?? true,
    copyTagsToSnapshot: props.copyTagsToSnapshot ?? true,
    backupRetentionDays,
    backupWindow: props.backupWindow ?? '01:00-02:00',
    maintenanceWindow: props.maintenanceWindow ?? 'sun:03:00-sun:04:00',
    logRetentionDays: props.logRetentionDays ?? 365,
    performanceInsightsRetentionDays: props.performanceInsightsRetentionDays ?? 7,
    monitoringIntervalSeconds: props.monitoringIntervalSeconds ?? 60,
    statementLogging: props.statementLogging ?? 'none',
    slowStatementThresholdMs: props.slowStatementThresholdMs ?? 1000,
    replicationRetentionDays: props.backupReplication?.retentionDays ?? backupRetentionDays,
  };
}
