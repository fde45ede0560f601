import { z } from 'zod';
import {
  BACKUP_RETENTION_RANGE_DAYS,
  DATABASE_NAME_PATTERN,
  GP3_STORAGE_RANGE_GB,
  INSTANCE_CLASS_PATTERN,
  MONITORING_INTERVALS_SECONDS,
  PERFORMANCE_INSIGHTS_RETENTION_TEXT,
  POSTGRES_ENGINE_VERSIONS,
  RESERVED_DATABASE_NAMES,
  estimatedMemoryGib,
  isPerformanceInsightsRetention,
  minimumMaxAllocatedStorageGb,
} from '../constructs/data/postgres-limits';
import { AWS_REGIONS } from './aws-regions';
import { checkMinimumLogRetention, logRetentionDays } from './network-schema';
import { type ProblemSink } from './problems';

/**
 * The optional `database` section: the environment's PostgreSQL instance (stack `data-<env>`). An environment without
 * it has no database and no data stack.
 *
 * Protections default to on. Outside the dev tier, turning one off (or keeping fewer than 14 days of backups, or, in
 * prod, not replicating backups to a second region) needs an entry in `overrides` with a written reason.
 */

/** Settings that protect the data and may only be relaxed outside dev through an override with a reason. */
export const DATABASE_PROTECTIONS = [
  'multiAz',
  'deletionProtection',
  'finalSnapshot',
  'copyTagsToSnapshot',
  'backupRetentionDays',
  'backupReplicationRegion',
] as const;
export type DatabaseProtection = (typeof DATABASE_PROTECTIONS)[number];

/** Backups kept outside dev, in days. */
export const MIN_PROTECTED_BACKUP_RETENTION_DAYS = 14;
/** An override's reason must say why in at least this many characters. */
export const MIN_OVERRIDE_REASON_LENGTH = 20;

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .min(min, { error: `expected ${what}` })
    .max(max, { error: `expected ${what}` });

const storageGb = wholeNumber(GP3_STORAGE_RANGE_GB.min, GP3_STORAGE_RANGE_GB.max, `${GP3_STORAGE_RANGE_GB.min}-${GP3_STORAGE_RANGE_GB.max} GiB (gp3)`);
const backupDays = wholeNumber(BACKUP_RETENTION_RANGE_DAYS.min, BACKUP_RETENTION_RANGE_DAYS.max, `${BACKUP_RETENTION_RANGE_DAYS.min}-${BACKUP_RETENTION_RANGE_DAYS.max} days`);

