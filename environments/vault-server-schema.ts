import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { type ProblemSink } from './problems';

/**
 * The `vaultServer` section: how Vault runs on the tooling cluster (stack `vault-server-<env>`): HA raft replicas,
 * resources, volumes, initialisation, break-glass access and raft snapshots. See docs/vault-server.md.
 */

/** Hours between raft snapshots: divisors of a day, so the schedule is a plain cron expression. */
export const SNAPSHOT_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
/** Snapshot retention (S3 lifecycle) at least this many days per tier. */
export const MIN_SNAPSHOT_RETENTION_DAYS = { dev: 1, staging: 7, prod: 30 } as const;
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export const VAULT_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
/** Largest raft cluster accepted (HashiCorp recommends 3 or 5 voters). */
export const MAX_VAULT_REPLICAS = 7;

const CPU_QUANTITY = /^(?:[1-9]\d{0,5}m|\d{1,3}(?:\.\d{1,3})?)$/;
const MEMORY_QUANTITY = /^[1-9]\d{0,6}(?:Mi|Gi)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

const cpu = z.string({ error: 'expected a CPU quantity such as "250m" or "1"' }).regex(CPU_QUANTITY, { error: 'expected a CPU quantity such as "250m" or "1"' });
const memory = z
  .string({ error: 'expected a memory quantity in Mi or Gi such as "512Mi"' })
  .regex(MEMORY_QUANTITY, { error: 'expected a memory quantity in Mi or Gi such as "512Mi"' });
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `expected ${what}` })
    .int({ error: `expected ${what}` })
    .min(min, { error: `expected ${what}` })
    .max(max, { error: `expected ${what}` });

export const vaultServerSchema = z.strictObject({
  /** Raft voters: an odd number, at least 3 outside dev (quorum survives one lost pod). */
  replicas: wholeNumber(1, MAX_VAULT_REPLICAS, `an odd number of replicas from 1 to ${MAX_VAULT_REPLICAS}`).refine((n) => n % 2 === 1, {
    error: 'expected an odd number of replicas: raft needs a majority, an even count adds a voter without adding tolerance',
  }),
  /** Requests and limits of the Vault container. No CPU limit unless set: throttling a Vault server stalls raft heartbeats. */
  resources: z.strictObject({
    requests: z.strictObject({ cpu, memory }),
    limits: z.strictObject({ memory, cpu: cpu.optional() }),
  }),
  /** Raft data volume per pod (gp3-encrypted). @default 10 */
  dataStorageGi: wholeNumber(1, 16384, 'a whole number of GiB from 1 to 16384').default(10),
  /** Audit log volume per pod (gp3-encrypted), mounted at /vault/audit. @default 10 */
  auditStorageGi: wholeNumber(1, 16384, 'a whole number of GiB from 1 to 16384').default(10),
  /** @default 'info' */
  logLevel: z.enum(VAULT_LOG_LEVELS, { error: `expected one of ${VAULT_LOG_LEVELS.join(', ')}` }).default('info'),
  /** `vault operator init` with KMS auto-unseal produces recovery keys (not unseal keys). */
  init: z
    .strictObject({
      /** @default 5 */
      recoveryShares: wholeNumber(1, 10, 'a whole number of recovery shares from 1 to 10').default(5),
      /** @default 3 */
      recoveryThreshold: wholeNumber(1, 10, 'a whole number from 1 to 10').default(3),
    })
    .default({ recoveryShares: 5, recoveryThreshold: 3 }),
  /**
   * The existing IAM role that alone may read and decrypt the init record (recovery keys and initial root token),
   * in one of the environment's accounts. It must exist before the first apply (KMS refuses unknown principals).
   */
  breakGlassRoleArn: z.string({ error: 'is required: the IAM role ARN of the break-glass operators' }).regex(ROLE_ARN, {
    error: 'expected an IAM role ARN such as arn:aws:iam::111111111111:role/vault-break-glass',
  }),
  snapshots: z.strictObject({
    /** Hours between snapshots (1 in prod). */
    intervalHours: z.number().refine((h) => (SNAPSHOT_INTERVAL_HOURS as readonly number[]).includes(h), {
      error: `expected one of ${SNAPSHOT_INTERVAL_HOURS.join(', ')} hours`,
    }),
    /** Minute past the hour the job starts (UTC), away from the top of the hour. @default 17 */
    minute: wholeNumber(0, 59, 'a minute from 0 to 59').default(17),
    /** Days a snapshot is kept (S3 lifecycle): dev >= 1, staging >= 7, prod >= 30. */
    retentionDays: wholeNumber(1, 3650, 'a whole number of days from 1 to 3650'),
    /** S3 Object Lock default retention of every snapshot version: COMPLIANCE required in prod. */
    objectLock: z.strictObject({
      mode: z.enum(OBJECT_LOCK_MODES, { error: `expected ${OBJECT_LOCK_MODES.join(' or ')}` }),
      retentionDays: wholeNumber(1, 3650, 'a whole number of days from 1 to 3650'),
    }),
    /** Region of the cross-region replica bucket; required in prod. @default - no replica */
    replicaRegion: z.enum(AWS_REGIONS, { error: 'unknown AWS region; expected a commercial region such as eu-central-1' }).optional(),
  }),
  /**
   * SHA-256 (hex) of the RDS CA bundle the Vault servers trust for PostgreSQL. When set, a plan fails if the
   * downloaded bundle differs, so a change of the bundle is reviewed. @default - TLS to the AWS trust store only
   */
  rdsCaBundleSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'expected 64 lower-case hex digits (sha256sum of global-bundle.pem)' })
    .optional(),
});

