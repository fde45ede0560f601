import { IAM_POLICY_TYPES, iamStatements, isAccountRootKeyAdministration, isWildcardAction } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';
import { stringList } from '../terraform-values';

/** Attachments of managed policies, which carry no document of their own in the configuration. */
const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

/** AWS managed policies that allow `*`, everything but IAM (`NotAction`) or every action of a service. */
function broadManagedPolicy(arn: string): string | undefined {
  const name = /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (name === undefined) return undefined;
  return name === 'AdministratorAccess' || name === 'PowerUserAccess' || name.endsWith('FullAccess') ? name : undefined;
}

export const iamNoWildcardActions: PolicyRule = {
  name: 'iam-no-wildcard-actions',
  description:
    'No IAM policy (identity, trust, or KMS key / SNS topic / S3 bucket resource policy) allows `*` or `<service>:*` actions or uses `NotAction` in an Allow statement, and no AWS managed AdministratorAccess, PowerUserAccess or `*FullAccess` policy is attached; the one exception is `kms:*` for the account root in a key policy.',
  appliesTo: [...IAM_POLICY_TYPES, ...ATTACHMENT_TYPES],
  evaluate(element) {
    const arns = ATTACHMENT_TYPES.includes(element.type) ? stringList(element.config.policy_arn) : stringList(element.config.managed_policy_arns);
    const attached = arns.flatMap((arn) => broadManagedPolicy(arn) ?? []).map((name) => `attaches the AWS managed policy ${name}`);
    if (ATTACHMENT_TYPES.includes(element.type)) return allOf(attached);
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the policy document is computed; its source is checked instead');
    return allOf([
      ...attached,
      ...statements.flatMap((s) => {
        if (s.effect !== 'Allow' || isAccountRootKeyAdministration(element, s)) return [];
        const wildcards = s.actions.filter(isWildcardAction);
        return [
          wildcards.length > 0 && `${s.label} allows ${wildcards.join(', ')}`,
          s.notActions.length > 0 && `${s.label} allows everything except ${s.notActions.join(', ')} (NotAction)`,
        ];
      }),
    ]);
  },
};
