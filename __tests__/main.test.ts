import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizeAll } from '../stacks/synth';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { sampleInput } from './helpers';

const ROOT = join(__dirname, '..');

describe('synth entry point', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'vaultplat-synth-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  it('main.ts synthesizes every stack of every environment without credentials, network or a Terraform binary', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, TERRAFORM_BINARY_NAME: 'terraform-not-installed' };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const expected = ['dev', 'staging', 'prod'].flatMap((name) => STACK_KINDS.map((kind) => `${kind}-${name}`));
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(expect.arrayContaining(expected.sort()));
    for (const stack of expected) expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
  });

  it('main.ts exits non-zero with the reason when a deployment setting is invalid', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: outdir, VAULTPLAT_STATE: 'remote' };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('VAULTPLAT_STATE: expected "cloud" or "local", got "remote"');
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  });

  it('stops before writing anything and reports every configuration problem at once', () => {
    const broken = sampleInput('dev');
    broken.aws.region = 'moon-1' as never;
    broken.network.vpnClientCidr = '10.10.0.0/22';
    const messages: string[] = [];
    expect(synthesizeAll([broken, sampleInput('prod')], {}, { outdir, report: (m) => messages.push(m) })).toBe(1);
    expect(messages).toHaveLength(1);
    expect(messages[0].split('\n')).toEqual([
      'Invalid environment configuration (2 problems):',
      '  - dev.aws.region: unknown AWS region; expected a commercial region such as eu-west-1 or us-east-1 (got "moon-1")',
      '  - dev.network.vpnClientCidr: overlaps the tooling VPC 10.10.0.0/16; the VPN client range must be disjoint from both VPCs (got "10.10.0.0/22")',
    ]);
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  });
});
