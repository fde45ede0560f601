#!/usr/bin/env node
/**
 * The one full synth that `npm test` shares: `npm run synth` (`node scripts/run-ts.cjs main.ts`) run once, the way
 * __tests__/main.test.ts runs it (an output directory holding a previous output, a minimal environment), so that
 * main.test.ts, the suites that only read the synthesized JSON of the shipped app (state sharing, runbooks) and the
 * secrets lint all look at one output instead of synthesizing every stack four times.
 *
 *   node scripts/test-synth.cjs <dir>
 *
 * writes
 *   <dir>/main/cdktf.out/  the synth output; the directory is seeded first with __tests__/fixtures/previous-output.json
 *   <dir>/main.json       the run: { status, signal, stdout, stderr, seconds, sources }
 *
 * and exits 0 once the record is written, whether the synth succeeded or not (the tests judge the run: main.test.ts
 * expects status 0 and an empty stderr). `sources` fingerprints every file the synth reads from the project (see
 * SOURCES); __tests__/shared-synth.ts recomputes it before a test reads the record and fails when they differ, so a
 * record of other sources (stale, or changed while it ran) can never pass a test.
 *
 * scripts/test.cjs runs it in a fresh temporary directory per `npm test` and passes that directory to jest and the
 * secrets lint; jest run on its own (no VAULTPLAT_TEST_SYNTH) makes each suite that needs it run this script itself.
 */
'use strict';
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');

/** What the synth of main.ts reads from the project: its code, its configuration and the locked dependencies. */
const SOURCES = ['main.ts', 'cdktf.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'environments', 'stacks', 'constructs', 'scripts/run-ts.cjs', 'scripts/prebundle.cjs'];

const RECORD = 'main.json';

/** Files under `path` (a file or a directory), relative to the project root, sorted. */
function filesUnder(path) {
  const absolute = join(ROOT, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => filesUnder(`${path}/${entry.name}`));
}

/** sha256 over the path and content of every source file: equal only when the synth would read the same sources. */
function sourceFingerprint() {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(filesUnder)) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
  return hash.digest('hex');
}

/** Writes `files` (relative path -> content) under `dir`. */
function writeTree(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Where the output and the record of a shared synth in `dir` are. */
function mainSynthPaths(dir) {
  const parent = join(dir, 'main');
  return { parent, outdir: join(parent, 'cdktf.out'), record: join(dir, RECORD) };
}

/**
 * Runs the synth of main.ts into `<dir>/main/cdktf.out` and writes its record; resolves with the record. Asynchronous
 * so that scripts/test.cjs can run the type-check and ESLint beside it.
 */
function runMainSynth(dir) {
  const { parent, outdir, record } = mainSynthPaths(dir);
  const sources = sourceFingerprint();
  writeTree(outdir, JSON.parse(readFileSync(join(ROOT, '__tests__', 'fixtures', 'previous-output.json'), 'utf8')));
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // The environment of __tests__/main.test.ts's runMain: no inherited VAULTPLAT_*/TF_CLOUD_* setting can leak in.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: 'terraform-not-installed' };
    const child = spawn(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const result = {
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        sources,
        parent,
        outdir,
      };
      writeFileSync(record, `${JSON.stringify(result, null, 2)}\n`);
      resolve(result);
    });
  });
}

module.exports = { RECORD, SOURCES, mainSynthPaths, runMainSynth, sourceFingerprint };

if (require.main === module) {
  const [dir] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node scripts/test-synth.cjs <dir>\n');
    process.exitCode = 2;
  } else {
    runMainSynth(dir).catch((error) => {
      process.stderr.write(`test-synth: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