export const databaseSchema = z.strictObject({
  /** Pinned PostgreSQL `major.minor`; minor upgrades happen only by changing this value. */
  engineVersion: z.enum(POSTGRES_ENGINE_VERSIONS, {
    error: `expected a pinned, supported PostgreSQL version: ${POSTGRES_ENGINE_VERSIONS.join(', ')}`,
  }),
  instanceClass: z
    .string()
    .regex(INSTANCE_CLASS_PATTERN, { error: 'expected an RDS instance class such as db.t4g.small or db.r7g.large' })
    .meta({ examples: ['db.r7g.large'] }),
  allocatedStorageGb: storageGb,
  /** Storage autoscaling limit, at least 10 % above `allocatedStorageGb`. */
  maxAllocatedStorageGb: storageGb,
  /** @default 14 */
  backupRetentionDays: backupDays.default(MIN_PROTECTED_BACKUP_RETENTION_DAYS),
  /** @default true */
  multiAz: z.boolean({ error: 'expected true or false' }).default(true),
  /** @default true */
  deletionProtection: z.boolean({ error: 'expected true or false' }).default(true),
  /** Snapshot `<identifier>-final` when the instance is deleted. @default true */
  finalSnapshot: z.boolean({ error: 'expected true or false' }).default(true),
  /** @default true */
  copyTagsToSnapshot: z.boolean({ error: 'expected true or false' }).default(true),
  /** Region automated backups are replicated to; required in prod. @default - no replication */
  backupReplicationRegion: z
    .enum(AWS_REGIONS, { error: 'unknown AWS region; expected a commercial region such as eu-central-1 or us-east-2' })
    .optional(),
  /** Retention of the exported PostgreSQL logs (dev >= 7, staging >= 90, prod >= 365). */
  logRetentionDays,
  /** @default 7 (the free tier) */
  performanceInsightsRetentionDays: z
    .number()
    .refine(isPerformanceInsightsRetention, { error: `expected ${PERFORMANCE_INSIGHTS_RETENTION_TEXT}` })
    .default(7),
  /** Enhanced Monitoring interval. @default 60 */
  monitoringIntervalSeconds: z
    .number()
    .refine((s) => (MONITORING_INTERVALS_SECONDS as readonly number[]).includes(s), {
      error: `expected ${MONITORING_INTERVALS_SECONDS.join(', ')} seconds (Enhanced Monitoring cannot be turned off)`,
    })
    .default(60),
  /** Database created with the instance. @default 'app' */
  databaseName: z
    .string()
    .regex(DATABASE_NAME_PATTERN, { error: "expected 1-63 lower-case letters, digits or '_', starting with a letter" })
    .refine((name) => !(RESERVED_DATABASE_NAMES as readonly string[]).includes(name), {
      error: `expected a name other than ${RESERVED_DATABASE_NAMES.join(', ')}`,
    })
    .default('app'),
  alarms: z
    .strictObject({
      /** @default 80 */
      cpuUtilizationPercent: wholeNumber(1, 100, 'a percentage from 1 to 100').optional(),
      /** @default - 5 % of allocatedStorageGb, at least 1 */
      freeStorageGb: wholeNumber(1, GP3_STORAGE_RANGE_GB.max, 'a whole number of GiB, at least 1').optional(),
      /** @default - 80 % of the class's default max_connections */
      connections: wholeNumber(1, 100000, 'a positive whole number of connections').optional(),
      /** Freeable memory (MiB) below which the alarm fires. @default - 10 % of the class's memory */
      freeMemoryMib: wholeNumber(1, 4_194_304, 'a whole number of MiB, at least 1').optional(),
    })
    .default({}),
  /** Protections deliberately relaxed outside dev, each with the reason. @default [] */
  overrides: z
    .array(
      z.strictObject({
        setting: z.enum(DATABASE_PROTECTIONS, { error: `expected one of ${DATABASE_PROTECTIONS.join(', ')}` }),
        reason: z
          .string({ error: 'is required: why the protection is relaxed' })
          .refine((text) => text.trim().length >= MIN_OVERRIDE_REASON_LENGTH, {
            error: `expected a written reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters`,
          }),
      }),
    )
    .default([]),
});

export type DatabaseInput = z.input<typeof databaseSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;

interface DatabaseContext {
  /** The environment's region when it is a known one. */
  readonly region: string | undefined;
  readonly tier: unknown;
}

interface ProtectionRule {
  readonly setting: DatabaseProtection;
  /** The raw value, `undefined` when defaulted. */
  readonly value: unknown;
  /** True when the value (or its default) breaks the rule; undefined when the value did not parse (zod reports it). */
  readonly violated: boolean | undefined;
  readonly requirement: string;
}

function protectionRules(raw: Partial<DatabaseInput>, tier: unknown): ProtectionRule[] {
  const flag = (setting: 'multiAz' | 'deletionProtection' | 'finalSnapshot' | 'copyTagsToSnapshot'): ProtectionRule => {
    const value = raw[setting];
    return {
      setting,
      value,
      violated: value === undefined ? false : typeof value === 'boolean' ? !value : undefined,
      requirement: 'must be true outside dev',
    };
  };
  const retention = raw.backupRetentionDays;
  const rules: ProtectionRule[] = [
    flag('multiAz'),
    flag('deletionProtection'),
    flag('finalSnapshot'),
    flag('copyTagsToSnapshot'),
    {
      setting: 'backupRetentionDays',
      value: retention,
      violated: retention === undefined ? false : typeof retention === 'number' ? retention < MIN_PROTECTED_BACKUP_RETENTION_DAYS : undefined,
      requirement: `must be at least ${MIN_PROTECTED_BACKUP_RETENTION_DAYS} days outside dev`,
    },
  ];
  if (tier === 'prod') {
    rules.push({
      setting: 'backupReplicationRegion',
      value: raw.backupReplicationRegion,
      violated: raw.backupReplicationRegion === undefined,
      requirement: 'is required in prod (automated backups replicated to a second region)',
    });
  }
  return rules;
}

