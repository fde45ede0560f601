import { JwtAuthBackend } from '@cdktf/provider-vault/lib/jwt-auth-backend';
import { JwtAuthBackendRole } from '@cdktf/provider-vault/lib/jwt-auth-backend-role';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';
import { type VaultPolicy } from './vault-policy';

/** One HCP Terraform workspace allowed to obtain Vault tokens. */
export interface TerraformWorkspaceBinding {
  readonly organization: string;
  readonly project: string;
  readonly workspace: string;
}

/**
 * A family of HCP Terraform workspaces sharing one role: every workspace of the project whose name is `<prefix>…<suffix>`
 * (the service stacks, `<project>-services-*-<env>`), bound with one glob in `sub`.
 */
export interface TerraformWorkspaceGroupBinding {
  /** Role name (no workspace has it: the names of the group have a part between prefix and suffix). */
  readonly roleName: string;
  readonly organization: string;
  readonly project: string;
  /** Literal start of every workspace name of the group, e.g. `vaultplat-services-`. */
  readonly workspacePrefix: string;
  /** Literal end of every workspace name of the group, e.g. `-dev`. */
  readonly workspaceSuffix: string;
  readonly policies: readonly VaultPolicy[];
}

export interface HcpTerraformJwtAuthProps {
  /** Workspaces whose runs get a token, each with the role named after the workspace and {@link policies}. */
  readonly workspaces: readonly TerraformWorkspaceBinding[];
  readonly policies: readonly VaultPolicy[];
  /** Families of workspaces sharing one role each, with their own policies. @default - none */
  readonly workspaceGroups?: readonly TerraformWorkspaceGroupBinding[];
  /** @default 'jwt-hcp-terraform' */
  readonly path?: string;
  /**
   * Issuer of the workload identity tokens (a self-hosted Terraform Enterprise uses its own hostname).
   * @default 'https://app.terraform.io'
   */
  readonly issuer?: string;
  /** @default 1200 (20 minutes) */
  readonly tokenTtlSeconds?: number;
  /** Ceiling for one run. @default 7200 (2 hours) */
  readonly tokenMaxTtlSeconds?: number;
}

export const TFC_AUDIENCE = 'vault.workload.identity';
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,89}$/;
/** A literal part of a workspace name: letters, digits, `_` and `-`, never a wildcard or `:`. */
const WORKSPACE_PART = /^[A-Za-z0-9_-]{1,80}$/;

/** Whether `<prefix>*<suffix>` matches `name` as go-glob does: the prefix at the start, then the suffix at the end, not overlapping. */
export function matchesGroup(name: string, prefix: string, suffix: string): boolean {
  return name.length >= prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix);
}

