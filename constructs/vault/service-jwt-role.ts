import { JwtAuthBackendRole } from '@cdktf/provider-vault/lib/jwt-auth-backend-role';
import { Construct } from 'constructs';
import { serviceAccountRoleProblems } from './service-kubernetes-role';
import { type VaultPolicy } from './vault-policy';

export interface ServiceJwtRoleProps {
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
  /** Audience the token must carry (ESO requests it). @default 'vault' */
  readonly audience?: string;
  /** @default 900 (15 minutes) */
  readonly tokenTtlSeconds?: number;
  /** @default 3600 (1 hour) */
  readonly tokenMaxTtlSeconds?: number;
}


/** Subject (`sub` claim) issued for a service account, `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * JWT claim (JSON pointer) the entity alias is named after: the service account's UID, as the Kubernetes roles do
 * (`alias_name_source = serviceaccount_uid`), so a deleted and re-created account is a new identity.
 */
export const SERVICE_ACCOUNT_UID_CLAIM = '/kubernetes.io/serviceaccount/uid';

/**
 * A JWT auth role for one service's account on a cluster trusted through its OIDC issuer (ClusterJwtAuth): bound to
 * exactly `system:serviceaccount:<namespace>:<account>` (`bound_subject`, an exact match) and the audience, entity
 * aliases from the account UID, short-lived service tokens. The same contract as ServiceKubernetesRole, with the
 * signature check in place of TokenReview.
 */
export class ServiceJwtRole extends Construct {
  readonly roleName: string;
  readonly role: JwtAuthBackendRole;

  constructor(scope: Construct, id: string, props: ServiceJwtRoleProps) {
    super(scope, id);
    const audience = props.audience ?? 'vault';
    const ttl = props.tokenTtlSeconds ?? 900;
    const maxTtl = props.tokenMaxTtlSeconds ?? 3600;
    const problems = serviceAccountRoleProblems({ ...props, audience, policyCount: props.policies.length, ttl, maxTtl });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.roleName = props.roleName;
    this.role = new JwtAuthBackendRole(this, 'role', {
      backend: props.backend,
      roleName: props.roleName,
      roleType: 'jwt',
      boundAudiences: [audience],
      boundSubject: serviceAccountSubject(props.namespace, props.serviceAccount),
      userClaim: SERVICE_ACCOUNT_UID_CLAIM,
      userClaimJsonPointer: true,
      tokenPolicies: props.policies.map((p) => p.policy.name),
      tokenTtl: ttl,
      tokenMaxTtl: maxTtl,
      tokenType: 'service',
    });
  }
}
