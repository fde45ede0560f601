import { join } from 'node:path';
import { type ChangesFile, detectChanges } from '../../scripts/ci/changed-stacks';
import { deliver, renderDeliveryReport, runnable } from '../../scripts/ci/deliver';
import { HcpTerraformClient } from '../../scripts/ci/hcp-terraform-client';
import { fakeApi, jsonApi } from './ci-fake-api';

const changes: ChangesFile = detectChanges(join(__dirname, 'fixtures', 'ci', 'head'), join(__dirname, 'fixtures', 'ci', 'base'));
const workspaceStacks = changes.changed.filter((c) => c.delivery === 'workspace');

describe('delivery on main', () => {
  it('queues the stacks no changed producer waits for, then those whose changed producers planned no changes', () => {
    const names = (list: { stack: string }[]) => list.map((s) => s.stack);
    expect(names(runnable(workspaceStacks, workspaceStacks, new Set(), new Set()))).toEqual(['cluster-dev']);
    // cluster-dev has changes: its consumers wait for the run trigger of its apply.
    expect(names(runnable(workspaceStacks, workspaceStacks, new Set(['cluster-dev']), new Set()))).toEqual([]);
    // cluster-dev planned no changes: nothing will trigger config-dev, so it is queued; workloads-dev still waits for config-dev.
    expect(names(runnable(workspaceStacks, workspaceStacks, new Set(['cluster-dev']), new Set(['cluster-dev'])))).toEqual(['config-dev']);
    expect(names(runnable(workspaceStacks, workspaceStacks, new Set(['cluster-dev', 'config-dev']), new Set(['cluster-dev', 'config-dev'])))).toEqual(['workloads-dev']);
  });

  it('uploads every changed stack of the environment, queues runs without applying, and reports what waits', async () => {
    const ws = (name: string) => jsonApi(`ws-${name}`, {});
    const { fetch, requests } = fakeApi({
      'GET /workspaces/vaultplat-cluster-dev': ws('cluster'),
      'GET /workspaces/vaultplat-config-dev': ws('config'),
      'GET /workspaces/vaultplat-workloads-dev': ws('workloads'),
      'POST /configuration-versions': (req) => jsonApi(`cv-${req.url.split('/').at(-2)}`, { 'upload-url': `https://archivist.terraform.io/v1/object/${req.url.split('/').at(-2)}` }),
      'PUT /v1/object/ws-cluster': {},
      'PUT /v1/object/ws-config': {},
      'PUT /v1/object/ws-workloads': {},
      'GET /configuration-versions/cv-ws-cluster': jsonApi('cv', { status: 'uploaded' }),
      'GET /configuration-versions/cv-ws-config': jsonApi('cv', { status: 'uploaded' }),
      'GET /configuration-versions/cv-ws-workloads': jsonApi('cv', { status: 'uploaded' }),
      'POST /runs': (req) => jsonApi(`run-${JSON.parse(String(req.body)).data.relationships.workspace.data.id}`, {}),
      'GET /runs/run-ws-cluster': jsonApi('run-ws-cluster', { status: 'planned_and_finished' }, { plan: { data: { id: 'plan-cluster' } } }),
      'GET /plans/plan-cluster': jsonApi('plan-cluster', { status: 'finished', 'has-changes': false }),
      'GET /runs/run-ws-config': jsonApi('run-ws-config', { status: 'cost_estimated' }, { plan: { data: { id: 'plan-config' } } }),
      'GET /plans/plan-config': jsonApi('plan-config', { status: 'finished', 'has-changes': true, 'resource-additions': 1 }),
    });
    const client = new HcpTerraformClient({ token: 'deliver-token', fetch, pollIntervalMs: 1, sleep: async () => undefined });
    const log: string[] = [];
    const report = await deliver(changes, 'dev', { client, archive: () => Buffer.from('x'), message: 'main@abc', log: (l) => log.push(l) });
    expect(report.bootstrap).toEqual(['bootstrap-dev']);
    expect(report.queued.map((q) => [q.stack, q.hasChanges])).toEqual([
      ['cluster-dev', false],
      ['config-dev', true],
    ]);
    expect(report.waitingForTriggers).toEqual(['workloads-dev']);
    expect(report.failed).toEqual([]);
    const cvBodies = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/configuration-versions')).map((r) => JSON.parse(String(r.body)).data.attributes);
    expect(cvBodies).toEqual(Array(3).fill({ 'auto-queue-runs': false, speculative: false }));
    const runs = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/runs')).map((r) => JSON.parse(String(r.body)).data.attributes);
    expect(runs).toEqual([
      { 'plan-only': false, message: 'main@abc' },
      { 'plan-only': false, message: 'main@abc' },
    ]);
    // Never confirms or applies a run: approvals stay with the approvers.
    expect(requests.filter((r) => r.url.includes('/actions/'))).toEqual([]);
    expect(renderDeliveryReport('dev', report)).toBe(
      [
        '### Delivery to dev',
        '',
        '- Bootstrap changed (bootstrap-dev): a bootstrap admin applies it (docs/hcp-terraform.md).',
        '- `cluster-dev`: [run-ws-cluster](https://app.terraform.io/app/acme-platform/workspaces/vaultplat-cluster-dev/runs/run-ws-cluster) no changes',
        '- `config-dev`: [run-ws-config](https://app.terraform.io/app/acme-platform/workspaces/vaultplat-config-dev/runs/run-ws-config) waits for an approver to confirm',
        '- Queued by run triggers once their producers are applied: `workloads-dev`',
        '',
      ].join('\n'),
    );
  });

  it('delivers nothing for an environment without changes', async () => {
    const { fetch, requests } = fakeApi({});
    const client = new HcpTerraformClient({ token: 'test-token', fetch });
    const report = await deliver(changes, 'prod', { client, archive: () => Buffer.alloc(0), message: 'm', log: () => undefined });
    expect(requests).toEqual([]);
    expect(renderDeliveryReport('prod', report)).toBe('### Delivery to prod\n\nNothing changed in this environment.\n');
  });
});
