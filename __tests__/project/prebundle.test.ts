import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { withChildSlot } from '../child-slot';
import { treeOf } from '../output-tree';

interface Metafile {
  inputs: Record<string, { bytes: number; imports: { path: string; kind: string; external?: boolean }[] }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prebundle = require('../../scripts/prebundle.cjs') as {
  CACHE_DIR: string;
  key(): string;
  paths(key: string): { bundle: string; specifiers: string };
  packageSpecifiers(metafile: Metafile): string[];
  disabled(env: Record<string, string | undefined>): boolean;
  tracing(env: Record<string, string | undefined>): boolean;
  codeCacheFiles(bundle: string): string[];
};

const ROOT = join(__dirname, '..', '..');

describe('scripts/prebundle.cjs: which package modules a bundle needs', () => {
  it('lists the external package specifiers once, sorted, without built-in modules and relative paths', () => {
    const imports = (...paths: string[]) => paths.map((path) => ({ path, kind: 'require-call', external: true }));
    const metafile: Metafile = {
      inputs: {
        'main.ts': { bytes: 1, imports: [...imports('cdktf', 'node:fs', 'path', '@cdktf/provider-aws/lib/vpc'), { path: 'stacks/synth.ts', kind: 'import-statement' }] },
        'stacks/synth.ts': { bytes: 1, imports: imports('cdktf', 'zod', './local', '/abs/file', 'constructs') },
      },
    };
    expect(prebundle.packageSpecifiers(metafile)).toEqual(['@cdktf/provider-aws/lib/vpc', 'cdktf', 'constructs', 'zod']);
  });

  it('is switched off by VAULTPLAT_PREBUNDLE=off, on by default or "on", and refuses any other value by name', () => {
    expect([prebundle.disabled({}), prebundle.disabled({ VAULTPLAT_PREBUNDLE: 'on' }), prebundle.disabled({ VAULTPLAT_PREBUNDLE: 'off' })]).toEqual([false, false, true]);
    expect(() => prebundle.disabled({ VAULTPLAT_PREBUNDLE: '0' })).toThrow('VAULTPLAT_PREBUNDLE="0": expected "off" (run without the dependency pre-bundle) or "on" (the default)');
    const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, VAULTPLAT_PREBUNDLE: 'false' }, encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, '', 'VAULTPLAT_PREBUNDLE="false": expected "off" (run without the dependency pre-bundle) or "on" (the default)\n']);
  });

  it('says what a run did only with VAULTPLAT_PREBUNDLE_TRACE=1, and refuses any other value than 0 or 1 by name', () => {
    expect([prebundle.tracing({}), prebundle.tracing({ VAULTPLAT_PREBUNDLE_TRACE: '0' }), prebundle.tracing({ VAULTPLAT_PREBUNDLE_TRACE: '1' })]).toEqual([false, false, true]);
    const run = spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, VAULTPLAT_PREBUNDLE_TRACE: 'yes' }, encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([
      1,
      '',
      'VAULTPLAT_PREBUNDLE_TRACE="yes": expected "1" (say on stderr what the run did with the dependency pre-bundle) or "0" (the default)\n',
    ]);
  });

  it('keeps the pre-bundle in node_modules/.cache, named after the lockfile, esbuild and Node (a new install makes a new one)', () => {
    const key = prebundle.key();
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    const { bundle, specifiers } = prebundle.paths(key);
    expect(dirname(bundle)).toBe(join(ROOT, 'node_modules', '.cache', 'vaultplat'));
    expect([basename(bundle), basename(specifiers)]).toEqual([`prebundle-${key}.cjs`, `prebundle-${key}.json`]);
  });
});

