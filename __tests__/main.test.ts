import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, TerraformStack } from 'cdktf';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyPack } from '../constructs/policy/policy-pack';
import { VAULT_PLATFORM_PACK } from '../constructs/policy/vault-platform-pack';
import { synthesizeAll, synthesizeApp } from '../stacks/synth';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { sampleInput } from './helpers';
import { PREVIOUS_OUTPUT, treeOf, writeTree } from './output-tree';
import { mainSynth, releaseMainSynth } from './shared-synth';
import { TAGS, testOptions } from './policy/kit';
import { withChildSlot } from './child-slot';

const ROOT = join(__dirname, '..');
const OPEN_SSH = { description: 'ssh', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] };

/** What manifest.json says about the stacks (written by cdktf), and each stack's resources counted in its JSON. */
function writtenStacks(outdir: string): { name: string; dependencies: string[]; resources: number }[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; synthesizedStackPath: string; dependencies: string[] }>;
  };
  return Object.values(manifest.stacks).map((stack) => {
    const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
    const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    return { name: stack.name, dependencies: stack.dependencies, resources };
  });
}

/** The deploy-order rows of the summary: step, stack, resources, after. */
function summaryRows(stdout: string): { step: number; name: string; resources: number; after: string[] }[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^ {2}step {2}stack +resources {2}after$/.test(line));
  expect(header).toBeGreaterThan(0);
  const rows: { step: number; name: string; resources: number; after: string[] }[] = [];
  for (const line of lines.slice(header + 1)) {
    const match = /^ +(\d+) {2}(\S+) +(\d+)(?: {2}(.+))?$/.exec(line);
    if (!match) break;
    rows.push({ step: Number(match[1]), name: match[2], resources: Number(match[3]), after: match[4] ? match[4].split(', ') : [] });
  }
  return rows;
}

