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

export interface HcpTerraformJwtAuthProps {
  /** Workspaces whose runs get a token, each with the role named after the workspace. */
  readonly workspaces: readonly TerraformWorkspaceBinding[];
  readonly policies: readonly VaultPolicy[];
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

/**
 * JWT auth trusting HCP Terraform workload identity (dynamic provider credentials): each run of a bound workspace,
 * plan or apply, exchanges its signed identity token for a short-lived Vault token. The role binds `sub` to
 * `organization:<org>:project:<project>:workspace:<ws>:run_phase:*` and the audience to `vault.workload.identity`,
 * so no other organization, project or workspace can log in, and no static Vault token is stored anywhere.
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
    this.roles = props.workspaces.map(
      (w) =>
        new JwtAuthBackendRole(this, `role-${w.workspace}`, {
          backend: this.backend.path,
          roleName: w.workspace,
          roleType: 'jwt',
          boundAudiences: [TFC_AUDIENCE],
          boundClaimsType: 'glob',
          boundClaims: { sub: `organization:${w.organization}:project:${w.project}:workspace:${w.workspace}:run_phase:*` },
          userClaim: 'terraform_full_workspace',
          tokenPolicies: props.policies.map((p) => p.policy.name),
          tokenTtl: ttl,
          tokenMaxTtl: maxTtl,
          tokenType: 'service',
        }),
    );
  }
}
