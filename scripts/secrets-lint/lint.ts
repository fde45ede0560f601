import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowComment } from './annotations';
import { listRepositoryFiles, walkFiles, type ListOptions } from './files';
import { credentialFormat } from './rules/credential-format';
import { envFileInDeploymentPath, envFileNotIgnored } from './rules/env-file';
import { hardcodedCredential } from './rules/hardcoded-credential';
import { shellFallback } from './rules/shell-fallback';
import { lineSyntaxes } from './syntax';
import { type Allowance, type FileRule, type Finding, type LineRule, type LintResult, type ScannedFile } from './types';

export const LINE_RULES: readonly LineRule[] = [shellFallback, hardcodedCredential, credentialFormat];
export const FILE_RULES: readonly FileRule[] = [envFileInDeploymentPath, envFileNotIgnored];

/** Files larger than this are data, not configuration, and are not read. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Path prefix of synthesized files in findings (the output is written to a temporary directory). */
export const SYNTH_PREFIX = '<synth>/';

interface TextResult {
  readonly findings: Finding[];
  readonly allowances: Allowance[];
}

/** Runs the line rules over one file's text; `path` is only used for reporting and to pick the value syntax. */
export function lintText(path: string, text: string): TextResult {
  const findings: Finding[] = [];
  const allowances: Allowance[] = [];
  const lines = text.split(/\r?\n/);
  const syntaxes = lineSyntaxes(path, lines);
  let previous = '';
  lines.forEach((lineText, index) => {
    const line = { path, lineNumber: index + 1, text: lineText, syntax: syntaxes[index], previous };
    if (lineText.trim() !== '') previous = lineText;
    const allow = allowComment(lineText);
    for (const rule of LINE_RULES) {
      for (const message of new Set(rule.check(line))) {
        if (allow !== undefined && allow.reason !== '') {
          allowances.push({ path, line: line.lineNumber, rule: rule.id, reason: allow.reason });
        } else {
          const hint = allow === undefined ? '' : ' (the secrets-lint-allow comment on this line has no reason, so it is ignored)';
          findings.push({ path, line: line.lineNumber, rule: rule.id, message: message + hint });
        }
      }
    }
  });
  return { findings, allowances };
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** Runs the file rules, then (for readable text files that are not ignored) the line rules. */
function lintFile(absolutePath: string, file: ScannedFile): TextResult & { scanned: boolean } {
  const findings: Finding[] = FILE_RULES.flatMap((rule) => rule.check(file).map((message) => ({ path: file.path, line: 1, rule: rule.id, message })));
  if (file.origin === 'git-ignored') return { findings, allowances: [], scanned: false };
  const content = readFileSync(absolutePath);
  if (content.length > MAX_FILE_BYTES || isBinary(content)) return { findings, allowances: [], scanned: false };
  const result = lintText(file.path, content.toString('utf8'));
  return { findings: [...findings, ...result.findings], allowances: result.allowances, scanned: true };
}

export interface LintOptions extends ListOptions {
  /** The repository to scan. */
  readonly root: string;
  /**
   * A cdktf output directory (`cdktf.out` or a temporary `CDKTF_OUTDIR`) scanned in full; its files are reported
   * as `<synth>/stacks/<stack>/cdk.tf.json`. @default - synthesized output is not scanned
   */
  readonly synthDir?: string;
}

/** Scans the repository at `root` (and `synthDir` when given); findings in path and line order. */
export function lintRepository(options: LintOptions): LintResult {
  const targets: { absolutePath: string; file: ScannedFile }[] = listRepositoryFiles(options.root, options).map((file) => ({
    absolutePath: join(options.root, file.path),
    file,
  }));
  if (options.synthDir !== undefined) {
    const synthDir = options.synthDir;
    for (const path of walkFiles(synthDir, new Set(['.terraform']))) {
      targets.push({ absolutePath: join(synthDir, path), file: { path: SYNTH_PREFIX + path, origin: 'synth' } });
    }
  }
  const findings: Finding[] = [];
  const allowances: Allowance[] = [];
  let filesScanned = 0;
  for (const { absolutePath, file } of targets) {
    const result = lintFile(absolutePath, file);
    findings.push(...result.findings);
    allowances.push(...result.allowances);
    if (result.scanned) filesScanned += 1;
  }
  return { findings, allowances, filesScanned };
}

/** `path:line: RULE message` per finding, the allowances, then a summary line. */
export function formatReport(result: LintResult): string {
  const lines = result.findings.map((finding) => `${finding.path}:${finding.line}: ${finding.rule} ${finding.message}`);
  for (const allowance of result.allowances) {
    lines.push(`${allowance.path}:${allowance.line}: allowed ${allowance.rule} (secrets-lint-allow: ${allowance.reason})`);
  }
  const files = new Set(result.findings.map((finding) => finding.path)).size;
  const allowed = result.allowances.length === 0 ? '' : `, ${result.allowances.length} allowed`;
  lines.push(
    result.findings.length === 0
      ? `secrets-lint: no findings in ${result.filesScanned} files${allowed}`
      : `secrets-lint: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${result.filesScanned} files scanned${allowed})`,
  );
  return lines.join('\n');
}
