/**
 * `node --import tsx scripts/ci/speculative-plans.ts --changes changes.json --synth cdktf.out --summary plan-summary.json --commit <sha> [--base <sha>]`
 * For each changed stack, in dependency order: upload its synthesized configuration to its HCP Terraform workspace as
 * a speculative configuration version and run a plan-only run; record counts and a link. One stack failing never stops
 * the others; the exit code is 1 when any plan failed, after the summary is written. TFE_TOKEN (a token of the
 * `<project>-ci-speculative` team: queue plans only) comes from the step's environment only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChangesFile } from './changed-stacks';
import { HcpTerraformApiError, HcpTerraformClient, RUN_FAILED_STATUSES } from './hcp-terraform-client';
import { type PlanSummary, type StackPlanSummary } from './plan-summary';
import { type ChangedStack } from './synth-output';
import { tarGzip } from './tarball';

/** The configuration archive of one stack: its synthesized `cdk.tf.json` at the archive root. */
export function stackArchive(synthDir: string, stack: ChangedStack): Buffer {
  return tarGzip([{ name: 'cdk.tf.json', content: readFileSync(join(synthDir, stack.directory, 'cdk.tf.json')) }]);
}

export interface PlanRunOptions {
  readonly client: HcpTerraformClient;
  readonly archive: (stack: ChangedStack) => Buffer;
  readonly message: string;
  readonly log?: (line: string) => void;
}

/** Plans one stack; never throws: a failure is an `errored` entry with its reason. */
export async function planStack(stack: ChangedStack, options: PlanRunOptions): Promise<StackPlanSummary> {
  const base = { stack: stack.stack, status: stack.status, ...(stack.organization ? { organization: stack.organization } : {}), ...(stack.workspace ? { workspace: stack.workspace } : {}) };
  if (stack.delivery === 'bootstrap') return { ...base, outcome: 'bootstrap' };
  if (!stack.organization || !stack.workspace) return { ...base, outcome: 'errored', error: 'the stack has no cloud block (synthesized with VAULTPLAT_STATE=local?)' };
  let runId: string | undefined;
  try {
    let workspaceId: string;
    try {
      workspaceId = await options.client.workspaceId(stack.organization, stack.workspace);
    } catch (error) {
      if (error instanceof HcpTerraformApiError && error.status === 404 && stack.status === 'added') {
        return { ...base, outcome: 'skipped', error: `workspace ${stack.workspace} does not exist yet: it is created when the bootstrap of its environment is applied after merge` };
      }
      throw error;
    }
    const cv = await options.client.uploadConfiguration(workspaceId, options.archive(stack), { speculative: true });
    runId = await options.client.createRun(workspaceId, cv, { planOnly: true, message: options.message });
    const url = options.client.runUrl(stack.organization, stack.workspace, runId);
    options.log?.(`${stack.stack}: run ${runId} ${url}`);
    const plan = await options.client.waitForPlan(runId);
    if (RUN_FAILED_STATUSES.includes(plan.status) || plan.additions === undefined) {
      return { ...base, outcome: 'errored', runId, url, error: `the run ended ${plan.status}; see the run for the plan log` };
    }
    return { ...base, outcome: 'planned', runId, url, additions: plan.additions, changes: plan.changes, destructions: plan.destructions, imports: plan.imports };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, outcome: 'errored', ...(runId ? { runId, url: options.client.runUrl(stack.organization, stack.workspace, runId) } : {}), error: message };
  }
}

/** Plans every changed stack in order (one at a time, so producers are planned before their consumers). */
export async function runSpeculativePlans(changes: ChangesFile, options: PlanRunOptions & { commit: string; base?: string }): Promise<PlanSummary> {
  const stacks: StackPlanSummary[] = [];
  for (const stack of changes.changed) stacks.push(await planStack(stack, options));
  return { commit: options.commit, ...(options.base ? { base: options.base } : {}), stacks, removed: [...changes.removed] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { changes: { type: 'string' }, synth: { type: 'string' }, summary: { type: 'string' }, commit: { type: 'string' }, base: { type: 'string' } },
    strict: true,
  });
  if (!values.changes || !values.synth || !values.summary || !values.commit) {
    throw new Error('usage: speculative-plans.ts --changes <file> --synth <dir> --summary <file> --commit <sha> [--base <sha>]');
  }
  const changes = JSON.parse(readFileSync(values.changes, 'utf8')) as ChangesFile;
  const synthDir = values.synth;
  const client = new HcpTerraformClient({ token: process.env.TFE_TOKEN ?? '', ...(process.env.TFE_ADDRESS ? { address: process.env.TFE_ADDRESS } : {}) });
  const summary = await runSpeculativePlans(changes, {
    client,
    archive: (stack) => stackArchive(synthDir, stack),
    message: `Speculative plan of ${values.commit.slice(0, 12)} (pull request CI)`,
    commit: values.commit,
    ...(changes.baseAvailable && values.base ? { base: values.base } : {}),
    log: (line) => console.log(line),
  });
  writeFileSync(values.summary, `${JSON.stringify(summary, null, 2)}\n`);
  const failed = summary.stacks.filter((s) => s.outcome === 'errored');
  for (const s of summary.stacks) console.log(`${s.stack}: ${s.outcome}${s.outcome === 'planned' ? ` +${s.additions} ~${s.changes} -${s.destructions}` : s.error ? ` (${s.error})` : ''}`);
  if (failed.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
