import { KubernetesAuthBackendRole } from '@cdktf/provider-vault/lib/kubernetes-auth-backend-role';
import { Construct } from 'constructs';
import { type VaultPolicy } from './vault-policy';

export interface ServiceKubernetesRoleProps {
  /**
   * Mount path of the auth method: a literal where the method lives in another stack (the service stacks), or the
   * method's `backend.path` attribute in its own stack (Terraform then creates the role after the method).
   */
  readonly backend: string;
  /** Role name (the service name). */
  readonly roleName: string;
  /** The only service account that may log in; never `*`. */
  readonly serviceAccount: string;
  /** The only namespace it may log in from; never `*`. */
  readonly namespace: string;
  readonly policies: readonly VaultPolicy[];
  /**
   * Audience the service account token must carry (ESO requests it with `audiences: [vault]`).
   * @default 'vault'
   */
  readonly audience?: string;
  /** @default 900 (15 minutes) */
  readonly tokenTtlSeconds?: number;
  /** @default 3600 (1 hour) */
  readonly tokenMaxTtlSeconds?: number;
}

/** Hard ceiling of a service token's lifetime. */
export const SERVICE_TOKEN_TTL_CEILING_SECONDS = 14_400;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What a service account role (Kubernetes or JWT auth) is given, after defaults. */
export interface ServiceAccountRoleInput {
  readonly roleName: string;
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly audience: string;
  readonly policyCount: number;
  readonly ttl: number;
  readonly maxTtl: number;
}

/** Problems of a role bound to one service account (ServiceKubernetesRole, ServiceJwtRole): the same contract. */
export function serviceAccountRoleProblems(input: ServiceAccountRoleInput): string[] {
  const problems: string[] = [];
  if (!K8S_NAME.test(input.roleName)) problems.push(`roleName: expected a DNS-1123 label, got "${input.roleName}"`);
  for (const [field, value] of [['serviceAccount', input.serviceAccount], ['namespace', input.namespace]] as const) {
    if (!K8S_NAME.test(value) || value.length > 63) problems.push(`${field}: expected one DNS-1123 name (never "*" or empty), got "${value}"`);
  }
  if (input.audience.trim() === '' || input.audience.includes('*')) problems.push(`audience: expected a fixed audience, got "${input.audience}"`);
  if (input.policyCount === 0) problems.push('policies: expected at least one policy');
  problems.push(...tokenTtlProblems(input.ttl, input.maxTtl));
  return problems;
}

/** TTL problems shared by the service identities (Kubernetes role, AppRole). */
export function tokenTtlProblems(ttl: number, maxTtl: number): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(ttl) || ttl < 60) problems.push(`tokenTtlSeconds: expected at least 60, got ${ttl}`);
  if (!Number.isInteger(maxTtl) || maxTtl > SERVICE_TOKEN_TTL_CEILING_SECONDS) {
    problems.push(`tokenMaxTtlSeconds: expected at most ${SERVICE_TOKEN_TTL_CEILING_SECONDS}, got ${maxTtl}`);
  }
  if (ttl > maxTtl) problems.push(`tokenTtlSeconds: ${ttl} is above tokenMaxTtlSeconds ${maxTtl}`);
  return problems;
}

/**
 * A Kubernetes auth role for one service: bound to exactly one service account name and namespace, an audience,
 * entity aliases from the service account UID (a deleted and re-created account is a new identity), short-lived
 * service tokens.
 */
export class ServiceKubernetesRole extends Construct {
  readonly roleName: string;
  readonly role: KubernetesAuthBackendRole;

  constructor(scope: Construct, id: string, props: ServiceKubernetesRoleProps) {
    super(scope, id);
    const audience = props.audience ?? 'vault';
    const ttl = props.tokenTtlSeconds ?? 900;
    const maxTtl = props.tokenMaxTtlSeconds ?? 3600;
    const problems = serviceAccountRoleProblems({ ...props, audience, policyCount: props.policies.length, ttl, maxTtl });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.roleName = props.roleName;
    this.role = new KubernetesAuthBackendRole(this, 'role', {
      backend: props.backend,
      roleName: props.roleName,
      boundServiceAccountNames: [props.serviceAccount],
      boundServiceAccountNamespaces: [props.namespace],
      audience,
      aliasNameSource: 'serviceaccount_uid',
      tokenPolicies: props.policies.map((p) => p.policy.name),
      tokenTtl: ttl,
      tokenMaxTtl: maxTtl,
      tokenType: 'service',
    });
  }
}
