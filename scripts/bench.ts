/**
 * `npm run bench`: the speed targets of README "Performance", measured in one run on this machine, printed as a table
 * (each figure next to its target). Exits 1 when a target is missed. `--update-readme` also writes the table into
 * README.md between the `bench:table` markers (a test keeps the README's measures and targets equal to these).
 *
 * Every run is cold: a new process, a fresh output directory, no transform cache (esbuild bundles, ts-node compiles,
 * jest's cache is cleared). The one thing kept between runs is what an install keeps: the dependency pre-bundle of
 * the fast path (scripts/prebundle.cjs), which the first synth after an install builds. The bench deletes it and
 * times that first synth on its own (reported in the detail of the ratio), then the runs it compares. Wall time and peak RSS are of the whole process tree (scripts/measure-tree.cjs): child
 * processes (esbuild, jest workers, parallel lint steps) count.
 *
 * - Stock toolchain: the same main.ts under ts-node (cdktf's TypeScript template runs `ts-node main.ts`, which
 *   type-checks while it loads), interleaved with the project's fast path (`npm run synth`'s `node scripts/run-ts.cjs
 *   main.ts`), five runs each; medians compared.
 * - Scale: main.ts's environments with 100 and 500 generated services each (scripts/scaled-environments.ts), in three
 *   rounds of fast path, 100, 500; medians against the median of the fast runs of the same rounds. Each round also
 *   times cdktf's own floor for what 500 services add (scripts/cdktf-floor.ts: as many of the simplest resource in as
 *   many stacks, nothing of this app's), printed beside what the target leaves for them.
 * - `npx cdktf synth` (the CLI with cdktf.json's app), in three rounds of fast path, CLI; median against the median of
 *   the fast runs of the same rounds.
 * - The test command (`npm test`), once, with jest's cache cleared; with the CPU time of its process tree, whose half
 *   is the least wall time any schedule of that work could take on 2 cores.
 *
 * Each ratio compares runs made in the same minutes: the shared 2-core machine's speed drifts by 10-20 % within an
 * hour, and a base measured minutes earlier would move a ratio by as much.
 *
 * `--only synth|scale|cli|test` (repeatable) runs a part, for development; only a full run updates the README.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_TARGETS, type BenchRow, type BenchTargetId, replaceBenchTable } from './bench-targets';
import { type SynthCounts, synthCounts } from './synth-counts';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with the command line
const { measure } = require('./measure-tree.cjs') as {
  measure: (command: string, args: string[], options: { stdio: unknown; env: NodeJS.ProcessEnv; cwd: string }) => Promise<Run>;
};

const ROOT = join(__dirname, '..');
const NODE = process.execPath;
const PARTS = ['synth', 'scale', 'cli', 'test'] as const;
type Part = (typeof PARTS)[number];

interface Run {
  readonly seconds: number;
  /** CPU time (user + system) of the process tree. */
  readonly cpuSeconds: number;
  readonly peakMegabytes: number;
  readonly exitCode: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (seconds: number) => `${seconds.toFixed(2)} s`;
const list = (runs: readonly Run[]) => runs.map((r) => r.seconds.toFixed(2)).join(', ');

/** The environment of a synth writing into `<dir>/out`. */
const outdirEnv = (dir: string): NodeJS.ProcessEnv => ({ CDKTF_OUTDIR: join(dir, 'out') });

/**
 * Runs a command cold with a fresh temporary directory (its output directory is `<dir>/out`). Output goes to a log file (printed
 * when the command fails, which fails the bench). `inspect` may read the output directory and the log before they are removed.
 */
