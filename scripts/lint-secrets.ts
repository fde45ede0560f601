/**
 * `npm run lint:secrets`: the forbidden-patterns lint of the secrets guide (docs/secrets-lint.md).
 *
 * Scans the repository's files (git-tracked and untracked-but-not-ignored) and the synthesized Terraform. By default
 * it synthesizes every stack into a temporary directory first (`node scripts/run-ts.cjs main.ts` with `CDKTF_OUTDIR`,
 * which cdktf's `App` honours), so the output scanned is always the output of the code being tested, never a stale
 * or missing `cdktf.out/`, and the shared `cdktf.out/` is left alone.
 *
 *   node scripts/run-ts.cjs scripts/lint-secrets.ts                        repository + fresh synth
 *   node scripts/run-ts.cjs scripts/lint-secrets.ts --synth-dir cdktf.out  repository + an existing synth output
 *   node scripts/run-ts.cjs scripts/lint-secrets.ts --no-synth             repository only
 *
 * Exit status: 0 no findings, 1 findings, 2 usage error, failed synth, or nothing to scan (no stacks, no files).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatReport, lintRepository } from './secrets-lint/lint';

interface Arguments {
  readonly root: string;
  readonly synth: 'fresh' | 'none' | { readonly dir: string };
}

const USAGE = 'usage: lint-secrets [--root <dir>] [--synth-dir <cdktf output dir> | --no-synth]';

function parseArguments(argv: readonly string[]): Arguments {
  let root = process.cwd();
  let synth: Arguments['synth'] = 'fresh';
  for (let i = 0; i < argv.length; i += 1) {
    const argument = argv[i];
    const value = argv[i + 1];
    if (argument === '--root' && value !== undefined) {
      root = resolve(value);
      i += 1;
    } else if (argument === '--synth-dir' && value !== undefined) {
      synth = { dir: resolve(value) };
      i += 1;
    } else if (argument === '--no-synth') {
      synth = 'none';
    } else {
      throw new Error(`unknown or incomplete argument "${argument}"\n${USAGE}`);
    }
  }
  return { root, synth };
}

/** Synthesizes every stack of `root` into `outdir`; throws with the synth's own output when it fails. */
function synthesize(root: string, outdir: string): void {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`synth failed (exit ${run.status ?? run.signal}):\n${run.stderr}${run.stdout}`);
  const stacks = stackCount(outdir, 'synth wrote no stacks to');
  console.log(`secrets-lint: synthesized ${stacks} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The number of `stacks/<stack>/` directories of a cdktf output; throws when there is none (nothing to scan). */
function stackCount(outdir: string, what: string): number {
  const stacks = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')) : [];
  if (stacks.length === 0) throw new Error(`${what} ${outdir}: no stacks/<stack>/ output, nothing to scan`);
  return stacks.length;
}

function main(): number {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  const temporary = args.synth === 'fresh' ? mkdtempSync(join(tmpdir(), 'secrets-lint-synth-')) : undefined;
  try {
    if (temporary !== undefined) synthesize(args.root, temporary);
    const synthDir = temporary ?? (typeof args.synth === 'object' ? args.synth.dir : undefined);
    if (synthDir !== undefined && !existsSync(synthDir)) throw new Error(`--synth-dir ${synthDir} does not exist`);
    if (typeof args.synth === 'object') stackCount(args.synth.dir, '--synth-dir');
    const result = lintRepository({ root: args.root, ...(synthDir === undefined ? {} : { synthDir }) });
    // A wrong --root or a broken git listing must not pass as "no findings".
    if (result.filesScanned === 0) throw new Error(`no file of ${args.root} could be scanned: nothing to lint`);
    console.log(formatReport(result));
    return result.findings.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(`secrets-lint: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
  }
}

process.exitCode = main();
