import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { Testing } from 'cdktf';

// __tests__/setup-tmp.ts: the apps of a test file make their output directories in one directory of the file's own.
describe('Testing.app() in a test file', () => {
  it('makes its output directory inside the test file’s own temporary directory', () => {
    const first = Testing.app().outdir;
    const second = Testing.app().outdir;
    expect(first).not.toBe(second);
    expect(dirname(first)).toBe(dirname(second));
    expect(dirname(first).startsWith(join(tmpdir(), 'vaultplat-jest-'))).toBe(true);
    expect(first.split(sep).pop()).toMatch(/^cdktf\.outdir\./);
    expect(existsSync(first)).toBe(true);
  });

  it('keeps an output directory it is given', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'vaultplat-given-outdir-'));
    try {
      expect(Testing.app({ outdir }).outdir).toBe(outdir);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
