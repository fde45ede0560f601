import { IAM_POLICY_TYPES, iamStatements, statementLabel } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';

/** Action patterns that grant iam:PassRole. */
function grantsPassRole(action: string): boolean {
  const pattern = new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return pattern.test('iam:PassRole');
}

export const iamNoPassRoleWildcard: PolicyRule = {
  name: 'iam-no-passrole-wildcard',
  description: 'No identity policy allows `iam:PassRole` on `Resource: "*"`.',
  appliesTo: [...IAM_POLICY_TYPES],
  evaluate(element) {
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the policy document is computed; its source is checked instead');
    return allOf(
      statements.map(
        (s, i) =>
          s.effect === 'Allow' &&
          s.actions.some(grantsPassRole) &&
          s.resources.includes('*') &&
          `${statementLabel(s, i)} allows iam:PassRole on "*"`,
      ),
    );
  },
};
