/**
 * `node --import tsx scripts/ci/plan-comment.ts --summary plan-summary.json --repository owner/name --pull-request 12`
 * Renders the speculative plan summary as one pull-request comment and creates it, or updates the one an earlier push
 * created (found by its hidden marker). GITHUB_TOKEN comes from the step's environment only.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type FetchLike } from './hcp-terraform-client';
import { COMMENT_MARKER, type PlanSummary, type StackPlanSummary } from './plan-summary';

const DOCS = 'docs/hcp-terraform.md';

function result(s: StackPlanSummary): string {
  switch (s.outcome) {
    case 'planned':
      return (s.additions ?? 0) + (s.changes ?? 0) + (s.destructions ?? 0) + (s.imports ?? 0) === 0 ? 'no changes' : 'planned';
    case 'errored':
      return `**failed**: ${oneLine(s.error ?? 'no message')}`;
    case 'bootstrap':
      return `apply by a bootstrap admin after merge (${DOCS}, "Bootstrap, step by step")`;
    case 'skipped':
      return `skipped: ${oneLine(s.error ?? '')}`;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

const count = (n: number | undefined, s: StackPlanSummary) => (s.outcome === 'planned' ? String(n ?? 0) : '');

/** The comment body: a marker, a table of every changed stack, removed stacks, and how to read it. Deterministic. */
export function renderPlanComment(summary: PlanSummary): string {
  const lines = [COMMENT_MARKER, `### Speculative plans for \`${summary.commit.slice(0, 12)}\``, ''];
  if (summary.notice) lines.push(summary.notice, '');
  if (summary.stacks.length === 0 && summary.removed.length === 0) {
    lines.push(summary.notice ? '' : 'No stack changed: the synthesized configuration is identical to the base branch.');
    return `${lines.join('\n').trimEnd()}\n`;
  }
  const failed = summary.stacks.filter((s) => s.outcome === 'errored').length;
  lines.push(
    `${summary.stacks.length} changed stack${summary.stacks.length === 1 ? '' : 's'}${failed > 0 ? `, **${failed} failed**` : ''}, in dependency order:`,
    '',
    '| Stack | Change | Result | Add | Change | Destroy | Run |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
    ...summary.stacks.map(
      (s) =>
        `| \`${s.stack}\` | ${s.status === 'added' ? 'new stack' : 'modified'} | ${result(s)} | ${count(s.additions, s)} | ${count(s.changes, s)} | ${count(s.destructions, s)} | ${
          s.url ? `[${s.runId ?? 'run'}](${s.url})` : ''
        } |`,
    ),
    '',
  );
  if (summary.removed.length > 0) {
    lines.push(
      `Removed stacks: ${summary.removed.map((r) => `\`${r}\``).join(', ')}. Their workspaces still manage their resources: destroy them deliberately before removing the workspaces (${DOCS}).`,
      '',
    );
  }
  lines.push(
    `Plans run in each stack's HCP Terraform workspace with its read-only plan role${summary.base ? `; changes detected against \`${summary.base.slice(0, 12)}\`` : ''}. A stack that depends on another changed stack is planned against that stack's applied state, not its planned changes.`,
  );
  return `${lines.join('\n')}\n`;
}

interface Comment {
  id: number;
  body?: string;
}

/** Creates the comment, or updates the earlier one carrying the marker. Returns what it did. */
export async function upsertComment(options: { repository: string; pullRequest: number; body: string; token: string; fetch?: FetchLike; api?: string }): Promise<'created' | 'updated'> {
  const fetchFn = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const api = options.api ?? 'https://api.github.com';
  const headers = { Authorization: `Bearer ${options.token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'Content-Type': 'application/json' };
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) throw new Error(`--repository: expected owner/name, got "${options.repository}"`);
  let existing: Comment | undefined;
  for (let page = 1; existing === undefined; page++) {
    const response = await fetchFn(`${api}/repos/${options.repository}/issues/${options.pullRequest}/comments?per_page=100&page=${page}`, { headers });
    if (!response.ok) throw new Error(`listing comments failed: HTTP ${response.status}`);
    const comments = (await response.json()) as Comment[];
    existing = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (comments.length < 100) break;
  }
  const body = JSON.stringify({ body: options.body });
  const response = existing
    ? await fetchFn(`${api}/repos/${options.repository}/issues/comments/${existing.id}`, { method: 'PATCH', headers, body })
    : await fetchFn(`${api}/repos/${options.repository}/issues/${options.pullRequest}/comments`, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`${existing ? 'updating' : 'creating'} the comment failed: HTTP ${response.status}`);
  return existing ? 'updated' : 'created';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { summary: { type: 'string' }, repository: { type: 'string' }, 'pull-request': { type: 'string' } }, strict: true });
  if (!values.summary || !values.repository || !values['pull-request']) throw new Error('usage: plan-comment.ts --summary <file> --repository <owner/name> --pull-request <number>');
  const pullRequest = Number(values['pull-request']);
  if (!Number.isInteger(pullRequest) || pullRequest < 1) throw new Error(`--pull-request: expected a pull request number, got "${values['pull-request']}"`);
  const summary = JSON.parse(readFileSync(values.summary, 'utf8')) as PlanSummary;
  const body = renderPlanComment(summary);
  const done = await upsertComment({ repository: values.repository, pullRequest, body, token: process.env.GITHUB_TOKEN ?? '' });
  console.log(`pull request comment ${done}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
