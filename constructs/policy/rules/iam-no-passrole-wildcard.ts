import { IAM_POLICY_TYPES, iamStatements } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';

/** Action patterns that grant iam:PassRole. */
function grantsPassRole(action: string): boolean {
  const pattern = new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return pattern.test('iam:PassRole');
}

/** `*`, or an ARN pattern matching every role of an account (`arn:aws:iam::111111111111:role/*`, `arn:aws:iam::*:*`). */
function isAnyRole(resource: string): boolean {
  return resource === '*' || /^arn:[^:]+:iam::[^:]*:(?:\*|role\/\*)$/.test(resource);
}

export const iamNoPassRoleWildcard: PolicyRule = {
  name: 'iam-no-passrole-wildcard',
  description: 'No IAM policy allows `iam:PassRole` on `Resource: "*"`, on every role of an account (`...:role/*`) or with `NotResource`.',
  appliesTo: [...IAM_POLICY_TYPES],
  evaluate(element) {
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the policy document is computed; its source is checked instead');
    return allOf(
      statements.map((s) => {
        if (s.effect !== 'Allow' || !s.actions.some(grantsPassRole)) return false;
        const any = s.resources.filter(isAnyRole);
        if (any.length > 0) return `${s.label} allows iam:PassRole on ${any.map((r) => `"${r}"`).join(', ')}`;
        return s.notResources.length > 0 && `${s.label} allows iam:PassRole on every role except ${s.notResources.join(', ')} (NotResource)`;
      }),
    );
  },
};
