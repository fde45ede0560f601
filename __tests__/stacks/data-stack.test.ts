import { Testing } from 'cdktf';
import { PolicyPack } from '../../constructs/policy/policy-pack';
import { formatFindings } from '../../constructs/policy/policy-report';
import { type EnvironmentConfig, validateEnvironments } from '../../environments/schema';
import { composeApp } from '../../stacks/compose';
import { DataStack } from '../../stacks/data-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { type TerraformJson, resourceAt, resourcesOf, sampleConfig, sampleInput } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** Stands in for the application cluster's node security group (a cross-stack reference in the composed app). */
const NODE_SG = 'sg-0a1b2c3d4e5f60718';

/** Synthesizes `data-<env>` the way `app.synth()` does: cross-stack references become remote state first. */
function synthData(name: Environment): TerraformJson {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const data = new DataStack(app, { ...props, network, applicationNodeSecurityGroupId: NODE_SG });
  data.prepareStack();
  return JSON.parse(Testing.synth(data)) as TerraformJson;
}

/**
 * A valid environment without a database: no `database` section, and therefore no service declaring database access
 * in the Vault section (that section's own check rejects such access).
 */
function withoutDatabase(config: EnvironmentConfig): EnvironmentConfig {
  const copy = structuredClone(config);
  delete copy.database;
  const loose = copy as unknown as { vault?: { services?: Record<string, unknown>[] } };
  for (const service of loose.vault?.services ?? []) delete service.database;
  return copy;
}

