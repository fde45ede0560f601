import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type ScannedFile } from './types';

/** The lint's own fixtures and tests (`secrets-lint*.test.ts`, with inline cases) hold forbidden patterns on purpose. */
export const DEFAULT_EXCLUDES: readonly string[] = ['__tests__/scripts/fixtures/secrets-lint/', '__tests__/scripts/secrets-lint'];

/** Never descended into by the directory walk (the git listing already leaves ignored directories out). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'cdktf.out', '.gen', 'coverage', '.terraform']);

/** Generated dependency metadata: integrity hashes and package names, no configuration. */
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function gitList(root: string, args: readonly string[]): string[] {
  const output = execFileSync('git', ['ls-files', '-z', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  return output.split('\0').filter((path) => path !== '');
}

/**
 * Files of a git checkout: tracked plus untracked-but-not-ignored (`origin: 'git'`), and ignored files outside
 * ignored directories (`origin: 'git-ignored'`; only the file rules look at those, e.g. an ignored `deploy/.env`).
 * Undefined when `root` is not inside a git work tree or git is missing.
 */
function listGitFiles(root: string): ScannedFile[] | undefined {
  try {
    const listed = gitList(root, ['--cached', '--others', '--exclude-standard']).map((path): ScannedFile => ({ path, origin: 'git' }));
    const ignored = gitList(root, ['--others', '--ignored', '--exclude-standard', '--directory'])
      .filter((path) => !path.endsWith('/'))
      .map((path): ScannedFile => ({ path, origin: 'git-ignored' }));
    return [...listed, ...ignored];
  } catch {
    return undefined;
  }
}

/** Every file under `directory`, paths relative to it, skipping dependency, VCS and build-output directories. */
export function walkFiles(directory: string, skipDirectories: ReadonlySet<string> = SKIPPED_DIRECTORIES): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!skipDirectories.has(entry.name)) visit(path);
      } else if (entry.isFile()) {
        found.push(toPosix(relative(directory, path)));
      }
    }
  };
  visit(directory);
  return found.sort();
}

export interface ListOptions {
  /** Use `git ls-files` when `root` is a git checkout. @default true */
  readonly useGit?: boolean;
  /** Path prefixes (relative to `root`, forward slashes) left out. @default DEFAULT_EXCLUDES */
  readonly exclude?: readonly string[];
}

/** The files of the repository at `root` that the lint looks at, in path order. */
export function listRepositoryFiles(root: string, options: ListOptions = {}): ScannedFile[] {
  const exclude = options.exclude ?? DEFAULT_EXCLUDES;
  const files = (options.useGit ?? true ? listGitFiles(root) : undefined) ?? walkFiles(root).map((path): ScannedFile => ({ path, origin: 'walk' }));
  return files
    .filter((file) => !exclude.some((prefix) => file.path.startsWith(prefix)))
    .filter((file) => !file.path.split('/').includes('node_modules'))
    .filter((file) => !LOCK_FILES.has(file.path.slice(file.path.lastIndexOf('/') + 1)))
    .filter((file) => isRegularFile(join(root, file.path)))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** False for paths git lists but the working tree no longer has (deleted, or a submodule directory). */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
