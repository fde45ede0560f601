import { z } from 'zod';
import { type PolicyOptions, RDS_PROTECTIONS, type RdsProtection } from '../constructs/policy/rule';
import { MIN_LOG_RETENTION_DAYS } from './network-schema';
import { type ProblemSink } from './problems';
import { type EnvironmentConfig, type Tier } from './schema';

/**
 * The optional `guardrails` section: the cost guard of the policy pack (docs/policy-pack.md). Each list replaces the
 * tier default when given; a change to it is a reviewed change to what the environment may spend.
 */

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|metal|[1-9][0-9]?xlarge)$/;
const DB_INSTANCE_CLASS = /^db\.[a-z][a-z0-9-]*\.(micro|small|medium|large|[1-9][0-9]?xlarge)$/;

function uniqueList(pattern: RegExp, what: string, example: string) {
  return z
    .array(z.string().regex(pattern, { error: `expected ${what}` }).meta({ examples: [example] }))
    .min(1, { error: 'expected at least one entry' })
    .refine((list) => new Set(list).size === list.length, { error: 'entries must not repeat' });
}

export const guardrailsSchema = z.strictObject({
  /** EC2 types allowed for instances, launch templates and EKS node groups. @default - the tier default */
  allowedInstanceTypes: uniqueList(INSTANCE_TYPE, 'an EC2 instance type such as m7i.large', 'm7i.large').optional(),
  /** RDS instance classes allowed. @default - the tier default */
  allowedDbInstanceClasses: uniqueList(DB_INSTANCE_CLASS, 'an RDS instance class such as db.r7g.large', 'db.r7g.large').optional(),
});

export type GuardrailsInput = z.input<typeof guardrailsSchema>;

export interface Guardrails {
  readonly allowedInstanceTypes: readonly string[];
  readonly allowedDbInstanceClasses: readonly string[];
}

/** Cost guard per tier: small burstable sizes in dev, general-purpose / memory-optimized sizes above. */
export const DEFAULT_GUARDRAILS: Readonly<Record<Tier, Guardrails>> = {
  dev: {
    allowedInstanceTypes: ['t3.medium', 't3.large', 't3a.medium', 't3a.large', 't4g.medium', 't4g.large', 'm7i.large', 'm7g.large'],
    allowedDbInstanceClasses: ['db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t3.micro', 'db.t3.small', 'db.t3.medium'],
  },
  staging: {
    allowedInstanceTypes: ['t3.large', 'm6i.large', 'm6i.xlarge', 'm7i.large', 'm7i.xlarge', 'm7g.large', 'm7g.xlarge'],
    allowedDbInstanceClasses: ['db.t4g.medium', 'db.t4g.large', 'db.m6g.large', 'db.m7g.large', 'db.r6g.large', 'db.r7g.large'],
  },
  prod: {
    allowedInstanceTypes: ['m6i.large', 'm6i.xlarge', 'm6i.2xlarge', 'm7i.large', 'm7i.xlarge', 'm7i.2xlarge', 'm7g.large', 'm7g.xlarge', 'm7g.2xlarge', 'r7i.large', 'r7i.xlarge'],
    allowedDbInstanceClasses: ['db.m7g.large', 'db.m7g.xlarge', 'db.m7g.2xlarge', 'db.r6g.large', 'db.r6g.xlarge', 'db.r7g.large', 'db.r7g.xlarge', 'db.r7g.2xlarge'],
  },
};

/** Tags the provider of every stack must apply (see `defaultTags` in stacks/platform-stack.ts). */
export const MANDATORY_TAGS = ['Environment', 'Tier', 'Project', 'Owner', 'CostCenter', 'DataClassification', 'ManagedBy', 'Stack'] as const;

/** The Vault policy allowed to hold `sudo` (constructs/vault/service-grants.ts `PLATFORM_ADMIN_POLICY`). */
export const VAULT_ADMIN_POLICIES = ['platform-admin'] as const;

/** Token lifetimes every Vault auth role must stay within: 1 hour per token, 24 hours with renewals. */
export const VAULT_TOKEN_LIMITS = { maxTtlSeconds: 3_600, maxMaxTtlSeconds: 86_400 } as const;

/** Minimum RDS backup retention outside dev. */
export const MIN_DB_BACKUP_RETENTION_DAYS = 7;

/** Burstable families run out of CPU credits under sustained load; prod does not use them. */
const BURSTABLE = /^(db\.)?t[0-9]/;

interface GuardrailsContext {
  readonly tier: unknown;
}

/** Cross-field rules: prod lists contain no burstable (t-family) types. Runs on raw input. */
export function checkGuardrails(raw: Partial<GuardrailsInput> | undefined, ctx: GuardrailsContext, sink: ProblemSink): void {
  if (!raw || ctx.tier !== 'prod') return;
  for (const field of ['allowedInstanceTypes', 'allowedDbInstanceClasses'] as const) {
    const list = raw[field];
    if (!Array.isArray(list)) continue;
    list.forEach((type, i) => {
      if (typeof type === 'string' && BURSTABLE.test(type)) {
        sink.add(`guardrails.${field}[${i}]`, 'burstable (t-family) types are not allowed in the prod tier; pick an m- or r-family size', type);
      }
    });
  }
}

/** The environment's guardrails: its own lists where given, the tier defaults otherwise. */
export function resolveGuardrails(tier: Tier, guardrails: GuardrailsInput | undefined): Guardrails {
  const defaults = DEFAULT_GUARDRAILS[tier];
  return {
    allowedInstanceTypes: guardrails?.allowedInstanceTypes ?? defaults.allowedInstanceTypes,
    allowedDbInstanceClasses: guardrails?.allowedDbInstanceClasses ?? defaults.allowedDbInstanceClasses,
  };
}

/** Thresholds of the policy pack for one environment. */
export function policyOptions(environment: EnvironmentConfig): PolicyOptions {
  const guardrails = resolveGuardrails(environment.tier, environment.guardrails);
  return {
    tier: environment.tier,
    requiredTags: [...MANDATORY_TAGS],
    minLogRetentionDays: MIN_LOG_RETENTION_DAYS[environment.tier],
    allowedInstanceTypes: guardrails.allowedInstanceTypes,
    allowedDbInstanceClasses: guardrails.allowedDbInstanceClasses,
    vaultAdminPolicies: [...VAULT_ADMIN_POLICIES],
    maxVaultTokenTtlSeconds: VAULT_TOKEN_LIMITS.maxTtlSeconds,
    maxVaultTokenMaxTtlSeconds: VAULT_TOKEN_LIMITS.maxMaxTtlSeconds,
    minDbBackupRetentionDays: MIN_DB_BACKUP_RETENTION_DAYS,
    acceptedDbOverrides: acceptedDbOverrides(environment),
    alarmTopicName: `${environment.project}-${environment.name}-alarms`,
  };
}

/**
 * The environment's `database.overrides` that VP-RDS-3 checks, setting -> written reason (checkDatabase has accepted
 * them: outside dev, one per setting, a reason of at least 20 characters). The rule accepts exactly these checks and
 * reports them; the other protections stay enforced.
 */
function acceptedDbOverrides(environment: EnvironmentConfig): Partial<Record<RdsProtection, string>> {
  const checked = (setting: string): setting is RdsProtection => (RDS_PROTECTIONS as readonly string[]).includes(setting);
  return Object.fromEntries((environment.database?.overrides ?? []).flatMap((o) => (checked(o.setting) ? [[o.setting, o.reason]] : [])));
}
