import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from '../security/policy-document';
import { AWS_WORKLOAD_AUDIENCE, type HcpTerraformOidcProvider } from './hcp-terraform-oidc-provider';

export type RunPhase = 'plan' | 'apply';
export const RUN_PHASES: readonly RunPhase[] = ['plan', 'apply'];

/** Every workspace of the project whose name starts with `prefix` and ends with `suffix` (the service stacks). */
export interface WorkspaceGroup {
  readonly prefix: string;
  readonly suffix: string;
}

export interface WorkspaceRunRolesProps {
  readonly organization: string;
  readonly project: string;
  /** One workspace (trusted with `StringEquals`), or a group of them sharing the roles (`StringLike`, one `*`). */
  readonly workspace: string | WorkspaceGroup;
  readonly oidcProvider: HcpTerraformOidcProvider;
  /** IAM role name per run phase (`runRoleName`). */
  readonly roleNames: Readonly<Record<RunPhase, string>>;
  /** Statements per run phase; a phase without statements gets a role without policies. */
  readonly statements: Readonly<Record<RunPhase, readonly PolicyStatement[]>>;
  /** The run roles' permissions boundary (PermissionBoundaries). */
  readonly permissionsBoundaryArn: string;
  /** @default 3600 (a run's credentials are refreshed by HCP Terraform for longer runs) */
  readonly maxSessionDurationSeconds?: number;
}

/** IAM limit on the inline policies of one role, whitespace excluded. */
export const INLINE_POLICY_LIMIT = 10_240;
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9 _-]*$/;
/** A literal start or end of a workspace name: letters, digits, `_` and `-`. */
const WORKSPACE_PART = /^[A-Za-z0-9_-]+$/;

/** `organization:<org>:project:<project>:workspace:<ws>:run_phase:<phase>`: the `sub` of an HCP Terraform run token. */
export function runSubject(organization: string, project: string, workspace: string, phase: RunPhase): string {
  return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${phase}`;
}

/** The workspace part of the trust: the name, or `<prefix>*<suffix>` for a group. */
export function workspacePattern(workspace: string | WorkspaceGroup): string {
  return typeof workspace === 'string' ? workspace : `${workspace.prefix}*${workspace.suffix}`;
}

/**
 * The plan and the apply role of one HCP Terraform workspace (dynamic provider credentials). Each trusts only web
 * identity tokens of the HCP Terraform OIDC provider whose `aud` is `aws.workload.identity` and whose `sub` is exactly
 * that organization, project, workspace and run phase (`StringEquals`, no wildcard): a plan can never obtain the apply
 * role, and no other workspace either. Both carry the run boundary.
 *
 * For a workspace group (the service stacks, docs/service-catalog.md) the `sub` is matched with `StringLike` against
 * `...:workspace:<prefix>*<suffix>:run_phase:<phase>`: IAM's `*` matches any run of characters, and HCP Terraform
 * workspace names contain no `:`, so the roles admit exactly the workspaces of that organization and project named
 * `<prefix>…<suffix>`, each in its own run phase. The group shares one pair of roles however many workspaces it has.
 */
export class WorkspaceRunRoles extends Construct {
  readonly roles: Readonly<Record<RunPhase, IamRole>>;
  readonly arns: Readonly<Record<RunPhase, string>>;
  readonly subjects: Readonly<Record<RunPhase, string>>;

  constructor(scope: Construct, id: string, props: WorkspaceRunRolesProps) {
    super(scope, id);
    const problems: string[] = [];
    for (const field of ['organization', 'project'] as const) {
      if (!NAME_PART.test(props[field])) problems.push(`${field}: expected a name without ':' or wildcards, got "${props[field]}"`);
    }
    const parts = typeof props.workspace === 'string' ? { workspace: props.workspace } : { 'workspace.prefix': props.workspace.prefix, 'workspace.suffix': props.workspace.suffix };
    for (const [field, value] of Object.entries(parts)) {
      if (field === 'workspace' && !NAME_PART.test(value)) problems.push(`${field}: expected a name without ':' or wildcards, got "${value}"`);
      if (field !== 'workspace' && !WORKSPACE_PART.test(value)) problems.push(`${field}: expected a literal part of a workspace name (letters, digits, _ or -), got "${value}"`);
    }
    for (const phase of RUN_PHASES) {
      const size = JSON.stringify({ Version: '2012-10-17', Statement: props.statements[phase] }).length;
      if (size > INLINE_POLICY_LIMIT) problems.push(`statements.${phase}: the policy has ${size} characters, over the IAM limit of ${INLINE_POLICY_LIMIT} per role`);
      if (!/^[\w+=,.@-]{1,64}$/.test(props.roleNames[phase])) problems.push(`roleNames.${phase}: expected an IAM role name of 1-64 characters, got "${props.roleNames[phase]}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const host = props.oidcProvider.hostname;
    const group = typeof props.workspace !== 'string';
    const pattern = workspacePattern(props.workspace);
    const roles = {} as Record<RunPhase, IamRole>;
    const subjects = {} as Record<RunPhase, string>;
    for (const phase of RUN_PHASES) {
      const subject = runSubject(props.organization, props.project, pattern, phase);
      subjects[phase] = subject;
      roles[phase] = new IamRole(this, phase, {
        name: props.roleNames[phase],
        description: `HCP Terraform ${phase} runs of ${group ? 'workspaces' : 'workspace'} ${pattern} (${phase === 'plan' ? 'read only' : 'manages the stack'})`,
        maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
        permissionsBoundary: props.permissionsBoundaryArn,
        assumeRolePolicy: policyDocument([
          {
            Sid: group ? 'WorkspaceGroupAndRunPhase' : 'OneWorkspaceAndRunPhase',
            Effect: 'Allow',
            Principal: { Federated: props.oidcProvider.arn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: group
              ? { StringEquals: { [`${host}:aud`]: AWS_WORKLOAD_AUDIENCE }, StringLike: { [`${host}:sub`]: subject } }
              : { StringEquals: { [`${host}:aud`]: AWS_WORKLOAD_AUDIENCE, [`${host}:sub`]: subject } },
          },
        ]),
        // IAM tag values allow no '*': a group is shown as <prefix>...<suffix>.
        tags: { Name: props.roleNames[phase], Workspace: group ? pattern.replace('*', '...') : pattern, RunPhase: phase },
      });
      if (props.statements[phase].length > 0) {
        new IamRolePolicy(this, `${phase}-policy`, { name: `${phase}-permissions`, role: roles[phase].id, policy: policyDocument(props.statements[phase]) });
      }
    }
    this.roles = roles;
    this.subjects = subjects;
    this.arns = { plan: roles.plan.arn, apply: roles.apply.arn };
  }
}
