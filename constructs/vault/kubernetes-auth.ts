import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { KubernetesAuthBackendConfig } from '@cdktf/provider-vault/lib/kubernetes-auth-backend-config';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';

/** How Vault reaches one EKS cluster (the cluster stack's outputs). */
export interface KubernetesClusterEndpoint {
  /** API server URL, `https://...`. */
  readonly host: string;
  /** PEM CA certificate of the API server. */
  readonly caCertificatePem: string;
  /** OIDC issuer of the cluster's service account tokens. */
  readonly issuer: string;
}

/**
 * Whose token Vault presents to the API server's TokenReview API:
 * - `vault-service-account`: Vault's own service account token, read from its pod (Vault runs in this cluster). The
 *   Vault chart binds `system:auth-delegator` to that account (vault-helm `server.authDelegator.enabled`, on by
 *   default), so clients need no RBAC of their own and no reviewer JWT is stored anywhere.
 * - `client`: each client's own token reviews itself (`disable_local_ca_jwt`), for a Vault outside the cluster; every
 *   client service account then needs `system:auth-delegator`.
 */
export type TokenReviewer = 'vault-service-account' | 'client';

export interface KubernetesAuthProps {
  /** Auth mount path, e.g. `kubernetes-tooling`. */
  readonly path: string;
  readonly cluster: KubernetesClusterEndpoint;
  /** Whose token reviews the clients' tokens. @default 'vault-service-account' */
  readonly tokenReviewer?: TokenReviewer;
  /** @default - names the path */
  readonly description?: string;
}

/**
 * Kubernetes auth for one cluster: the API server, its CA and issuer come from the cluster stack; Vault reviews every
 * login token with that API server's TokenReview API. By default the reviewer is Vault's own service account
 * (`disable_local_ca_jwt = false` and no `token_reviewer_jwt`: Vault re-reads its projected token from the pod), which
 * needs Vault to run in that cluster: the platform uses this method for the tooling cluster only (the application
 * cluster uses JWT auth, see ClusterJwtAuth). No long-lived reviewer JWT is ever stored.
 *
 * The issuer is enforced (`disable_iss_validation = false`): Vault 1.9+ skips the check by default, which would make
 * `issuer` a no-op and accept tokens of any issuer the API server's TokenReview still vouches for.
 */
export class KubernetesAuth extends Construct {
  readonly path: string;
  readonly tokenReviewer: TokenReviewer;
  readonly backend: AuthBackend;
  readonly config: KubernetesAuthBackendConfig;

  constructor(scope: Construct, id: string, props: KubernetesAuthProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!MOUNT_PATH.test(props.path)) problems.push(`path: expected 2-64 lower-case letters, digits or '-', got "${props.path}"`);
    const reserved = reservedMountPathProblem(props.path, 'auth');
    if (reserved) problems.push(`path: ${reserved}`);
    const { host, caCertificatePem, issuer } = props.cluster;
    if (!Token.isUnresolved(host) && !host.startsWith('https://')) problems.push(`cluster.host: expected an https:// API server URL, got "${host}"`);
    if (!Token.isUnresolved(issuer) && !issuer.startsWith('https://')) problems.push(`cluster.issuer: expected an https:// OIDC issuer URL, got "${issuer}"`);
    if (!Token.isUnresolved(caCertificatePem) && caCertificatePem.trim() === '') problems.push('cluster.caCertificatePem: expected the API server CA certificate, got an empty string');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = props.path;
    this.tokenReviewer = props.tokenReviewer ?? 'vault-service-account';
    this.backend = new AuthBackend(this, 'backend', {
      type: 'kubernetes',
      path: props.path,
      description: props.description ?? `Kubernetes auth for ${props.path}`,
    });
    this.config = new KubernetesAuthBackendConfig(this, 'config', {
      backend: this.backend.path,
      kubernetesHost: host,
      kubernetesCaCert: caCertificatePem,
      issuer,
      disableIssValidation: false,
      disableLocalCaJwt: this.tokenReviewer === 'client',
    });
  }
}
