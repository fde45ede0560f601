import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { isPrivateCidr, parseCidr } from '../network/cidr';
import { tokenTtlProblems } from './service-kubernetes-role';
import { type VaultPolicy } from './vault-policy';

export interface ServiceAppRoleProps {
  /**
   * Mount path of the auth method: a literal where the method lives in another stack (the service stacks), or the
   * method's `backend.path` attribute in its own stack (Terraform then creates the role after the method).
   */
  readonly backend: string;
  /** Role name, `<cluster>-<service>`. */
  readonly roleName: string;
  readonly policies: readonly VaultPolicy[];
  /** Networks the secret_id and tokens may be used from (the cluster's VPC); never 0.0.0.0/0. */
  readonly boundCidrs: readonly string[];
  /** KV path (relative to the mount) where ESO picks up `role_id` and `secret_id`, documented on the role. */
  readonly bootstrapPath: string;
  /** secret_id lifetime, 1 hour to 30 days. @default 604800 (7 days) */
  readonly secretIdTtlSeconds?: number;
  /** Logins per secret_id, 1-1000 (never unlimited). @default 50 */
  readonly secretIdNumUses?: number;
  /** @default 900 (15 minutes) */
  readonly tokenTtlSeconds?: number;
  /** @default 3600 (1 hour) */
  readonly tokenMaxTtlSeconds?: number;
}

export const SECRET_ID_TTL_RANGE_SECONDS = { min: 3600, max: 2_592_000 } as const;
/** secret_id lifetime when the service declares none (7 days). */
export const DEFAULT_SECRET_ID_TTL_SECONDS = 604_800;
export const SECRET_ID_NUM_USES_RANGE = { min: 1, max: 1000 } as const;

/**
 * An AppRole for one Direct-Vault service: secret_id required and bound to the service's network, limited in
 * lifetime and uses, short token TTLs also bound to that network. The `role_id`/`secret_id` pair is never created by
 * Terraform (it would land in state): the AppRole secret-ID issuer job writes it to the bootstrap path
 * (secret-id-issuer-grants.ts), ESO syncs it to the pod.
 */
export class ServiceAppRole extends Construct {
  readonly roleName: string;
  readonly bootstrapPath: string;
  readonly role: ApproleAuthBackendRole;

  constructor(scope: Construct, id: string, props: ServiceAppRoleProps) {
    super(scope, id);
    const secretIdTtl = props.secretIdTtlSeconds ?? DEFAULT_SECRET_ID_TTL_SECONDS;
    const secretIdNumUses = props.secretIdNumUses ?? 50;
    const ttl = props.tokenTtlSeconds ?? 900;
    const maxTtl = props.tokenMaxTtlSeconds ?? 3600;
    const problems: string[] = [];
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.roleName)) problems.push(`roleName: expected lower-case letters, digits or '-', got "${props.roleName}"`);
    if (props.policies.length === 0) problems.push('policies: expected at least one policy');
    if (props.boundCidrs.length === 0) problems.push('boundCidrs: expected at least one CIDR (the service network)');
    for (const cidr of props.boundCidrs) {
      if (Token.isUnresolved(cidr)) continue;
      const parsed = parseCidr(cidr);
      if (!parsed || !isPrivateCidr(parsed)) problems.push(`boundCidrs: expected a private network CIDR (never 0.0.0.0/0), got "${cidr}"`);
    }
    if (!Number.isInteger(secretIdTtl) || secretIdTtl < SECRET_ID_TTL_RANGE_SECONDS.min || secretIdTtl > SECRET_ID_TTL_RANGE_SECONDS.max) {
      problems.push(`secretIdTtlSeconds: expected ${SECRET_ID_TTL_RANGE_SECONDS.min}-${SECRET_ID_TTL_RANGE_SECONDS.max}, got ${secretIdTtl}`);
    }
    if (!Number.isInteger(secretIdNumUses) || secretIdNumUses < SECRET_ID_NUM_USES_RANGE.min || secretIdNumUses > SECRET_ID_NUM_USES_RANGE.max) {
      problems.push(`secretIdNumUses: expected ${SECRET_ID_NUM_USES_RANGE.min}-${SECRET_ID_NUM_USES_RANGE.max} (0 would be unlimited), got ${secretIdNumUses}`);
    }
    problems.push(...tokenTtlProblems(ttl, maxTtl));
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.roleName = props.roleName;
    this.bootstrapPath = props.bootstrapPath;
    this.role = new ApproleAuthBackendRole(this, 'role', {
      backend: props.backend,
      roleName: props.roleName,
      bindSecretId: true,
      secretIdBoundCidrs: [...props.boundCidrs],
      secretIdTtl,
      secretIdNumUses,
      tokenBoundCidrs: [...props.boundCidrs],
      tokenPolicies: props.policies.map((p) => p.policy.name),
      tokenTtl: ttl,
      tokenMaxTtl: maxTtl,
      tokenType: 'service',
    });
  }
}
