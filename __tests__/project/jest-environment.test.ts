import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** jest.environment.js: the node environment, plus a full garbage collection once a test file's environment is gone. */
interface EnvironmentInstance {
  getVmContext(): object | null;
  teardown(): Promise<void>;
}
type EnvironmentClass = new (config: object, context: object) => EnvironmentInstance;

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CollectingEnvironment = require('../../jest.environment.js') as EnvironmentClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jestConfig = require('../../jest.config.js') as { testEnvironment: string; workerIdleMemoryLimit: string };
const SCRIPTS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

function newEnvironment(): EnvironmentInstance {
  return new CollectingEnvironment(
    { globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, testPath: __filename } },
    { console, docblockPragmas: {}, testPath: __filename },
  );
}

/** Runs `run` with `globalThis.gc` set to `gc` (writable, and not configurable under --expose-gc), then restores it. */
const withGc = async (gc: unknown, run: () => Promise<void>) => {
  const scope = globalThis as { gc?: unknown };
  const had = Object.prototype.hasOwnProperty.call(scope, 'gc');
  const own = scope.gc;
  scope.gc = gc;
  try {
    await run();
  } finally {
    if (had) scope.gc = own;
    else delete scope.gc;
  }
};

describe('jest.environment.js', () => {
  it('collects garbage once, after the test file’s environment (its context) is torn down', async () => {
    const environment = newEnvironment();
    const seen: Array<object | null> = [];
    expect(environment.getVmContext()).not.toBeNull();
    await withGc(() => seen.push(environment.getVmContext()), () => environment.teardown());
    expect(seen).toEqual([null]);
  });

  it('tears down without collecting when the worker runs without --expose-gc', async () => {
    const environment = newEnvironment();
    await withGc(undefined, () => environment.teardown());
    expect(environment.getVmContext()).toBeNull();
  });

  it('is the environment of every test file, and test:unit exposes gc to it', () => {
    expect(jestConfig.testEnvironment).toBe('<rootDir>/jest.environment.js');
    expect(SCRIPTS['test:unit'].split(' ')).toContain('--expose-gc');
  });

  it('sets the idle limit below the heap cap, so a worker that grew is replaced before it runs out of memory', () => {
    // jest-worker compares a thread's heapUsed after a test file with workerIdleMemoryLimit; the thread's heap cannot
    // grow past --max-old-space-size (plus the young generation), so a limit above the cap would never replace one.
    const cap = Number(/--max-old-space-size=(\d+)/.exec(SCRIPTS['test:unit'])?.[1]);
    const limit = Number(/^(\d+)MB$/.exec(jestConfig.workerIdleMemoryLimit)?.[1]);
    expect(cap).toBeGreaterThan(0);
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThanOrEqual(cap - 50);
  });
});
