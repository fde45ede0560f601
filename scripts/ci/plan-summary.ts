/** The recorded result of the speculative plans of one pull request push (plan-summary.json). */

export type StackOutcome =
  /** Plan finished: counts are set. */
  | 'planned'
  /** The plan or the upload failed: `error` says why. */
  | 'errored'
  /** A bootstrap stack: applied by a bootstrap admin, never planned by CI. */
  | 'bootstrap'
  /** Not planned, with the reason (a new stack whose workspace the bootstrap has not created yet). */
  | 'skipped';

export interface StackPlanSummary {
  readonly stack: string;
  readonly status: 'added' | 'modified';
  readonly outcome: StackOutcome;
  readonly organization?: string;
  readonly workspace?: string;
  readonly runId?: string;
  readonly url?: string;
  readonly additions?: number;
  readonly changes?: number;
  readonly destructions?: number;
  readonly imports?: number;
  readonly error?: string;
}

export interface PlanSummary {
  /** Head commit the plans were made for. */
  readonly commit: string;
  /** Base commit the changes were detected against (absent: every stack counted as changed). */
  readonly base?: string;
  readonly stacks: readonly StackPlanSummary[];
  readonly removed: readonly string[];
  /** Set when CI could not plan at all (e.g. no token for a pull request from a fork). */
  readonly notice?: string;
}

export const COMMENT_MARKER = '<!-- vaultplat:speculative-plans -->';
