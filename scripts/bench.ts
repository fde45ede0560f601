/**
 * `npm run bench`: cold-run numbers for the README.
 * - Full synth of every stack of every environment (`npm run synth`'s `node scripts/run-ts.cjs main.ts`): wall time and peak RSS of the
 *   synth process, with tsx's transform cache disabled, into a fresh output directory. Three runs; the worst counts.
 * - The whole test command (`npm test`: type-check, lint, secrets lint, jest --ci) with jest's cache cleared.
 * Exits 1 when a target is missed. Targets (2-core machine), for the 45 stacks and ~1,700 tests of 2026-12-02 (README
 * "Performance" says why they moved from 3 s / 60 s): synth <= 5 s and <= 400 MB; test suite <= 240 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const TARGETS = { synthSeconds: 5, synthMegabytes: 400, testSeconds: 240 };

interface SynthRun {
  readonly seconds: number;
  readonly megabytes: number;
  readonly stacks: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return seconds;
}

function coldSynth(): SynthRun {
  const dir = mkdtempSync(join(tmpdir(), 'vaultplat-bench-'));
  try {
    const rssFile = join(dir, 'rss');
    const env = { ...process.env, CDKTF_OUTDIR: join(dir, 'out'), TSX_DISABLE_CACHE: '1', BENCH_RSS_FILE: rssFile };
    const seconds = run(process.execPath, ['--require', join(ROOT, 'scripts', 'bench-rss.cjs'), join(ROOT, 'scripts', 'run-ts.cjs'), 'main.ts'], env);
    const megabytes = Number(readFileSync(rssFile, 'utf8')) / 1024;
    return { seconds, megabytes, stacks: readdirSync(join(dir, 'out', 'stacks')).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): number {
  console.log(`bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
  const synthRuns = [coldSynth(), coldSynth(), coldSynth()];
  for (const [i, r] of synthRuns.entries()) {
    console.log(`synth run ${i + 1}: ${r.stacks} stacks in ${r.seconds.toFixed(2)} s, peak RSS ${r.megabytes.toFixed(0)} MB`);
  }
  const worstSeconds = Math.max(...synthRuns.map((r) => r.seconds));
  const worstMegabytes = Math.max(...synthRuns.map((r) => r.megabytes));

  run(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--clearCache'], process.env);
  const testSeconds = run('npm', ['test', '--silent'], { ...process.env, TSX_DISABLE_CACHE: '1' });

  const rows = [
    ['full synth, wall time (worst of 3 cold runs)', `${worstSeconds.toFixed(2)} s`, `<= ${TARGETS.synthSeconds} s`, worstSeconds <= TARGETS.synthSeconds],
    ['full synth, peak RSS (worst of 3 cold runs)', `${worstMegabytes.toFixed(0)} MB`, `<= ${TARGETS.synthMegabytes} MB`, worstMegabytes <= TARGETS.synthMegabytes],
    ['test command (npm test), cold jest cache', `${testSeconds.toFixed(1)} s`, `<= ${TARGETS.testSeconds} s`, testSeconds <= TARGETS.testSeconds],
  ] as const;
  console.log('\n| measure | result | target | met |\n|---|---|---|---|');
  for (const [measure, result, target, met] of rows) console.log(`| ${measure} | ${result} | ${target} | ${met ? 'yes' : 'NO'} |`);
  return rows.every((row) => row[3]) ? 0 : 1;
}

process.exitCode = main();
