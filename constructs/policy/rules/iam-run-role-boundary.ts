import { iamStatements } from '../iam-statements';
import { type PolicyRule, allOf, notApplicable } from '../rule';

/**
 * Roles HCP Terraform runs assume (trusted by the `app.terraform.io` OIDC provider or condition keys) carry a
 * permissions boundary, so a run can never create or pass a role more powerful than the workload boundary.
 */
export const iamRunRoleBoundary: PolicyRule = {
  name: 'iam-run-role-boundary',
  description: 'Every role trusted by HCP Terraform workload identity (the run roles) has a `permissions_boundary`.',
  appliesTo: ['aws_iam_role'],
  evaluate(element) {
    const statements = iamStatements(element);
    if (statements === undefined) return notApplicable('the trust policy is computed');
    const trustsHcp = statements.some(
      (s) =>
        s.effect === 'Allow' &&
        (s.principals.some((p) => p.startsWith('Federated:') && p.includes('app.terraform.io')) ||
          Object.values(s.conditions).some((keys) => Object.keys(keys).some((k) => k.startsWith('app.terraform.io:')))),
    );
    if (!trustsHcp) return notApplicable('not an HCP Terraform run role');
    const boundary = element.config.permissions_boundary;
    return allOf([(typeof boundary !== 'string' || boundary.trim() === '') && 'the run role has no permissions_boundary']);
  },
};
