/**
 * jest's runtime (jest-runtime 30.5.2) with one change: a worker reads each module's source once, not once per test
 * file.
 *
 * jest gives every test file a fresh module registry, which is what keeps test files independent, and also a fresh
 * file cache: before every `require` it reads the module's file and decodes it to a string again, even though jest's
 * transformer already keeps the transformed code of every file per worker (keyed by path and mtime). A test file of
 * this project loads 5-35 MB of JavaScript (cdktf and the provider packages), so re-reading the same files costs
 * about 5 % of the whole suite's CPU and as much again in garbage collection.
 *
 * Here the worker keeps the source strings, keyed by path and checked against the file's mtime on every read (as
 * jest's transformer cache does), so a file that changes during a run is read again. Module registries, module
 * instances, mocks and globals stay per test file, exactly as before: only the text of the files is shared.
 * Configured as `runtime` in jest.config.js.
 */
const { statSync } = require('node:fs');
const Runtime = require('jest-runtime').default;

/** Sources read by this worker: path -> { source, mtimeMs }. */
const sources = new Map();

/** The `Map<string, string>` jest-runtime's file cache reads and writes, over the worker's sources. */
const workerFileCache = {
  get(filename) {
    const entry = sources.get(filename);
    if (entry === undefined) return undefined;
    let mtimeMs;
    try {
      mtimeMs = statSync(filename).mtimeMs;
    } catch {
      mtimeMs = undefined; // deleted since: read it again, and fail as jest would
    }
    if (mtimeMs !== entry.mtimeMs) {
      sources.delete(filename);
      return undefined;
    }
    return entry.source;
  },
  set(filename, source) {
    let mtimeMs;
    try {
      mtimeMs = statSync(filename).mtimeMs;
    } catch {
      return this; // not a file on disk: never cache it
    }
    sources.set(filename, { source, mtimeMs });
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

class WorkerSourceRuntime extends Runtime {
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    // The runner puts the test file's own source in cacheFS (it read it for its docblock): keep it.
    for (const [filename, source] of cacheFS) workerFileCache.set(filename, source);
    super(config, environment, resolver, transformer, workerFileCache, ...rest);
  }
}

module.exports = WorkerSourceRuntime;
