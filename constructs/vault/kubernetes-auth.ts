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

export interface KubernetesAuthProps {
  /** Auth mount path, e.g. `kubernetes-application`. */
  readonly path: string;
  readonly cluster: KubernetesClusterEndpoint;
  /** @default - names the path */
  readonly description?: string;
}

/**
 * One Kubernetes auth method per cluster, configured for a Vault that runs outside that cluster: the API server,
 * its CA and issuer come from the cluster stack, and Vault never uses a local service account token
 * (`disable_local_ca_jwt`); it reviews each client's own token, so no long-lived reviewer JWT is stored.
 * Clients' service accounts need the `system:auth-delegator` cluster role.
 *
 * The issuer is enforced (`disable_iss_validation = false`): Vault 1.9+ skips the check by default, which would make
 * `issuer` a no-op and accept tokens of any issuer the API server's TokenReview still vouches for.
 */
export class KubernetesAuth extends Construct {
  readonly path: string;
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
      disableLocalCaJwt: true,
    });
  }
}
