/**
 * jest's runtime (jest-runtime 30.5.2) with two changes, both about work a worker repeats for every test file:
 *
 * 1. A worker reads each module's file once, not once per test file.
 *    jest gives every test file a fresh module registry, which is what keeps test files independent, and also a
 *    fresh file cache: before every `require` it reads the module's file and decodes it to a string again. A test
 *    file of this project loads 5-35 MB of JavaScript (cdktf and the provider packages). Here the worker keeps the
 *    text of each file, checked against the file's mtime the first time each test file reads it (as jest's
 *    transformer cache checks mtimes), so a file that changes during a run is read again by the next test file. A
 *    JavaScript file is read straight into the wrapped text of its script (below), and the source jest gets is a
 *    slice of that text (V8 keeps a slice as a view of its parent string): one copy per worker.
 *
 * 2. A worker compiles each module once, not once per test file.
 *    jest-runtime compiles every module of every test file with `vm.compileFunction(code, params, { parsingContext })`,
 *    which binds the compiled code to that test file's context: V8 parses the whole file again for each test file
 *    (a quarter of the suite's CPU in a profile, 2026-12-02: `internalCompileFunction` 25 % of self time), and
 *    compiles again every function the tests call. Here a worker compiles a module once as a context-independent
 *    `vm.Script` whose code is a function expression with the same parameters (the wrapper jest used before
 *    `compileFunction`, on a line of its own, `lineOffset: -1`, so line and column numbers are those of the file),
 *    and each test file runs it in its own context: `script.runInContext(context)` evaluates the function
 *    expression there, so the module function, everything it creates and every global it sees belong to that test
 *    file's context, exactly as with `compileFunction`. What is shared is V8's compiled code (the script's
 *    SharedFunctionInfos, bytecode included), which holds no state. The cache is keyed by file name and checked
 *    against the transformed code (a changed file compiles again). Modules whose code uses dynamic `import()`
 *    (which a `vm.Script` would bind to the first test file's runtime) and Node core modules keep jest's own
 *    `compile`.
 *
 * Module registries, module instances, mocks and globals stay per test file, exactly as before. Configured as
 * `runtime` in jest.config.js; __tests__/project/jest-runtime.test.ts checks both changes.
 */
const { readFileSync, statSync } = require('node:fs');
const { Script } = require('node:vm');
const Runtime = require('jest-runtime').default;

/** Sources read by this worker: path -> { source, mtimeMs, wrapped? }. */
const sources = new Map();

/** Module scripts compiled by this worker: path -> { code, params, script }. */
const scripts = new Map();

/** A file's mtime, or undefined when it is not a file on disk. */
function mtimeOf(filename) {
  try {
    return statSync(filename).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The module wrapper around code, for the module parameters `params`: the function expression on a line of its own. */
function wrapperOf(params) {
  return { head: `(function (${params.join(', ')}) {\n`, tail: '\n})' };
}

/**
 * The `Map<string, string>` jest-runtime's file cache reads and writes for one test file, over the worker's
 * sources: each file's mtime is compared once per test file. `wrapper()` gives the module wrapper: a JavaScript file
 * is read into the wrapped text its script compiles, and its source is a slice of that text (V8 keeps a slice as a
 * view of its parent), so the worker holds each file's text once however many test files and scripts use it.
 */
function workerFileCache(wrapper) {
  const checked = new Set();
  return {
    get(filename) {
      const entry = sources.get(filename);
      if (entry !== undefined && checked.has(filename)) return entry.source;
      const mtimeMs = mtimeOf(filename);
      if (entry !== undefined && mtimeMs === entry.mtimeMs) {
        checked.add(filename);
        return entry.source;
      }
      sources.delete(filename); // never read, changed or deleted since: read it again
      if (mtimeMs === undefined || !/\.c?js$/.test(filename)) return undefined; // jest reads it (and fails as it would)
      const { head, tail } = wrapper();
      const wrapped = `${head}${readFileSync(filename, 'utf8')}${tail}`;
      const source = wrapped.slice(head.length, wrapped.length - tail.length);
      sources.set(filename, { source, mtimeMs, wrapped });
      checked.add(filename);
      return source;
    },
    set(filename, source) {
      const mtimeMs = mtimeOf(filename);
      if (mtimeMs === undefined) return this; // not a file on disk: never cache it
      sources.set(filename, { source, mtimeMs });
      checked.add(filename);
      return this;
    },
    has(filename) {
      return this.get(filename) !== undefined;
    },
    delete(filename) {
      return sources.delete(filename);
    },
    /** jest clears a test file's cache when the file is done; the worker's sources outlive it on purpose. */
    clear() {},
  };
}

/** True when `code` may call dynamic `import()`: such modules keep jest's own compile. */
function mayImportDynamically(code) {
  return /\bimport\s*\(/.test(code);
}

/**
 * The module function of `code` (the module `filename`'s code after jest's transform) for the context `vmContext`,
 * compiled once per worker: the same function `compileFunction(code, params, { filename, parsingContext: vmContext })`
 * returns. Untransformed files compile the wrapped text their source was sliced from; transformed ones a wrapped copy.
 */
function sharedCompile(code, params, filename, vmContext) {
  const key = params.join(',');
  let entry = scripts.get(filename);
  if (entry === undefined || entry.code !== code || entry.params !== key) {
    const read = sources.get(filename);
    const { head, tail } = wrapperOf(params);
    const wrapped = read?.wrapped !== undefined && read.source === code && read.wrapped.startsWith(head) ? read.wrapped : `${head}${code}${tail}`;
    entry = { code, params: key, script: new Script(wrapped, { filename, lineOffset: -1 }) };
    scripts.set(filename, entry);
  }
  return entry.script.runInContext(vmContext);
}

class WorkerSharedRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    let executor;
    const fileCache = workerFileCache(() => wrapperOf(executor.injectedModuleParameters));
    // The runner puts the test file's own source in cacheFS (it read it for its docblock): keep it.
    for (const [filename, source] of cacheFS) fileCache.set(filename, source);
    super(config, environment, resolver, transformer, fileCache, ...rest);
    executor = this.executor;
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (code, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null || executor.resolution.isCoreModule(filename) || mayImportDynamically(code)) return jestCompile(code, filename);
      return sharedCompile(code, executor.injectedModuleParameters, filename, vmContext);
    };
  }
}

module.exports = WorkerSharedRuntime;
module.exports.sharedCompile = sharedCompile;
module.exports.workerFileCache = workerFileCache;
