import { type DatabaseInput } from '../../environments/database-schema';
import { type EnvironmentInput } from '../../environments/schema';
import { problemsAfter, sampleConfig } from '../helpers';

type Environment = 'dev' | 'staging' | 'prod';

/** Problems after changing the `database` section of one sample environment. */
function databaseProblems(name: Environment, mutate: (database: Record<string, unknown>) => void): string[] {
  return problemsAfter((input: EnvironmentInput & Record<string, unknown>) => mutate(input.database as unknown as Record<string, unknown>), name);
}

const REASON = 'single-AZ until the Q3 capacity review, approved in CHG-1234';
const HOW_TO_OVERRIDE = (setting: string) => `unless overridden: add { setting: '${setting}', reason: '<why, at least 20 characters>' } to database.overrides`;

describe('database schema', () => {
  describe('defaults and per-environment values', () => {
    it('applies the documented defaults to what an environment leaves out', () => {
      const database = sampleConfig('staging').database;
      expect(database).toEqual({
        engineVersion: '17.7',
        instanceClass: 'db.m7g.large',
        allocatedStorageGb: 50,
        maxAllocatedStorageGb: 200,
        backupRetentionDays: 14,
        multiAz: true,
        deletionProtection: true,
        finalSnapshot: true,
        copyTagsToSnapshot: true,
        logRetentionDays: 90,
        performanceInsightsRetentionDays: 7,
        monitoringIntervalSeconds: 60,
        databaseName: 'app',
        alarms: {},
        overrides: [],
      });
    });

    it('keeps dev small and unprotected, which the dev tier allows without overrides', () => {
      expect(sampleConfig('dev').database).toEqual(
        expect.objectContaining({
          instanceClass: 'db.t4g.small',
          allocatedStorageGb: 20,
          multiAz: false,
          deletionProtection: false,
          finalSnapshot: false,
          backupRetentionDays: 3,
          logRetentionDays: 30,
          overrides: [],
        }),
      );
    });

    it('protects prod fully and replicates its backups to eu-central-1', () => {
      expect(sampleConfig('prod').database).toEqual(
        expect.objectContaining({
          instanceClass: 'db.r7g.large',
          multiAz: true,
          deletionProtection: true,
          finalSnapshot: true,
          copyTagsToSnapshot: true,
          backupRetentionDays: 35,
          backupReplicationRegion: 'eu-central-1',
          logRetentionDays: 365,
          performanceInsightsRetentionDays: 93,
          monitoringIntervalSeconds: 15,
        }),
      );
    });

    it('allows an environment without a database', () => {
      // Vault services may only ask for database credentials where a database exists (vault-schema), so drop those too.
      const withoutDatabase = (input: EnvironmentInput) => {
        delete (input as Partial<EnvironmentInput>).database;
        for (const service of input.vault.services ?? []) delete service.database;
      };
      expect(problemsAfter(withoutDatabase, 'staging')).toEqual([]);
    });

    it('accepts a protection turned off outside dev when an override gives the reason', () => {
      expect(
        databaseProblems('staging', (db) => {
          db.multiAz = false;
          db.overrides = [{ setting: 'multiAz', reason: REASON }];
        }),
      ).toEqual([]);
    });

    it('accepts prod without backup replication when an override gives the reason', () => {
      expect(
        databaseProblems('prod', (db) => {
          delete db.backupReplicationRegion;
          db.overrides = [{ setting: 'backupReplicationRegion', reason: 'data residency: backups may not leave eu-west-1 (DPA-7)' }];
        }),
      ).toEqual([]);
    });
  });

  describe('fails with a message naming environment, field, value and what is allowed when', () => {
    it.each<[string, Environment, (db: Record<string, unknown>) => void, string]>([
      ['the engine version is not pinned', 'dev', (db) => (db.engineVersion = '17'), 'dev.database.engineVersion: expected a pinned, supported PostgreSQL version: 16.9, 16.10, 16.11, 17.5, 17.6, 17.7 (got "17")'],
      ['the instance class is not an RDS class', 'dev', (db) => (db.instanceClass = 'm7g.large'), 'dev.database.instanceClass: expected an RDS instance class such as db.t4g.small or db.r7g.large (got "m7g.large")'],
      ['storage is below the gp3 minimum', 'dev', (db) => (db.allocatedStorageGb = 10), 'dev.database.allocatedStorageGb: expected 20-65536 GiB (gp3) (got 10)'],
      ['the backup retention is out of range', 'dev', (db) => (db.backupRetentionDays = 0), 'dev.database.backupRetentionDays: expected 1-35 days (got 0)'],
      ['a protection flag is not a boolean', 'dev', (db) => (db.multiAz = 'yes'), 'dev.database.multiAz: expected true or false (got "yes")'],
      ['the replication region is unknown', 'prod', (db) => (db.backupReplicationRegion = 'eu-west-9'), 'prod.database.backupReplicationRegion: unknown AWS region; expected a commercial region such as eu-central-1 or us-east-2 (got "eu-west-9")'],
      ['the replication region is the environment\'s own', 'prod', (db) => (db.backupReplicationRegion = 'eu-west-1'), "prod.database.backupReplicationRegion: must differ from the environment's region eu-west-1: a replica in the same region survives nothing (got \"eu-west-1\")"],
      ['log retention is not a CloudWatch value', 'dev', (db) => (db.logRetentionDays = 100), 'dev.database.logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 100)'],
      ['log retention is below the tier minimum', 'staging', (db) => (db.logRetentionDays = 30), 'staging.database.logRetentionDays: the staging tier keeps database logs at least 90 days (got 30)'],
      ['Performance Insights retention is not a month multiple', 'dev', (db) => (db.performanceInsightsRetentionDays = 30), 'dev.database.performanceInsightsRetentionDays: expected 7, a multiple of 31 up to 713, or 731 days (got 30)'],
      ['Enhanced Monitoring would be off', 'dev', (db) => (db.monitoringIntervalSeconds = 0), 'dev.database.monitoringIntervalSeconds: expected 1, 5, 10, 15, 30, 60 seconds (Enhanced Monitoring cannot be turned off) (got 0)'],
      ['the database name is not an identifier', 'dev', (db) => (db.databaseName = 'Orders'), "dev.database.databaseName: expected 1-63 lower-case letters, digits or '_', starting with a letter (got \"Orders\")"],
      ['the database name is reserved', 'dev', (db) => (db.databaseName = 'template1'), 'dev.database.databaseName: expected a name other than postgres, template0, template1, rdsadmin (got "template1")'],
      ['the CPU threshold is not a percentage', 'dev', (db) => (db.alarms = { cpuUtilizationPercent: 150 }), 'dev.database.alarms.cpuUtilizationPercent: expected a percentage from 1 to 100 (got 150)'],
      ['the connection threshold is not positive', 'dev', (db) => (db.alarms = { connections: 0 }), 'dev.database.alarms.connections: expected a positive whole number of connections (got 0)'],
      ['the free-storage threshold is not below the allocation', 'dev', (db) => (db.alarms = { freeStorageGb: 20 }), 'dev.database.alarms.freeStorageGb: must be below allocatedStorageGb (20 GiB) (got 20)'],
      ['an unknown field is set', 'dev', (db) => (db.storageType = 'io2'), 'dev.database.storageType: unknown field; expected one of engineVersion, instanceClass, allocatedStorageGb, maxAllocatedStorageGb, backupRetentionDays, multiAz, deletionProtection, finalSnapshot, copyTagsToSnapshot, backupReplicationRegion, logRetentionDays, performanceInsightsRetentionDays, monitoringIntervalSeconds, databaseName, alarms, overrides'],
      ['an override names an unknown setting', 'staging', (db) => (db.overrides = [{ setting: 'encryption', reason: REASON }]), 'staging.database.overrides[0].setting: expected one of multiAz, deletionProtection, finalSnapshot, copyTagsToSnapshot, backupRetentionDays, backupReplicationRegion (got "encryption")'],
    ])('%s', (_case, name, mutate, message) => {
      expect(databaseProblems(name, mutate)).toEqual([message]);
    });

    it('the autoscaling limit is less than 10 % above the allocation', () => {
      expect(databaseProblems('staging', (db) => (db.maxAllocatedStorageGb = 54))).toEqual([
        'staging.database.maxAllocatedStorageGb: must be at least 10% above allocatedStorageGb (55 GiB for 50 GiB): RDS storage autoscaling needs the headroom (got 54)',
      ]);
    });

    it.each([
      ['multiAz', false],
      ['deletionProtection', false],
      ['finalSnapshot', false],
      ['copyTagsToSnapshot', false],
    ] as const)('%s is turned off in staging without an override', (setting, value) => {
      expect(databaseProblems('staging', (db) => (db[setting] = value))).toEqual([`staging.database.${setting}: must be true outside dev ${HOW_TO_OVERRIDE(setting)} (got false)`]);
    });

    it('prod turns deletion protection off without an override', () => {
      expect(databaseProblems('prod', (db) => (db.deletionProtection = false))).toEqual([
        `prod.database.deletionProtection: must be true outside dev ${HOW_TO_OVERRIDE('deletionProtection')} (got false)`,
      ]);
    });

    it('backups are kept fewer than 14 days outside dev without an override', () => {
      expect(databaseProblems('staging', (db) => (db.backupRetentionDays = 7))).toEqual([
        `staging.database.backupRetentionDays: must be at least 14 days outside dev ${HOW_TO_OVERRIDE('backupRetentionDays')} (got 7)`,
      ]);
    });

    it('prod does not replicate its backups and has no override', () => {
      expect(databaseProblems('prod', (db) => delete db.backupReplicationRegion)).toEqual([
        `prod.database.backupReplicationRegion: is required in prod (automated backups replicated to a second region) ${HOW_TO_OVERRIDE('backupReplicationRegion')}`,
      ]);
    });

    it('an override has no written reason', () => {
      expect(
        databaseProblems('staging', (db) => {
          db.multiAz = false;
          db.overrides = [{ setting: 'multiAz', reason: 'cost' }];
        }),
      ).toEqual(['staging.database.overrides[0].reason: expected a written reason of at least 20 characters (got "cost")']);
    });

    it('an override has only blanks for a reason', () => {
      expect(
        databaseProblems('staging', (db) => {
          db.multiAz = false;
          db.overrides = [{ setting: 'multiAz', reason: ' '.repeat(25) }];
        }),
      ).toEqual([`staging.database.overrides[0].reason: expected a written reason of at least 20 characters (got "${' '.repeat(25)}")`]);
    });

    it('an override has no reason at all', () => {
      expect(
        databaseProblems('staging', (db) => {
          db.multiAz = false;
          db.overrides = [{ setting: 'multiAz' }];
        }),
      ).toEqual(['staging.database.overrides[0].reason: is required: why the protection is relaxed']);
    });

    it('a setting is overridden twice', () => {
      expect(
        databaseProblems('staging', (db) => {
          db.multiAz = false;
          db.overrides = [
            { setting: 'multiAz', reason: REASON },
            { setting: 'multiAz', reason: REASON },
          ];
        }),
      ).toEqual(['staging.database.overrides[1].setting: multiAz is already overridden by overrides[0]; keep one entry per setting (got "multiAz")']);
    });

    it('an override relaxes nothing because the protection is on', () => {
      expect(databaseProblems('staging', (db) => (db.overrides = [{ setting: 'finalSnapshot', reason: REASON }]))).toEqual([
        'staging.database.overrides[0].setting: nothing to override: finalSnapshot already meets "must be true outside dev"; remove this override (got "finalSnapshot")',
      ]);
    });

    it('an override of backup replication outside prod relaxes nothing', () => {
      expect(databaseProblems('staging', (db) => (db.overrides = [{ setting: 'backupReplicationRegion', reason: REASON }]))).toEqual([
        'staging.database.overrides[0].setting: nothing to override: backupReplicationRegion is only required in prod; remove this override (got "backupReplicationRegion")',
      ]);
    });

    it('dev carries an override it does not need', () => {
      expect(databaseProblems('dev', (db) => (db.overrides = [{ setting: 'multiAz', reason: REASON }]))).toEqual([
        'dev.database.overrides[0].setting: the dev tier has no protections to override; remove this override (got "multiAz")',
      ]);
    });

    it('several problems exist, reporting them all in one run', () => {
      expect(
        databaseProblems('prod', (db: Partial<DatabaseInput> & Record<string, unknown>) => {
          db.engineVersion = '15.4' as never;
          db.multiAz = false;
          db.backupRetentionDays = 7;
          db.backupReplicationRegion = 'eu-west-1';
        }),
      ).toEqual([
        'prod.database.engineVersion: expected a pinned, supported PostgreSQL version: 16.9, 16.10, 16.11, 17.5, 17.6, 17.7 (got "15.4")',
        "prod.database.backupReplicationRegion: must differ from the environment's region eu-west-1: a replica in the same region survives nothing (got \"eu-west-1\")",
        `prod.database.multiAz: must be true outside dev ${HOW_TO_OVERRIDE('multiAz')} (got false)`,
        `prod.database.backupRetentionDays: must be at least 14 days outside dev ${HOW_TO_OVERRIDE('backupRetentionDays')} (got 7)`,
      ]);
    });
  });
});
