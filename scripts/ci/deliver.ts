/**
 * `node --import tsx scripts/ci/deliver.ts --changes changes.json --synth cdktf.out --environment prod --commit <sha>`
 * Delivers the changed stacks of one environment after a merge to main: uploads each one's configuration to its
 * workspace (not speculative, so it becomes the workspace's current configuration) and queues runs in dependency
 * order. Auto-apply is off everywhere: every run waits for an approver to confirm it in HCP Terraform. When a run is
 * applied, HCP Terraform's run triggers queue the runs of its consumers with their current (just uploaded)
 * configuration; this script queues a consumer itself only when every changed stack it waits for planned no changes
 * (no apply, so no trigger would fire). TFE_TOKEN: a `<project>-ci-deliver` team token (queue plans, never apply).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ChangesFile } from './changed-stacks';
import { HcpTerraformClient, RUN_FAILED_STATUSES } from './hcp-terraform-client';
import { stackArchive } from './speculative-plans';
import { type ChangedStack } from './synth-output';

/**
 * Stacks to queue now: not queued yet, and every changed stack they wait for (within `changed`, the environment's
 * changed stacks) has planned no changes. Others wait for the run trigger of their producer's apply.
 */
export function runnable(candidates: readonly ChangedStack[], changed: readonly ChangedStack[], queued: ReadonlySet<string>, noChanges: ReadonlySet<string>): ChangedStack[] {
  const changedNames = new Set(changed.map((s) => s.stack));
  return candidates.filter((s) => !queued.has(s.stack) && s.changedUpstream.every((u) => noChanges.has(u) || !changedNames.has(u)));
}

export interface DeliveryReport {
  readonly queued: readonly { stack: string; runId: string; url: string; hasChanges?: boolean }[];
  /** Uploaded, waiting for the run trigger of a changed producer once it is applied. */
  readonly waitingForTriggers: readonly string[];
  readonly bootstrap: readonly string[];
  readonly failed: readonly { stack: string; error: string }[];
}

export async function deliver(changes: ChangesFile, environment: string, options: { client: HcpTerraformClient; archive: (s: ChangedStack) => Buffer; message: string; log: (line: string) => void }): Promise<DeliveryReport> {
  const mine = changes.changed.filter((s) => s.stack.endsWith(`-${environment}`));
  const bootstrap = mine.filter((s) => s.delivery === 'bootstrap').map((s) => s.stack);
  const stacks = mine.filter((s) => s.delivery === 'workspace');
  const failed: { stack: string; error: string }[] = [];
  const workspaceIds = new Map<string, string>();
  const configurations = new Map<string, string>();
  for (const stack of stacks) {
    if (!stack.organization || !stack.workspace) {
      failed.push({ stack: stack.stack, error: 'the stack has no cloud block (synthesized with VAULTPLAT_STATE=local?)' });
      continue;
    }
    try {
      const id = await options.client.workspaceId(stack.organization as string, stack.workspace as string);
      workspaceIds.set(stack.stack, id);
      configurations.set(stack.stack, await options.client.uploadConfiguration(id, options.archive(stack), { speculative: false }));
      options.log(`${stack.stack}: configuration uploaded`);
    } catch (error) {
      failed.push({ stack: stack.stack, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const deliverable = stacks.filter((s) => configurations.has(s.stack));
  const queuedNames = new Set<string>(failed.map((f) => f.stack));
  const noChanges = new Set<string>();
  const queued: { stack: string; runId: string; url: string; hasChanges?: boolean }[] = [];
  const next = () => runnable(deliverable, stacks, queuedNames, noChanges);
  for (let wave = next(); wave.length > 0; wave = next()) {
    for (const stack of wave) {
      queuedNames.add(stack.stack);
      try {
        const runId = await options.client.createRun(workspaceIds.get(stack.stack) as string, configurations.get(stack.stack) as string, { planOnly: false, message: options.message });
        const url = options.client.runUrl(stack.organization as string, stack.workspace as string, runId);
        options.log(`${stack.stack}: run ${runId} queued ${url}`);
        const plan = await options.client.waitForPlan(runId);
        if (RUN_FAILED_STATUSES.includes(plan.status)) failed.push({ stack: stack.stack, error: `run ${runId} ended ${plan.status}` });
        else if (plan.hasChanges === false) noChanges.add(stack.stack);
        queued.push({ stack: stack.stack, runId, url, ...(plan.hasChanges === undefined ? {} : { hasChanges: plan.hasChanges }) });
      } catch (error) {
        failed.push({ stack: stack.stack, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const waitingForTriggers = deliverable.filter((s) => !queuedNames.has(s.stack)).map((s) => s.stack);
  return { queued, waitingForTriggers, bootstrap, failed };
}

export function renderDeliveryReport(environment: string, report: DeliveryReport): string {
  const lines = [`### Delivery to ${environment}`, ''];
  if (report.bootstrap.length > 0) lines.push(`- Bootstrap changed (${report.bootstrap.join(', ')}): a bootstrap admin applies it (docs/hcp-terraform.md).`);
  for (const q of report.queued) lines.push(`- \`${q.stack}\`: [${q.runId}](${q.url}) ${q.hasChanges === false ? 'no changes' : 'waits for an approver to confirm'}`);
  if (report.waitingForTriggers.length > 0) lines.push(`- Queued by run triggers once their producers are applied: ${report.waitingForTriggers.map((s) => `\`${s}\``).join(', ')}`);
  for (const f of report.failed) lines.push(`- **\`${f.stack}\` failed**: ${f.error}`);
  if (lines.length === 2) lines.push('Nothing changed in this environment.');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { changes: { type: 'string' }, synth: { type: 'string' }, environment: { type: 'string' }, commit: { type: 'string' } }, strict: true });
  if (!values.changes || !values.synth || !values.environment || !values.commit) {
    throw new Error('usage: deliver.ts --changes <file> --synth <dir> --environment <env> --commit <sha>');
  }
  const changes = JSON.parse(readFileSync(values.changes, 'utf8')) as ChangesFile;
  const synthDir = values.synth;
  const client = new HcpTerraformClient({ token: process.env.TFE_TOKEN ?? '', ...(process.env.TFE_ADDRESS ? { address: process.env.TFE_ADDRESS } : {}) });
  const report = await deliver(changes, values.environment, {
    client,
    archive: (stack) => stackArchive(synthDir, stack),
    message: `main@${values.commit.slice(0, 12)}`,
    log: (line) => console.log(line),
  });
  const text = renderDeliveryReport(values.environment, report);
  console.log(text);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, text);
  if (report.failed.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