/**
 * Cross-field rules of the `database` section: storage headroom, log retention per tier, the replication region, and
 * the protections that may only be relaxed outside dev through an override with a reason (and overrides that relax
 * nothing). Runs on the raw input so one run reports every problem; values that did not parse are skipped.
 */
export function checkDatabase(raw: Partial<DatabaseInput> | undefined, ctx: DatabaseContext, sink: ProblemSink): void {
  if (!raw || typeof raw !== 'object') return;

  const allocated = raw.allocatedStorageGb;
  const max = raw.maxAllocatedStorageGb;
  if (typeof allocated === 'number' && Number.isInteger(allocated) && typeof max === 'number' && Number.isInteger(max)) {
    const minimum = minimumMaxAllocatedStorageGb(allocated);
    if (max < minimum) {
      sink.add(
        'database.maxAllocatedStorageGb',
        `must be at least 10% above allocatedStorageGb (${minimum} GiB for ${allocated} GiB): RDS storage autoscaling needs the headroom`,
        max,
      );
    }
    const freeStorage = raw.alarms?.freeStorageGb;
    if (typeof freeStorage === 'number' && freeStorage >= allocated) {
      sink.add('database.alarms.freeStorageGb', `must be below allocatedStorageGb (${allocated} GiB)`, freeStorage);
    }
  }

  checkMinimumLogRetention(sink, 'database.logRetentionDays', raw.logRetentionDays, ctx.tier, 'database logs');

  const instanceClass = raw.instanceClass;
  if (typeof instanceClass === 'string' && INSTANCE_CLASS_PATTERN.test(instanceClass) && estimatedMemoryGib(instanceClass) === undefined) {
    for (const field of ['connections', 'freeMemoryMib'] as const) {
      if (raw.alarms?.[field] === undefined) {
        sink.add(`database.alarms.${field}`, `is required for instance class ${instanceClass}: its memory is not known, so no default can be derived (signal catalog, docs/observability.md)`);
      }
    }
  }

  const replicaRegion = raw.backupReplicationRegion;
  if (replicaRegion !== undefined && replicaRegion === ctx.region) {
    sink.add('database.backupReplicationRegion', `must differ from the environment's region ${ctx.region}: a replica in the same region survives nothing`, replicaRegion);
  }

  const overrides = Array.isArray(raw.overrides) ? raw.overrides : [];
  const firstOverride = new Map<unknown, number>();
  overrides.forEach((override, index) => {
    const setting = (override as { setting?: unknown } | undefined)?.setting;
    if (!(DATABASE_PROTECTIONS as readonly unknown[]).includes(setting)) return;
    const first = firstOverride.get(setting);
    if (first === undefined) firstOverride.set(setting, index);
    else sink.add(`database.overrides[${index}].setting`, `${String(setting)} is already overridden by overrides[${first}]; keep one entry per setting`, setting);
  });

  if (ctx.tier === 'dev') {
    for (const [setting, index] of firstOverride) {
      sink.add(`database.overrides[${index}].setting`, 'the dev tier has no protections to override; remove this override', setting);
    }
    return;
  }
  if (typeof ctx.tier !== 'string') return;

  for (const rule of protectionRules(raw, ctx.tier)) {
    const overrideIndex = firstOverride.get(rule.setting);
    if (rule.violated === true && overrideIndex === undefined) {
      const message = `${rule.requirement} unless overridden: add { setting: '${rule.setting}', reason: '<why, at least ${MIN_OVERRIDE_REASON_LENGTH} characters>' } to database.overrides`;
      if (rule.value === undefined) sink.add(`database.${rule.setting}`, message);
      else sink.add(`database.${rule.setting}`, message, rule.value);
    } else if (rule.violated === false && overrideIndex !== undefined) {
      sink.add(`database.overrides[${overrideIndex}].setting`, `nothing to override: ${rule.setting} already meets "${rule.requirement}"; remove this override`, rule.setting);
    }
  }
  for (const [setting, index] of firstOverride) {
    if (setting === 'backupReplicationRegion' && ctx.tier !== 'prod') {
      sink.add(`database.overrides[${index}].setting`, `nothing to override: backupReplicationRegion is only required in prod; remove this override`, setting);
    }
  }
}
