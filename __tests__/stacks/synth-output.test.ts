import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthOutput, TERRAFORM_WORKING_FILES } from '../../stacks/synth-output';
import { PREVIOUS_OUTPUT, treeOf, writeTree } from '../output-tree';

const NEW_OUTPUT = {
  'manifest.json': '{"version":"new"}',
  'stacks/network-dev/cdk.tf.json': '{"new":"network-dev"}',
  'stacks/vault-access-dev/cdk.tf.json': '{"new":"vault-access-dev"}',
};

describe('SynthOutput', () => {
  let parent: string;
  let outdir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'vaultplat-output-'));
    outdir = join(parent, 'cdktf.out');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('stages beside the output directory and creates it on commit when there was none', () => {
    const output = SynthOutput.open(outdir);
    expect(readdirSync(parent)).toEqual([expect.stringMatching(/^\.cdktf\.out\.tmp-[0-9a-f]{12}$/)]);
    expect(output.staging).toBe(join(parent, readdirSync(parent)[0]));
    expect(existsSync(outdir)).toBe(false);
    writeTree(output.staging, NEW_OUTPUT);
    output.commit();
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
    expect(treeOf(outdir)).toEqual({
      'manifest.json': 'file {"version":"new"}',
      stacks: 'dir',
      'stacks/network-dev': 'dir',
      'stacks/network-dev/cdk.tf.json': 'file {"new":"network-dev"}',
      'stacks/vault-access-dev': 'dir',
      'stacks/vault-access-dev/cdk.tf.json': 'file {"new":"vault-access-dev"}',
    });
  });

  it('replaces a previous output completely, keeping only Terraform working files of stacks still synthesized', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const output = SynthOutput.open(outdir);
    writeTree(output.staging, NEW_OUTPUT);
    output.commit();
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
    expect(treeOf(outdir)).toEqual({
      'manifest.json': 'file {"version":"new"}',
      stacks: 'dir',
      'stacks/network-dev': 'dir',
      'stacks/network-dev/.terraform': 'dir',
      'stacks/network-dev/.terraform/providers': 'dir',
      'stacks/network-dev/.terraform/providers/registry.terraform.io': 'dir',
      'stacks/network-dev/.terraform/providers/registry.terraform.io/hashicorp': 'dir',
      'stacks/network-dev/.terraform/providers/registry.terraform.io/hashicorp/aws': 'dir',
      'stacks/network-dev/.terraform/providers/registry.terraform.io/hashicorp/aws/marker': 'file provider cache of network-dev',
      'stacks/network-dev/.terraform/terraform.tfstate': 'file {"backend":"cloud"}',
      'stacks/network-dev/.terraform.lock.hcl': 'file # lock file of network-dev\n',
      'stacks/network-dev/cdk.tf.json': 'file {"new":"network-dev"}',
      'stacks/vault-access-dev': 'dir',
      'stacks/vault-access-dev/cdk.tf.json': 'file {"new":"vault-access-dev"}',
    });
  });

  it('keeps every kind of Terraform working file, a local state included', () => {
    const files = Object.fromEntries(TERRAFORM_WORKING_FILES.map((name) => [`stacks/network-dev/${name}`, `content of ${name}`]));
    expect(Object.keys(files)).toEqual([
      'stacks/network-dev/.terraform',
      'stacks/network-dev/.terraform.lock.hcl',
      'stacks/network-dev/terraform.tfstate',
      'stacks/network-dev/terraform.tfstate.backup',
      'stacks/network-dev/terraform.tfstate.d',
    ]);
    writeTree(outdir, files);
    const output = SynthOutput.open(outdir);
    writeTree(output.staging, NEW_OUTPUT);
    output.commit();
    for (const [path, content] of Object.entries(files)) expect(treeOf(outdir)[path]).toBe(`file ${content}`);
  });

  it('leaves an empty directory for each removed stack when asked to (the cdktf CLI deletes them itself)', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const output = SynthOutput.open(outdir);
    writeTree(output.staging, NEW_OUTPUT);
    output.commit({ placeholdersForRemovedStacks: true });
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['network-dev', 'removed-stack-dev', 'vault-access-dev']);
    expect(readdirSync(join(outdir, 'stacks', 'removed-stack-dev'))).toEqual([]);
  });

  it('leaves the previous output untouched, byte for byte, when the synth is discarded', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const before = treeOf(outdir, { stats: true });
    const output = SynthOutput.open(outdir);
    writeTree(output.staging, NEW_OUTPUT);
    output.discard();
    expect(treeOf(outdir, { stats: true })).toEqual(before);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it('puts the previous output back as it was when the new one cannot be renamed into place', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const before = treeOf(outdir);
    const output = SynthOutput.open(outdir);
    rmSync(output.staging, { recursive: true }); // the last rename (staging -> cdktf.out) now fails with ENOENT
    expect(() => output.commit()).toThrow(`Cannot replace ${outdir} with the new synth output (the previous output is unchanged): ENOENT: no such file or directory, rename`);
    expect(treeOf(outdir)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it("moves Terraform's files back when carrying them over fails", () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const before = treeOf(outdir);
    const output = SynthOutput.open(outdir);
    writeTree(output.staging, NEW_OUTPUT);
    // `.terraform` moves first; the lock file cannot replace a non-empty directory of the same name.
    writeTree(output.staging, { 'stacks/network-dev/.terraform.lock.hcl/blocker': 'x' });
    expect(() => output.commit()).toThrow(`Cannot replace ${outdir} with the new synth output (the previous output is unchanged): `);
    expect(treeOf(outdir)).toEqual(before);
    output.discard();
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it('follows a symlinked output directory and keeps the link', () => {
    const real = join(parent, 'real-out');
    writeTree(real, PREVIOUS_OUTPUT);
    symlinkSync(real, outdir);
    const output = SynthOutput.open(outdir);
    expect(output.target).toBe(real);
    writeTree(output.staging, NEW_OUTPUT);
    output.commit();
    expect(treeOf(parent)['cdktf.out']).toBe(`link ${real}`);
    expect(treeOf(outdir)['manifest.json']).toBe('file {"version":"new"}');
    expect(readdirSync(parent).sort()).toEqual(['cdktf.out', 'real-out']);
  });

  it('fails before staging anything when the output path is a file or its parent does not exist', () => {
    writeFileSync(outdir, 'not a directory');
    expect(() => SynthOutput.open(outdir)).toThrow(`Cannot synthesize into ${outdir}: it exists and is not a directory`);
    const orphan = join(parent, 'missing', 'cdktf.out');
    expect(() => SynthOutput.open(orphan)).toThrow(`Cannot synthesize into ${orphan}: its parent directory ${join(parent, 'missing')} does not exist`);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });
});
