import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` (in .ci/run and the README's two commands) rejects a lock that lacks an optional dependency of another
 * platform, and npm 11 adds them on every `npm install`. The lock must therefore list, for every package it holds,
 * every optional dependency that package declares, whatever platform it is built for.
 */
interface LockEntry {
  readonly version?: string;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly inBundle?: boolean;
  readonly hasInstallScript?: boolean;
}

const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where Node (and npm) resolve `name` from the package installed at `from`: nearest node_modules upwards. */
function resolveEntry(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

export function missingOptionalDependencies(): string[] {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (entry.inBundle) continue;
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      const resolved = resolveEntry(path, name);
      if (!resolved) missing.push(`${path || '(root)'} -> ${name}@${range}`);
    }
  }
  return missing;
}

/** Direct dependencies not pinned to an exact version: `1.2.3`, or an npm alias of one (`npm:typescript@7.0.2`). */
function unpinned(dependencies: Readonly<Record<string, string>>): string[] {
  const exact = /^(?:npm:(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@)?\d+\.\d+\.\d+$/;
  return Object.entries(dependencies)
    .filter(([, version]) => !exact.test(version))
    .map(([name]) => name);
}

describe('package-lock.json', () => {
  it('is a lockfile v3 (npm 7+), which npm 10 and npm 11 both install with npm ci', () => {
    expect(lock.lockfileVersion).toBe(3);
  });

  it('lists every optional (platform-specific) dependency of every package, for every platform', () => {
    expect(missingOptionalDependencies()).toEqual([]);
  });

  it('holds the builds of other platforms, not only the one it was written on', () => {
    const swc = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/@swc/core-'));
    expect(swc).toEqual(expect.arrayContaining(['node_modules/@swc/core-darwin-arm64', 'node_modules/@swc/core-win32-x64-msvc', 'node_modules/@swc/core-linux-x64-gnu']));
  });

  it('pins every direct dependency to an exact version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(unpinned({ ...pkg.dependencies, ...pkg.devDependencies })).toEqual([]);
  });

  it('installs one TypeScript 5 (the ~5.8 that cdktf-cli\'s jsii and jsii-rosetta need), which `npx cdktf` loads once', () => {
    // A newer `typescript` at the top made npm nest a 5.8 copy under jsii and another under jsii-rosetta, and the
    // cdktf CLI compiled both 9 MB files at every start (README, "Two TypeScripts").
    const copies = Object.keys(lock.packages).filter((p) => p === 'node_modules/typescript' || p.endsWith('/node_modules/typescript'));
    expect(copies).toEqual(['node_modules/typescript']);
    for (const user of ['node_modules/jsii', 'node_modules/jsii-rosetta']) expect([user, resolveEntry(user, 'typescript')]).toEqual([user, 'node_modules/typescript']);
  });

  it('has a reviewed allowScripts decision for every package with an install script, and none for a package without', () => {
    // npm 11.16+ lists unreviewed install scripts at every install; npm 12 skips them (README, "Install scripts").
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    expect(Object.keys(pkg.allowScripts).sort()).toEqual(withScripts);
  });

  it('accepts an npm alias only when it is pinned exactly too', () => {
    expect(unpinned({ 'typescript-7': 'npm:typescript@7.0.2', '@scope/alias': 'npm:@scope/pkg@1.2.3' })).toEqual([]);
    expect(unpinned({ a: '^1.2.3', b: 'npm:typescript@^7.0.2', c: 'npm:typescript', d: 'latest' })).toEqual(['a', 'b', 'c', 'd']);
  });
});
