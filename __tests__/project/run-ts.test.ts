import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('scripts/run-ts.cjs (npm run synth, cdktf.json app)', () => {
  it('is what npm run synth and the cdktf CLI run', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    const cdktf = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
    expect(pkg.scripts.synth).toBe('node scripts/run-ts.cjs main.ts');
    expect(cdktf.app).toBe('node scripts/run-ts.cjs main.ts');
    expect(pkg.dependencies.esbuild).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('bundles only code that does not depend on its own file location (no __dirname, __filename or import.meta)', () => {
    const files = [join(ROOT, 'main.ts'), ...['stacks', 'constructs', 'environments'].flatMap((dir) => sources(join(ROOT, dir)))];
    const offenders = files.filter((file) => /\b__dirname\b|\b__filename\b|\bimport\.meta\b/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(files.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });

  it('runs a TypeScript entry point with its arguments and exit code, and leaves no bundle behind', () => {
    const result = spawnSync(process.execPath, ['scripts/run-ts.cjs', '__tests__/project/fixtures/echo-args.ts', 'a', 'b c'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout).toBe('["a","b c"]\n');
    expect(result.status).toBe(3);
    expect(readdirSync(join(ROOT, 'node_modules', '.cache', 'vaultplat')).filter((f) => f.startsWith(`run-${result.pid}-`))).toEqual([]);
  });

  it('says how to call it without an entry point', () => {
    const result = spawnSync(process.execPath, ['scripts/run-ts.cjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('usage: node scripts/run-ts.cjs <entry.ts> [args...]\n');
  });
});
