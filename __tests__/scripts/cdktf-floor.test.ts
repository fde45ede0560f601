import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { composeCdktfFloor, parseFloorArguments } from '../../scripts/cdktf-floor-app';
import { synthCounts } from '../../scripts/synth-counts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vaultplat-floor-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the cdktf floor app (npm run bench)', () => {
  it('spreads the resources evenly over the stacks, each a vault_policy of literals under one provider', () => {
    const app = new App({ outdir: join(dir, 'out') });
    expect(composeCdktfFloor(app, 3, 8)).toBe(8);
    app.synth();
    expect(synthCounts(join(dir, 'out'))).toEqual({ stacks: 3, elements: 8 });
    const config = JSON.parse(readFileSync(join(dir, 'out', 'stacks', 'floor-2', 'cdk.tf.json'), 'utf8')) as {
      provider: { vault: unknown[] };
      resource: { vault_policy: Record<string, { name: string; policy: string }> };
    };
    expect(config.provider.vault).toHaveLength(1);
    // floor(3 * 8 / 3) - floor(2 * 8 / 3) = 8 - 5: resources 5, 6 and 7.
    expect(Object.values(config.resource.vault_policy).map((p) => p.name)).toEqual(['service-5', 'service-6', 'service-7']);
    expect(config.resource.vault_policy['policy-7'].policy).toBe('path "kv/data/service-7/*" {\n  capabilities = ["read"]\n}\n');
  });

  it('refuses arguments it cannot use, naming each value and what is allowed', () => {
    expect(parseFloorArguments(['150', '15750'], { CDKTF_OUTDIR: '/tmp/x' })).toEqual({ stacks: 150, resources: 15750, outdir: '/tmp/x' });
    const usage = 'usage: CDKTF_OUTDIR=<dir> node scripts/run-ts.cjs scripts/cdktf-floor.ts <stacks: an integer >= 1> <resources: an integer >= 0>';
    expect(() => parseFloorArguments(['0', '10'], { CDKTF_OUTDIR: '/tmp/x' })).toThrow(`${usage}; got arguments ["0","10"], CDKTF_OUTDIR "/tmp/x"`);
    expect(() => parseFloorArguments(['2', '1.5'], { CDKTF_OUTDIR: '/tmp/x' })).toThrow('got arguments ["2","1.5"]');
    expect(() => parseFloorArguments(['2', '-1'], { CDKTF_OUTDIR: '/tmp/x' })).toThrow('got arguments ["2","-1"]');
    expect(() => parseFloorArguments(['2'], { CDKTF_OUTDIR: '/tmp/x' })).toThrow('got arguments ["2"]');
    expect(() => parseFloorArguments(['2', '3', '4'], { CDKTF_OUTDIR: '/tmp/x' })).toThrow('got arguments ["2","3","4"]');
    expect(() => parseFloorArguments(['2', '3'], {})).toThrow('CDKTF_OUTDIR null');
  });
});

describe('synthCounts', () => {
  it('counts stacks, and resources and data sources (remote state included) but not providers, outputs or variables', () => {
    const write = (name: string, config: unknown) => {
      mkdirSync(join(dir, 'stacks', name), { recursive: true });
      writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(config));
    };
    write('a', {
      provider: { vault: [{}] },
      resource: { vault_policy: { p1: {}, p2: {} }, vault_mount: { m: {} } },
      data: { terraform_remote_state: { r: {} }, aws_eks_cluster: { e: {} } },
      output: { o: {} },
      variable: { v: {} },
    });
    write('b', { terraform: {} });
    expect(synthCounts(dir)).toEqual({ stacks: 2, elements: 5 });
  });
});
