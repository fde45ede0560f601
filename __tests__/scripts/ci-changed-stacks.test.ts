import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironments } from '../../environments/schema';
import { detectChanges } from '../../scripts/ci/changed-stacks';
import { composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { synthesizeApp } from '../../stacks/synth';
import { sampleInput } from '../helpers';
import { changedStacks, dependencyOrder, normalizeStackJson, readSynthOutput } from '../../scripts/ci/synth-output';

const FIXTURES = join(__dirname, 'fixtures', 'ci');

describe('changed-stack detection', () => {
  it('ignores cdktf metadata, construct paths, key order and the directory of local state files', () => {
    const a = { '//': { metadata: { version: '0.21.0' } }, b: 1, a: { '//': { path: 'x' }, path: '/home/alice/terraform.network-dev.tfstate' } };
    const b = { a: { path: '/runner/work/terraform.network-dev.tfstate', '//': { path: 'y/z' } }, b: 1, '//': { metadata: { version: '0.21.1' } } };
    expect(JSON.stringify(normalizeStackJson(a))).toBe(JSON.stringify(normalizeStackJson(b)));
    expect(JSON.stringify(normalizeStackJson({ a: { path: '/x/terraform.a.tfstate' } }))).not.toBe(JSON.stringify(normalizeStackJson({ a: { path: '/x/terraform.b.tfstate' } })));
    expect(normalizeStackJson({ list: [{ '//': 1, k: 'v' }], path: 'modules/x' })).toEqual({ list: [{ k: 'v' }], path: 'modules/x' });
  });

  it('finds added and modified stacks in dependency order, bootstrap first, and the removed ones', () => {
    const changes = detectChanges(join(FIXTURES, 'head'), join(FIXTURES, 'base'));
    expect(changes.baseAvailable).toBe(true);
    expect(changes.changed.map((c) => [c.stack, c.status, c.delivery])).toEqual([
      ['bootstrap-dev', 'modified', 'bootstrap'],
      ['cluster-dev', 'modified', 'workspace'],
      ['config-dev', 'modified', 'workspace'],
      ['workloads-dev', 'added', 'workspace'],
    ]);
    expect(changes.removed).toEqual(['legacy-dev']);
    const workloads = changes.changed.find((c) => c.stack === 'workloads-dev')!;
    expect(workloads).toEqual({
      stack: 'workloads-dev',
      status: 'added',
      delivery: 'workspace',
      organization: 'acme-platform',
      workspace: 'vaultplat-workloads-dev',
      directory: 'stacks/workloads-dev',
      // addons-dev did not change, but workloads-dev waits for cluster-dev through it.
      changedUpstream: ['cluster-dev', 'config-dev'],
    });
  });

  it('counts every stack as changed when there is no base synth', () => {
    const changes = detectChanges(join(FIXTURES, 'head'), join(FIXTURES, 'does-not-exist'));
    expect(changes.baseAvailable).toBe(false);
    expect(changes.changed.map((c) => c.stack)).toEqual(['bootstrap-dev', 'network-dev', 'cluster-dev', 'addons-dev', 'config-dev', 'workloads-dev']);
    expect(changes.changed.every((c) => c.status === 'added')).toBe(true);
    expect(changes.removed).toEqual([]);
  });

  it('orders producers before consumers and rejects a cycle', () => {
    expect(dependencyOrder(readSynthOutput(join(FIXTURES, 'head')))).toEqual(['bootstrap-dev', 'network-dev', 'cluster-dev', 'addons-dev', 'config-dev', 'workloads-dev']);
    const cyclic = { stacks: new Map([['a', { name: 'a', dependencies: ['b'], directory: 'a', json: {} }], ['b', { name: 'b', dependencies: ['a'], directory: 'b', json: {} }]]) };
    expect(() => dependencyOrder(cyclic)).toThrow('dependency cycle among a, b');
    expect(() => changedStacks(undefined, cyclic)).toThrow('dependency cycle among a, b');
  });

  it('fails on a directory that holds no synth', () => {
    expect(() => readSynthOutput(join(FIXTURES, 'nothing-here'))).toThrow(/nothing-here: no manifest.json; is this a cdktf synth output directory\?/);
  });
});

describe('changed-stack detection on the real app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-changed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plans a new team: its bootstrap first, then its new service stack, after the platform stacks it waits for; nothing else', () => {
    const synth = (out: string, addTeam: boolean) => {
      const input = sampleInput('dev');
      if (addTeam) {
        input.vault.services!.push({ name: 'invoices', team: 'billing', cluster: 'application', namespace: 'billing', serviceAccount: 'invoices', secrets: [{ key: 'k', purpose: 'Signs invoices' }] });
      }
      const code = synthesizeApp((app) => composeApp(app, validateEnvironments([input], STACK_KINDS), DEFAULT_DEPLOYMENT), {}, { outdir: join(dir, out), report: (m) => { throw new Error(m); }, print: () => undefined });
      expect(code).toBe(0);
    };
    synth('base', false);
    synth('head', true);
    const changes = detectChanges(join(dir, 'head'), join(dir, 'base'));
    expect(changes.changed.map((c) => [c.stack, c.status, c.delivery, c.workspace])).toEqual([
      ['bootstrap-dev', 'modified', 'bootstrap', 'vaultplat-bootstrap-dev'],
      ['services-billing-dev', 'added', 'workspace', 'vaultplat-services-billing-dev'],
    ]);
    expect(changes.removed).toEqual([]);
  });
});