export type VaultServerInput = z.input<typeof vaultServerSchema>;
export type VaultServerConfig = z.output<typeof vaultServerSchema>;

interface VaultServerContext {
  readonly tier: unknown;
  /** The environment's region when it is a known one. */
  readonly region: string | undefined;
  /** Raw `aws.allowedAccountIds`. */
  readonly allowedAccountIds: unknown;
  /** Raw `network.availabilityZones`. */
  readonly availabilityZones: unknown;
  /** Raw `clusters.tooling.nodeGroups`. */
  readonly toolingNodeGroups: unknown;
}

/** Mebibytes of a quantity accepted by {@link MEMORY_QUANTITY}. */
export function mebibytes(quantity: string): number {
  const value = Number.parseInt(quantity, 10);
  return quantity.endsWith('Gi') ? value * 1024 : value;
}

/**
 * Cross-field rules of `vaultServer`: quorum outside dev (replicas, AZ spread, nodes for anti-affinity), memory limit
 * above the request, recovery threshold, the break-glass role's account, and the snapshot rules per tier (hourly,
 * COMPLIANCE lock, replica region in prod; minimum retention; lock within retention). Values that did not parse are
 * skipped (zod reports them).
 */
export function checkVaultServer(raw: Partial<VaultServerInput> | undefined, ctx: VaultServerContext, sink: ProblemSink): void {
  if (!raw || typeof raw !== 'object') return;
  const tier = ctx.tier;
  const protectedTier = tier === 'staging' || tier === 'prod';
  // Only a value zod accepts is judged further (no follow-on problems).
  const replicas = typeof raw.replicas === 'number' && Number.isInteger(raw.replicas) && raw.replicas % 2 === 1 && raw.replicas <= MAX_VAULT_REPLICAS ? raw.replicas : undefined;

  if (replicas !== undefined && protectedTier && replicas < 3) {
    sink.add('vaultServer.replicas', `${String(tier)} runs at least 3 raft voters so that quorum survives the loss of one pod`, replicas);
  }
  const azCount = Array.isArray(ctx.availabilityZones) ? ctx.availabilityZones.length : undefined;
  if (replicas !== undefined && replicas > 1 && protectedTier && azCount !== undefined && azCount > 0) {
    const perZone = Math.ceil(replicas / azCount);
    const quorum = Math.floor(replicas / 2) + 1;
    if (perZone >= quorum) {
      sink.add(
        'vaultServer.replicas',
        `${replicas} voters over ${azCount} availability zones put ${perZone} in one zone, a quorum (${quorum}): losing that zone stops Vault; use more zones or more voters`,
        replicas,
      );
    }
  }
  if (replicas !== undefined && ctx.toolingNodeGroups && typeof ctx.toolingNodeGroups === 'object') {
    const minNodes = Object.values(ctx.toolingNodeGroups as Record<string, { minSize?: unknown }>).reduce(
      (sum, group) => sum + (typeof group?.minSize === 'number' ? group.minSize : 0),
      0,
    );
    if (minNodes < replicas) {
      sink.add(
        'vaultServer.replicas',
        `each Vault pod needs its own node (required anti-affinity), but the tooling node groups guarantee only ${minNodes} (sum of minSize)`,
        replicas,
      );
    }
  }

  const requests = raw.resources?.requests?.memory;
  const limit = raw.resources?.limits?.memory;
  if (typeof requests === 'string' && typeof limit === 'string' && MEMORY_QUANTITY.test(requests) && MEMORY_QUANTITY.test(limit) && mebibytes(limit) < mebibytes(requests)) {
    sink.add('vaultServer.resources.limits.memory', `must be at least the request (${requests})`, limit);
  }

  const shares = raw.init?.recoveryShares ?? 5;
  const threshold = raw.init?.recoveryThreshold ?? 3;
  if (typeof shares === 'number' && typeof threshold === 'number') {
    if (threshold > shares) sink.add('vaultServer.init.recoveryThreshold', `must not exceed recoveryShares (${shares})`, threshold);
    if (protectedTier && threshold < 2) {
      sink.add('vaultServer.init.recoveryThreshold', `${String(tier)} needs at least 2 recovery key holders to generate a root token`, threshold);
    }
  }

  const roleAccount = typeof raw.breakGlassRoleArn === 'string' ? ROLE_ARN.exec(raw.breakGlassRoleArn)?.[1] : undefined;
  const accounts = Array.isArray(ctx.allowedAccountIds) && ctx.allowedAccountIds.every((id) => typeof id === 'string' && /^\d{12}$/.test(id)) ? ctx.allowedAccountIds : undefined;
  if (roleAccount !== undefined && accounts !== undefined && !accounts.includes(roleAccount)) {
    sink.add('vaultServer.breakGlassRoleArn', `expected a role in one of the environment's accounts (${accounts.join(', ')})`, raw.breakGlassRoleArn);
  }

  const snapshots = raw.snapshots;
  if (!snapshots || typeof snapshots !== 'object') return;
  if (tier === 'prod' && typeof snapshots.intervalHours === 'number' && snapshots.intervalHours !== 1) {
    sink.add('vaultServer.snapshots.intervalHours', 'prod takes a raft snapshot every hour (1)', snapshots.intervalHours);
  }
  const minimum = MIN_SNAPSHOT_RETENTION_DAYS[tier as keyof typeof MIN_SNAPSHOT_RETENTION_DAYS];
  if (minimum !== undefined && typeof snapshots.retentionDays === 'number' && snapshots.retentionDays < minimum) {
    sink.add('vaultServer.snapshots.retentionDays', `the ${String(tier)} tier keeps snapshots at least ${minimum} days`, snapshots.retentionDays);
  }
  const lock = snapshots.objectLock;
  if (lock && typeof lock === 'object') {
    if (tier === 'prod' && typeof lock.mode === 'string' && lock.mode !== 'COMPLIANCE') {
      sink.add('vaultServer.snapshots.objectLock.mode', 'prod locks snapshots in COMPLIANCE mode (no one, not even the account root, can delete them early)', lock.mode);
    }
    if (typeof lock.retentionDays === 'number' && typeof snapshots.retentionDays === 'number' && lock.retentionDays > snapshots.retentionDays) {
      sink.add('vaultServer.snapshots.objectLock.retentionDays', `must not exceed snapshots.retentionDays (${snapshots.retentionDays}): a locked version outlives its lifecycle expiry`, lock.retentionDays);
    }
  }
  if (tier === 'prod' && snapshots.replicaRegion === undefined) {
    sink.add('vaultServer.snapshots.replicaRegion', 'is required in prod (snapshots replicated to a second region)');
  }
  if (snapshots.replicaRegion !== undefined && ctx.region !== undefined && snapshots.replicaRegion === ctx.region) {
    sink.add('vaultServer.snapshots.replicaRegion', `must differ from the environment's region (${ctx.region})`, snapshots.replicaRegion);
  }
}
