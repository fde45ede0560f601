#!/usr/bin/env node
/**
 * `npm test`: every check of the project, run side by side within a memory budget instead of one after the other.
 *
 *   synth           scripts/test-synth.cjs: `npm run synth` once, shared by the secrets lint and jest
 *   typecheck       npm run typecheck       (TypeScript 7, native)
 *   lint:eslint     npm run lint:eslint
 *   lint:workflows  npm run lint:workflows  (actionlint)
 *   lint:secrets    npm run lint:secrets -- --synth-dir <the shared synth's output>   (after synth)
 *   test:unit       npm run test:unit       (jest; VAULTPLAT_TEST_SYNTH names the shared synth, the cdktf CLI's suite left
 *                                            out: VAULTPLAT_TEST_WITHOUT_CLI)  (after synth)
 *   test:cli        npm run test:cli        (jest, the cdktf CLI's suite alone: 500 MB of child processes)
 *
 * Each step is still an npm script of its own (`npm run lint:secrets` alone synthesizes for itself, jest alone lets
 * the suites that need the synth run it); this file only schedules them. Commands are read from package.json and run
 * the way npm runs a script (a shell, node_modules/.bin first on PATH), without starting npm itself for each step.
 *
 * Scheduling: a step starts once the steps it waits for have finished and when the peak memory measured for it
 * (MEMORY_MB, measured with scripts/measure-tree.cjs on the 2-core machine) fits in the budget beside the steps
 * running (VAULTPLAT_TEST_MEMORY_MB, default 1000, less OVERHEAD_MB for npm and this script); a step that does not
 * fit waits, unless nothing else runs. Steps are tried in the order of plan(): the small single-threaded steps first,
 * two at a time where memory allows, then jest's two workers, which fit beside nothing else. Output is kept per step and printed in the order
 * of plan() as soon as a step and every step before it have finished; a summary follows. The exit status is 1 when
 * any step failed (every step still runs, so one run shows every problem), else 0.
 *
 * The shared synth runs in a new temporary directory per run, deleted at the end: no run can read another's output
 * (__tests__/shared-synth.ts also checks its sources' fingerprint).
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');
const { mainSynthPaths, runMainSynth } = require('./test-synth.cjs');

const ROOT = join(__dirname, '..');
const SCRIPTS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/**
 * Peak memory of each step run alone (MB, sum over its process tree, scripts/measure-tree.cjs on the 2-core machine),
 * rounded up.
 */
const MEMORY_MB = {
  synth: 300,
  'lint:eslint': 400,
  'lint:workflows': 260,
  typecheck: 400,
  'lint:secrets': 110,
  'test:cli': 620,
  'test:unit': 900,
};

/** What runs besides the steps: `npm test` itself (about 55 MB) and this script (about 50 MB). */
const OVERHEAD_MB = 110;

/**
 * @typedef {{ code: number, output: string }} StepResult
 * @typedef {{ name: string, memoryMb: number, after?: string[], script?: string, args?: string[], env?: Record<string, string>, run: () => Promise<StepResult> }} Step
 */

/** Runs package.json's script `name` with `args` appended, as `npm run` would; resolves with its exit code and output. */
function runScript(name, args = [], env = {}) {
  return new Promise((resolve) => {
    const command = [SCRIPTS[name], ...args.map((a) => JSON.stringify(a))].join(' ');
    const child = spawn(command, {
      cwd: ROOT,
      shell: true,
      env: { ...process.env, ...env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: `> ${command}\n${Buffer.concat(output).toString('utf8')}` }));
  });
}

/** A step that runs an npm script. */
function scriptStep(name, options = {}) {
  const { args = [], env = {}, after } = options;
  return { name, script: name, args, env, ...(after ? { after } : {}), memoryMb: MEMORY_MB[name], run: () => runScript(name, args, env) };
}

/**
 * The steps of one `npm test`, whose shared synth goes to `dir`, in the order they are tried (and printed).
 * @returns {Step[]}
 */