describe('DataStack', () => {
  const synthesized = {} as Record<Environment, TerraformJson>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) synthesized[name] = synthData(name);
  });
  const instance = (name: Environment) => resourceAt(synthesized[name], 'aws_db_instance', 'postgres/instance');

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (name) => {
    expect(synthesized[name]).toMatchSnapshot();
  });

  it.each(ENVIRONMENTS)('uses the workspace vaultplat-data-%s', (name) => {
    expect(synthesized[name].terraform.cloud.workspaces).toEqual({ name: `vaultplat-data-${name}`, project: 'vault-platform' });
  });

  it.each([
    ['dev', 'db.t4g.small', 20, 50, false, false, true, 3, 30],
    ['staging', 'db.m7g.large', 50, 200, true, true, false, 14, 90],
    ['prod', 'db.r7g.large', 100, 500, true, true, false, 35, 365],
  ] as const)(
    'sizes and protects the %s instance from its config',
    (name, instanceClass, allocated, max, multiAz, deletionProtection, skipFinalSnapshot, backupDays, logDays) => {
      expect(instance(name)).toEqual(
        expect.objectContaining({
          identifier: `vaultplat-${name}-postgres`,
          engine_version: '17.7',
          instance_class: instanceClass,
          allocated_storage: allocated,
          max_allocated_storage: max,
          multi_az: multiAz,
          deletion_protection: deletionProtection,
          skip_final_snapshot: skipFinalSnapshot,
          copy_tags_to_snapshot: true,
          backup_retention_period: backupDays,
          manage_master_user_password: true,
          iam_database_authentication_enabled: true,
          publicly_accessible: false,
        }),
      );
      expect(instance(name).final_snapshot_identifier).toBe(skipFinalSnapshot ? undefined : `vaultplat-${name}-postgres-final`);
      expect(resourceAt(synthesized[name], 'aws_cloudwatch_log_group', 'postgres/log-group-postgresql').retention_in_days).toBe(logDays);
    },
  );

  it('gives prod a longer Performance Insights history and finer Enhanced Monitoring', () => {
    expect(instance('prod')).toEqual(expect.objectContaining({ performance_insights_retention_period: 93, monitoring_interval: 15 }));
    expect(instance('dev')).toEqual(expect.objectContaining({ performance_insights_retention_period: 7, monitoring_interval: 60 }));
  });

  it.each(ENVIRONMENTS)('encrypts the %s instance with the stack\'s data key, which lets CloudWatch Logs use it', (name) => {
    const key = resourceAt(synthesized[name], 'aws_kms_key', 'data-key');
    expect(key.enable_key_rotation).toBe(true);
    expect(JSON.parse(key.policy).Statement.map((s: TerraformJson) => s.Sid)).toEqual(['AccountAdministration', 'CloudWatchLogsOfThisAccount']);
    expect(resourceAt(synthesized[name], 'aws_kms_alias', 'data-key/alias').name).toBe(`alias/vaultplat-${name}-data`);
    const keyArn = expect.stringMatching(/^\$\{aws_kms_key\.data-key_[0-9A-F]{8}\.arn\}$/);
    expect(instance(name)).toEqual(expect.objectContaining({ kms_key_id: keyArn, performance_insights_kms_key_id: keyArn, master_user_secret_kms_key_id: keyArn }));
  });

  it.each(ENVIRONMENTS)('takes the %s isolated subnets and the alarm topic from the network stack through remote state', (name) => {
    const json = synthesized[name];
    const subnets = resourceAt(json, 'aws_db_subnet_group', 'postgres/subnet-group').subnet_ids;
    const azs = sampleConfig(name).network.availabilityZones;
    expect(subnets).toEqual(
      azs.map((az) => expect.stringMatching(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-network-${name}\\.outputs\\.cross-stack-output-aws_subnetapplication_subnet-isolated-${az}_[0-9A-F]{8}id\\}$`))),
    );
    expect(resourceAt(json, 'aws_cloudwatch_metric_alarm', 'postgres/alarm-cpu').alarm_actions).toEqual([
      expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network-.+\.outputs\.cross-stack-output-aws_sns_topicalarm-topic.+arn\}$/),
    ]);
    expect(Object.values(json.data.terraform_remote_state)).toEqual([
      expect.objectContaining({ backend: 'remote', config: expect.objectContaining({ workspaces: { name: `vaultplat-network-${name}` } }) }),
    ]);
  });

  it.each([
    ['dev', { 'eu-west-1a': '10.10.0.0/20', 'eu-west-1b': '10.10.16.0/20' }],
    ['staging', { 'eu-west-1a': '10.20.0.0/20', 'eu-west-1b': '10.20.16.0/20', 'eu-west-1c': '10.20.32.0/20' }],
    ['prod', { 'eu-west-1a': '10.30.0.0/20', 'eu-west-1b': '10.30.16.0/20', 'eu-west-1c': '10.30.32.0/20' }],
  ] as const)("lets only the application nodes and the tooling VPC's private subnets reach the %s database", (name, toolingPrivate) => {
    const json = synthesized[name];
    const rules = resourcesOf(json, 'aws_vpc_security_group_ingress_rule');
    const postgres = (rule: TerraformJson) => ({ ...rule, from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    expect(Object.values(rules)).toHaveLength(1 + Object.keys(toolingPrivate).length);
    expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'postgres/ingress-sg-application-nodes')).toEqual(
      expect.objectContaining(postgres({ referenced_security_group_id: NODE_SG })),
    );
    for (const [az, cidr] of Object.entries(toolingPrivate)) {
      expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', `postgres/ingress-cidr-tooling-private-${az}`)).toEqual(
        expect.objectContaining(postgres({ cidr_ipv4: cidr, description: `PostgreSQL from tooling-private-${az} (${cidr})` })),
      );
    }
    // The subnets the tooling cluster's nodes (and Vault) run in, nothing else of the tooling VPC.
    const network = new NetworkStack(Testing.app(), { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT });
    expect(Object.fromEntries(network.tooling.availabilityZones.map((az) => [az, network.tooling.subnetCidrs[az].private]))).toEqual(toolingPrivate);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
  });

  it('replicates prod backups to eu-central-1 with a key there, through an aliased provider locked to the prod account', () => {
    const json = synthesized.prod;
    const [primary, replica] = json.provider.aws;
    expect(replica).toEqual({
      alias: 'backup-replica',
      region: 'eu-central-1',
      allowed_account_ids: ['333333333333'],
      default_tags: primary.default_tags,
    });
    const replicaKey = resourceAt(json, 'aws_kms_key', 'backup-replica-key');
    expect(replicaKey).toEqual(expect.objectContaining({ provider: 'aws.backup-replica', enable_key_rotation: true }));
    expect(resourceAt(json, 'aws_kms_alias', 'backup-replica-key/alias')).toEqual(
      expect.objectContaining({ provider: 'aws.backup-replica', name: 'alias/vaultplat-prod-data-replica' }),
    );
    expect(resourceAt(json, 'aws_db_instance_automated_backups_replication', 'postgres/backup-replication')).toEqual({
      provider: 'aws.backup-replica',
      source_db_instance_arn: expect.stringMatching(/^\$\{aws_db_instance\.postgres_instance_[0-9A-F]{8}\.arn\}$/),
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.backup-replica-key_[0-9A-F]{8}\.arn\}$/),
      retention_period: 35,
    });
    // Everything else stays in the environment's region.
    const elsewhere = Object.entries(json.resource).flatMap(([, byName]) => Object.values(byName as Record<string, TerraformJson>)).filter((r) => r.provider !== undefined);
    expect(elsewhere).toHaveLength(3);
  });

  it.each(['dev', 'staging'] as const)('does not replicate %s backups', (name) => {
    expect(synthesized[name].provider.aws).toHaveLength(1);
    expect(resourcesOf(synthesized[name], 'aws_db_instance_automated_backups_replication')).toEqual({});
  });

  it('outputs what the Vault configuration needs to reach the database', () => {
    const outputs = synthesized.staging.output;
    expect(Object.keys(outputs).sort()).toEqual([
      'database-address',
      'database-instance-identifier',
      'database-master-user-secret-arn',
      'database-name',
      'database-port',
      'database-security-group-id',
    ]);
    expect(outputs['database-port'].value).toBe(5432);
    expect(outputs['database-name'].value).toBe('app');
    expect(outputs['database-instance-identifier'].value).toBe('vaultplat-staging-postgres');
    expect(outputs['database-address'].value).toMatch(/^\$\{aws_db_instance\.postgres_instance_[0-9A-F]{8}\.address\}$/);
    expect(outputs['database-master-user-secret-arn'].value).toMatch(/\.master_user_secret\[0\]\.secret_arn\}$/);
  });

  it('fails for an environment without a database', () => {
    const app = Testing.app();
    const environment = { ...sampleConfig('staging'), database: undefined };
    const props = { environment, deployment: DEFAULT_DEPLOYMENT };
    const network = new NetworkStack(app, props);
    expect(() => new DataStack(app, { ...props, network, applicationNodeSecurityGroupId: NODE_SG })).toThrow(
      'data-staging: environment staging has no database section; compose the data stack only for environments with one',
    );
  });

  describe('with database.overrides and the policy pack', () => {
    const REASON = 'single-AZ until the Q3 capacity review, approved in CHG-1234';

    /** The prod config with a single-AZ instance, validated with its override (the schema requires one). */
    function singleAzProd(): EnvironmentConfig {
      const input = sampleInput('prod');
      Object.assign(input.database ?? {}, { multiAz: false, overrides: [{ setting: 'multiAz', reason: REASON }] });
      return validateEnvironments([input], STACK_KINDS)[0];
    }

    /** Builds `data-<env>` for `environment` and runs its validations (the policy pack) the way app.synth() does. */
    function synthWithPolicy(environment: EnvironmentConfig): { data: DataStack; synth: () => string } {
      const app = Testing.app();
      const props = { environment, deployment: DEFAULT_DEPLOYMENT };
      const network = new NetworkStack(app, props);
      const data = new DataStack(app, { ...props, network, applicationNodeSecurityGroupId: NODE_SG });
      data.prepareStack();
      return { data, synth: () => Testing.synth(data, true) };
    }

    it('synthesizes a single-AZ prod instance whose override has a reason, and reports the accepted check', () => {
      const { data, synth } = synthWithPolicy(singleAzProd());
      expect(resourceAt(JSON.parse(synth()) as TerraformJson, 'aws_db_instance', 'postgres/instance').multi_az).toBe(false);
      // The report the pack kept from that synth: what the synth summary lists (stacks/synth-summary.ts).
      const report = PolicyPack.of(data)?.report;
      expect(report?.errors).toEqual([]);
      expect(report?.suppressed).toEqual([
        expect.objectContaining({ ruleId: 'VP-RDS-3', path: 'data-prod/postgres/instance', detail: 'multi_az is false in prod', reason: `multi_az is false in prod, accepted by database.overrides (multiAz): ${REASON}` }),
      ]);
      expect(formatFindings(report!)).toContain(
        `  SUPPRESSED VP-RDS-3 data-prod/postgres/instance (aws_db_instance.postgres_instance_919E2690): multi_az is false in prod, accepted by database.overrides (multiAz): ${REASON}`,
      );
    });

    it('fails with VP-RDS-3 when the same instance reaches the pack without the override', () => {
      const environment = singleAzProd();
      const { synth } = synthWithPolicy({ ...environment, database: environment.database && { ...environment.database, overrides: [] } });
      expect(synth).toThrow(/ERROR VP-RDS-3 data-prod\/postgres\/instance \(aws_db_instance\.postgres_instance_919E2690\)\n.* multi_az is false in prod\./);
    });

    it('keeps enforcing the protections that are not overridden', () => {
      const environment = singleAzProd();
      const { synth } = synthWithPolicy({ ...environment, database: environment.database && { ...environment.database, deletionProtection: false } });
      expect(synth).toThrow(/ERROR VP-RDS-3 data-prod\/postgres\/instance .*\n.* deletion_protection is false\.\n/);
    });
  });

  describe('in the composed app', () => {
    it('deploys after the clusters', () => {
      expect(STACK_KINDS.indexOf('data')).toBeGreaterThan(STACK_KINDS.indexOf('cluster-application'));
      expect(STACK_KINDS.indexOf('data')).toBeGreaterThan(STACK_KINDS.indexOf('network'));
    });

    it("admits the application cluster's node security group, read from its workspace", () => {
      const app = Testing.app();
      const [stacks] = composeApp(app, [sampleConfig('staging')], DEFAULT_DEPLOYMENT);
      expect(stacks.data?.stackName).toBe('data-staging');
      stacks.data?.prepareStack();
      const json = JSON.parse(Testing.synth(stacks.data as DataStack)) as TerraformJson;
      expect(resourceAt(json, 'aws_vpc_security_group_ingress_rule', 'postgres/ingress-sg-application-nodes').referenced_security_group_id).toMatch(
        /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-cluster-application-staging\.outputs\.cross-stack-output-aws_security_groupcluster_node-sg_[0-9A-F]{8}id\}$/,
      );
      expect(json.data.terraform_remote_state['cross-stack-reference-input-cluster-application-staging'].config.workspaces).toEqual({
        name: 'vaultplat-cluster-application-staging',
      });
    });

    it('composes no data stack for an environment without a database', () => {
      const app = Testing.app();
      const [stacks] = composeApp(app, [withoutDatabase(sampleConfig('dev'))], DEFAULT_DEPLOYMENT);
      expect(stacks.data).toBeUndefined();
      expect('data' in stacks).toBe(false);
      expect(app.node.tryFindChild('data-dev')).toBeUndefined();
    });
  });
});
