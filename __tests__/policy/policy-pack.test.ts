import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { PolicyPack } from '../../constructs/policy/policy-pack';
import { PolicyViolationError } from '../../constructs/policy/policy-report';
import { VAULT_PLATFORM_PACK } from '../../constructs/policy/vault-platform-pack';
import { TAGS, policyStack, testOptions } from './kit';

const OPEN_SSH = { description: 'ssh from anywhere', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] };

/** Runs the stack's validations the way `app.synth()` does (after aspects). */
function synth(stack: TerraformStack): void {
  Testing.synth(stack, true);
}

function violation(stack: TerraformStack): PolicyViolationError {
  try {
    synth(stack);
  } catch (error) {
    if (error instanceof PolicyViolationError) return error;
    throw error;
  }
  throw new Error('expected a PolicyViolationError');
}

describe('PolicyPack', () => {
  it('fails synth with every error of the stack in one report: rule ID, stack, path, address, what and how', () => {
    const { stack } = policyStack();
    new S3Bucket(stack, 'bucket', { bucket: 'broken' });
    new SecurityGroup(stack, 'sg', { description: 'test', ingress: [OPEN_SSH] });
    const error = violation(stack);
    expect(error.report.errors.map((f) => f.ruleId)).toEqual(['VP-S3-1', 'VP-S3-2', 'VP-S3-3', 'VP-SG-1']);
    const [, , , sg] = error.report.errors;
    expect(sg).toEqual({
      ruleId: 'VP-SG-1',
      severity: 'error',
      stack: 'policy-test',
      path: 'policy-test/sg',
      address: 'aws_security_group.sg',
      message: 'The security group admits traffic from the whole internet.',
      detail: 'ingress[0] admits 0.0.0.0/0 on ports 22-22',
      fix: 'Allow only the CIDRs or security groups that need access (VPC, VPN client range, peer security group).',
    });
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Policy pack VP FAILED for stack policy-test: 4 errors, 0 warnings, 0 suppressed findings (3 elements checked)');
    expect(lines.slice(-3)).toEqual([
      '  ERROR VP-SG-1 policy-test/sg (aws_security_group.sg)',
      '      The security group admits traffic from the whole internet. ingress[0] admits 0.0.0.0/0 on ports 22-22.',
      '      Fix: Allow only the CIDRs or security groups that need access (VPC, VPN client range, peer security group).',
    ]);
  });

  it('fails app.synth() itself, before any stack file is written', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'broken');
    PolicyPack.apply(stack, { options: testOptions(), log: () => undefined });
    new SecurityGroup(stack, 'sg', { description: 'test', ingress: [OPEN_SSH] });
    expect(() => app.synth()).toThrow(/^Policy pack VP FAILED for stack broken: 1 error, 0 warnings, 0 suppressed findings \(2 elements checked\)\n {2}ERROR VP-SG-1 broken\/sg/);
    expect(existsSync(join(app.outdir, 'stacks', 'broken'))).toBe(false);
  });

  it('fails the run with the reports of every failing stack, also those cdktf has not synthesized yet', () => {
    const app = Testing.app();
    const build = (id: string, broken: boolean) => {
      const stack = new TerraformStack(app, id);
      PolicyPack.apply(stack, { options: testOptions(), log: () => undefined });
      if (broken) new SecurityGroup(stack, 'sg', { description: 'test', ingress: [OPEN_SSH] });
      return stack;
    };
    build('first-clean', false);
    build('second-broken', true);
    build('third-clean', false);
    build('fourth-broken', true);
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const violation = error as PolicyViolationError;
    expect(violation.report.stack).toBe('second-broken');
    expect(violation.reports.map((r) => [r.stack, r.errors.map((f) => `${f.ruleId} ${f.path}`)])).toEqual([
      ['second-broken', ['VP-SG-1 second-broken/sg']],
      ['fourth-broken', ['VP-SG-1 fourth-broken/sg']],
    ]);
    const lines = violation.message.split('\n');
    expect(lines[0]).toBe('Policy pack VP FAILED for stack second-broken: 1 error, 0 warnings, 0 suppressed findings (2 elements checked)');
    expect(lines).toContain('Policy pack VP FAILED for stack fourth-broken: 1 error, 0 warnings, 0 suppressed findings (2 elements checked)');
    expect(lines[lines.length - 1]).toBe('Policy pack VP FAILED for 2 stacks: second-broken, fourth-broken');
  });

  it('reports warnings without failing', () => {
    const { stack, logged } = policyStack();
    new KmsKey(stack, 'key', { enableKeyRotation: true, policy: '{}', deletionWindowInDays: 7 });
    expect(() => synth(stack)).not.toThrow();
    expect(logged).toEqual([
      [
        'Policy pack VP passed for stack policy-test: 0 errors, 1 warning, 0 suppressed findings (2 elements checked)',
        '  WARNING VP-KMS-3 policy-test/key (aws_kms_key.key)',
        '      The KMS key deletion window is shorter than 30 days. deletion_window_in_days is 7.',
        '      Fix: Leave deletionWindowInDays at 30 unless the key protects nothing that outlives it.',
      ].join('\n'),
    ]);
  });

  it('prints nothing unless given a log, and keeps the report of the last synth', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'quiet');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: TAGS }] });
    const pack = PolicyPack.apply(stack, { options: testOptions() });
    new KmsKey(stack, 'key', { enableKeyRotation: true, policy: '{}', deletionWindowInDays: 7 });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(pack.report).toBeUndefined();
      synth(stack);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
    expect(pack.report?.warnings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['VP-KMS-3 quiet/key']);
    expect(pack.report?.ruleCount).toBe(VAULT_PLATFORM_PACK.entries.length);
    expect(pack.report?.checkCount).toBeGreaterThan(0);
  });

  it('logs nothing for a clean stack', () => {
    const { stack, logged } = policyStack();
    new KmsKey(stack, 'key', { enableKeyRotation: true, policy: '{}' });
    synth(stack);
    expect(logged).toEqual([]);
  });

  it('evaluates the synthesized configuration, including changes by aspects added after it and overrides', () => {
    const { stack } = policyStack();
    new SecurityGroup(stack, 'sg', { description: 'test' });
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof SecurityGroup) node.addOverride('ingress', [{ description: 'ssh', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], from_port: 22, to_port: 22 }]);
      },
    });
    expect(violation(stack).report.errors.map((f) => f.detail)).toEqual(['ingress[0] admits 0.0.0.0/0 on ports 22-22']);
  });

  it('refuses a second pack on the same stack', () => {
    const { stack } = policyStack();
    expect(() => PolicyPack.apply(stack, { options: testOptions() })).toThrow('policy-test: a policy pack is already applied to this stack');
  });

  it('is found from any construct of its stack', () => {
    const { stack, pack } = policyStack();
    expect(PolicyPack.of(new Construct(stack, 'child'))).toBe(pack);
  });
});