function plan(dir) {
  const { outdir } = mainSynthPaths(dir);
  return [
    {
      name: 'synth',
      memoryMb: MEMORY_MB.synth,
      run: async () => {
        const result = await runMainSynth(dir);
        return { code: result.status === 0 ? 0 : 1, output: `> node scripts/test-synth.cjs ${dir}\n${result.stdout}${result.stderr}` };
      },
    },
    scriptStep('lint:eslint'),
    scriptStep('lint:workflows'),
    scriptStep('typecheck'),
    scriptStep('lint:secrets', { after: ['synth'], args: ['--synth-dir', outdir] }),
    scriptStep('test:cli'),
    scriptStep('test:unit', { after: ['synth'], env: { VAULTPLAT_TEST_SYNTH: dir, VAULTPLAT_TEST_WITHOUT_CLI: '1' } }),
  ];
}

/**
 * Runs `steps`: each once the steps it waits for are done and its memory fits in `budgetMb` beside the running steps
 * (or nothing else runs); outputs are written in the order of `steps` as soon as a step and all before it are done.
 * Resolves with each step's result, start and duration (ms since the call).
 * @param {Step[]} steps
 * @param {{ budgetMb: number, write: (text: string) => void }} options
 */
function runSteps(steps, { budgetMb, write }) {
  const t0 = Date.now();
  const state = new Map(steps.map((s) => [s.name, { status: 'waiting' }]));
  let printed = 0;
  const printReady = () => {
    while (printed < steps.length && state.get(steps[printed].name).status === 'done') {
      const { name } = steps[printed];
      const { code, output, seconds } = state.get(name);
      write(`\n=== ${name} (${seconds.toFixed(1)} s) ${code === 0 ? 'passed' : `FAILED (exit ${code})`}\n${output.trimEnd()}\n`);
      printed += 1;
    }
  };
  return new Promise((resolve) => {
    const schedule = () => {
      let used = steps.filter((s) => state.get(s.name).status === 'running').reduce((sum, s) => sum + s.memoryMb, 0);
      for (const step of steps) {
        const entry = state.get(step.name);
        if (entry.status !== 'waiting') continue;
        if (!(step.after ?? []).every((name) => state.get(name).status === 'done')) continue;
        const nothingRuns = steps.every((s) => state.get(s.name).status !== 'running');
        if (!nothingRuns && used + step.memoryMb > budgetMb) continue;
        used += step.memoryMb;
        Object.assign(entry, { status: 'running', startedMs: Date.now() - t0 });
        Promise.resolve()
          .then(step.run)
          .catch((error) => ({ code: 1, output: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
          .then(({ code, output }) => {
            Object.assign(entry, { status: 'done', code, output, seconds: (Date.now() - t0 - entry.startedMs) / 1000 });
            printReady();
            if (steps.every((s) => state.get(s.name).status === 'done')) resolve(steps.map((s) => ({ name: s.name, ...state.get(s.name) })));
            else schedule();
          });
      }
    };
    schedule();
  });
}

async function main() {
  const budgetMb = Number(process.env.VAULTPLAT_TEST_MEMORY_MB ?? 1000) - OVERHEAD_MB;
  const dir = mkdtempSync(join(tmpdir(), 'vaultplat-npm-test-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const started = Date.now();
  let results;
  try {
    results = await runSteps(plan(dir), { budgetMb, write: (text) => process.stdout.write(text) });
  } finally {
    cleanup();
  }
  const failed = results.filter((r) => r.code !== 0);
  const rows = results.map((r) => `  ${r.name.padEnd(15)} ${r.code === 0 ? 'passed' : 'FAILED'}  ${r.seconds.toFixed(1).padStart(5)} s  (started at ${(r.startedMs / 1000).toFixed(1)} s)`);
  const verdict = failed.length === 0 ? 'all steps passed' : `${failed.length} of ${results.length} steps FAILED: ${failed.map((r) => r.name).join(', ')}`;
  process.stdout.write(`\nnpm test: ${verdict} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${rows.join('\n')}\n`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

module.exports = { MEMORY_MB, plan, runSteps };

if (require.main === module) main();
