import { JwtAuthBackend } from '@cdktf/provider-vault/lib/jwt-auth-backend';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';

/**
 * Signing algorithm of Kubernetes service account tokens (the API server's `--service-account-signing-key-file` is an
 * RSA key on EKS; tokens carry `alg: RS256`). Pinning it refuses tokens signed any other way.
 */
export const SERVICE_ACCOUNT_TOKEN_ALGORITHMS = ['RS256'] as const;

export interface ClusterJwtAuthProps {
  /** Auth mount path, e.g. `jwt-application`. */
  readonly path: string;
  /**
   * The cluster's service account issuer, `https://oidc.eks.<region>.amazonaws.com/id/<id>` (the cluster stack's
   * `oidc-issuer-url`): Vault reads `<issuer>/.well-known/openid-configuration` and the key set it names.
   */
  readonly issuer: string;
  /** @default - names the path */
  readonly description?: string;
}

/**
 * JWT auth for one cluster's service account tokens, validated against the cluster's OIDC issuer: Vault checks each
 * token's signature with the keys the issuer publishes (EKS serves discovery and JWKS publicly at
 * `oidc.eks.<region>.amazonaws.com`, which Vault reaches over HTTPS through the NAT gateway), its `iss`
 * (`bound_issuer`), and each role's audience and subject (ServiceJwtRole). Vault never calls the cluster's API: no
 * TokenReview over the peering, no reviewer token in Terraform state, no `system:auth-delegator` binding for the
 * clients. What it cannot see: a deleted service account's tokens stay valid until they expire, so clients use
 * short-lived projected tokens (ESO requests 10-minute ones). See docs/secrets-architecture.md, "Cross-cluster
 * authentication".
 */
export class ClusterJwtAuth extends Construct {
  readonly path: string;
  readonly backend: JwtAuthBackend;

  constructor(scope: Construct, id: string, props: ClusterJwtAuthProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!MOUNT_PATH.test(props.path)) problems.push(`path: expected 2-64 lower-case letters, digits or '-', got "${props.path}"`);
    const reserved = reservedMountPathProblem(props.path, 'auth');
    if (reserved) problems.push(`path: ${reserved}`);
    if (!Token.isUnresolved(props.issuer) && !/^https:\/\/[a-z0-9.-]+(\/[A-Za-z0-9._~-]+)*$/.test(props.issuer)) {
      problems.push(`issuer: expected an https:// OIDC issuer URL without a trailing slash, got "${props.issuer}"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = props.path;
    this.backend = new JwtAuthBackend(this, 'backend', {
      path: props.path,
      type: 'jwt',
      description: props.description ?? `Service account tokens of the cluster issuer, ${props.path}`,
      oidcDiscoveryUrl: props.issuer,
      boundIssuer: props.issuer,
      jwtSupportedAlgs: [...SERVICE_ACCOUNT_TOKEN_ALGORITHMS],
    });
  }
}
