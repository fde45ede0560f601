/**
 * What RDS for PostgreSQL accepts, shared by the `PostgresDatabase` construct (validation at synth) and the
 * environment schema (validation of the config), so that the two never disagree.
 */

/**
 * Engine versions this project may pin (`major.minor`). A version is added here once it has been tried in dev;
 * versions RDS deprecates are removed (RDS upgrades deprecated minors itself, outside our change process).
 */
export const POSTGRES_ENGINE_VERSIONS = ['16.9', '16.10', '16.11', '17.5', '17.6', '17.7'] as const;
export type PostgresEngineVersion = (typeof POSTGRES_ENGINE_VERSIONS)[number];

/** Enhanced Monitoring intervals; 0 (off) is deliberately not offered. */
export const MONITORING_INTERVALS_SECONDS = [1, 5, 10, 15, 30, 60] as const;

/** gp3 storage RDS for PostgreSQL accepts, in GiB. */
export const GP3_STORAGE_RANGE_GB = { min: 20, max: 65536 } as const;

/** Automated backup retention RDS accepts when backups are on (0 would turn them off and is not offered). */
export const BACKUP_RETENTION_RANGE_DAYS = { min: 1, max: 35 } as const;

/** `db.<family>.<size>`, e.g. `db.t4g.small`, `db.m7g.large`, `db.r7g.2xlarge`. */
export const INSTANCE_CLASS_PATTERN = /^db\.[a-z][a-z0-9-]*\.(micro|small|medium|large|xlarge|[1-9][0-9]?xlarge|metal)$/;

/** RDS instance identifier, kept short enough that derived names (`<identifier>-monitoring`, ...) fit IAM limits. */
export const IDENTIFIER_PATTERN = /^[a-z](?!.*--)[a-z0-9-]{0,46}[a-z0-9]$/;

/** PostgreSQL database name (an unquoted identifier, not one of the names RDS reserves). */
export const DATABASE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const RESERVED_DATABASE_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin'] as const;

/** Performance Insights keeps 7 days (free tier), whole months (31-day multiples up to 23 months) or 731 days. */
export function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}

export const PERFORMANCE_INSIGHTS_RETENTION_TEXT = '7, a multiple of 31 up to 713, or 731 days';

/** `16.9` -> `16`; the parameter group family is `postgres<major>`. */
export function majorVersionOf(engineVersion: string): string {
  return engineVersion.split('.')[0];
}

/**
 * Smallest storage-autoscaling limit RDS accepts for an allocation: at least 10 % above the allocated storage.
 */
export function minimumMaxAllocatedStorageGb(allocatedStorageGb: number): number {
  return Math.ceil((allocatedStorageGb * 11) / 10);
}

const SIZE_MEMORY_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16 };
const FAMILY_MEMORY_FACTOR: Record<string, number> = { t: 1, m: 1, r: 2, x: 4 };

/**
 * RDS's default `max_connections` for PostgreSQL is `LEAST(DBInstanceClassMemory / 9531392, 5000)`. Estimates it
 * from the class name for the t, m, r and x families (memory per size doubles with each step); `undefined` for
 * other families, whose memory this table does not know.
 */
export function estimatedMaxConnections(instanceClass: string): number | undefined {
  const memoryGib = estimatedMemoryGib(instanceClass);
  if (memoryGib === undefined) return undefined;
  // DBInstanceClassMemory is a little below the nominal memory (the OS and RDS processes keep some); 90 % of it.
  const bytes = memoryGib * 1024 ** 3 * 0.9;
  return Math.min(Math.floor(bytes / 9531392), 5000);
}

/**
 * Nominal memory (GiB) of an instance class of the t, m, r and x families (memory per size doubles with each step);
 * `undefined` for other families.
 */
export function estimatedMemoryGib(instanceClass: string): number | undefined {
  const match = /^db\.([a-z])[a-z0-9-]*\.(micro|small|medium|large|xlarge|([1-9][0-9]?)xlarge)$/.exec(instanceClass);
  if (!match) return undefined;
  const factor = FAMILY_MEMORY_FACTOR[match[1]];
  if (factor === undefined) return undefined;
  const sizeGib = match[3] !== undefined ? 16 * Number(match[3]) : SIZE_MEMORY_GIB[match[2]];
  return sizeGib * factor;
}
