import { type ElementView, type PolicyRule, type RuleContext, allOf, notApplicable } from '../rule';
import { blocks, isExpression, refersTo, stringList } from '../terraform-values';
import { type VaultPathRule, isWildcardPath, parseVaultPolicy } from '../vault-policy-text';

/** The path rules of a `vault_policy` (HCL text) or a `vault_policy_document` data source (`rule` blocks). */
function pathRules(element: ElementView): VaultPathRule[] | undefined {
  if (element.block === 'data') {
    return blocks(element.config.rule).map((r) => ({ path: String(r.path ?? ''), capabilities: stringList(r.capabilities) }));
  }
  const text = element.config.policy;
  if (typeof text !== 'string' || isExpression(text)) return undefined;
  return parseVaultPolicy(text);
}

/** Admin policies may hold sudo and wildcards; a policy document counts as admin when an admin policy renders it. */
function isAdmin(element: ElementView, { stack, options }: RuleContext): boolean {
  const isAdminPolicy = (policy: ElementView) => typeof policy.config.name === 'string' && options.vaultAdminPolicies.includes(policy.config.name);
  if (element.block === 'data') return stack.ofType('vault_policy').some((p) => isAdminPolicy(p) && refersTo(p.config.policy, element));
  return isAdminPolicy(element);
}

export const vaultPolicyLeastPrivilege: PolicyRule = {
  name: 'vault-policy-least-privilege',
  description:
    'No Vault policy grants a path matching every mount (`*`, `+/...`) or the `sudo` capability, except the designated admin policies.',
  appliesTo: ['vault_policy', 'data.vault_policy_document'],
  evaluate(element, context) {
    if (isAdmin(element, context)) return notApplicable('designated admin policy');
    const rules = pathRules(element);
    if (rules === undefined) return notApplicable('the policy text is computed; its vault_policy_document is checked instead');
    return allOf(
      rules.flatMap((rule) => [
        isWildcardPath(rule.path) && `path "${rule.path}" matches every mount`,
        rule.capabilities.includes('sudo') && `path "${rule.path}" grants sudo`,
      ]),
    );
  },
};
