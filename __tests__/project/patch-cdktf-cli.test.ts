import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CLI_VERSION,
  LAZY_DEFINITION,
  ORIGINAL_SHA256,
  PATCHED_SHA256,
  REPLACEMENTS,
  TARGET,
  patchInstalledCli,
  patchSource,
  sha256,
} from '../../scripts/patch-cdktf-cli.cjs';

const ROOT = join(__dirname, '..', '..');

/** cdktf-cli 0.21.0's handlers.js as published, rebuilt from the installed (patched) file by undoing the patch. */
function publishedHandlers(): string {
  let source = readFileSync(TARGET, 'utf8').replace(LAZY_DEFINITION, '');
  for (const [from, to] of REPLACEMENTS) source = source.replace(to, from);
  return source;
}

/** A cdktf-cli package directory holding `handlers` as its handlers.js, in a new temporary directory. */
function packageCopy(handlers: string, version = CLI_VERSION): { dir: string; handlersPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vaultplat-cdktf-cli-'));
  const handlersPath = join(dir, 'bundle', 'bin', 'cmds', 'handlers.js');
  mkdirSync(dirname(handlersPath), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cdktf-cli', version }));
  writeFileSync(handlersPath, handlers);
  return { dir, handlersPath };
}

const SMALL = [
  'var AMe,NMe=Qt(()=>{"use strict";AMe=ge(require("@cdktf/hcl2cdk"));Gv()});',
  'var Eet=ge(uu()),xet=require("@cdktf/hcl2cdk"),PE=ge(cB());',
  'var bE=ge($b()),IE=require("@cdktf/hcl2cdk"),Tze=ge(cB());',
  '//# sourceMappingURL=handlers.js.map',
].join('');

describe('scripts/patch-cdktf-cli.cjs', () => {
  it('is the postinstall script, and the installed CLI carries the patch', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.postinstall).toBe('node scripts/patch-cdktf-cli.cjs');
    expect(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'cdktf-cli', 'package.json'), 'utf8')).version).toBe(CLI_VERSION);
    expect(sha256(readFileSync(TARGET, 'utf8'))).toBe(PATCHED_SHA256);
  });

  it('changes the published handlers.js by the three bindings and the helper only', () => {
    const published = publishedHandlers();
    expect(sha256(published)).toBe(ORIGINAL_SHA256);
    expect(patchSource(published)).toBe(readFileSync(TARGET, 'utf8'));
    expect(published).toContain('require("@cdktf/hcl2cdk")');
  });

  it('keeps every column of the bundle where it was (its source map still fits)', () => {
    const published = publishedHandlers();
    const patched = patchSource(published);
    const end = published.lastIndexOf('//# sourceMappingURL=');
    expect(patched.length).toBe(published.length + LAZY_DEFINITION.length);
    expect(patched.slice(end, end + LAZY_DEFINITION.length)).toBe(LAZY_DEFINITION);
    for (const [from, to] of REPLACEMENTS) {
      expect(to).toHaveLength(from.length);
      expect(published.indexOf(from)).toBe(patched.indexOf(to));
    }
  });

  it('patches a published copy once, keeps its mode, and leaves it alone on the next run', () => {
    const { dir, handlersPath } = packageCopy(publishedHandlers());
    try {
      chmodSync(handlersPath, 0o640);
      expect(patchInstalledCli({ packageDir: dir })).toBe('patched');
      expect(sha256(readFileSync(handlersPath, 'utf8'))).toBe(PATCHED_SHA256);
      expect(statSync(handlersPath).mode & 0o777).toBe(0o640);
      expect(patchInstalledCli({ packageDir: dir })).toBe('already patched');
      expect(sha256(readFileSync(handlersPath, 'utf8'))).toBe(PATCHED_SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing when cdktf-cli is not installed', () => {
    expect(patchInstalledCli({ packageDir: join(tmpdir(), 'vaultplat-no-such-cdktf-cli') })).toBe('no cdktf-cli installed');
  });

  it('fails on another cdktf-cli version, saying what to check', () => {
    const { dir } = packageCopy(publishedHandlers(), '0.21.1');
    try {
      expect(() => patchInstalledCli({ packageDir: dir })).toThrow(
        'cdktf-cli is 0.21.1; scripts/patch-cdktf-cli.cjs patches 0.21.0 only: check whether this cdktf-cli still requires @cdktf/hcl2cdk at the top of bundle/bin/cmds/handlers.js, then update or delete scripts/patch-cdktf-cli.cjs and the postinstall script in package.json',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails on a handlers.js it does not know, and leaves it as it was', () => {
    const { dir, handlersPath } = packageCopy(SMALL);
    try {
      expect(() => patchInstalledCli({ packageDir: dir })).toThrow(`${handlersPath} has SHA-256 ${sha256(SMALL)}, not cdktf-cli 0.21.0's ${ORIGINAL_SHA256}`);
      expect(readFileSync(handlersPath, 'utf8')).toBe(SMALL);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('patchSource', () => {
    it('replaces each binding and appends the helper before the source map line', () => {
      const patched = patchSource(SMALL);
      expect(patched).not.toContain('require("@cdktf/hcl2cdk"),');
      expect(patched).toBe(
        [
          'var AMe,NMe=Qt(()=>{"use strict";AMe=__vaultplatLazyHcl2cdk()     ;Gv()});',
          'var Eet=ge(uu()),xet=__vaultplatLazyHcl2cdk() ,PE=ge(cB());',
          'var bE=ge($b()),IE=__vaultplatLazyHcl2cdk() ,Tze=ge(cB());',
          'function __vaultplatLazyHcl2cdk(){return new Proxy({},{get:(_t,k)=>require("@cdktf/hcl2cdk")[k]})}\n',
          '//# sourceMappingURL=handlers.js.map',
        ].join(''),
      );
    });

    it('fails when a binding is missing or occurs twice, naming it', () => {
      expect(() => patchSource(SMALL.replace('xet=', 'xe2='))).toThrow(`expected "xet=require(\\"@cdktf/hcl2cdk\\")" once in cdktf-cli's handlers.js, found it 0 times`);
      expect(() => patchSource(SMALL + SMALL)).toThrow(`expected "AMe=ge(require(\\"@cdktf/hcl2cdk\\"))" once in cdktf-cli's handlers.js, found it 2 times`);
    });

    it('fails when another eager require of hcl2cdk is left', () => {
      expect(() => patchSource(`var Q=require("@cdktf/hcl2cdk");${SMALL}`)).toThrow(`1 eager require("@cdktf/hcl2cdk") left in cdktf-cli's handlers.js`);
    });

    it('fails when the bundle does not end with its source map line', () => {
      expect(() => patchSource(`${SMALL}\nmodule.exports=1;`)).toThrow(`cdktf-cli's handlers.js does not end with "//# sourceMappingURL=handlers.js.map"`);
    });
  });
});
