import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformResource } from 'cdktf';
import { type Construct, type IConstruct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type DatabaseConfig } from '../environments/database-schema';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps, defaultTags } from './platform-stack';
import { alarmsOwnedBy, signalCatalog } from './signal-catalog';

export interface DataStackProps extends PlatformStackProps {
  /** The environment's network stack: the application VPC's isolated subnets and the alarm topic come from it. */
  readonly network: NetworkStack;
  /** Security group of the application cluster's nodes, the workloads that use the database. */
  readonly applicationNodeSecurityGroupId: string;
}

/**
 * `data-<env>`: the environment's PostgreSQL instance in the application VPC's isolated subnets, its customer-managed
 * key and, when configured, replication of its automated backups to a second region (with a key there).
 * Composed only for environments with a `database` section; deployed after `network-<env>` and the clusters.
 *
 * Clients on 5432: the application cluster's node security group, and the tooling VPC's private subnets (one rule
 * per AZ), where Vault's pods run: its database secrets engine connects over the peering. Not the whole tooling VPC:
 * nothing in its public or isolated subnets needs the database.
 */
export class DataStack extends PlatformStack {
  readonly dataKey: KmsKey;
  readonly database: PostgresDatabase;
  /** Provider for the backup replication region; only when backups are replicated. */
  readonly replicaProvider?: AwsProvider;
  readonly replicaKey?: KmsKey;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, 'data', props);
    const env = props.environment;
    const config: DatabaseConfig | undefined = env.database;
    if (!config) {
      throw new Error(`${this.stackName}: environment ${env.name} has no database section; compose the data stack only for environments with one`);
    }
    const context = AwsContext.of(this);
    const tooling = props.network.tooling;

    this.dataKey = new KmsKey(this, 'data-key', {
      alias: `${this.namePrefix}-data`,
      description: `${this.namePrefix}: PostgreSQL storage, Performance Insights, master user secret and database logs`,
      serviceGrants: [cloudWatchLogsGrant(context)],
    });

    let backupReplication;
    if (config.backupReplicationRegion !== undefined) {
      this.replicaProvider = new AwsProvider(this, 'aws-backup-replica', {
        alias: 'backup-replica',
        region: config.backupReplicationRegion,
        allowedAccountIds: [...env.aws.allowedAccountIds],
        defaultTags: [{ tags: defaultTags(env, this.stackName) }],
      });
      this.replicaKey = new KmsKey(this, 'backup-replica-key', {
        alias: `${this.namePrefix}-data-replica`,
        description: `${this.namePrefix}: PostgreSQL automated backups replicated to ${config.backupReplicationRegion}`,
      });
      useProvider(this.replicaKey, this.replicaProvider);
      backupReplication = { provider: this.replicaProvider, kmsKey: this.replicaKey };
    }

    this.database = new PostgresDatabase(this, 'postgres', {
      identifier: `${this.namePrefix}-postgres`,
      network: props.network.application,
      kmsKey: this.dataKey,
      engineVersion: config.engineVersion,
      instanceClass: config.instanceClass,
      allocatedStorageGb: config.allocatedStorageGb,
      maxAllocatedStorageGb: config.maxAllocatedStorageGb,
      databaseName: config.databaseName,
      allowedSecurityGroups: { 'application-nodes': props.applicationNodeSecurityGroupId },
      allowedCidrs: Object.fromEntries(tooling.availabilityZones.map((az) => [`tooling-private-${az}`, tooling.subnetCidrs[az].private])),
      multiAz: config.multiAz,
      deletionProtection: config.deletionProtection,
      finalSnapshot: config.finalSnapshot,
      copyTagsToSnapshot: config.copyTagsToSnapshot,
      backupRetentionDays: config.backupRetentionDays,
      logRetentionDays: config.logRetentionDays,
      performanceInsightsRetentionDays: config.performanceInsightsRetentionDays,
      monitoringIntervalSeconds: config.monitoringIntervalSeconds,
      alarms: { topicArn: props.network.alarmTopic.arn, specs: alarmsOwnedBy(signalCatalog(env), 'data') },
      backupReplication,
    });

    const outputs: [string, string | number, string][] = [
      ['database-address', this.database.address, 'Host name of the PostgreSQL endpoint'],
      ['database-port', this.database.port, 'PostgreSQL port'],
      ['database-name', this.database.databaseName, 'Database created with the instance'],
      ['database-instance-identifier', this.database.identifier, 'RDS instance identifier'],
      ['database-master-user-secret-arn', this.database.masterUserSecretArn, 'Secrets Manager secret RDS keeps the master credentials in'],
      ['database-security-group-id', this.database.securityGroupId, 'Security group of the instance'],
    ];
    for (const [id, value, description] of outputs) new TerraformOutput(this, id, { value, description });
  }
}

/** Creates every resource under `scope` with `provider` (here: the replica key in the replication region). */
function useProvider(scope: IConstruct, provider: AwsProvider): void {
  for (const child of scope.node.findAll()) {
    if (child instanceof TerraformResource) child.provider = provider;
  }
}