describe('PolicyPack.suppress', () => {
  it('turns a finding into a listed suppression with its reason, and passes', () => {
    const { stack, logged } = policyStack();
    const sg = new SecurityGroup(stack, 'sg', { description: 'test', ingress: [OPEN_SSH] });
    PolicyPack.suppress(sg, 'VP-SG-1', 'bastion for the break-glass runbook, removed after the incident');
    synth(stack);
    expect(logged[0].split('\n')).toEqual([
      'Policy pack VP passed for stack policy-test: 0 errors, 0 warnings, 1 suppressed finding (2 elements checked)',
      '  SUPPRESSED VP-SG-1 policy-test/sg (aws_security_group.sg): bastion for the break-glass runbook, removed after the incident',
    ]);
  });

  it('covers the Terraform elements under the construct, for that rule only', () => {
    const { stack, pack } = policyStack();
    const group = new Construct(stack, 'group');
    new SecurityGroup(group, 'sg', { ingress: [OPEN_SSH] });
    PolicyPack.suppress(group, 'VP-SG-1', 'public ingress of the test fixture');
    const report = pack.evaluate();
    expect(report.suppressed.map((f) => [f.ruleId, f.path])).toEqual([['VP-SG-1', 'policy-test/group/sg']]);
    expect(report.errors.map((f) => f.ruleId)).toEqual(['VP-SG-2']);
  });

  it('lists a suppression that matches nothing as unused', () => {
    const { stack, pack } = policyStack();
    const sg = new SecurityGroup(stack, 'sg', { description: 'fine' });
    PolicyPack.suppress(sg, 'VP-SG-1', 'was open during the migration');
    expect(pack.evaluate().unusedSuppressions).toEqual([{ path: 'policy-test/sg', ruleId: 'VP-SG-1', reason: 'was open during the migration' }]);
  });

  it('fails synth on a suppression of a rule the pack does not have', () => {
    const { stack } = policyStack();
    const sg = new SecurityGroup(stack, 'sg', { description: 'fine' });
    PolicyPack.suppress(sg, 'VP-SG-99', 'no such rule exists here');
    expect(violation(stack).report.problems).toEqual([expect.stringMatching(/^policy-test\/sg: suppression of unknown rule VP-SG-99; the VP pack has VP-TAG-1, /)]);
  });

  it('fails when the reason is shorter than 10 characters', () => {
    const { stack } = policyStack();
    const sg = new SecurityGroup(stack, 'sg', { description: 'fine' });
    expect(() => PolicyPack.suppress(sg, 'VP-SG-1', ' legacy  ')).toThrow(
      'policy-test/sg: cannot suppress VP-SG-1: reason: expected a written reason of at least 10 characters, got "legacy"',
    );
  });

  it('fails on a whole stack, a malformed rule ID and a repeated suppression', () => {
    const { stack } = policyStack();
    expect(() => PolicyPack.suppress(stack, 'VP-SG-1', 'the whole stack is fine')).toThrow(
      'policy-test: cannot suppress VP-SG-1: construct: suppress on the specific construct that breaks the rule, not on a whole stack or app',
    );
    const sg = new SecurityGroup(stack, 'sg', { description: 'fine' });
    expect(() => PolicyPack.suppress(sg, 'sg-1', 'a reason long enough')).toThrow('cannot suppress sg-1: ruleId: expected an ID like VP-S3-1, got "sg-1"');
    PolicyPack.suppress(sg, 'VP-SG-1', 'a reason long enough');
    expect(() => PolicyPack.suppress(sg, 'VP-SG-1', 'a second reason')).toThrow('ruleId: VP-SG-1 is already suppressed here');
  });
});
