import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { PostgresDatabase, type PostgresDatabaseProps } from '../../../constructs/data/postgres-database';
import { estimatedMaxConnections, isPerformanceInsightsRetention } from '../../../constructs/data/postgres-limits';
import { Network } from '../../../constructs/network/network';
import { AlarmTopic } from '../../../constructs/observability/alarm-topic';
import { KmsKey } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourceAt, resourcesOf, synthStack, testStack } from '../../helpers';
import { testAlarmSpec } from '../observability/alarm-fixtures';

const rdsSpec = (signal: 'postgres-cpu' | 'postgres-connections', metricName: string, threshold: number, identifier = 'test-postgres') =>
  testAlarmSpec(signal, { kind: 'metric', namespace: 'AWS/RDS', metricName, statistic: 'Maximum', dimensions: { DBInstanceIdentifier: identifier } }, { name: `${identifier}-${signal.slice(9)}`, threshold });

interface Fixture {
  readonly stack: TerraformStack;
  readonly base: PostgresDatabaseProps;
}

/** A stack with the objects the construct takes, and the minimal props. */
function fixture(azs: readonly string[] = ['eu-west-1a', 'eu-west-1b']): Fixture {
  const stack = testStack();
  const key = new KmsKey(stack, 'key', { alias: 'test-data', description: 'test' });
  const alarmTopic = new AlarmTopic(stack, 'topic', { name: 'test-alarms', kmsKey: key });
  const network = new Network(stack, 'net', {
    name: 'test-app',
    cidrBlock: '10.11.0.0/16',
    availabilityZones: azs,
    flowLogs: { kmsKey: key },
  });
  return {
    stack,
    base: {
      identifier: 'test-postgres',
      network,
      kmsKey: key,
      alarms: { topicArn: alarmTopic.arn, specs: [rdsSpec('postgres-cpu', 'CPUUtilization', 80), rdsSpec('postgres-connections', 'DatabaseConnections', 161)] },
      engineVersion: '17.7',
      instanceClass: 'db.t4g.small',
      allowedCidrs: { 'tooling-vpc': '10.10.0.0/16' },
    },
  };
}

function synth(props: (f: Fixture) => PostgresDatabaseProps = (f) => f.base): TerraformJson {
  const f = fixture();
  new PostgresDatabase(f.stack, 'db', props(f));
  return synthStack(f.stack);
}

