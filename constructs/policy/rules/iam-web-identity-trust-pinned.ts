import { iamStatements } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';

/** `organization:<org>:project:<project>:workspace:<ws>:run_phase:<plan|apply>`, every part literal. */
const HCP_TERRAFORM_SUBJECT = /^organization:[^:*?]+:project:[^:*?]+:workspace:[^:*?]+:run_phase:(plan|apply)$/;
/**
 * A workspace group of one project (the service stacks): one `*` inside the workspace name, between a literal prefix
 * and suffix, everything else literal, one run phase. HCP Terraform workspace names have no `:`, so `*` stays within
 * the workspace segment.
 */
const HCP_TERRAFORM_GROUP_SUBJECT = /^organization:[^:*?]+:project:[^:*?]+:workspace:[^:*?]+\*[^:*?]+:run_phase:(plan|apply)$/;
const WILDCARD = /[*?]/;

function grantsWebIdentity(action: string): boolean {
  return action === '*' || action === 'sts:*' || action.toLowerCase() === 'sts:assumerolewithwebidentity';
}

/** The values of condition keys ending in `:<claim>` under `operator`. */
function claimValues(conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>, operator: string, claim: string): string[][] {
  return Object.entries(conditions[operator] ?? {})
    .filter(([key]) => key.endsWith(`:${claim}`))
    .map(([, values]) => [...values]);
}

export const iamWebIdentityTrustPinned: PolicyRule = {
  name: 'iam-web-identity-trust-pinned',
  description:
    'A role trusted by web identity (an OIDC provider: EKS service accounts, HCP Terraform runs) pins both `aud` and `sub` with `StringEquals` to one value without wildcards; for HCP Terraform the `sub` names one organization, project, workspace and run phase (`plan` or `apply`), or, for a workspace group (the service stacks), one `StringLike` pattern whose only wildcard is one `*` between a literal prefix and suffix of the workspace name.',
  appliesTo: ['aws_iam_role', 'data.aws_iam_policy_document'],
  evaluate(element) {
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the policy document is computed; its source is checked instead');
    const trusts = statements.filter((s) => s.effect === 'Allow' && s.actions.some(grantsWebIdentity) && (s.principals.some((p) => p.startsWith('Federated:')) || s.principals.includes('*')));
    if (trusts.length === 0) return notApplicable('no web identity trust');
    return allOf(
      trusts.flatMap((s) => {
        const problems: (string | false)[] = [];
        const hcp = s.principals.some((p) => p.includes('app.terraform.io')) || Object.values(s.conditions).some((keys) => Object.keys(keys).some((k) => k.startsWith('app.terraform.io:')));
        for (const claim of ['aud', 'sub'] as const) {
          const pinned = claimValues(s.conditions, 'StringEquals', claim);
          const loose = [...claimValues(s.conditions, 'StringLike', claim), ...claimValues(s.conditions, 'ForAnyValue:StringLike', claim)];
          const group = claimValues(s.conditions, 'StringLike', claim);
          if (hcp && claim === 'sub' && pinned.length === 0 && loose.length === 1 && group.length === 1) {
            if (group[0].length !== 1 || !HCP_TERRAFORM_GROUP_SUBJECT.test(group[0][0])) {
              problems.push(`${s.label} trusts HCP Terraform with sub like ${JSON.stringify(group[0])}, not one organization:project:<prefix>*<suffix>:run_phase`);
            }
            continue;
          }
          if (loose.length > 0) problems.push(`${s.label} matches ${claim} with StringLike; pin it with StringEquals`);
          if (pinned.length !== 1 || pinned[0].length !== 1) problems.push(`${s.label} does not pin ${claim} to exactly one value with StringEquals`);
          else if (WILDCARD.test(pinned[0][0])) problems.push(`${s.label} pins ${claim} to a pattern "${pinned[0][0]}"`);
          else if (hcp && claim === 'sub' && !HCP_TERRAFORM_SUBJECT.test(pinned[0][0])) {
            problems.push(`${s.label} trusts HCP Terraform with sub "${pinned[0][0]}", not one organization:project:workspace:run_phase`);
          }
        }
        if (s.principals.includes('*')) problems.push(`${s.label} trusts any principal ("*")`);
        return problems;
      }),
    );
  },
};
