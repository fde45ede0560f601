import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPlanComment, upsertComment } from '../../scripts/ci/plan-comment';
import { COMMENT_MARKER, type PlanSummary } from '../../scripts/ci/plan-summary';
import { fakeApi } from './ci-fake-api';

const RECORDED = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ci', 'plan-summary.json'), 'utf8')) as PlanSummary;

describe('pull-request plan comment', () => {
  it('renders the recorded plan summary as one table in dependency order', () => {
    expect(renderPlanComment(RECORDED).split('\n')).toEqual([
      '<!-- vaultplat:speculative-plans -->',
      '### Speculative plans for `4f1c2d3e5a6b`',
      '',
      '5 changed stacks, **1 failed**, in dependency order:',
      '',
      '| Stack | Change | Result | Add | Change | Destroy | Run |',
      '| --- | --- | --- | ---: | ---: | ---: | --- |',
      '| `bootstrap-dev` | modified | apply by a bootstrap admin after merge (docs/hcp-terraform.md, "Bootstrap, step by step") |  |  |  |  |',
      '| `network-dev` | modified | planned | 2 | 1 | 0 | [run-CZcmD7eagjhyX0vN](https://app.terraform.io/app/acme-platform/workspaces/vaultplat-network-dev/runs/run-CZcmD7eagjhyX0vN) |',
      '| `cluster-tooling-dev` | modified | no changes | 0 | 0 | 0 | [run-8Fq2Yb1kLmN3oP4r](https://app.terraform.io/app/acme-platform/workspaces/vaultplat-cluster-tooling-dev/runs/run-8Fq2Yb1kLmN3oP4r) |',
      '| `vault-config-dev` | modified | **failed**: the run ended errored; see the run for the plan log |  |  |  | [run-Qw9Er8Ty7Ui6Op5A](https://app.terraform.io/app/acme-platform/workspaces/vaultplat-vault-config-dev/runs/run-Qw9Er8Ty7Ui6Op5A) |',
      '| `workloads-tooling-dev` | new stack | skipped: workspace vaultplat-workloads-tooling-dev does not exist yet: it is created when the bootstrap of its environment is applied after merge |  |  |  |  |',
      '',
      'Removed stacks: `legacy-dev`. Their workspaces still manage their resources: destroy them deliberately before removing the workspaces (docs/hcp-terraform.md).',
      '',
      "Plans run in each stack's HCP Terraform workspace with its read-only plan role; changes detected against `9a8b7c6d5e4f`. A stack that depends on another changed stack is planned against that stack's applied state, not its planned changes.",
      '',
    ]);
  });

  it('says so when nothing changed, and escapes table-breaking text in errors', () => {
    expect(renderPlanComment({ commit: 'abcdef0123456789', stacks: [], removed: [] })).toBe(
      `${COMMENT_MARKER}\n### Speculative plans for \`abcdef012345\`\n\nNo stack changed: the synthesized configuration is identical to the base branch.\n`,
    );
    const body = renderPlanComment({ commit: 'c', stacks: [{ stack: 's', status: 'modified', outcome: 'errored', error: 'a | b\nc' }], removed: [] });
    expect(body).toContain('| `s` | modified | **failed**: a \\| b c |');
  });

  it('updates the comment an earlier push created instead of adding another', async () => {
    const { fetch, requests } = fakeApi({
      'GET /repos/acme/vault-platform/issues/7/comments?per_page=100&page=1': { body: [{ id: 1, body: 'LGTM' }, { id: 42, body: `${COMMENT_MARKER}\nold` }] },
      'PATCH /repos/acme/vault-platform/issues/comments/42': { status: 200, body: {} },
    });
    expect(await upsertComment({ repository: 'acme/vault-platform', pullRequest: 7, body: 'new body', token: 'gh-token', fetch })).toBe('updated');
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(JSON.parse(String(patch.body))).toEqual({ body: 'new body' });
    expect(patch.headers.Authorization).toBe('Bearer gh-token');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('creates the comment on the first push', async () => {
    const { fetch, requests } = fakeApi({
      'GET /repos/acme/vault-platform/issues/7/comments?per_page=100&page=1': { body: [{ id: 1, body: 'LGTM' }] },
      'POST /repos/acme/vault-platform/issues/7/comments': { status: 201, body: {} },
    });
    expect(await upsertComment({ repository: 'acme/vault-platform', pullRequest: 7, body: 'b', token: 'test-token', fetch })).toBe('created');
    expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    await expect(upsertComment({ repository: 'not a repo', pullRequest: 7, body: 'b', token: 'test-token', fetch })).rejects.toThrow('--repository: expected owner/name, got "not a repo"');
  });
});
