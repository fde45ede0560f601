import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { PolicyPack, selectorOf } from '../../constructs/policy/policy-pack';
import { type PolicyFinding, type PolicyReport } from '../../constructs/policy/policy-report';
import { type PolicyOptions, type RuleResult, type Tier } from '../../constructs/policy/rule';
import { VAULT_PLATFORM_PACK } from '../../constructs/policy/vault-platform-pack';

export const TAGS = {
  Environment: 'test',
  Tier: 'dev',
  Project: 'vaultplat',
  Owner: 'platform-team',
  CostCenter: 'cc-1',
  DataClassification: 'internal',
  ManagedBy: 'cdktf',
  Stack: 'policy-test',
};

export function testOptions(tier: Tier = 'prod', overrides: Partial<PolicyOptions> = {}): PolicyOptions {
  return {
    tier,
    requiredTags: Object.keys(TAGS),
    minLogRetentionDays: { dev: 7, staging: 90, prod: 365 }[tier],
    allowedInstanceTypes: ['m7i.large', 't3.medium'],
    allowedDbInstanceClasses: ['db.r7g.large', 'db.t4g.small'],
    vaultAdminPolicies: ['platform-admin'],
    maxVaultTokenTtlSeconds: 3600,
    maxVaultTokenMaxTtlSeconds: 86400,
    minDbBackupRetentionDays: 7,
    ...overrides,
  };
}

export interface RuleCheck {
  readonly report: PolicyReport;
  /** The rule's result for every element it applies to, by construct path relative to the stack. */
  readonly results: Record<string, RuleResult>;
  /** Unsuppressed findings of the rule. */
  readonly findings: PolicyFinding[];
}

/** A fresh stack with a tagged AWS provider and the pack applied (silent log). */
export function policyStack(options: PolicyOptions = testOptions()): { stack: TerraformStack; pack: PolicyPack; logged: string[] } {
  const stack = new TerraformStack(Testing.app(), 'policy-test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: [{ tags: TAGS }] });
  const logged: string[] = [];
  const pack = PolicyPack.apply(stack, { options, log: (text) => logged.push(text) });
  return { stack, pack, logged };
}

/** Builds resources in a fresh stack and evaluates one rule of the pack on them. */
export function checkRule(ruleId: string, build: (stack: TerraformStack) => void, options: PolicyOptions = testOptions()): RuleCheck {
  const entry = VAULT_PLATFORM_PACK.entries.find((e) => e.id === ruleId);
  if (!entry) throw new Error(`no rule ${ruleId}`);
  const { stack, pack } = policyStack(options);
  build(stack);
  const view = pack.view();
  const results: Record<string, RuleResult> = {};
  for (const element of view.elements) {
    const selector = selectorOf(element);
    if (entry.rule.appliesTo.includes(selector) || entry.rule.appliesTo.includes('*')) {
      results[element.path.slice(stack.node.path.length + 1)] = entry.rule.evaluate(element, { stack: view, options });
    }
  }
  const report = pack.evaluate();
  return { report, results, findings: [...report.errors, ...report.warnings].filter((f) => f.ruleId === ruleId) };
}

/** Details of the rule's non-compliant results, by construct path. */
export function details(check: RuleCheck): Record<string, string> {
  return Object.fromEntries(
    Object.entries(check.results).flatMap(([path, r]) => (r.status === 'non-compliant' ? [[path, r.detail]] : [])),
  );
}
