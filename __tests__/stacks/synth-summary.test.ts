import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformStack } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyPack } from '../../constructs/policy/policy-pack';
import { compliant, nonCompliant, notApplicable } from '../../constructs/policy/rule';
import { type PolicyPackDefinition } from '../../constructs/policy/vault-platform-pack';
import { deployOrder, formatSynthSummary, summarizeSynth } from '../../stacks/synth-summary';
import { TAGS, testOptions } from '../policy/kit';

/** A pack whose checks can be counted by hand: one rule per bucket, one per security group, one per resource. */
const TEST_PACK: PolicyPackDefinition = {
  name: 'TEST',
  title: 'test pack',
  entries: [
    {
      id: 'TEST-S3-1',
      severity: 'error',
      message: 'The bucket has no name.',
      fix: 'Name it.',
      rule: { name: 'bucket-named', description: 'named', appliesTo: ['aws_s3_bucket'], evaluate: (e) => (e.config.bucket ? compliant() : nonCompliant('bucket is not set')) },
    },
    {
      id: 'TEST-SG-1',
      severity: 'warning',
      message: 'The security group has no description.',
      fix: 'Describe it.',
      rule: { name: 'sg-described', description: 'described', appliesTo: ['aws_security_group'], evaluate: (e) => (e.config.description ? compliant() : nonCompliant('description is not set')) },
    },
    {
      id: 'TEST-ALL-1',
      severity: 'error',
      message: 'Never fails.',
      fix: 'Nothing to fix.',
      rule: { name: 'resources-only', description: 'resources', appliesTo: ['*'], evaluate: (e) => (e.block === 'resource' ? compliant() : notApplicable()) },
    },
  ],
};

function stackWithPack(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: TAGS }] });
  PolicyPack.apply(stack, { options: testOptions(), pack: TEST_PACK });
  return stack;
}

describe('deployOrder', () => {
  it('orders by dependency, groups connected stacks, numbers steps and lists only direct predecessors', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'vaultplat-order-')) });
    try {
      const make = (id: string, ...after: TerraformStack[]) => {
        const stack = new TerraformStack(app, id);
        after.forEach((d) => stack.addDependency(d));
        return stack;
      };
      // Two groups, created interleaved; dependencies listed redundantly (network is implied by access).
      const network = make('network');
      const other = make('other');
      const access = make('access', network);
      const tooling = make('tooling', access, network);
      const application = make('application', network);
      const otherChild = make('other-child', other);
      const config = make('config', tooling, application, access, network);
      const created = [network, other, access, tooling, application, otherChild, config];
      expect(deployOrder(created).map((o) => [o.step, o.stack.node.id, o.after.map((s) => s.node.id)])).toEqual([
        [1, 'network', []],
        [2, 'access', ['network']],
        [2, 'application', ['network']],
        [3, 'tooling', ['access']],
        [4, 'config', ['tooling', 'application']],
        [1, 'other', []],
        [2, 'other-child', ['other']],
      ]);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('fails when a stack depends on one that is not listed', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'vaultplat-order-')) });
    try {
      const network = new TerraformStack(app, 'network');
      const access = new TerraformStack(app, 'access');
      access.addDependency(network);
      expect(() => deployOrder([access])).toThrow('Cannot order the stacks for deployment: access depends on network, which is not among them');
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

describe('synth summary', () => {
  let outdir: string;
  let summary: ReturnType<typeof summarizeSynth>;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vaultplat-summary-'));
    const app = new App({ outdir });
    const first = stackWithPack(app, 'first');
    new S3Bucket(first, 'named', { bucket: 'first-named' });
    const unnamed = new S3Bucket(first, 'unnamed', {});
    PolicyPack.suppress(unnamed, 'TEST-S3-1', 'the provider picks a unique name for this scratch bucket');
    new SecurityGroup(first, 'sg', {});
    const second = stackWithPack(app, 'second');
    new S3Bucket(second, 'named', { bucket: 'second-named' });
    second.addDependency(first);
    const unchecked = new TerraformStack(app, 'unchecked');
    new AwsProvider(unchecked, 'aws', { region: 'eu-west-1' });
    new S3Bucket(unchecked, 'named', { bucket: 'unchecked-named' });
    app.synth();
    summary = summarizeSynth(app);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('counts resources per stack and keeps each policy report of this synth', () => {
    expect(summary.stacks.map((s) => [s.name, s.file, s.resourceCount, s.step, s.after, s.policy?.checkCount])).toEqual([
      ['first', 'stacks/first/cdk.tf.json', 3, 1, [], 6], // 2 buckets + 1 security group; 2 + 1 + 3 checks
      ['second', 'stacks/second/cdk.tf.json', 1, 2, ['first'], 2],
      ['unchecked', 'stacks/unchecked/cdk.tf.json', 1, 1, [], undefined],
    ]);
  });

  it('prints where the stacks are, the deploy order with resources, the pack result with every finding kept, and unchecked stacks', () => {
    expect(formatSynthSummary(summary, 'out').split('\n')).toEqual([
      'Synthesized 3 stacks (5 resources) into out: stacks/<stack>/cdk.tf.json, manifest.json',
      '',
      "Deploy order (from the stacks' dependencies; stacks of one step can deploy in parallel once the earlier steps are done):",
      '  step  stack      resources  after',
      '     1  first              3',
      '     2  second             1  first',
      '     1  unchecked          1',
      '',
      'Policy pack TEST: 3 rules run on 2 stacks, 8 checks: 0 errors, 1 warning, 1 suppressed finding, 0 unused suppressions',
      '  WARNING TEST-SG-1 first/sg (aws_security_group.sg)',
      '      The security group has no description. description is not set.',
      '      Fix: Describe it.',
      '  SUPPRESSED TEST-S3-1 first/unnamed (aws_s3_bucket.unnamed): the provider picks a unique name for this scratch bucket',
      '',
      'Not checked by a policy pack: unchecked',
    ]);
  });
});
