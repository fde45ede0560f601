/**
 * The dependency pre-bundle of scripts/run-ts.cjs: the npm packages a cdktf app of this project requires (cdktf,
 * constructs, every provider module it imports, zod, yaml, ...), bundled by esbuild into one minified CommonJS file
 * under node_modules/.cache/vaultplat/. The same technique as Vite's dependency pre-bundling.
 *
 * Why: a synth spends about a third of its time loading packages: 33 MB of JavaScript in ~700 files (four-fifths of
 * it comments and whitespace; 15 MB are the pod-spec structs of three Kubernetes resources), each read, resolved and
 * compiled by V8. The pre-bundle is 7 MB in one file. Building it takes about 2 s, once per lockfile: the first
 * synth after an install (or after the app imports a package module the bundle lacks) builds it after it has
 * written its output; every later synth loads it instead of the packages' files.
 *
 * What makes it safe:
 * - All or nothing: a run takes every npm package it requires from the pre-bundle, or none (a package loaded twice,
 *   once from each, would have two copies of its module state: cdktf's, constructs'). run-ts checks, after bundling
 *   the project, that the pre-bundle holds every package specifier the project bundle requires; when one is
 *   missing, the run does not use it.
 * - Keyed by the lockfile, the esbuild version and the Node version (`key()`): an install that changes any package
 *   makes a new key, and the old file is deleted when the new one is built.
 * - Module bodies run lazily, in the order the app requires them, exactly as Node would run them (esbuild's
 *   CommonJS wrappers); the minification is whitespace and syntax only. A test compares a synth through the
 *   pre-bundle with one without it, file by file.
 * - Class names are not kept: 16 of the ~4,000 classes and functions the packages export get another `.name`
 *   (`Token` is `_Token`, esbuild's lowering of classes that refer to themselves). esbuild's `keepNames` would keep
 *   them at a cost of 0.4 s per synth (a `__name()` call for every function of 7 MB of code), so instead the
 *   project's code must not depend on a package's class names (stacks/platform-stack.ts recognises cdktf's
 *   `terraform version` check by what it runs).
 * - A build that esbuild warns about (a dynamic `require` it cannot follow) is discarded, never used.
 * - `VAULTPLAT_PREBUNDLE=off` turns it off for a run (`on`, the default, and nothing else is accepted);
 *   `VAULTPLAT_PREBUNDLE_TRACE=1` (or `0`, the default) says on stderr what a run did
 *   with it (`used`, `off`, `built`, `rebuilt, running again without it`, `not built`, `code cache ...`).
 * - V8's compiled code of it is kept between runs (`loadBundle()`: a V8 code cache named after the bundle file's
 *   identity), which saves most of the time compiling it.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, isBuiltin, wrap } = require('node:module');
const { basename, dirname, join } = require('node:path');
const { cachedDataVersionTag } = require('node:v8');
const { Script } = require('node:vm');

const ROOT = join(__dirname, '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'vaultplat');

/** True when the pre-bundle is switched off for this process (`VAULTPLAT_PREBUNDLE=off`); any other value than `on` fails. */
function disabled(env = process.env) {
  const value = env.VAULTPLAT_PREBUNDLE;
  if (value !== undefined && value !== 'off' && value !== 'on') {
    throw new Error(`VAULTPLAT_PREBUNDLE=${JSON.stringify(value)}: expected "off" (run without the dependency pre-bundle) or "on" (the default)`);
  }
  return value === 'off';
}

/** True when `VAULTPLAT_PREBUNDLE_TRACE=1`; `0` or unset is false, and any other value fails. */
function tracing(env = process.env) {
  const value = env.VAULTPLAT_PREBUNDLE_TRACE;
  if (value !== undefined && value !== '0' && value !== '1') {
    throw new Error(`VAULTPLAT_PREBUNDLE_TRACE=${JSON.stringify(value)}: expected "1" (say on stderr what the run did with the dependency pre-bundle) or "0" (the default)`);
  }
  return value === '1';
}

