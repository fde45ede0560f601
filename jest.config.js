/**
 * Jest runs TypeScript through @swc/jest: it strips types without checking them, which keeps a cold run fast.
 * Types are checked once for the whole tree by `npm run typecheck` (TypeScript 7's native tsc --noEmit), part of `npm test`.
 *
 * - `maxWorkers: 2`: jest's default is cores - 1, one worker on the 2-core machine, i.e. every suite in a row.
 * - `workerThreads: true`: the two workers are threads of one process instead of two processes. Each still has its
 *   own V8 heap, module registries and test contexts; what they share is the process (Node's own code and the native
 *   libraries are resident once): test:unit's peak went from 860-950 MB to 650-780 MB, and its CPU from about 200 s
 *   to about 140 s (measured 2026-12-02), which leaves room for larger heaps (below). Tests must not call
 *   `process.chdir()` (a thread cannot); none does.
 * - `workerIdleMemoryLimit`: a worker whose heap holds more than this (200 MB) after a test file is replaced by a fresh
 *   one (which reads and compiles its modules again). jest-worker reads the thread's heapUsed; testEnvironment
 *   (below) collects the garbage first, so that is what the worker really keeps (95-165 MB measured), and the limit
 *   is below the heap cap (test:unit's --max-old-space-size), or it could never trigger
 *   (__tests__/project/jest-environment.test.ts).
 * - `testEnvironment`: jest.environment.js, the node environment plus a full garbage collection after each test
 *   file's environment is torn down (test:unit runs with `--expose-gc`). Before, a file started with up to 100 MB of
 *   the previous files' garbage beside its own work, and V8's incremental marking counted what was allocated while it
 *   marked as alive: one CI run (2026-12-02) had a worker die with "Jest worker ran out of memory" under the 250 MB
 *   cap. Measured after: each file starts from 95-165 MB, the largest live heap during a suite is 165 MB (200 MB
 *   before), and the run uses less CPU, not more.
 * - `lazy: true` (swc's CommonJS transform): a package is required when a test first uses one of its imports, not
 *   when the module that imports it loads. Every test file loads its own module registry, and the environment schema
 *   imports constants from construct files that import the provider classes: lazily, a schema or construct test
 *   compiles about 40 % less code (656 -> 382 MB over the environment and construct suites). Project files (relative
 *   imports) still load eagerly, in order.
 * - `setupFilesAfterEnv`: __tests__/setup-tmp.ts puts the output directories of cdktf's `Testing.app()` in one temporary
 *   directory per test file, deleted after it (cdktf never deletes them).
 * - `runtime`: jest.runtime.js reads and compiles each module once per worker instead of once per test file
 *   (module instances, registries and globals stay per test file). Compiling was a quarter of jest's CPU before.
 * - `sourceMaps: true` (not @swc/jest's default `inline`): swc hands jest the source map apart from the code, jest
 *   writes it to its cache directory and maps stack traces from there. Inline maps made every transformed file
 *   twice its size in each worker's heap (25 MB per worker, kept for the whole run).
 * - npm run test:unit starts jest with `--expose-gc --max-old-space-size=300 --max-semi-space-size=16`, which its
 *   worker threads inherit: V8 otherwise lets a worker's heap grow far past what it holds alive (a worker that ran the
 *   policy pack over every stack reached 500 MB), and npm test has 1 GB for everything that runs at once (jest and
 *   its two workers, one large child process of a test, npm). A worker keeps 95-165 MB between test files (the
 *   modules' text and compiled code) and the largest suite peaks at about 165 MB alive: the 300 MB cap leaves it
 *   almost half free, so garbage collection stays cheap and a larger suite still fits (npm test's peak: 833-843 MB
 *   with this cap, 975 MB before the collection between files). A suite that outgrows the cap fails with
 *   "Jest worker ran out of memory" (raise it then, and the budget in scripts/test.cjs).
 * - `VAULTPLAT_TEST_WITHOUT_CLI=1` leaves out the suite of the real cdktf CLI (`npm run test:cli` runs it alone):
 *   the CLI and the app it starts take 500 MB on their own, too much beside two busy workers within npm test's
 *   1 GB, so scripts/test.cjs runs it in a jest process of its own while only small steps run.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: '<rootDir>/jest.environment.js',
  maxWorkers: 2,
  workerThreads: true,
  workerIdleMemoryLimit: '200MB',
  roots: ['<rootDir>/__tests__'],
  setupFiles: ['<rootDir>/__tests__/setup-speed.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup-tmp.ts'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', lazy: true }, sourceMaps: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
  resolver: '<rootDir>/jest.resolver.js',
  runtime: '<rootDir>/jest.runtime.js',
  modulePathIgnorePatterns: ['<rootDir>/cdktf.out'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/', ...(process.env.VAULTPLAT_TEST_WITHOUT_CLI === '1' ? ['/__tests__/cdktf-synth\\.test\\.ts$'] : [])],
};
