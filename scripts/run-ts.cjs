#!/usr/bin/env node
/**
 * Runs one of this project's TypeScript entry points (`node scripts/run-ts.cjs main.ts [args...]`), faster than
 * `node --import tsx`: esbuild bundles the entry point and the project's own modules into one CommonJS file (every
 * npm package stays an external `require`), then Node runs that file. tsx instead resolves and transforms each of
 * the ~400 project modules on load through loader hooks, which cost about 1-2.5 s of every synth (measured on the
 * 2-core machine: `node --import tsx main.ts` 4.5 s warm / 5.6-6.2 s cold, this 3.7-4.7 s cold, see README "Performance").
 *
 * - The bundle is written under node_modules/.cache/vaultplat/ (git-ignored) so that its package `require`s resolve
 *   from the project's node_modules, and it is removed after the run.
 * - No type checking (tsc --noEmit does that, in npm test), the same as tsx.
 * - The project code uses no `__dirname`/`import.meta` in what main.ts loads (a test checks), so bundling keeps
 *   its behaviour; scripts that read files next to themselves keep using tsx.
 * - esbuild is the one tsx itself uses, pinned as a direct dependency. It bundles in its own process while this one
 *   loads cdktf (see LOADED_WHILE_BUNDLING).
 * - The app (main.ts) and the bench's scaled app take their npm packages from the dependency pre-bundle
 *   (scripts/prebundle.cjs: one minified file instead of ~700 package files, built once per lockfile), all of them or
 *   none; the bundle's `require` asks it first (REQUIRE_SHIM). `VAULTPLAT_PREBUNDLE=off` runs without it.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { build, stop } = require('esbuild');
const { mkdirSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const prebundle = require('./prebundle.cjs');

const ROOT = join(__dirname, '..');

/**
 * Packages every entry point run here loads first (main.ts is a cdktf app). They are required while esbuild bundles
 * in its own process, on the other core: loading cdktf takes about as long as the bundle (0.2-0.5 s each on the
 * 2-core machine), so the two overlap instead of adding up. Requiring a package early changes nothing else: Node
 * caches it, and the bundle's own `require` gets the same module.
 */
const LOADED_WHILE_BUNDLING = ['cdktf', 'constructs'];

/**
 * The entry points whose imports make the dependency pre-bundle (scripts/prebundle.cjs) and that load it while esbuild
 * bundles: the app (`npm run synth`, the cdktf CLI, npm test's shared synth) and the bench's scaled app. Other entry
 * points (scripts, test fixture apps) take their packages from it when it holds every one they require, else from
 * node_modules.
 */
const PREBUNDLED_ENTRIES = new Set(['main.ts', 'scripts/synth-scaled.ts'].map((f) => join(ROOT, f)));

/**
 * The project bundle's first line: its `require` asks the pre-bundle first when run-ts installed one
 * (`globalThis.__vaultplatPrebundle`), and is Node's own otherwise. `var` redeclares the module's `require` parameter.
 */
const REQUIRE_SHIM =
  'var require = ((nodeRequire) => { const prebundled = globalThis.__vaultplatPrebundle; if (!prebundled) return nodeRequire; ' +
  'return Object.assign((specifier) => prebundled(specifier, nodeRequire), { resolve: nodeRequire.resolve, cache: nodeRequire.cache }); })(require);';

async function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/run-ts.cjs <entry.ts> [args...]\n');
    process.exitCode = 2;
    return;
  }
  const off = prebundle.disabled(); // before anything is written: an invalid VAULTPLAT_PREBUNDLE(_TRACE) fails here
  prebundle.tracing();
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'vaultplat');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `run-${process.pid}-${Date.now()}.cjs`);
  const bundling = build({
    entryPoints: [resolve(entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    outfile,
    logLevel: 'error',
    metafile: true,
    banner: { js: REQUIRE_SHIM },
  });
  const usesPrebundle = PREBUNDLED_ENTRIES.has(resolve(entry)) && !off;
  const existing = off ? undefined : prebundle.current();
  // The app loads the pre-bundle while esbuild bundles; other entry points use it only if it holds all they require
  // (known once bundled), and never build one.
  let modules = usesPrebundle ? existing?.load({ writeCodeCache: true }) : undefined;
  for (const name of LOADED_WHILE_BUNDLING) {
    if (modules && existing.specifiers.has(name)) modules[name]();
    else if (!existing) require(require.resolve(name, { paths: [ROOT] }));
  }
  try {
    const { metafile } = await bundling;
    const specifiers = prebundle.packageSpecifiers(metafile);
    const covered = existing !== undefined && specifiers.every((s) => existing.specifiers.has(s));
    if (!usesPrebundle && covered) modules = existing.load();
    if (modules && !covered) {
      // The app requires a package module the pre-bundle lacks, and cdktf already runs from the pre-bundle in this
      // process: build one that has it, and run the entry point in a fresh process.
      prebundle.trace((await prebundle.build(specifiers)) ? 'rebuilt, running again without it' : 'not built, running again without it');
      stop();
      const again = spawnSync(process.execPath, [__filename, entry, ...args], { stdio: 'inherit', env: { ...process.env, VAULTPLAT_PREBUNDLE: 'off' } });
      process.exitCode = again.status ?? 1;
      return;
    }
    stop(); // esbuild's service process (~40 MB) is not needed once the bundle is written (a build restarts it)
    if (modules) {
      prebundle.trace('used');
      globalThis.__vaultplatPrebundle = (specifier, nodeRequire) => (Object.hasOwn(modules, specifier) ? modules[specifier]() : nodeRequire(specifier));
    }
    process.argv = [process.argv[0], resolve(entry), ...args];
    require(outfile);
    if (usesPrebundle && !modules) prebundle.trace((await prebundle.build(specifiers)) ? 'built' : 'not built'); // for the next run
    if (PREBUNDLED_ENTRIES.has(resolve(entry)) && off) prebundle.trace('off');
  } finally {
    stop();
    rmSync(outfile, { force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
