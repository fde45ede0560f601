import { type Severity } from './vault-platform-pack';

/** One rule violation on one Terraform element. */
export interface PolicyFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  /** Construct path, e.g. `network-dev/tooling/vpc/vpc`. */
  readonly path: string;
  /** Terraform address, e.g. `aws_vpc.tooling_vpc_4F2A1B3C`. */
  readonly address: string;
  /** What is wrong (owned by the pack). */
  readonly message: string;
  /** What the rule found on this element. */
  readonly detail: string;
  /** How to fix it (owned by the pack). */
  readonly fix: string;
}

export interface SuppressedFinding extends PolicyFinding {
  readonly reason: string;
}

export interface UnusedSuppression {
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** Result of one pack over one stack. */
export interface PolicyReport {
  readonly pack: string;
  readonly stack: string;
  /** Terraform elements evaluated. */
  readonly elementCount: number;
  /** Rules of the pack run over the stack's elements. */
  readonly ruleCount: number;
  /** Rule evaluations that applied to an element (compliant or not); `not-applicable` results are not counted. */
  readonly checkCount: number;
  readonly errors: readonly PolicyFinding[];
  readonly warnings: readonly PolicyFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that matched no finding: stale, remove them. */
  readonly unusedSuppressions: readonly UnusedSuppression[];
  /** Misuse of the pack itself (a suppression of an unknown rule); fails synth like an error. */
  readonly problems: readonly string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function formatFinding(label: string, f: PolicyFinding): string {
  return [`  ${label} ${f.ruleId} ${f.path} (${f.address})`, `      ${f.message} ${f.detail}.`, `      Fix: ${f.fix}`].join('\n');
}

/** Human-readable report: every error, warning and suppression of the stack, one block each. */
export function formatReport(report: PolicyReport): string {
  const failed = report.errors.length > 0 || report.problems.length > 0;
  const header =
    `Policy pack ${report.pack} ${failed ? 'FAILED' : 'passed'} for stack ${report.stack}: ` +
    `${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}, ` +
    `${plural(report.suppressed.length, 'suppressed finding')} (${report.elementCount} elements checked)`;
  return [header, ...formatFindings(report)].join('\n');
}

/** The lines of {@link formatReport} below its header: problems, errors, warnings, suppressions, unused suppressions. */
export function formatFindings(report: PolicyReport): string[] {
  return [
    ...report.problems.map((p) => `  ERROR ${p}`),
    ...report.errors.map((f) => formatFinding('ERROR', f)),
    ...report.warnings.map((f) => formatFinding('WARNING', f)),
    ...report.suppressed.map((f) => `  SUPPRESSED ${f.ruleId} ${f.path} (${f.address}): ${f.reason}`),
    ...report.unusedSuppressions.map((s) => `  UNUSED SUPPRESSION ${s.ruleId} ${s.path}: nothing to suppress; remove it ("${s.reason}")`),
  ];
}

/**
 * Thrown at synth when a stack breaks an error-level rule. `report` is the stack cdktf was validating; `reports`
 * adds the failing reports of the app's stacks not synthesized yet. The message is every report, in that order.
 */
export class PolicyViolationError extends Error {
  readonly reports: readonly PolicyReport[];

  constructor(
    readonly report: PolicyReport,
    others: readonly PolicyReport[] = [],
  ) {
    const reports = [report, ...others];
    const summary = reports.length > 1 ? [`Policy pack ${report.pack} FAILED for ${reports.length} stacks: ${reports.map((r) => r.stack).join(', ')}`] : [];
    super([...reports.map(formatReport), ...summary].join('\n'));
    this.name = 'PolicyViolationError';
    this.reports = reports;
  }
}