describe('npm run synth (node scripts/run-ts.cjs main.ts)', () => {
  afterAll(releaseMainSynth);

  const runMain = (env: Record<string, string | undefined>) =>
    withChildSlot(() => spawnSync(process.execPath, ['scripts/run-ts.cjs', 'main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8' }));

  it('replaces the previous output with every stack of every environment and prints what it wrote', () => {
    // The shared synth of npm test (scripts/test-synth.cjs) is this run: PREVIOUS_OUTPUT written into the output
    // directory, then runMain({ CDKTF_OUTDIR, TERRAFORM_BINARY_NAME: 'terraform-not-installed' }).
    const result = mainSynth();
    const { parent, outdir } = result;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    // Written: exactly the stacks of this run, no temporary directory left beside the output.
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
    const written = writtenStacks(outdir);
    const expected = ['dev', 'staging', 'prod'].flatMap((name) => STACK_KINDS.map((kind) => `${kind}-${name}`));
    expect(written.map((s) => s.name)).toEqual(expect.arrayContaining(expected));
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(written.map((s) => s.name).sort());
    const tree = treeOf(outdir);
    expect(tree['stacks/network-dev/.terraform.lock.hcl']).toBe(`file ${PREVIOUS_OUTPUT['stacks/network-dev/.terraform.lock.hcl']}`);
    expect(tree['stacks/network-dev/.terraform/terraform.tfstate']).toBe(`file ${PREVIOUS_OUTPUT['stacks/network-dev/.terraform/terraform.tfstate']}`);
    expect(tree['stacks/network-dev/leftover-from-an-old-synth.json']).toBeUndefined();
    expect(tree['manifest.json']).not.toBe(`file ${PREVIOUS_OUTPUT['manifest.json']}`);
    expect(Object.values(tree).join('\n')).not.toContain('.cdktf.out.tmp-');

    // The summary, checked against the files just written.
    const total = written.reduce((sum, s) => sum + s.resources, 0);
    expect(result.stdout.split('\n')[0]).toBe(`Synthesized ${written.length} stacks (${total} resources) into ${outdir}: stacks/<stack>/cdk.tf.json, manifest.json`);
    const rows = summaryRows(result.stdout);
    expect(rows.map((r) => r.name).sort()).toEqual(written.map((s) => s.name).sort());
    const steps = new Map<string, number>();
    for (const row of rows) {
      const stack = written.find((s) => s.name === row.name)!;
      expect([row.name, row.resources]).toEqual([stack.name, stack.resources]);
      for (const dependency of stack.dependencies) expect(steps.has(dependency)).toBe(true); // listed after its dependencies
      expect(row.step).toBe(1 + Math.max(0, ...stack.dependencies.map((d) => steps.get(d)!)));
      for (const after of row.after) expect(stack.dependencies).toContain(after);
      steps.set(row.name, row.step);
    }
    expect(result.stdout).toContain(
      `\nPolicy pack VP: ${VAULT_PLATFORM_PACK.entries.length} rules run on ${written.length} stacks, `,
    );
    // Every suppressed finding is listed once, with its rule, construct and written reason.
    const suppressed = result.stdout.split('\n').filter((line) => line.startsWith('  SUPPRESSED '));
    expect(suppressed.length).toBeGreaterThan(0);
    for (const line of suppressed) expect(line).toMatch(/^ {2}SUPPRESSED VP-[A-Z0-9]+-\d+ \S+ \([a-z0-9_]+\.[^)]+\): .{10,}$/);
    expect(result.stdout).toMatch(new RegExp(` \\d+ checks: 0 errors, 0 warnings, ${suppressed.length} suppressed findings, 0 unused suppressions\n`));
    expect(result.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(written.length + suppressed.length + 10);
  });

  it('exits non-zero with the reason when a deployment setting is invalid, leaving the previous output as it was', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vaultplat-synth-'));
    try {
      const outdir = join(parent, 'cdktf.out');
      writeTree(outdir, PREVIOUS_OUTPUT);
      const before = treeOf(outdir, { stats: true });
      const result = runMain({ CDKTF_OUTDIR: outdir, VAULTPLAT_STATE: 'remote' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('VAULTPLAT_STATE: expected "cloud" or "local", got "remote"');
      expect(result.stdout).toBe('');
      expect(treeOf(outdir, { stats: true })).toEqual(before);
      expect(readdirSync(parent)).toEqual(['cdktf.out']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('synthesizeAll / synthesizeApp', () => {
  let parent: string;
  let outdir: string;
  const messages: string[] = [];
  const printed: string[] = [];
  const options = () => ({ outdir, report: (m: string) => messages.push(m), print: (s: string) => printed.push(s) });
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'vaultplat-synth-'));
    outdir = join(parent, 'cdktf.out');
    messages.length = 0;
    printed.length = 0;
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('stops before writing anything and reports every configuration problem at once', () => {
    const broken = sampleInput('dev');
    broken.aws.region = 'moon-1' as never;
    broken.network.vpnClientCidr = '10.10.0.0/22';
    expect(synthesizeAll([broken, sampleInput('prod')], {}, options())).toBe(1);
    expect(messages).toHaveLength(1);
    expect(messages[0].split('\n')).toEqual([
      'Invalid environment configuration (2 problems):',
      '  - dev.aws.region: unknown AWS region; expected a commercial region such as eu-west-1 or us-east-1 (got "moon-1")',
      '  - dev.network.vpnClientCidr: overlaps the tooling VPC 10.10.0.0/16; the VPN client range must be disjoint from both VPCs (got "10.10.0.0/22")',
    ]);
    expect(printed).toEqual([]);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('leaves the previous output as it was when the policy pack fails a later stack, after earlier stacks were written', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const before = treeOf(outdir, { stats: true });
    let staging = '';
    let writtenBeforeFailure: string[] = [];
    const status = synthesizeApp(
      (app) => {
        staging = app.outdir;
        for (const id of ['first', 'second', 'third']) {
          const stack = new TerraformStack(app, id);
          new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: TAGS }] });
          if (id === 'third') {
            // Runs when cdktf validates `third` (before the pack's validation), i.e. after it wrote the earlier stacks.
            stack.node.addValidation({ validate: () => ((writtenBeforeFailure = readdirSync(join(app.outdir, 'stacks')).sort()), []) });
            new SecurityGroup(stack, 'sg', { description: 'open', ingress: [OPEN_SSH] });
          }
          PolicyPack.apply(stack, { options: testOptions() });
        }
      },
      {},
      options(),
    );
    expect(status).toBe(1);
    expect(writtenBeforeFailure).toEqual(['first', 'second']);
    expect(messages[0]).toMatch(/^Policy pack VP FAILED for stack third: 1 error, /);
    expect(printed).toEqual([]);
    expect(existsSync(staging)).toBe(false);
    expect(treeOf(outdir, { stats: true })).toEqual(before);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });

  it('fails on an error annotation even when cdktf is told to continue, as the cdktf CLI does', () => {
    writeTree(outdir, PREVIOUS_OUTPUT);
    const before = treeOf(outdir, { stats: true });
    const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true'; // read by TerraformStack's constructor
    try {
      const status = synthesizeApp((app) => Annotations.of(new TerraformStack(app, 'annotated')).addError('broken on purpose'), {}, options());
      expect(status).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
    }
    expect(messages).toEqual(['Encountered Annotations with level "ERROR":\n[annotated] broken on purpose']);
    expect(treeOf(outdir, { stats: true })).toEqual(before);
    expect(readdirSync(parent)).toEqual(['cdktf.out']);
  });
});

describe('the app command as the cdktf CLI runs it', () => {
  it('leaves the previous output as it was when the policy pack fails the last stack of the real app', () => {
    // cdktf-cli 0.21.0 runs `app` with these variables and, when it exits non-zero, prints its output and exits 1
    // without touching the output directory (docs/policy-pack.md, "Atomic synth"). The real CLI's success path is
    // tested in cdktf-synth.test.ts.
    const parent = mkdtempSync(join(tmpdir(), 'vaultplat-synth-'));
    try {
      const outdir = join(parent, 'cdktf.out');
      writeTree(outdir, PREVIOUS_OUTPUT);
      const before = treeOf(outdir, { stats: true });
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CDKTF_OUTDIR: outdir,
        CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
        CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
        SYNTH_HCL_OUTPUT: 'false',
      };
      // `app` in cdktf.json is `node scripts/run-ts.cjs main.ts`: the fixture runs the same way.
      const result = withChildSlot(() => spawnSync(process.execPath, ['scripts/run-ts.cjs', join('__tests__', 'fixtures', 'late-failure-app.ts')], { cwd: ROOT, env, encoding: 'utf8' }));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^Policy pack VP FAILED for stack \S+-prod: 1 error, /);
      expect(result.stderr).toMatch(/ERROR VP-SG-1 \S+-prod\/open-to-the-world /);
      expect(result.stdout).toBe('');
      expect(treeOf(outdir, { stats: true })).toEqual(before);
      expect(readdirSync(parent)).toEqual(['cdktf.out']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