describe('scripts/prebundle.cjs: V8 code cache of the pre-bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vaultplat-code-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a small stand-in for the pre-bundle (a new file renamed into place, as a build does). */
  function writeBundle(answer: number): string {
    const bundle = join(dir, 'prebundle-0123456789abcdef.cjs');
    writeFileSync(`${bundle}.tmp`, `module.exports = { answer: () => ({ value: ${answer}, file: __filename, viaRequire: require('node:path').basename(__dirname) }) };\n`);
    renameSync(`${bundle}.tmp`, bundle);
    return bundle;
  }

  /** Loads `bundle` in a new Node process, as run-ts does; its trace lines and what the module returned. */
  function load(bundle: string, writeCodeCache: boolean, env: Record<string, string> = {}): { trace: string[]; value: unknown } {
    const code = `const m = require(${JSON.stringify(join(ROOT, 'scripts', 'prebundle.cjs'))}).loadBundle(${JSON.stringify(bundle)}, { writeCodeCache: ${writeCodeCache} }); process.stdout.write(JSON.stringify(m.answer()));`;
    const run = spawnSync(process.execPath, ['-e', code], { env: { PATH: process.env.PATH, VAULTPLAT_PREBUNDLE_TRACE: '1', ...env }, encoding: 'utf8' });
    expect([run.status, run.error]).toEqual([0, undefined]);
    return { trace: run.stderr.split('\n').filter((line) => line !== ''), value: JSON.parse(run.stdout) };
  }

  it('writes the cache after the first run that has none, and compiles from it in the next runs, with the same module', () => {
    const bundle = writeBundle(42);
    const expected = { value: 42, file: bundle, viaRequire: basename(dir) };
    expect(load(bundle, true)).toEqual({ trace: ['prebundle: code cache none', 'prebundle: code cache written'], value: expected });
    expect(prebundle.codeCacheFiles(bundle)).toHaveLength(1);
    expect(load(bundle, true)).toEqual({ trace: ['prebundle: code cache used'], value: expected });
    expect(load(bundle, false)).toEqual({ trace: ['prebundle: code cache used'], value: expected });
  });

  it('keeps one cache per V8 configuration, so runs under the cdktf CLI (other heap flags) and npm run synth do not replace each other’s', () => {
    const bundle = writeBundle(3);
    const cli = { NODE_OPTIONS: '--max-old-space-size=4096' }; // what cdktf-cli 0.21.0 gives the app
    expect(load(bundle, true).trace).toEqual(['prebundle: code cache none', 'prebundle: code cache written']);
    expect(load(bundle, true, cli).trace).toEqual(['prebundle: code cache none', 'prebundle: code cache written']);
    expect(prebundle.codeCacheFiles(bundle)).toHaveLength(2);
    expect(load(bundle, true).trace).toEqual(['prebundle: code cache used']);
    expect(load(bundle, true, cli)).toEqual({ trace: ['prebundle: code cache used'], value: expect.objectContaining({ value: 3 }) });
  });

  it('never writes it from a run that is not the app', () => {
    const bundle = writeBundle(1);
    expect(load(bundle, false).trace).toEqual(['prebundle: code cache none']);
    expect(prebundle.codeCacheFiles(bundle)).toEqual([]);
  });

  it('compiles without a cache V8 rejects, and replaces it', () => {
    const bundle = writeBundle(7);
    load(bundle, true);
    const [cache] = prebundle.codeCacheFiles(bundle);
    writeFileSync(cache!, 'not a V8 code cache');
    expect(load(bundle, true)).toEqual({ trace: ['prebundle: code cache rejected', 'prebundle: code cache written'], value: expect.objectContaining({ value: 7 }) });
    expect(load(bundle, true).trace).toEqual(['prebundle: code cache used']);
  });

  it('never uses the cache of a bundle that was rebuilt, even of the same length, and deletes it (and stale temporary files) when writing the new one', () => {
    const bundle = writeBundle(1);
    load(bundle, true);
    const [old] = prebundle.codeCacheFiles(bundle);
    writeFileSync(`${old!}.12345.tmp`, 'left by a run that was killed while writing');
    writeBundle(2); // same length, new file
    expect(load(bundle, true)).toEqual({ trace: ['prebundle: code cache none', 'prebundle: code cache written'], value: expect.objectContaining({ value: 2 }) });
    const files = prebundle.codeCacheFiles(bundle);
    expect(files).toHaveLength(1);
    expect(files).not.toContain(old);
    expect(existsSync(old!)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('npm run synth through the dependency pre-bundle', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** `npm run synth` into a new directory, with `env` added; its result, what it did with the pre-bundle, and where it wrote. */
  function synth(env: Record<string, string>): { result: SpawnSyncReturns<string>; prebundle: string[]; outdir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'vaultplat-prebundle-'));
    dirs.push(dir);
    const outdir = join(dir, 'cdktf.out');
    const result = withChildSlot(() =>
      spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, VAULTPLAT_PREBUNDLE_TRACE: '1', ...env },
        encoding: 'utf8',
      }),
    );
    return { result, prebundle: result.stderr.split('\n').filter((line) => line.startsWith('prebundle: ')), outdir };
  }

  it('writes exactly what a synth without it writes, file by file, compiled with and without its V8 code cache', () => {
    /** A synth with no code cache of the current pre-bundle. */
    const withoutCodeCache = () => {
      for (const file of prebundle.codeCacheFiles(prebundle.paths(prebundle.key()).bundle)) rmSync(file, { force: true });
      return synth({});
    };
    let writing = withoutCodeCache();
    // There was no pre-bundle yet, or it lacked a module main.ts imports: that run built one, this one uses it.
    if (writing.prebundle.some((line) => /^prebundle: (built|rebuilt)/.test(line))) writing = withoutCodeCache();
    const cached = synth({});
    const without = synth({ VAULTPLAT_PREBUNDLE: 'off' });

    expect([writing.result.status, writing.prebundle]).toEqual([0, ['prebundle: code cache none', 'prebundle: used', 'prebundle: code cache written']]);
    expect([cached.result.status, cached.prebundle]).toEqual([0, ['prebundle: code cache used', 'prebundle: used']]);
    expect([without.result.status, without.prebundle]).toEqual([0, ['prebundle: off']]);
    const files = treeOf(cached.outdir);
    expect(Object.keys(files).filter((path) => path.endsWith('/cdk.tf.json')).length).toBeGreaterThan(40);
    expect(files).toEqual(treeOf(without.outdir));
    expect(treeOf(writing.outdir)).toEqual(files);
  });

  it('is used, never built, by an entry point that is not the app', () => {
    const result = spawnSync(process.execPath, ['scripts/run-ts.cjs', '__tests__/project/fixtures/echo-args.ts', 'x'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, VAULTPLAT_PREBUNDLE_TRACE: '1' },
      encoding: 'utf8',
    });
    expect([result.status, result.stdout]).toEqual([3, '["x"]\n']);
    // the test above left a pre-bundle and its code cache; this entry point requires no package it lacks, and reads
    // the cache without writing it
    expect(result.stderr).toBe('prebundle: code cache used\nprebundle: used\n');
  });
});
