/**
 * cdktf's `Testing.app()` (and `Testing.synthScope()`, which calls it) makes a new `cdktf.outdir.*` directory under
 * the system's temporary directory and never deletes it: every run of the suite left hundreds of them behind (37,000
 * on the development machine after a few weeks). Here the apps of each test file make theirs inside one temporary
 * directory of the file's own, deleted when the file is done; an app given an `outdir` keeps it. Only where the
 * directories go changes. (`Testing.fullSynth()` leaks the same way; no test uses it.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';

let root: string | undefined;
const outdir = () => mkdtempSync(join((root ??= mkdtempSync(join(tmpdir(), 'vaultplat-jest-'))), 'cdktf.outdir.'));

const app = Testing.app.bind(Testing);
Testing.app = (options = {}) => app({ ...options, outdir: options.outdir ?? outdir() });

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});
