/**
 * The contract between a policy rule and the pack that runs it. A rule decides compliance for one synthesized
 * Terraform element (resource, data source, provider, output, ...); the pack (see `vault-platform-pack.ts`) owns its
 * ID, severity, message and fix.
 */

/** Kind of Terraform block an element synthesizes to. */
export type ElementBlock = 'resource' | 'data' | 'provider' | 'output' | 'variable' | 'locals' | 'backend';

/** One Terraform element of a stack, as it is synthesized (tokens resolved to Terraform expressions). */
export interface ElementView {
  readonly block: ElementBlock;
  /** Terraform type (`aws_s3_bucket`, provider `aws`), or the block kind for outputs, variables, locals, backends. */
  readonly type: string;
  /** Logical name in the configuration (`tooling_vpc_4F2A1B3C`); the alias for providers. */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.logs_1A2B`, `data.aws_iam_policy_document.x`, `provider.aws`, `output.x`. */
  readonly address: string;
  /** Construct path, e.g. `network-dev/tooling/vpc/vpc`. */
  readonly path: string;
  /** The synthesized block, without cdktf metadata (`//`). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Every element of the stack, for rules that relate resources (a flow log of a VPC, the versioning of a bucket). */
export interface StackView {
  readonly name: string;
  readonly elements: readonly ElementView[];
  /** Resources (or data sources with `data.` prefix) of one type. */
  ofType(selector: string): readonly ElementView[];
}

export type Tier = 'dev' | 'staging' | 'prod';

/** Thresholds of environment-dependent rules; built from the environment configuration by the stack. */
export interface PolicyOptions {
  /** Protection tier of the environment. */
  readonly tier: Tier;
  /** Tags every AWS provider must apply as `default_tags`. */
  readonly requiredTags: readonly string[];
  /** Minimum CloudWatch Logs retention in days. */
  readonly minLogRetentionDays: number;
  /** EC2 instance types (launch templates, instances, EKS node groups) allowed in this environment. */
  readonly allowedInstanceTypes: readonly string[];
  /** RDS instance classes allowed in this environment. */
  readonly allowedDbInstanceClasses: readonly string[];
  /** Vault policy names allowed to hold `sudo` and wildcard paths. */
  readonly vaultAdminPolicies: readonly string[];
  /** Upper bound of `token_ttl` on Vault auth roles, in seconds. */
  readonly maxVaultTokenTtlSeconds: number;
  /** Upper bound of `token_max_ttl` on Vault auth roles, in seconds. */
  readonly maxVaultTokenMaxTtlSeconds: number;
  /** Minimum RDS automated backup retention outside dev, in days. */
  readonly minDbBackupRetentionDays: number;
  /**
   * RDS protections the environment relaxes on purpose (its `database.overrides`), each with the written reason:
   * VP-RDS-3 accepts exactly these checks and reports them as suppressed findings. @default - none
   */
  readonly acceptedDbOverrides?: Readonly<Partial<Record<RdsProtection, string>>>;
  /**
   * Name of the environment's SNS alarm topic (`<project>-<env>-alarms`): VP-OBS-1 checks that an alarm referencing a
   * topic of its own stack references this one. @default - any topic of the stack
   */
  readonly alarmTopicName?: string;
}

/** The RDS protections VP-RDS-3 checks, named like the `database` settings of an environment. */
export const RDS_PROTECTIONS = ['multiAz', 'deletionProtection', 'finalSnapshot', 'backupRetentionDays'] as const;
export type RdsProtection = (typeof RDS_PROTECTIONS)[number];

export interface RuleContext {
  readonly stack: StackView;
  readonly options: PolicyOptions;
}

/** A failing check the environment's configuration accepts with a written reason: reported, never failed. */
export interface AcceptedCheck {
  /** What the check found, as a non-compliant detail would say it. */
  readonly detail: string;
  /** Why it is accepted, and where that is written. */
  readonly reason: string;
}

export type RuleResult =
  | { readonly status: 'compliant'; readonly accepted?: readonly AcceptedCheck[] }
  | { readonly status: 'non-compliant'; readonly detail: string; readonly accepted?: readonly AcceptedCheck[] }
  | { readonly status: 'not-applicable'; readonly reason?: string };

export const compliant = (): RuleResult => ({ status: 'compliant' });
export const nonCompliant = (detail: string): RuleResult => ({ status: 'non-compliant', detail });
export const notApplicable = (reason?: string): RuleResult => (reason ? { status: 'not-applicable', reason } : { status: 'not-applicable' });

/** Combines several checks of one element: non-compliant with every detail if any fails, else compliant. */
export function allOf(details: readonly (string | undefined | false)[]): RuleResult {
  const failed = details.filter((d): d is string => typeof d === 'string' && d.length > 0);
  return failed.length > 0 ? nonCompliant(failed.join('; ')) : compliant();
}

/**
 * A policy rule. One per file under `rules/`, named after the rule (`s3-versioning-enabled.ts`).
 *
 * `appliesTo` selects elements: a resource type (`aws_s3_bucket`), a data source (`data.aws_iam_policy_document`),
 * a provider (`provider.aws`) or `*` for every element of the stack.
 */
export interface PolicyRule {
  /** Kebab-case name, equal to the file name. */
  readonly name: string;
  /** What a compliant element looks like, one sentence (goes to docs/rules.md). */
  readonly description: string;
  readonly appliesTo: readonly string[];
  evaluate(element: ElementView, context: RuleContext): RuleResult;
}