/** With `VAULTPLAT_PREBUNDLE_TRACE=1`, what a run did with the pre-bundle goes to stderr (`prebundle: used`, ...). */
function trace(what, env = process.env) {
  if (tracing(env)) process.stderr.write(`prebundle: ${what}\n`);
}

/** What the pre-bundle depends on besides the specifiers: the lockfile, esbuild's version, Node's major version. */
function key() {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  hash.update(`\0esbuild ${require('esbuild').version}\0node ${process.versions.node.split('.')[0]}`);
  return hash.digest('hex').slice(0, 16);
}

/** Paths of the pre-bundle for `k`: the bundle and its list of specifiers. */
function paths(k) {
  return { bundle: join(CACHE_DIR, `prebundle-${k}.cjs`), specifiers: join(CACHE_DIR, `prebundle-${k}.json`) };
}

/**
 * The npm package specifiers (`cdktf`, `@cdktf/provider-aws/lib/vpc`) an esbuild metafile's bundle requires at run
 * time: its external imports, without Node's built-in modules and relative paths.
 * @param {import('esbuild').Metafile} metafile
 */
function packageSpecifiers(metafile) {
  const specifiers = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path, external } of input.imports) {
      if (external && !path.startsWith('.') && !path.startsWith('/') && !isBuiltin(path)) specifiers.add(path);
    }
  }
  return [...specifiers].sort();
}

/**
 * The current pre-bundle, or undefined when there is none for this key: `{ specifiers, load() }`, where `load()`
 * requires the bundle and returns its map from specifier to a function that runs (once) and returns that module.
 */
