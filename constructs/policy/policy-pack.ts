import {
  Aspects,
  type IAspect,
  TerraformBackend,
  TerraformDataSource,
  type TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
import { type IConstruct, type IValidation } from 'constructs';
import { type PolicyReport, type PolicyFinding, type UnusedSuppression, PolicyViolationError, formatReport } from './policy-report';
import { type ElementView, type PolicyOptions, type StackView } from './rule';
import { isRecord } from './terraform-values';
import { type PolicyPackDefinition, RULE_ID, VAULT_PLATFORM_PACK } from './vault-platform-pack';

export interface PolicyPackProps {
  /** Thresholds of the environment-dependent rules (tier, retention, cost guard, Vault limits). */
  readonly options: PolicyOptions;
  /** The rules, severities and messages to apply. @default VAULT_PLATFORM_PACK */
  readonly pack?: PolicyPackDefinition;
  /**
   * Receives the report of a stack that passes with warnings or suppressions.
   * @default - nothing is printed; the report is kept in {@link PolicyPack.report} (the synth entry point,
   * stacks/synth.ts, lists the warnings and suppressions of every stack in its summary)
   */
  readonly log?: (report: string) => void;
}

/** Construct metadata type under which suppressions are stored. */
const SUPPRESSION = 'vault-platform/policy-suppression';
const MIN_REASON_LENGTH = 10;
const packs = new WeakMap<TerraformStack, PolicyPack>();

interface Suppression {
  readonly path: string;
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Runs a policy pack over every Terraform element of one stack at synth.
 *
 * - An Aspect (added to the stack: aspects on the App are not applied by cdktf) collects every resource, data source,
 *   provider, output, variable, local and backend of the stack.
 * - A validation of the stack, which cdktf runs after all aspects and before writing any file, evaluates every rule
 *   on the synthesized configuration and throws one {@link PolicyViolationError} listing every error of the stack.
 *   The report of a passing stack is kept in `report`; warnings and suppressions also go to `log` when given.
 *
 * Use {@link PolicyPack.apply} once per stack and {@link PolicyPack.suppress} for justified exceptions.
 */
export class PolicyPack implements IAspect, IValidation {
  /** Adds the pack to `stack`: an aspect plus a validation. Throws when the stack already has one. */
  static apply(stack: TerraformStack, props: PolicyPackProps): PolicyPack {
    if (packs.has(stack)) throw new Error(`${stack.node.path}: a policy pack is already applied to this stack`);
    const pack = new PolicyPack(stack, props);
    packs.set(stack, pack);
    Aspects.of(stack).add(pack);
    stack.node.addValidation(pack);
    return pack;
  }

  /** The pack applied to the stack of `scope`, if any. */
  static of(scope: IConstruct): PolicyPack | undefined {
    return packs.get(TerraformStack.of(scope));
  }

  /**
   * Exempts `construct` (and the Terraform elements under it) from one rule. The reason is printed with every synth
   * report, so write it for a reviewer: why the rule does not apply and what compensates.
   */
  static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const problems: string[] = [];
    if (!RULE_ID.test(ruleId)) problems.push(`ruleId: expected an ID like VP-S3-1, got "${ruleId}"`);
    if (reason.trim().length < MIN_REASON_LENGTH) {
      problems.push(`reason: expected a written reason of at least ${MIN_REASON_LENGTH} characters, got "${reason.trim()}"`);
    }
    if (TerraformStack.isStack(construct) || !construct.node.scope) {
      problems.push('construct: suppress on the specific construct that breaks the rule, not on a whole stack or app');
    }
    if (suppressionsOn(construct).some((s) => s.ruleId === ruleId)) problems.push(`ruleId: ${ruleId} is already suppressed here`);
    if (problems.length > 0) throw new Error(`${construct.node.path}: cannot suppress ${ruleId}: ${problems.join('; ')}`);
    construct.node.addMetadata(SUPPRESSION, { ruleId, reason: reason.trim() });
  }

  readonly pack: PolicyPackDefinition;
  readonly options: PolicyOptions;
  private readonly stack: TerraformStack;
  private readonly log?: (report: string) => void;
  private readonly elements = new Set<TerraformElement>();
  private validated = false;
  private lastReport?: PolicyReport;

  private constructor(stack: TerraformStack, props: PolicyPackProps) {
    this.stack = stack;
    this.pack = props.pack ?? VAULT_PLATFORM_PACK;
    this.options = props.options;
    this.log = props.log;
  }

  /** The report of the stack's last validation (set by `app.synth()`), or undefined before it ran. */
  get report(): PolicyReport | undefined {
    return this.lastReport;
  }

  /** Aspect step: remembers every Terraform element of the stack. */
  visit(node: IConstruct): void {
    if (isElement(node)) this.elements.add(node);
  }

  /**
   * Validation step: throws {@link PolicyViolationError} when an error-level rule fails. cdktf stops the run at the
   * first stack that throws, so the error also carries the failing reports of the app's stacks that cdktf has not
   * reached yet: one report for every violation of the run, at no cost when everything passes.
   */
  validate(): string[] {
    this.validated = true;
    const report = this.evaluate();
    this.lastReport = report;
    if (hasFailed(report)) throw new PolicyViolationError(report, this.pendingPacks().map((p) => p.evaluate()).filter(hasFailed));
    if (report.warnings.length > 0 || report.suppressed.length > 0 || report.unusedSuppressions.length > 0) this.log?.(formatReport(report));
    return [];
  }

  /** Packs of the other stacks of this app whose validation has not run yet (cdktf synthesizes them later). */
  private pendingPacks(): PolicyPack[] {
    return this.stack.node.root.node
      .findAll()
      .filter((node): node is TerraformStack => TerraformStack.isStack(node))
      .map((stack) => packs.get(stack))
      .filter((pack): pack is PolicyPack => pack !== undefined && pack !== this && !pack.validated);
  }

  /** The stack's elements as the rules see them (synthesized now). */
  view(): StackView {
    // Elements added after the aspect ran (or when evaluated without a synth) are picked up here.
    this.stack.node.findAll().forEach((node) => this.visit(node));
    return stackView(this.stack, [...this.elements]);
  }

  /** Evaluates every rule on the stack as it synthesizes now, without throwing. */
  evaluate(): PolicyReport {
    const view = this.view();
    const suppressions = this.stack.node.findAll().flatMap(suppressionsOn);
    const used = new Set<Suppression>();
    const findings: PolicyFinding[] = [];
    const suppressed: (PolicyFinding & { reason: string })[] = [];
    const context = { stack: view, options: this.options };
    let checkCount = 0;

    for (const element of view.elements) {
      const selector = selectorOf(element);
      for (const entry of this.pack.entries) {
        if (!entry.rule.appliesTo.includes(selector) && !entry.rule.appliesTo.includes('*')) continue;
        const result = entry.rule.evaluate(element, context);
        if (result.status !== 'not-applicable') checkCount += 1;
        const findingOf = (detail: string): PolicyFinding => ({
          ruleId: entry.id,
          severity: entry.severity,
          stack: view.name,
          path: element.path,
          address: element.address,
          message: entry.message,
          detail,
          fix: entry.fix,
        });
        // Checks the environment's configuration accepts with a written reason are reported like suppressions.
        if (result.status !== 'not-applicable') for (const a of result.accepted ?? []) suppressed.push({ ...findingOf(a.detail), reason: a.reason });
        if (result.status !== 'non-compliant') continue;
        const finding = findingOf(result.detail);
        const suppression = suppressions.find((s) => s.ruleId === entry.id && (element.path === s.path || element.path.startsWith(`${s.path}/`)));
        if (suppression) {
          used.add(suppression);
          suppressed.push({ ...finding, reason: suppression.reason });
        } else {
          findings.push(finding);
        }
      }
    }

    const known = new Set(this.pack.entries.map((e) => e.id));
    const problems = suppressions
      .filter((s) => !known.has(s.ruleId))
      .map((s) => `${s.path}: suppression of unknown rule ${s.ruleId}; the ${this.pack.name} pack has ${[...known].join(', ')}`);
    const unusedSuppressions: UnusedSuppression[] = suppressions.filter((s) => known.has(s.ruleId) && !used.has(s));
    return {
      pack: this.pack.name,
      stack: view.name,
      elementCount: view.elements.length,
      ruleCount: this.pack.entries.length,
      checkCount,
      errors: findings.filter((f) => f.severity === 'error'),
      warnings: findings.filter((f) => f.severity === 'warning'),
      suppressed,
      unusedSuppressions,
      problems,
    };
  }
}

function hasFailed(report: PolicyReport): boolean {
  return report.errors.length > 0 || report.problems.length > 0;
}

function suppressionsOn(construct: IConstruct): Suppression[] {
  return construct.node.metadata
    .filter((m) => m.type === SUPPRESSION)
    .map((m) => ({ path: construct.node.path, ruleId: m.data.ruleId as string, reason: m.data.reason as string }));
}

function isElement(node: IConstruct): node is TerraformElement {
  return (
    TerraformResource.isTerraformResource(node) ||
    TerraformDataSource.isTerraformDataSource(node) ||
    TerraformProvider.isTerraformProvider(node) ||
    TerraformOutput.isTerraformOutput(node) ||
    TerraformBackend.isBackend(node) ||
    node instanceof TerraformVariable ||
    node instanceof TerraformLocal
  );
}

/** How rules select an element: its resource type, `data.<type>`, `provider.<type>`, or its block kind. */
export function selectorOf(element: ElementView): string {
  if (element.block === 'resource') return element.type;
  if (element.block === 'data' || element.block === 'provider') return `${element.block}.${element.type}`;
  return element.block;
}

/** Reads every collected element's block from the stack's synthesized configuration (tokens resolved). */
function stackView(stack: TerraformStack, elements: readonly TerraformElement[]): StackView {
  const tf = stack.toTerraform() as Record<string, Record<string, unknown>>;
  const path = (e: TerraformElement) => e.node.path;
  const views: ElementView[] = [];
  const add = (block: ElementView['block'], type: string, name: string, address: string, element: TerraformElement, config: unknown) => {
    if (!isRecord(config)) return;
    const rest = { ...config };
    delete rest['//'];
    views.push({ block, type, name, address, path: path(element), config: rest });
  };
  for (const e of elements) {
    const id = e.friendlyUniqueId;
    if (TerraformResource.isTerraformResource(e)) {
      add('resource', e.terraformResourceType, id, `${e.terraformResourceType}.${id}`, e, pick(tf, 'resource', e.terraformResourceType, id));
    } else if (TerraformDataSource.isTerraformDataSource(e)) {
      add('data', e.terraformResourceType, id, `data.${e.terraformResourceType}.${id}`, e, pick(tf, 'data', e.terraformResourceType, id));
    } else if (TerraformProvider.isTerraformProvider(e)) {
      const configs = pick(tf, 'provider', e.terraformResourceType);
      const config = Array.isArray(configs) ? configs.find((c) => isRecord(c) && c.alias === e.alias) : undefined;
      const address = e.alias ? `provider.${e.terraformResourceType}.${e.alias}` : `provider.${e.terraformResourceType}`;
      add('provider', e.terraformResourceType, e.alias ?? e.terraformResourceType, address, e, config);
    } else if (TerraformOutput.isTerraformOutput(e)) {
      add('output', 'output', id, `output.${id}`, e, pick(tf, 'output', id));
    } else if (e instanceof TerraformVariable) {
      add('variable', 'variable', id, `var.${id}`, e, pick(tf, 'variable', id));
    } else if (e instanceof TerraformLocal) {
      add('locals', 'locals', id, `local.${id}`, e, { value: pick(tf, 'locals', id) });
    } else if (TerraformBackend.isBackend(e)) {
      add('backend', 'backend', 'backend', 'terraform.backend', e, pick(tf, 'terraform'));
    }
  }
  const bySelector = new Map<string, ElementView[]>();
  for (const view of views) {
    const selector = selectorOf(view);
    const sameSelector = bySelector.get(selector);
    if (sameSelector) sameSelector.push(view);
    else bySelector.set(selector, [view]);
  }
  return { name: stack.node.id, elements: views, ofType: (selector) => bySelector.get(selector) ?? [] };
}

function pick(tf: unknown, ...keys: string[]): unknown {
  let current = tf;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}