async function cold(
  label: string,
  command: string,
  args: (dir: string) => string[],
  options: { env?: (dir: string) => NodeJS.ProcessEnv; inspect?: (outdir: string, log: string) => void } = {},
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'vaultplat-bench-'));
  try {
    const home = join(dir, 'home');
    mkdirSync(home);
    const log = join(dir, 'log');
    const fd = openSync(log, 'w');
    let result: Run;
    try {
      result = await measure(command, args(dir), {
        stdio: ['ignore', fd, fd],
        cwd: ROOT,
        env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', HOME: home, TSX_DISABLE_CACHE: '1', ...options.env?.(dir) },
      });
    } finally {
      closeSync(fd);
    }
    if (result.exitCode !== 0) {
      process.stderr.write(readFileSync(log, 'utf8').slice(-4000));
      throw new Error(`bench: ${label} failed with exit code ${result.exitCode}`);
    }
    options.inspect?.(join(dir, 'out'), readFileSync(log, 'utf8'));
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The dependency pre-bundle's files (scripts/prebundle.cjs). */
const prebundleFiles = () => {
  const dir = join(ROOT, 'node_modules', '.cache', 'vaultplat');
  try {
    return readdirSync(dir).filter((name) => name.startsWith('prebundle-')).map((name) => join(dir, name));
  } catch {
    return [];
  }
};

/** What the last synth of each configuration wrote. */
const counts: { base?: SynthCounts; at500?: SynthCounts } = {};
const fastSynth = () => cold('npm run synth', NODE, () => ['scripts/run-ts.cjs', 'main.ts'], { env: outdirEnv, inspect: (outdir) => (counts.base = synthCounts(outdir)) });
/**
 * ts-node with the module settings of cdktf's TypeScript template (CommonJS, Node resolution): the project's
 * tsconfig uses `module: preserve` for TypeScript 7, under which ts-node would load main.ts as an ES module and fail.
 */
const stockSynth = () =>
  cold('ts-node main.ts', NODE, () => [join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), 'main.ts'], {
    env: (dir) => ({ ...outdirEnv(dir), TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', moduleResolution: 'node' }) }),
  });
const scaledSynth = (services: number) =>
  cold(`synth with ${services} services`, NODE, () => ['scripts/run-ts.cjs', 'scripts/synth-scaled.ts', String(services)], {
    env: outdirEnv,
    inspect: (outdir) => {
      if (services === 500) counts.at500 = synthCounts(outdir);
    },
  });
/** Seconds cdktf alone spends composing and synthesizing `elements` of the simplest resource in `stacks` stacks (start-up excluded). */
async function cdktfFloor(stacks: number, elements: number): Promise<number> {
  let milliseconds = Number.NaN;
  await cold('cdktf floor', NODE, () => ['scripts/run-ts.cjs', 'scripts/cdktf-floor.ts', String(stacks), String(elements)], {
    env: outdirEnv,
    inspect: (_outdir, log) => {
      const result = log.split('\n').find((line) => line.startsWith('{"stacks":'));
      if (!result) throw new Error(`bench: scripts/cdktf-floor.ts printed no result:\n${log.slice(-2000)}`);
      milliseconds = (JSON.parse(result) as { milliseconds: number }).milliseconds;
    },
  });
  return milliseconds / 1000;
}
const cliSynth = () =>
  cold('npx cdktf synth', NODE, (dir) => [join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), 'synth', '--output', join(dir, 'out')], {
    env: () => ({ TERRAFORM_BINARY_NAME: 'terraform-not-installed' }),
  });

async function main(): Promise<number> {
  const only = process.argv.flatMap((arg, i, all) => (all[i - 1] === '--only' ? [arg] : [])) as Part[];
  const unknown = only.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`bench: unknown part ${unknown.join(', ')}; expected ${PARTS.join(', ')}`);
  const runs = (part: Part) => only.length === 0 || only.includes(part);
  const rows: BenchRow[] = [];
  const row = (id: BenchTargetId, value: number, detail: string) => {
    const target = BENCH_TARGETS[id];
    rows.push({ id, value, detail, met: target.better === 'lower' ? value <= target.limit : value >= target.limit });
  };
  console.log(`bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);

  // The first synth after an install builds the dependency pre-bundle; the runs below use it, as every later synth does.
  prebundleFiles().forEach((file) => rmSync(file, { force: true }));
  const first = await fastSynth();
  if (prebundleFiles().length === 0) throw new Error('bench: the first synth built no dependency pre-bundle (scripts/prebundle.cjs)');
  console.log(`  first synth after an install (builds the dependency pre-bundle): ${fmt(first.seconds)} / ${first.peakMegabytes.toFixed(0)} MB`);

  // Every ratio's base is the fast path's median over runs interleaved with the ones it is compared with.
  if (runs('synth')) {
    const fast: Run[] = [];
    const stock: Run[] = [];
    for (let i = 0; i < 5; i++) {
      fast.push(await fastSynth());
      stock.push(await stockSynth());
      console.log(`  synth run ${i + 1}: fast ${fmt(fast[i].seconds)} / ${fast[i].peakMegabytes.toFixed(0)} MB, ts-node ${fmt(stock[i].seconds)}`);
    }
    const base = median(fast.map((r) => r.seconds));
    const stockMedian = median(stock.map((r) => r.seconds));
    row(
      'stockRatio',
      stockMedian / base,
      `ts-node ${fmt(stockMedian)} (${list(stock)}) / fast ${fmt(base)} (${list(fast)}), ${counts.base?.stacks ?? 0} stacks; the first synth after an install, which builds the dependency pre-bundle: ${fmt(first.seconds)}`,
    );
    row('synthMegabytes', Math.max(...fast.map((r) => r.peakMegabytes)), 'worst of the 5 fast runs');
  }
  if (runs('scale')) {
    await scaledSynth(100); // adds the scaled app's imports to the pre-bundle, as its first run does
    const near: Run[] = [];
    const at100: Run[] = [];
    const at500: Run[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 3; i++) {
      near.push(await fastSynth());
      at100.push(await scaledSynth(100));
      at500.push(await scaledSynth(500));
      // What 500 services add to the base, as cdktf's own floor (the counts are the same in every round).
      const [base, scaled] = [counts.base!, counts.at500!];
      floor.push(await cdktfFloor(scaled.stacks - base.stacks, scaled.elements - base.elements));
    }
    const [scaleBase, t100, t500, floorMedian] = [near.map((r) => r.seconds), at100.map((r) => r.seconds), at500.map((r) => r.seconds), floor].map(median);
    const added = { stacks: counts.at500!.stacks - counts.base!.stacks, elements: counts.at500!.elements - counts.base!.elements };
    const allowed = (BENCH_TARGETS.scaleRatio.limit - 1) * scaleBase;
    const [cpuBase, cpu500] = [near, at500].map((set) => median(set.map((r) => r.cpuSeconds)));
    const cpuAllowed = cpus().length * BENCH_TARGETS.scaleRatio.limit * scaleBase;
    console.log(`  scale: base ${fmt(scaleBase)} (${list(near)}), 100 services ${fmt(t100)} (${list(at100)}), 500 services ${fmt(t500)} (${list(at500)})`);
    console.log(`  cdktf floor for what 500 services add (${added.elements} resources and data sources, ${added.stacks} stacks): ${fmt(floorMedian)} (${floor.map((f) => f.toFixed(2)).join(', ')}); the target allows ${fmt(allowed)}`);
    row(
      'scaleRatio',
      t500 / scaleBase,
      `500 services/env ${fmt(t500)} (${list(at500)}) / base ${fmt(scaleBase)} (${list(near)}), same rounds; 100 services/env ${fmt(t100)}; ` +
        `the ${added.elements} resources and data sources in ${added.stacks} stacks that 500 services add take cdktf alone ${fmt(floorMedian)} as the simplest resource (scripts/cdktf-floor.ts), of the ${fmt(allowed)} the target allows; ` +
        `CPU ${fmt(cpu500)} with 500 services/env, ${fmt(cpuBase)} base, against ${fmt(cpuAllowed)} that ${cpus().length} CPUs busy for ${BENCH_TARGETS.scaleRatio.limit}x the base could give`,
    );
    row('scaleMegabytes', Math.max(...at500.map((r) => r.peakMegabytes)), 'worst of the 3 runs with 500 services/env');
    const perServiceTo100 = (t100 - scaleBase) / 100;
    const perServiceTo500 = (t500 - t100) / 400;
    row('scaleLinearity', perServiceTo500 / Math.max(perServiceTo100, 1e-6), `per service: ${(perServiceTo100 * 1000).toFixed(2)} ms (0-100), ${(perServiceTo500 * 1000).toFixed(2)} ms (100-500)`);
  }
  if (runs('cli')) {
    const near: Run[] = [];
    const cli: Run[] = [];
    for (let i = 0; i < 3; i++) {
      near.push(await fastSynth());
      cli.push(await cliSynth());
    }
    const [cliBase, cliMedian] = [near, cli].map((set) => median(set.map((r) => r.seconds)));
    row('cliSecondsAbove', cliMedian - cliBase, `npx cdktf synth ${fmt(cliMedian)} (${list(cli)}) - fast ${fmt(cliBase)} (${list(near)}), same rounds`);
  }
  if (runs('test')) {
    await cold('jest --clearCache', NODE, () => [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--clearCache']);
    const test = await cold('npm test', 'npm', () => ['test', '--silent']);
    row(
      'testSeconds',
      test.seconds,
      `npm test: type-check, ESLint, actionlint, secrets lint, jest --ci; jest cache cleared; CPU ${test.cpuSeconds.toFixed(1)} s, so at least ${(test.cpuSeconds / cpus().length).toFixed(1)} s on ${cpus().length} CPUs`,
    );
    row('testMegabytes', test.peakMegabytes, 'peak of the whole process tree during npm test');
  }

  const table = formatTable(rows);
  console.log(`\n${table}`);
  if (process.argv.includes('--update-readme')) {
    if (only.length > 0) throw new Error('bench: --update-readme needs a full run (no --only)');
    const readme = join(ROOT, 'README.md');
    writeFileSync(readme, replaceBenchTable(readFileSync(readme, 'utf8'), table, new Date().toISOString().slice(0, 10)));
    console.log('README.md: performance table updated');
  }
  return rows.every((r) => r.met) ? 0 : 1;
}

function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| measure | result | target | met | detail |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const target = BENCH_TARGETS[r.id];
    lines.push(`| ${target.measure} | ${target.format(r.value)} | ${target.better === 'lower' ? '<=' : '>='} ${target.format(target.limit)} | ${r.met ? 'yes' : 'NO'} | ${r.detail} |`);
  }
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
