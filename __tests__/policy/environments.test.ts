import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { PolicyPack } from '../../constructs/policy/policy-pack';
import { type PolicyReport, PolicyViolationError } from '../../constructs/policy/policy-report';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import { validateEnvironments } from '../../environments/schema';
import { staging } from '../../environments/staging';
import { composeApp } from '../../stacks/compose';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { formatSynthSummary, summarizeSynth } from '../../stacks/synth-summary';
import { withChildSlot } from '../child-slot';

const ROOT = join(__dirname, '..', '..');

/**
 * Suppressions in the real stacks, reviewed: `<stack>:<rule>:<construct path>`. A new suppression fails this test
 * until it is added here, so every exception to the pack is seen in review.
 */
const REVIEWED_SUPPRESSIONS: readonly string[] = ['dev', 'staging', 'prod'].flatMap((env) =>
  // Permissions boundaries cap, they grant nothing: `Allow *` so that their Deny statements are the contract.
  ['run-boundary', 'workload-boundary'].flatMap((policy) => ['VP-IAM-1', 'VP-IAM-2'].map((rule) => `bootstrap-${env}:${rule}:bootstrap-${env}/boundaries/${policy}`)),
);

function composeAll() {
  const app = Testing.app();
  const environments = validateEnvironments([dev, staging, prod], STACK_KINDS);
  composeApp(app, environments, { state: 'cloud' });
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  return { app, stacks };
}

describe('policy pack on the real stacks of dev, staging and prod', () => {
  const reports = new Map<string, PolicyReport>();
  let summary: string;

  beforeAll(() => {
    const { app, stacks } = composeAll();
    app.synth();
    summary = formatSynthSummary(summarizeSynth(app), 'cdktf.out');
    for (const stack of stacks) reports.set(stack.node.id, PolicyPack.of(stack)!.evaluate());
  });

  it('applies the pack to every stack of every environment', () => {
    expect([...reports.keys()]).toEqual(expect.arrayContaining(['network-dev', 'network-staging', 'network-prod']));
    for (const name of reports.keys()) expect([name, [...STACK_KINDS, 'bootstrap', 'services-[a-z0-9-]+'].some((kind) => new RegExp(`^${kind}-(dev|staging|prod)$`).test(name))]).toEqual([name, true]);
    expect([...reports.keys()]).toEqual(expect.arrayContaining(['services-payments-dev', 'services-commerce-staging', 'services-observability-prod']));
    expect([...reports.keys()]).toEqual(expect.arrayContaining(['bootstrap-dev', 'bootstrap-staging', 'bootstrap-prod']));
    for (const report of reports.values()) expect(report.elementCount).toBeGreaterThan(0);
  });

  it('synthesizes clean: no error, no warning, no misuse of the pack', () => {
    const failures = [...reports.values()].flatMap((r) => [...r.errors, ...r.warnings].map((f) => `${f.ruleId} ${f.path}: ${f.detail}`).concat(r.problems));
    expect(failures).toEqual([]);
  });

  it('has only reviewed suppressions, each with its reason in the synth summary, and none unused', () => {
    const suppressions = [...reports.values()].flatMap((r) => r.suppressed.map((s) => `${s.stack}:${s.ruleId}:${s.path}`));
    expect(suppressions.sort()).toEqual([...REVIEWED_SUPPRESSIONS].sort());
    expect([...reports.values()].flatMap((r) => r.unusedSuppressions)).toEqual([]);
    for (const s of [...reports.values()].flatMap((r) => r.suppressed)) expect(summary).toContain(`SUPPRESSED ${s.ruleId} ${s.path} (${s.address}): ${s.reason}`);
  });
});

describe('a deliberately broken construct in a real stack', () => {
  it('fails app.synth() with the rule ID, stack, path, address and message', () => {
    const { app, stacks } = composeAll();
    const network = stacks.find((s) => s.node.id === 'network-staging')!;
    new S3Bucket(network, 'unprotected-bucket', { bucket: 'vaultplat-staging-unprotected' });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const report = (error as PolicyViolationError).report;
    expect(report.stack).toBe('network-staging');
    expect(report.errors.map((f) => [f.ruleId, f.path, f.address])).toEqual([
      ['VP-S3-1', 'network-staging/unprotected-bucket', 'aws_s3_bucket.unprotected-bucket'],
      ['VP-S3-2', 'network-staging/unprotected-bucket', 'aws_s3_bucket.unprotected-bucket'],
      ['VP-S3-3', 'network-staging/unprotected-bucket', 'aws_s3_bucket.unprotected-bucket'],
    ]);
    expect((error as Error).message).toContain(
      '  ERROR VP-S3-1 network-staging/unprotected-bucket (aws_s3_bucket.unprotected-bucket)\n' +
        '      The S3 bucket can be made public. no aws_s3_bucket_public_access_block references this bucket.\n',
    );
  });

  it('makes the synth process exit non-zero with the report of every failing stack on stderr', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'vaultplat-policy-'));
    try {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir };
      // Run as `npm run synth` runs main.ts.
      const result = withChildSlot(() => spawnSync(process.execPath, ['scripts/run-ts.cjs', join('__tests__', 'policy', 'fixtures', 'broken-app.ts')], { cwd: ROOT, env, encoding: 'utf8' }));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Policy pack VP FAILED for stack network-dev: 1 error');
      expect(result.stderr).toContain('ERROR VP-SG-1 network-dev/open-to-the-world');
      expect(result.stderr).toContain('Policy pack VP FAILED for stack network-prod: 3 errors');
      expect(result.stderr).toContain('ERROR VP-S3-1 network-prod/unprotected-bucket (aws_s3_bucket.unprotected-bucket)');
      expect(result.stderr.trimEnd().split('\n').pop()).toBe('Policy pack VP FAILED for 2 stacks: network-dev, network-prod');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
