import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from 'node:vm';

/** jest.runtime.js: what a worker shares between test files (compiled code, file text) and what it must not. */
interface RuntimeModule {
  sharedCompile(code: string, params: readonly string[], filename: string, context: object): (...args: unknown[]) => unknown;
  workerFileCache(wrapper: () => { head: string; tail: string }): Map<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('../../jest.runtime.js') as RuntimeModule;

const PARAMS = ['module', 'exports', 'require', '__dirname', '__filename', 'jest'];
const WRAPPER = () => ({ head: `(function (${PARAMS.join(', ')}) {\n`, tail: '\n})' });

/** Runs `code` as a module in `context` the way jest-runtime calls a compiled module function; returns its exports. */
function load(code: string, filename: string, context: object): unknown {
  const module = { exports: {} as unknown };
  runtime.sharedCompile(code, PARAMS, filename, context)(module, module.exports, undefined, '/', filename, undefined);
  return module.exports;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vaultplat-jest-runtime-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('jest.runtime.js compiles a module once per worker, and runs it per test file', () => {
  it('gives each test file its own module state and its own globals', () => {
    const code = 'let calls = 0;\nmodule.exports = () => `${globalThis.marker}:${++calls}`;';
    const filename = join(dir, 'state.js');
    const first = load(code, filename, createContext({ marker: 'first' })) as () => string;
    const second = load(code, filename, createContext({ marker: 'second' })) as () => string;
    expect([first(), first(), second()]).toEqual(['first:1', 'first:2', 'second:1']);
  });

  it('creates objects of the test file’s own realm (instanceof against its globals holds)', () => {
    const context = createContext({});
    const made = load('module.exports = { list: [], object: {} };', join(dir, 'realm.js'), context) as { list: unknown; object: unknown };
    const check = load('module.exports = (v) => [Array.isArray(v.list), v.list instanceof Array, v.object instanceof Object];', join(dir, 'check.js'), context) as (v: unknown) => boolean[];
    expect(check(made)).toEqual([true, true, true]);
    expect(made.list instanceof Array).toBe(false); // the jest test's own realm differs, exactly as with compileFunction
  });

  it('reports the line numbers of the file itself in stack traces', () => {
    const filename = join(dir, 'thrower.js');
    const fails = load('\n\nmodule.exports = () => {\n  throw new Error("line four");\n};', filename, createContext({})) as () => void;
    let stack = '';
    try {
      fails();
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
    expect(stack).toContain(`${filename}:4:`);
  });

  it('compiles again when the code of a file changes', () => {
    const filename = join(dir, 'changing.js');
    expect(load('module.exports = 1;', filename, createContext({}))).toBe(1);
    expect(load('module.exports = 2;', filename, createContext({}))).toBe(2);
  });
});

describe('jest.runtime.js reads a file once per worker', () => {
  it('returns the text of the file, and the text of its new version to the next test file after it changed', () => {
    const filename = join(dir, 'read.js');
    writeFileSync(filename, 'module.exports = "old";');
    const firstTestFile = runtime.workerFileCache(WRAPPER);
    expect(firstTestFile.get(filename)).toBe('module.exports = "old";');

    writeFileSync(filename, 'module.exports = "new";');
    utimesSync(filename, new Date(), new Date(Date.now() + 5_000)); // a new mtime even on a coarse clock
    expect(firstTestFile.get(filename)).toBe('module.exports = "old";'); // one test file sees one version
    expect(runtime.workerFileCache(WRAPPER).get(filename)).toBe('module.exports = "new";');
  });

  it('leaves files that are not JavaScript, and files that do not exist, for jest to read', () => {
    const json = join(dir, 'data.json');
    writeFileSync(json, '{}');
    const cache = runtime.workerFileCache(WRAPPER);
    expect(cache.get(json)).toBeUndefined();
    expect(cache.get(join(dir, 'missing.js'))).toBeUndefined();
  });

  it('runs the compiled text the file was read into', () => {
    const filename = join(dir, 'wrapped.js');
    writeFileSync(filename, 'module.exports = __filename;');
    const source = runtime.workerFileCache(WRAPPER).get(filename)!;
    expect(load(source, filename, createContext({}))).toBe(filename);
  });
});
