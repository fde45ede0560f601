import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREVIOUS_OUTPUT, treeOf, writeTree } from './output-tree';
import { withChildSlot } from './child-slot';
import { TARGET } from '../scripts/patch-cdktf-cli.cjs';

const ROOT = join(__dirname, '..');
const CDKTF = join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');

/**
 * The real cdktf CLI (0.21.0) with cdktf.json's `app`, once: it lists the old stack directories before it runs the
 * app and deletes those the new manifest lacks afterwards, and it relays the app's stdout. About 4.5-6.5 s on the
 * 2-core development machine (the CLI's start-up, about 1.5 s since scripts/patch-cdktf-cli.cjs, plus the synth
 * itself), hence a single synth case; the failure path is tested on the app command with the CLI's environment in
 * main.test.ts.
 */
describe('npx cdktf synth', () => {
  it('replaces a previous output (a stack since removed included), keeps Terraform working files and shows the summary', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vaultplat-cdktf-'));
    try {
      const outdir = join(parent, 'cdktf.out');
      const home = join(parent, 'home');
      mkdirSync(home);
      writeTree(outdir, PREVIOUS_OUTPUT);
      const env = { PATH: process.env.PATH, HOME: home, CI: '1', CHECKPOINT_DISABLE: '1', TERRAFORM_BINARY_NAME: 'terraform-not-installed' };
      const result = withChildSlot(() => spawnSync(process.execPath, [CDKTF, 'synth', '--output', outdir], { cwd: ROOT, env, encoding: 'utf8' }));
      expect(result.status).toBe(0);

      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
      const stacks = Object.keys(manifest.stacks).sort();
      expect(stacks).toContain('network-dev');
      expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(stacks); // removed-stack-dev is gone
      expect(readdirSync(parent).sort()).toEqual(['cdktf.out', 'home']);
      expect(treeOf(outdir)['stacks/network-dev/.terraform.lock.hcl']).toBe(`file ${PREVIOUS_OUTPUT['stacks/network-dev/.terraform.lock.hcl']}`);
      expect(result.stdout).toContain(`Synthesized ${stacks.length} stacks (`);
      expect(result.stdout).toMatch(/\n {2}step {2}stack +resources {2}after\n/);
      expect(result.stdout).toMatch(/\nPolicy pack VP: \d+ rules run on \d+ stacks, \d+ checks: 0 errors, /);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * The CLI as scripts/patch-cdktf-cli.cjs leaves it (__tests__/project/patch-cdktf-cli.test.ts tests the patch itself).
 * Here because both cases start the CLI's bundle (`cdktf convert` with hcl2cdk, about 260 MB): this suite runs in a
 * jest process of its own (npm run test:cli), where npm test's memory budget has room for them. `cdktf convert` needs
 * neither Terraform nor the network for a resource of a provider it has no schema for; it reads hcl2cdk's `convert`
 * through the lazy binding, so it fails if the binding does not hand out hcl2cdk's own functions.
 */
describe('the cdktf CLI as scripts/patch-cdktf-cli.cjs leaves it', () => {
  it('loads its command bundle without @cdktf/hcl2cdk', () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir(), CI: '1', CHECKPOINT_DISABLE: '1', TERRAFORM_BINARY_NAME: 'terraform-not-installed' };
    const probe = join(__dirname, 'project', 'fixtures', 'hcl2cdk-probe.cjs');
    const run = withChildSlot(() => spawnSync(process.execPath, [probe, TARGET], { cwd: ROOT, env, encoding: 'utf8' }));
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stdout) as { hcl2cdk: number; hclTools: number };
    expect(loaded.hclTools).toBeGreaterThan(0); // the probe sees the bundle's packages
    expect(loaded.hcl2cdk).toBe(0);
  }, 60_000);

  it('still converts HCL with `cdktf convert`, the command that reads hcl2cdk through the lazy binding', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vaultplat-cdktf-convert-'));
    try {
      const env = { PATH: process.env.PATH, HOME: parent, CI: '1', CHECKPOINT_DISABLE: '1', TERRAFORM_BINARY_NAME: 'terraform-not-installed' };
      const hcl = 'resource "null_resource" "a" {}\n';
      const run = withChildSlot(() => spawnSync(process.execPath, [CDKTF, 'convert', '--language', 'typescript'], { cwd: parent, env, input: hcl, encoding: 'utf8' }));
      expect([run.status, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toContain('class MyConvertedCode extends Construct {');
      expect(run.stdout).toContain('new Resource(this, "a", {});');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
