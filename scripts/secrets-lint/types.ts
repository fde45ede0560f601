/** Shared types of the secrets lint (see docs/secrets-lint.md). */

/** Rule identifiers: stable, printed in every finding and referenced by the docs. */
export type RuleId = 'SECRETS-001' | 'SECRETS-002' | 'SECRETS-003' | 'SECRETS-004' | 'SECRETS-005';

/**
 * How unquoted values read on a line:
 * - `code` (TypeScript, JSON, HCL, Python, Markdown prose): an unquoted value is an expression or a reference
 *   (`props.password`, `var.db_password`, `true`), so only quoted strings can be literals.
 * - `config` (shell, YAML, `.env`, INI, Dockerfile): an unquoted value is itself a literal string
 *   (`DB_PASSWORD=hunter2`, `password: hunter2`).
 */
export type ValueSyntax = 'code' | 'config';

/** One line of a scanned file, as the line rules see it. */
export interface SourceLine {
  /** Repository-relative path (or `<synth>/...` for synthesized output), forward slashes. */
  readonly path: string;
  /** 1-based line number. */
  readonly lineNumber: number;
  readonly text: string;
  readonly syntax: ValueSyntax;
  /** The closest non-blank line above, '' on the first line (for pairs split over two lines, `name:` / `value:`). */
  readonly previous: string;
}

/** Where a file came from: a git listing (so it is tracked or not ignored), a directory walk, or the synth output. */
export type FileOrigin = 'git' | 'git-ignored' | 'walk' | 'synth';

export interface ScannedFile {
  readonly path: string;
  readonly origin: FileOrigin;
}

/** A rule that checks one line at a time. Returns one message per problem; messages never echo a secret value. */
export interface LineRule {
  readonly id: RuleId;
  readonly title: string;
  check(line: SourceLine): string[];
}

/** A rule that judges a file by its path and origin (no content). */
export interface FileRule {
  readonly id: RuleId;
  readonly title: string;
  check(file: ScannedFile): string[];
}

export interface Finding {
  readonly path: string;
  /** 1-based; file rules report line 1. */
  readonly line: number;
  readonly rule: RuleId;
  readonly message: string;
}

/** A finding suppressed by a `secrets-lint-allow: <reason>` comment on its line. */
export interface Allowance {
  readonly path: string;
  readonly line: number;
  readonly rule: RuleId;
  readonly reason: string;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly allowances: readonly Allowance[];
  /** Number of files whose content was scanned. */
  readonly filesScanned: number;
}
