import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withChildSlot } from '../child-slot';

const ROOT = join(__dirname, '..', '..');
const ROOT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-[a-z0-9-]+['"]/;
/** A provider package root, spelt so that this file itself never contains a root import for greps to find. */
const root = (provider: string) => `@cdktf/${'provider'}-${provider}`;

const SNIPPETS = {
  awsRoot: `import { Vpc } from '${root('aws')}';\nexport const v = Vpc;\n`,
  vaultRoot: `import * as vault from '${root('vault')}';\nexport const v = vault;\n`,
  ownModule: "import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const v = Vpc;\n",
} as const;

/**
 * Every snippet linted with the project's real ESLint config, as if it were constructs/example.ts, the way
 * `eslint --stdin --stdin-filename constructs/example.ts` lints it (exit status and stylish output), all in one
 * ESLint process (lint-snippets.cjs).
 */
function lintAll(): Record<keyof typeof SNIPPETS, { status: number; output: string }> {
  const names = Object.keys(SNIPPETS) as (keyof typeof SNIPPETS)[];
  const input = JSON.stringify(names.map((name) => ({ source: SNIPPETS[name], filePath: join(ROOT, 'constructs', 'example.ts') })));
  const run = withChildSlot(() => spawnSync(process.execPath, [join(__dirname, 'lint-snippets.cjs')], { cwd: ROOT, input, encoding: 'utf8' }));
  if (run.status !== 0) throw new Error(`lint-snippets.cjs failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  const results = JSON.parse(run.stdout) as { status: number; output: string }[];
  return Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<keyof typeof SNIPPETS, { status: number; output: string }>;
}

describe('provider import rule', () => {
  let linted: ReturnType<typeof lintAll>;
  beforeAll(() => {
    linted = lintAll();
  });

  it('rejects importing a provider package root', () => {
    const { status, output } = linted.awsRoot;
    expect(status).toBe(1);
    expect(output).toContain('Import the resource from its own module, e.g. @cdktf/provider-aws/lib/vpc, never the provider package root');
    expect(output).toContain('no-restricted-imports');
  });

  it('rejects the root of every provider package, not only aws', () => {
    const { status, output } = linted.vaultRoot;
    expect(status).toBe(1);
    expect(output).toContain('no-restricted-imports');
  });

  it('accepts importing a resource from its own module', () => {
    const { status, output } = linted.ownModule;
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('finds no provider root import anywhere in the repository', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js', '*.mjs', '*.cjs'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.includes('/fixtures/'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => {
      try {
        return ROOT_IMPORT.test(readFileSync(join(ROOT, file), 'utf8'));
      } catch {
        return false; // listed by git but deleted in the working tree
      }
    });
    expect(offenders).toEqual([]);
  });
});