function errorOf(props: (f: Fixture) => Partial<PostgresDatabaseProps>, azs?: readonly string[]): string {
  const f = fixture(azs);
  try {
    new PostgresDatabase(f.stack, 'db', { ...f.base, ...props(f) });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to throw');
}

/** `${aws_kms_key.<name>.arn}` of the fixture's only key. */
function keyArnOf(json: TerraformJson): string {
  const names = Object.keys(resourcesOf(json, 'aws_kms_key'));
  expect(names).toHaveLength(1);
  return `\${aws_kms_key.${names[0]}.arn}`;
}

describe('PostgresDatabase', () => {
  describe('with minimal props', () => {
    let json: TerraformJson;
    let instance: TerraformJson;
    let KEY_ARN: string;
    beforeAll(() => {
      json = synth();
      instance = resourceAt(json, 'aws_db_instance', 'db/instance');
      KEY_ARN = keyArnOf(json);
    });

    it('creates a pinned, encrypted, private PostgreSQL instance with every documented default', () => {
      expect(instance).toEqual(
        expect.objectContaining({
          identifier: 'test-postgres',
          engine: 'postgres',
          engine_version: '17.7',
          auto_minor_version_upgrade: false,
          allow_major_version_upgrade: false,
          engine_lifecycle_support: 'open-source-rds-extended-support-disabled',
          instance_class: 'db.t4g.small',
          storage_type: 'gp3',
          allocated_storage: 20,
          max_allocated_storage: 100,
          storage_encrypted: true,
          db_name: 'app',
          username: 'dbadmin',
          manage_master_user_password: true,
          port: 5432,
          publicly_accessible: false,
          multi_az: true,
          deletion_protection: true,
          skip_final_snapshot: false,
          final_snapshot_identifier: 'test-postgres-final',
          copy_tags_to_snapshot: true,
          delete_automated_backups: false,
          backup_retention_period: 14,
          backup_window: '01:00-02:00',
          maintenance_window: 'sun:03:00-sun:04:00',
          iam_database_authentication_enabled: true,
          ca_cert_identifier: 'rds-ca-rsa2048-g1',
          enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
          monitoring_interval: 60,
          performance_insights_enabled: true,
          performance_insights_retention_period: 7,
          apply_immediately: false,
        }),
      );
      expect(instance.password).toBeUndefined();
    });

    it('encrypts storage, Performance Insights and the master user secret with the given key', () => {
      expect(KEY_ARN).toMatch(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/);
      expect(instance.kms_key_id).toBe(KEY_ARN);
      expect(instance.performance_insights_kms_key_id).toBe(KEY_ARN);
      expect(instance.master_user_secret_kms_key_id).toBe(KEY_ARN);
    });

    it('places the instance in a subnet group of the isolated subnets', () => {
      const group = resourceAt(json, 'aws_db_subnet_group', 'db/subnet-group');
      expect(group.name).toBe('test-postgres');
      expect(group.subnet_ids).toEqual([
        expect.stringMatching(/^\$\{aws_subnet\.net_subnet-isolated-eu-west-1a_[0-9A-F]{8}\.id\}$/),
        expect.stringMatching(/^\$\{aws_subnet\.net_subnet-isolated-eu-west-1b_[0-9A-F]{8}\.id\}$/),
      ]);
      expect(instance.db_subnet_group_name).toMatch(/^\$\{aws_db_subnet_group\.db_subnet-group_[0-9A-F]{8}\.name\}$/);
    });

    it('forces TLS and logs connections and slow statements, not DDL, in a parameter group of the major version', () => {
      const group = resourceAt(json, 'aws_db_parameter_group', 'db/parameter-group');
      expect(group.family).toBe('postgres17');
      expect(group.name).toBe('test-postgres-postgres17');
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
      const parameters = Object.fromEntries((group.parameter as TerraformJson[]).map((p) => [p.name, p.value]));
      expect(parameters).toEqual({
        'rds.force_ssl': '1',
        log_statement: 'none',
        log_min_duration_statement: '1000',
        log_connections: '1',
        log_disconnections: '1',
        log_lock_waits: '1',
        password_encryption: 'scram-sha-256',
      });
      expect(instance.parameter_group_name).toMatch(/^\$\{aws_db_parameter_group\.db_parameter-group_[0-9A-F]{8}\.name\}$/);
    });

    it('creates both KMS-encrypted log groups with retention before the instance', () => {
      const postgresql = resourceAt(json, 'aws_cloudwatch_log_group', 'db/log-group-postgresql');
      const upgrade = resourceAt(json, 'aws_cloudwatch_log_group', 'db/log-group-upgrade');
      expect(postgresql).toEqual(expect.objectContaining({ name: '/aws/rds/instance/test-postgres/postgresql', retention_in_days: 365, kms_key_id: KEY_ARN }));
      expect(upgrade).toEqual(expect.objectContaining({ name: '/aws/rds/instance/test-postgres/upgrade', retention_in_days: 365, kms_key_id: KEY_ARN }));
      expect(instance.depends_on).toEqual([
        expect.stringMatching(/^aws_cloudwatch_log_group\.db_log-group-postgresql_/),
        expect.stringMatching(/^aws_cloudwatch_log_group\.db_log-group-upgrade_/),
        expect.stringMatching(/^aws_iam_role_policy_attachment\.db_monitoring-policy_/),
      ]);
    });

    it('gives Enhanced Monitoring a role only RDS monitoring of this account and instance can assume', () => {
      const role = resourceAt(json, 'aws_iam_role', 'db/monitoring-role');
      expect(role.name).toBe('test-postgres-monitoring');
      const trust = JSON.parse(role.assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Sid: 'AssumedByServiceForThisAccountOnly',
          Effect: 'Allow',
          Principal: { Service: 'monitoring.rds.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': expect.stringContaining('data.aws_caller_identity.') },
            ArnLike: { 'aws:SourceArn': expect.stringMatching(/:rds:.*:db:test-postgres$/) },
          },
        },
      ]);
      const attachment = resourceAt(json, 'aws_iam_role_policy_attachment', 'db/monitoring-policy');
      expect(attachment.policy_arn).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
      expect(instance.monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.db_monitoring-role_[0-9A-F]{8}\.arn\}$/);
    });

    it('opens 5432 to the named CIDR only, with no egress', () => {
      const group = resourceAt(json, 'aws_security_group', 'db/security-group');
      expect(group.name).toBe('test-postgres');
      expect(group.description).toBe('PostgreSQL test-postgres: port 5432 from the named clients only, no egress');
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
      const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => String(r.security_group_id).includes('db_security-group'));
      expect(rules).toEqual([
        expect.objectContaining({ cidr_ipv4: '10.10.0.0/16', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, description: 'PostgreSQL from tooling-vpc (10.10.0.0/16)' }),
      ]);
      expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
      expect(instance.vpc_security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.db_security-group_[0-9A-F]{8}\.id\}$/)]);
    });

    it('creates one alarm per catalog spec at the address alarm-<signal>, notifying the topic', () => {
      const cpu = resourceAt(json, 'aws_cloudwatch_metric_alarm', 'db/alarm-cpu');
      const connections = resourceAt(json, 'aws_cloudwatch_metric_alarm', 'db/alarm-connections');
      for (const alarm of [cpu, connections]) {
        expect(alarm.namespace).toBe('AWS/RDS');
        expect(alarm.dimensions).toEqual({ DBInstanceIdentifier: 'test-postgres' });
        expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.topic_[0-9A-F]{8}\.arn\}$/)]);
        expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      }
      expect(cpu).toEqual(expect.objectContaining({ alarm_name: 'test-postgres-cpu', metric_name: 'CPUUtilization', threshold: 80 }));
      expect(connections).toEqual(expect.objectContaining({ alarm_name: 'test-postgres-connections', metric_name: 'DatabaseConnections', threshold: 161 }));
      expect(Object.keys(resourcesOf(json, 'aws_cloudwatch_metric_alarm'))).toHaveLength(2);
    });

    it('replicates no backups', () => {
      expect(resourcesOf(json, 'aws_db_instance_automated_backups_replication')).toEqual({});
    });
  });

  it('exposes what consumers need as typed properties', () => {
    const f = fixture();
    const db = new PostgresDatabase(f.stack, 'db', f.base);
    expect(db.identifier).toBe('test-postgres');
    expect(db.port).toBe(5432);
    expect(db.databaseName).toBe('app');
    expect(db.masterUsername).toBe('dbadmin');
    new TerraformOutput(f.stack, 'address', { value: db.address });
    new TerraformOutput(f.stack, 'secret', { value: db.masterUserSecretArn });
    new TerraformOutput(f.stack, 'security-group', { value: db.securityGroupId });
    new TerraformOutput(f.stack, 'connect', { value: db.iamConnectArn('app_user') });
    const outputs = synthStack(f.stack).output;
    const instance = /aws_db_instance\.db_instance_[0-9A-F]{8}/.source;
    expect(outputs.address.value).toMatch(new RegExp(`^\\$\\{${instance}\\.address\\}$`));
    expect(outputs.secret.value).toMatch(new RegExp(`^\\$\\{${instance}\\.master_user_secret\\[0\\]\\.secret_arn\\}$`));
    expect(outputs['security-group'].value).toMatch(/^\$\{aws_security_group\.db_security-group_[0-9A-F]{8}\.id\}$/);
    expect(outputs.connect.value).toMatch(new RegExp(`^arn:.*:rds-db:.*:dbuser:\\$\\{${instance}\\.resource_id\\}/app_user$`));
  });

  it('builds the instance from all props', () => {
    const json = synth((f) => {
      const replicaProvider = new AwsProvider(f.stack, 'replica', { region: 'eu-central-1', alias: 'replica' });
      const replicaKey = new KmsKey(f.stack, 'replica-key', { alias: 'test-replica', description: 'replica' });
      return {
        ...f.base,
        instanceClass: 'db.r7g.2xlarge',
        engineVersion: '16.11',
        allocatedStorageGb: 100,
        maxAllocatedStorageGb: 400,
        databaseName: 'orders',
        masterUsername: 'owner',
        allowedSecurityGroups: { 'application-nodes': 'sg-0123456789abcdef0' },
        allowedCidrs: { 'tooling-vpc': '10.10.0.0/16', 'ops-vpc': '10.12.0.0/16' },
        multiAz: false,
        deletionProtection: false,
        finalSnapshot: false,
        copyTagsToSnapshot: false,
        backupRetentionDays: 7,
        backupWindow: '22:00-23:00',
        maintenanceWindow: 'sat:01:00-sat:02:00',
        logRetentionDays: 90,
        performanceInsightsRetentionDays: 93,
        monitoringIntervalSeconds: 5,
        statementLogging: 'ddl',
        slowStatementThresholdMs: 250,
        backupReplication: { provider: replicaProvider, kmsKey: replicaKey, retentionDays: 21 },
      };
    });
    const instance = resourceAt(json, 'aws_db_instance', 'db/instance');
    expect(instance).toEqual(
      expect.objectContaining({
        instance_class: 'db.r7g.2xlarge',
        engine_version: '16.11',
        allocated_storage: 100,
        max_allocated_storage: 400,
        db_name: 'orders',
        username: 'owner',
        multi_az: false,
        deletion_protection: false,
        skip_final_snapshot: true,
        copy_tags_to_snapshot: false,
        backup_retention_period: 7,
        backup_window: '22:00-23:00',
        maintenance_window: 'sat:01:00-sat:02:00',
        performance_insights_retention_period: 93,
        monitoring_interval: 5,
      }),
    );
    expect(instance.final_snapshot_identifier).toBeUndefined();
    const group = resourceAt(json, 'aws_db_parameter_group', 'db/parameter-group');
    expect(group.family).toBe('postgres16');
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: 'log_statement', value: 'ddl', apply_method: 'immediate' },
        { name: 'log_min_duration_statement', value: '250', apply_method: 'immediate' },
      ]),
    );
    expect(resourceAt(json, 'aws_cloudwatch_log_group', 'db/log-group-postgresql').retention_in_days).toBe(90);
    expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'db/ingress-sg-application-nodes')).toEqual(
      expect.objectContaining({ referenced_security_group_id: 'sg-0123456789abcdef0', from_port: 5432, to_port: 5432, description: 'PostgreSQL from application-nodes' }),
    );
    expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'db/ingress-cidr-ops-vpc').cidr_ipv4).toBe('10.12.0.0/16');
    const replication = resourceAt(json, 'aws_db_instance_automated_backups_replication', 'db/backup-replication');
    expect(replication).toEqual({
      provider: 'aws.replica',
      source_db_instance_arn: expect.stringMatching(/^\$\{aws_db_instance\.db_instance_[0-9A-F]{8}\.arn\}$/),
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.replica-key_[0-9A-F]{8}\.arn\}$/),
      retention_period: 21,
    });
  });

  it('replicates backups for as long as the instance keeps them unless told otherwise', () => {
    const json = synth((f) => ({
      ...f.base,
      backupRetentionDays: 30,
      backupReplication: {
        provider: new AwsProvider(f.stack, 'replica', { region: 'eu-central-1', alias: 'replica' }),
        kmsKey: new KmsKey(f.stack, 'replica-key', { alias: 'test-replica', description: 'replica' }),
      },
    }));
    expect(resourceAt(json, 'aws_db_instance_automated_backups_replication', 'db/backup-replication').retention_period).toBe(30);
  });

  describe('fails, naming the construct path, field, value and what is allowed, when', () => {
    it.each([
      ['the identifier has upper-case letters', { identifier: 'Test-DB', alarms: undefined }, 'identifier: expected 2-48 lower-case letters, digits or \'-\', starting with a letter, without \'--\' or a trailing \'-\', got "Test-DB"'],
      ['the identifier is too long', { identifier: `a${'b'.repeat(48)}`, alarms: undefined }, `identifier: expected 2-48 lower-case letters, digits or '-', starting with a letter, without '--' or a trailing '-', got "a${'b'.repeat(48)}"`],
      ['the engine version is not pinned', { engineVersion: '17' }, 'engineVersion: expected a pinned, supported version (16.9, 16.10, 16.11, 17.5, 17.6, 17.7), got "17"'],
      ['the instance class is not an RDS class', { instanceClass: 't4g.small' }, 'instanceClass: expected an RDS class such as db.t4g.small or db.r7g.large, got "t4g.small"'],
      ['storage is below the gp3 minimum', { allocatedStorageGb: 10 }, 'allocatedStorageGb: expected a whole number of GiB from 20 to 65536 (gp3), got 10'],
      ['the autoscaling limit leaves no headroom', { allocatedStorageGb: 100, maxAllocatedStorageGb: 105 }, 'maxAllocatedStorageGb: expected a whole number of GiB from 110 (10 % above allocatedStorageGb) to 65536, got 105'],
      ['the database name is reserved', { databaseName: 'postgres' }, 'databaseName: expected 1-63 lower-case letters, digits or \'_\', starting with a letter, not postgres/template0/template1/rdsadmin, got "postgres"'],
      ['the master user name is reserved', { masterUsername: 'rdsadmin' }, 'masterUsername: expected 1-16 lower-case letters, digits or \'_\', starting with a letter, not rdsadmin (reserved by RDS), got "rdsadmin"'],
      ['backups would be off', { backupRetentionDays: 0 }, 'backupRetentionDays: expected 1-35 days (backups cannot be turned off), got 0'],
      ['the backup window is malformed', { backupWindow: '1:00-2:00' }, 'backupWindow: expected hh:mm-hh:mm (UTC), got "1:00-2:00"'],
      ['the maintenance window is malformed', { maintenanceWindow: 'sunday:03:00-sunday:04:00' }, 'maintenanceWindow: expected ddd:hh:mm-ddd:hh:mm (UTC), got "sunday:03:00-sunday:04:00"'],
      ['log retention is not a CloudWatch value', { logRetentionDays: 100 }, 'logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 100'],
      ['Performance Insights retention is not a month multiple', { performanceInsightsRetentionDays: 30 }, 'performanceInsightsRetentionDays: expected 7, a multiple of 31 up to 713, or 731 days, got 30'],
      ['Enhanced Monitoring would be off', { monitoringIntervalSeconds: 0 }, 'monitoringIntervalSeconds: expected 1, 5, 10, 15, 30, 60 (Enhanced Monitoring stays on), got 0'],
      ['every statement would be logged', { statementLogging: 'all' as never }, 'statementLogging: expected none, ddl or mod (all would log every value written), got "all"'],
      ['the slow-statement threshold would flood the logs', { slowStatementThresholdMs: 10 }, 'slowStatementThresholdMs: expected a whole number of milliseconds from 100 (lower floods the logs), got 10'],
      ['no client may connect', { allowedCidrs: {} }, 'allowedSecurityGroups / allowedCidrs: expected at least one client; nothing could reach the database'],
      ['a client CIDR is public', { allowedCidrs: { anywhere: '0.0.0.0/0' } }, 'allowedCidrs.anywhere: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got "0.0.0.0/0"'],
      ['a client CIDR is malformed', { allowedCidrs: { tooling: '10.10.0.0' } }, 'allowedCidrs.tooling: not a valid IPv4 CIDR: expected CIDR notation a.b.c.d/n, got "10.10.0.0"'],
      ['a client name is not a slug', { allowedCidrs: { 'Tooling VPC': '10.10.0.0/16' } }, 'allowedCidrs: expected names of lower-case letters, digits or \'-\', got "Tooling VPC"'],
      ['a client security group ID is malformed', { allowedSecurityGroups: { nodes: 'nodes-sg' } }, 'allowedSecurityGroups.nodes: expected a security group ID (sg-...), got "nodes-sg"'],
    ] as const)('%s', (_case, props, message) => {
      expect(errorOf(() => props as Partial<PostgresDatabaseProps>)).toBe(`test/db: ${message}`);
    });

    it('an alarm watches another instance or another namespace', () => {
      const other = rdsSpec('postgres-cpu', 'CPUUtilization', 80, 'other-postgres');
      const sqs = testAlarmSpec('postgres-connections', { kind: 'metric', namespace: 'AWS/SQS', metricName: 'X', statistic: 'Sum', dimensions: {} });
      expect(errorOf(() => ({ alarms: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:t', specs: [other, sqs] } }))).toBe(
        'test/db: alarms: other-postgres-cpu must watch an AWS/RDS metric of DBInstanceIdentifier "test-postgres", got AWS/RDS other-postgres; ' +
          'alarms: test-postgres-connections must watch an AWS/RDS metric of DBInstanceIdentifier "test-postgres", got AWS/SQS undefined',
      );
    });

    it('the replication provider is the default one', () => {
      expect(errorOf((f) => ({ backupReplication: { provider: new AwsProvider(f.stack, 'other', { region: 'eu-central-1' }), kmsKey: f.base.kmsKey } }))).toBe(
        'test/db: backupReplication.provider: expected an aliased AWS provider for the destination region, got the default provider',
      );
    });

    it('replicated backups would be kept longer than RDS allows', () => {
      expect(
        errorOf((f) => ({
          backupReplication: { provider: new AwsProvider(f.stack, 'replica', { region: 'eu-central-1', alias: 'replica' }), kmsKey: f.base.kmsKey, retentionDays: 40 },
        })),
      ).toBe('test/db: backupReplication.retentionDays: expected 1-35 days, got 40');
    });

    it('reports every problem at once', () => {
      expect(errorOf(() => ({ engineVersion: '15.4', backupRetentionDays: 40, monitoringIntervalSeconds: 0 }))).toBe(
        'test/db: engineVersion: expected a pinned, supported version (16.9, 16.10, 16.11, 17.5, 17.6, 17.7), got "15.4"; ' +
          'backupRetentionDays: expected 1-35 days (backups cannot be turned off), got 40; ' +
          'monitoringIntervalSeconds: expected 1, 5, 10, 15, 30, 60 (Enhanced Monitoring stays on), got 0',
      );
    });
  });
});

describe('postgres limits', () => {
  it.each([
    ['db.t4g.micro', 101],
    ['db.t4g.small', 202],
    ['db.m7g.large', 811],
    ['db.r7g.large', 1622],
    ['db.r7g.4xlarge', 5000],
    ['db.c6gd.large', undefined],
    ['not-a-class', undefined],
  ] as const)('estimates the default max_connections of %s', (instanceClass, expected) => {
    expect(estimatedMaxConnections(instanceClass)).toBe(expected);
  });

  it.each([
    [7, true],
    [31, true],
    [713, true],
    [731, true],
    [0, false],
    [30, false],
    [744, false],
  ] as const)('accepts %s days of Performance Insights retention: %s', (days, expected) => {
    expect(isPerformanceInsightsRetention(days)).toBe(expected);
  });
});
