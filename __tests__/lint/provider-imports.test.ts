import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const ROOT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-[a-z0-9-]+['"]/;
/** A provider package root, spelt so that this file itself never contains a root import for greps to find. */
const root = (provider: string) => `@cdktf/${'provider'}-${provider}`;

/** Lints a snippet with the project's real ESLint config, as if it were constructs/example.ts. */
function lint(source: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', join(ROOT, 'constructs', 'example.ts')], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('provider import rule', () => {
  it('rejects importing a provider package root', () => {
    const { status, output } = lint(`import { Vpc } from '${root('aws')}';\nexport const v = Vpc;\n`);
    expect(status).toBe(1);
    expect(output).toContain('Import the resource from its own module, e.g. @cdktf/provider-aws/lib/vpc, never the provider package root');
    expect(output).toContain('no-restricted-imports');
  });

  it('rejects the root of every provider package, not only aws', () => {
    const { status, output } = lint(`import * as vault from '${root('vault')}';\nexport const v = vault;\n`);
    expect(status).toBe(1);
    expect(output).toContain('no-restricted-imports');
  });

  it('accepts importing a resource from its own module', () => {
    const { status, output } = lint("import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const v = Vpc;\n");
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