function current() {
  const { bundle, specifiers } = paths(key());
  if (!existsSync(bundle) || !existsSync(specifiers)) return undefined;
  let list;
  try {
    list = JSON.parse(readFileSync(specifiers, 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  return { specifiers: new Set(list), load: (options) => loadBundle(bundle, options) };
}

/** Identity of the bundle file as one read saw it: a rebuild (a new file renamed into place) changes it. */
function identityOf(stats) {
  return createHash('sha256').update(`${stats.ino}:${stats.size}:${stats.mtimeMs}`).digest('hex').slice(0, 12);
}

/** V8 code cache files of the pre-bundle `bundle` (any identity), and temporary ones a killed run left behind. */
function codeCacheFiles(bundle) {
  const prefix = `${basename(bundle, '.cjs')}.`;
  try {
    return readdirSync(dirname(bundle))
      .filter((name) => name.startsWith(prefix) && /\.v8cache(\.\d+\.tmp)?$/.test(name))
      .map((name) => join(dirname(bundle), name));
  } catch {
    return [];
  }
}

/**
 * Runs the pre-bundle `bundle` as a CommonJS module and returns its exports, compiled with V8's code cache of it
 * when there is one.
 *
 * Compiling the 7 MB bundle, and then each of its functions the first time it runs, took 0.3-0.5 s of every synth
 * (measured 2026-12-02: `npm run synth` 2.53-2.67 s without, 1.95-2.37 s with). V8 can serialise what it compiled
 * (`script.createCachedData()`, after the run: it holds every function the run compiled) and take it back on the
 * next compile (`cachedData`), which is what Node 22's `module.enableCompileCache()` does; Node 20 has no such cache,
 * so it is done here, the same way.
 * - The cache file is named after the identity of the bundle file the run read (inode, size, mtime), checked before
 *   and after reading it: a rebuilt bundle never meets the cache of the old one. It is also named after
 *   `v8.cachedDataVersionTag()` (V8's version, flags and CPU features): the cdktf CLI runs the app with
 *   `--max-old-space-size=4096`, under which V8 rejects a cache made without it, so each keeps its own. A cache V8
 *   rejects anyway (`cachedDataRejected`) is compiled around and replaced.
 * - Only the app writes it (`writeCodeCache`: the runs whose imports the pre-bundle was built for, which compile the
 *   most of it), once at exit when there was none or V8 rejected it, into a temporary file renamed into place; the
 *   files of other bundle identities are deleted then. A run that finds it unusable still runs; a cache that cannot be written is
 *   reported by the trace and left out.
 * @param {string} bundle
 * @param {{ writeCodeCache?: boolean }} [options]
 */
function loadBundle(bundle, { writeCodeCache = false } = {}) {
  const before = statSync(bundle);
  const source = readFileSync(bundle, 'utf8');
  const after = statSync(bundle);
  const identity = before.ino === after.ino && before.size === after.size && before.mtimeMs === after.mtimeMs ? identityOf(after) : undefined;
  // One cache per bundle file and per V8 configuration: V8 rejects a cache made under other flags, and the cdktf CLI
  // runs the app with NODE_OPTIONS=--max-old-space-size=4096, `npm run synth` without (one file would be rewritten
  // at every switch).
  const cacheFile = identity && `${bundle.slice(0, -'.cjs'.length)}.${identity}.${cachedDataVersionTag().toString(16)}.v8cache`;
  let cachedData;
  if (cacheFile && existsSync(cacheFile)) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(wrap(source), { filename: bundle, cachedData });
  const status = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  trace(`code cache ${status}`);
  if (writeCodeCache && cacheFile && status !== 'used') {
    process.once('exit', () => {
      try {
        if (identityOf(statSync(bundle)) !== identity) return; // rebuilt during the run: this code is not its code
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        const sameBundle = `${bundle.slice(0, -'.cjs'.length)}.${identity}.`;
        for (const other of codeCacheFiles(bundle)) if (!other.startsWith(sameBundle) || other.endsWith('.tmp')) rmSync(other, { force: true });
        trace('code cache written');
      } catch (error) {
        trace(`code cache not written (${error instanceof Error ? error.message : String(error)})`);
      }
    });
  }
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle));
  return bundleModule.exports;
}

/**
 * Builds the pre-bundle for `specifiers` (plus those of the current one, so that entry points with different
 * imports do not rebuild it in turn) and deletes pre-bundles of other keys. Returns true when it was built; false
 * when esbuild failed or warned (nothing is written then).
 * @param {readonly string[]} specifiers
 */
async function build(specifiers) {
  const { build: esbuild } = require('esbuild');
  const k = key();
  const all = [...new Set([...specifiers, ...(current()?.specifiers ?? [])])].sort();
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${process.pid}-${Date.now()}`;
  const entry = join(CACHE_DIR, `prebundle-entry-${tmp}.cjs`);
  const out = join(CACHE_DIR, `prebundle-${tmp}.tmp.cjs`);
  writeFileSync(entry, `module.exports = {\n${all.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n')}\n};\n`);
  try {
    const result = await esbuild({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: out,
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    if (result.warnings.length > 0 || result.errors.length > 0) return false;
    const { bundle, specifiers: list } = paths(k);
    writeFileSync(`${list}.${tmp}`, `${JSON.stringify(all)}\n`);
    renameSync(out, bundle);
    renameSync(`${list}.${tmp}`, list);
    for (const file of codeCacheFiles(bundle)) rmSync(file, { force: true }); // the code of the bundle it replaced
    for (const name of readdirSync(CACHE_DIR)) {
      if (/^prebundle-[0-9a-f]{16}\.(cjs|json|[0-9a-f]{12}\.[0-9a-f]+\.v8cache(\.\d+\.tmp)?)$/.test(name) && !name.includes(k)) rmSync(join(CACHE_DIR, name), { force: true });
    }
    return true;
  } catch {
    return false;
  } finally {
    rmSync(entry, { force: true });
    rmSync(out, { force: true });
  }
}

module.exports = { CACHE_DIR, build, codeCacheFiles, current, disabled, key, loadBundle, packageSpecifiers, paths, trace, tracing };
