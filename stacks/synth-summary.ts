import { type App, TerraformResource, TerraformStack } from 'cdktf';
import { PolicyPack } from '../constructs/policy/policy-pack';
import { type PolicyReport, formatFindings } from '../constructs/policy/policy-report';

/** One stack of a finished synth, in deploy order. */
export interface StackSummary {
  readonly name: string;
  /** The stack's Terraform file, relative to the output directory: `stacks/<name>/cdk.tf.json`. */
  readonly file: string;
  /** `resource` blocks in the stack's configuration. */
  readonly resourceCount: number;
  /** 1 for a stack without dependencies, else one more than the latest of its dependencies. */
  readonly step: number;
  /** The stacks it deploys after, directly: dependencies that another dependency does not already imply. */
  readonly after: readonly string[];
  /** The policy pack's report of this synth. @default - the stack has no policy pack */
  readonly policy?: PolicyReport;
}

export interface SynthSummary {
  /** Every stack, in deploy order. */
  readonly stacks: readonly StackSummary[];
}

/**
 * What a finished `app.synth()` produced, read from the construct tree and the policy packs' reports of that synth
 * (no second synth, no file read): every stack with its resource count and policy report, in deploy order.
 */
export function summarizeSynth(app: App): SynthSummary {
  const stacks = app.node.findAll().filter((node): node is TerraformStack => TerraformStack.isStack(node));
  const files = new Map(Object.values(app.manifest.stacks).map((entry) => [entry.name, entry.synthesizedStackPath.split('\\').join('/')]));
  return {
    stacks: deployOrder(stacks).map(({ stack, step, after }) => {
      const policy = PolicyPack.of(stack)?.report;
      return {
        name: stack.node.id,
        file: files.get(stack.node.id) ?? `stacks/${stack.node.id}/cdk.tf.json`,
        resourceCount: stack.node.findAll().filter((node) => TerraformResource.isTerraformResource(node)).length,
        step,
        after: after.map((s) => s.node.id),
        ...(policy ? { policy } : {}),
      };
    }),
  };
}

export interface OrderedStack {
  readonly stack: TerraformStack;
  readonly step: number;
  readonly after: readonly TerraformStack[];
}

/**
 * Orders stacks so that each comes after every stack it depends on (cdktf `dependencies`: cross-stack references
 * and `addDependency`). A stack's step is one more than the latest step of its dependencies (1 without any): the
 * stacks of one step can deploy in parallel once every earlier step is done. Stacks connected by dependencies (here:
 * one environment) are listed together, groups in the order their first stack was created; within a group by step,
 * then by creation order.
 */
export function deployOrder(stacks: readonly TerraformStack[]): OrderedStack[] {
  const index = new Map(stacks.map((stack, i) => [stack, i]));
  const outside = stacks.flatMap((stack) => stack.dependencies.filter((d) => !index.has(d)).map((d) => `${stack.node.id} depends on ${d.node.id}`));
  if (outside.length > 0) throw new Error(`Cannot order the stacks for deployment: ${outside.join('; ')}, which is not among them`);

  const steps = new Map<TerraformStack, number>();
  const stepOf = (stack: TerraformStack, path: readonly TerraformStack[]): number => {
    if (path.includes(stack)) throw new Error(`Cannot order the stacks for deployment: ${[...path, stack].map((s) => s.node.id).join(' -> ')} is a cycle`);
    const known = steps.get(stack);
    if (known !== undefined) return known;
    const step = 1 + Math.max(0, ...stack.dependencies.map((d) => stepOf(d, [...path, stack])));
    steps.set(stack, step);
    return step;
  };

  // Groups of stacks connected by dependencies (union-find); a group is known by the index of its first stack.
  const group = stacks.map((_, i) => i);
  const find = (i: number): number => (group[i] === i ? i : (group[i] = find(group[i])));
  for (const stack of stacks) {
    for (const d of stack.dependencies) {
      const [a, b] = [find(index.get(stack)!), find(index.get(d)!)];
      group[Math.max(a, b)] = Math.min(a, b);
    }
  }

  const key = (stack: TerraformStack) => [find(index.get(stack)!), stepOf(stack, []), index.get(stack)!];
  const sorted = [...stacks].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
  return sorted.map((stack) => ({
    stack,
    step: stepOf(stack, []),
    after: stack.dependencies.filter((d) => !stack.dependencies.some((other) => other !== d && other.dependsOn(d))),
  }));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The summary `npm run synth` prints on success: where the stacks were written, the deploy order with resources per
 * stack, and the policy pack result with every warning and suppression (and its reason).
 */
export function formatSynthSummary(summary: SynthSummary, outdir: string): string {
  const { stacks } = summary;
  const resources = stacks.reduce((sum, s) => sum + s.resourceCount, 0);
  const fileName = stacks[0]?.file.split('/').pop() ?? 'cdk.tf.json';
  const lines = [`Synthesized ${plural(stacks.length, 'stack')} (${plural(resources, 'resource')}) into ${outdir}: stacks/<stack>/${fileName}, manifest.json`];

  const nameWidth = Math.max('stack'.length, ...stacks.map((s) => s.name.length));
  const row = (step: string, name: string, count: string, after: string) => `  ${step.padStart(4)}  ${name.padEnd(nameWidth)}  ${count.padStart(9)}  ${after}`.trimEnd();
  lines.push('', 'Deploy order (from the stacks\' dependencies; stacks of one step can deploy in parallel once the earlier steps are done):');
  lines.push(row('step', 'stack', 'resources', 'after'));
  for (const s of stacks) lines.push(row(String(s.step), s.name, String(s.resourceCount), s.after.join(', ')));

  const reports = stacks.flatMap((s) => (s.policy ? [s.policy] : []));
  for (const pack of [...new Set(reports.map((r) => r.pack))]) {
    const ofPack = reports.filter((r) => r.pack === pack);
    const count = (pick: (r: PolicyReport) => number) => ofPack.reduce((sum, r) => sum + pick(r), 0);
    const rules = [...new Set(ofPack.map((r) => r.ruleCount))].join('/');
    lines.push(
      '',
      `Policy pack ${pack}: ${rules} rules run on ${plural(ofPack.length, 'stack')}, ${plural(count((r) => r.checkCount), 'check')}: ` +
        `${plural(count((r) => r.errors.length), 'error')}, ${plural(count((r) => r.warnings.length), 'warning')}, ` +
        `${plural(count((r) => r.suppressed.length), 'suppressed finding')}, ${plural(count((r) => r.unusedSuppressions.length), 'unused suppression')}`,
      ...ofPack.flatMap(formatFindings),
    );
  }
  const unchecked = stacks.filter((s) => !s.policy).map((s) => s.name);
  if (unchecked.length > 0) lines.push('', `Not checked by a policy pack: ${unchecked.join(', ')}`);
  return lines.join('\n');
}
