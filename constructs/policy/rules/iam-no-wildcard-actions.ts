import { IAM_POLICY_TYPES, iamStatements, statementLabel } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';

export const iamNoWildcardActions: PolicyRule = {
  name: 'iam-no-wildcard-actions',
  description: 'No identity policy allows `*` or `<service>:*` actions, or uses `NotAction` in an Allow statement.',
  appliesTo: [...IAM_POLICY_TYPES],
  evaluate(element) {
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the policy document is computed; its source is checked instead');
    return allOf(
      statements.flatMap((s, i) => {
        if (s.effect !== 'Allow') return [];
        const wildcards = s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a));
        return [
          wildcards.length > 0 && `${statementLabel(s, i)} allows ${wildcards.join(', ')}`,
          s.notActions.length > 0 && `${statementLabel(s, i)} allows everything except ${s.notActions.join(', ')} (NotAction)`,
        ];
      }),
    );
  },
};