/** `sub` of an HCP Terraform run of `workspace` (a name, or a glob with `*`), any run phase. */
export function runSubjectGlob(organization: string, project: string, workspace: string): string {
  return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:*`;
}

/**
 * JWT auth trusting HCP Terraform workload identity (dynamic provider credentials): each run of a bound workspace,
 * plan or apply, exchanges its signed identity token for a short-lived Vault token. The role binds `sub` to
 * `organization:<org>:project:<project>:workspace:<ws>:run_phase:*` and the audience to `vault.workload.identity`,
 * so no other organization, project or workspace can log in, and no static Vault token is stored anywhere.
 *
 * A workspace group's role binds `sub` to `...:workspace:<prefix>*<suffix>:run_phase:*`. The JWT method matches
 * `bound_claims` of type `glob` with ryanuber/go-glob (hashicorp/vault-plugin-auth-jwt `claims.go`, `matchFound`):
 * `*` matches any run of characters, the literal parts must appear in order, the first at the start and the last at
 * the end. HCP Terraform workspace names contain no `:`, so the glob admits exactly the workspaces of that
 * organization and project whose name starts with the prefix and ends with the suffix, in either run phase.
 */
export class HcpTerraformJwtAuth extends Construct {
  readonly path: string;
  readonly backend: JwtAuthBackend;
  readonly roles: readonly JwtAuthBackendRole[];

  constructor(scope: Construct, id: string, props: HcpTerraformJwtAuthProps) {
    super(scope, id);
    const path = props.path ?? 'jwt-hcp-terraform';
    const issuer = props.issuer ?? 'https://app.terraform.io';
    const ttl = props.tokenTtlSeconds ?? 1200;
    const maxTtl = props.tokenMaxTtlSeconds ?? 7200;
    const problems: string[] = [];
    if (!MOUNT_PATH.test(path)) problems.push(`path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
    const reserved = reservedMountPathProblem(path, 'auth');
    if (reserved) problems.push(`path: ${reserved}`);
    if (!/^https:\/\/[a-z0-9.-]+$/.test(issuer)) problems.push(`issuer: expected https://<hostname>, got "${issuer}"`);
    if (props.workspaces.length === 0) problems.push('workspaces: expected at least one workspace');
    props.workspaces.forEach((w, i) => {
      for (const field of ['organization', 'project', 'workspace'] as const) {
        if (!NAME_PART.test(w[field])) problems.push(`workspaces[${i}].${field}: expected a name without wildcards or ':', got "${w[field]}"`);
      }
    });
    if (props.policies.length === 0) problems.push('policies: expected at least one policy');
    (props.workspaceGroups ?? []).forEach((g, i) => {
      for (const field of ['organization', 'project'] as const) {
        if (!NAME_PART.test(g[field])) problems.push(`workspaceGroups[${i}].${field}: expected a name without wildcards or ':', got "${g[field]}"`);
      }
      for (const field of ['workspacePrefix', 'workspaceSuffix'] as const) {
        if (!WORKSPACE_PART.test(g[field])) problems.push(`workspaceGroups[${i}].${field}: expected a literal part of a workspace name (letters, digits, _ or -), got "${g[field]}"`);
      }
      if (!NAME_PART.test(g.roleName) || matchesGroup(g.roleName, g.workspacePrefix, g.workspaceSuffix)) {
        problems.push(`workspaceGroups[${i}].roleName: expected a role name that no workspace of the group can have, got "${g.roleName}"`);
      }
      if (g.policies.length === 0) problems.push(`workspaceGroups[${i}].policies: expected at least one policy`);
    });
    if (!Number.isInteger(ttl) || ttl < 300 || ttl > maxTtl) problems.push(`tokenTtlSeconds: expected 300 up to tokenMaxTtlSeconds (${maxTtl}), got ${ttl}`);
    if (!Number.isInteger(maxTtl) || maxTtl > 14_400) problems.push(`tokenMaxTtlSeconds: expected at most 14400, got ${maxTtl}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = path;
    this.backend = new JwtAuthBackend(this, 'backend', {
      path,
      type: 'jwt',
      description: 'HCP Terraform workload identity (dynamic provider credentials)',
      oidcDiscoveryUrl: issuer,
      boundIssuer: issuer,
    });
    const role = (roleName: string, sub: string, policies: readonly VaultPolicy[]) =>
      new JwtAuthBackendRole(this, `role-${roleName}`, {
        backend: this.backend.path,
        roleName,
        roleType: 'jwt',
        boundAudiences: [TFC_AUDIENCE],
        boundClaimsType: 'glob',
        boundClaims: { sub },
        userClaim: 'terraform_full_workspace',
        tokenPolicies: policies.map((p) => p.policy.name),
        tokenTtl: ttl,
        tokenMaxTtl: maxTtl,
        tokenType: 'service',
      });
    this.roles = [
      ...props.workspaces.map((w) => role(w.workspace, runSubjectGlob(w.organization, w.project, w.workspace), props.policies)),
      ...(props.workspaceGroups ?? []).map((g) => role(g.roleName, runSubjectGlob(g.organization, g.project, `${g.workspacePrefix}*${g.workspaceSuffix}`), g.policies)),
    ];
    this.exactRoles = props.workspaces.map((w) => w.workspace);
    this.groups = (props.workspaceGroups ?? []).map((g) => ({ roleName: g.roleName, prefix: g.workspacePrefix, suffix: g.workspaceSuffix }));
  }

  private readonly exactRoles: readonly string[];
  private readonly groups: readonly { readonly roleName: string; readonly prefix: string; readonly suffix: string }[];

  /**
   * The role a run of `workspace` logs in with: the role named after it, else the role of a group whose prefix and
   * suffix it has (without overlapping: the glob matches them in order), else undefined.
   */
  roleFor(workspace: string): string | undefined {
    if (this.exactRoles.includes(workspace)) return workspace;
    return this.groups.find((g) => matchesGroup(workspace, g.prefix, g.suffix))?.roleName;
  }
}
