import { KubernetesAuth } from '../../../constructs/vault/kubernetes-auth';
import { ServiceKubernetesRole } from '../../../constructs/vault/service-kubernetes-role';
import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const cluster = { host: 'https://api.example.eks.amazonaws.com', caCertificatePem: 'PEM', issuer: 'https://oidc.example/id/1' };

function setup() {
  const stack = vaultTestStack();
  const auth = new KubernetesAuth(stack, 'k8s', { path: 'kubernetes-application', cluster });
  const policy = new VaultPolicy(stack, 'policy', { name: 'svc-a', grants: [{ path: 'kv/data/a', capabilities: ['read'], purpose: 'p' }] });
  return { stack, auth, policy };
}

describe('KubernetesAuth', () => {
  it("reviews tokens with Vault's own service account by default, enforcing the issuer, without a stored reviewer token", () => {
    const { stack, auth } = setup();
    expect(auth.tokenReviewer).toBe('vault-service-account');
    const [config] = Object.values(resourcesOf(synthStack(stack), 'vault_kubernetes_auth_backend_config'));
    expect(config).toEqual(expect.objectContaining({ kubernetes_host: cluster.host, kubernetes_ca_cert: 'PEM', issuer: cluster.issuer, disable_iss_validation: false, disable_local_ca_jwt: false }));
    expect(config.token_reviewer_jwt).toBeUndefined();
  });

  it('lets each client review its own token for a Vault outside the cluster', () => {
    const stack = vaultTestStack();
    new KubernetesAuth(stack, 'k8s', { path: 'kubernetes-application', cluster, tokenReviewer: 'client' });
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_auth_backend'))).toEqual([
      expect.objectContaining({ type: 'kubernetes', path: 'kubernetes-application', description: 'Kubernetes auth for kubernetes-application' }),
    ]);
    const [config] = Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_config'));
    expect(config).toEqual(
      expect.objectContaining({
        kubernetes_host: cluster.host,
        kubernetes_ca_cert: 'PEM',
        issuer: cluster.issuer,
        disable_iss_validation: false,
        disable_local_ca_jwt: true,
      }),
    );
    expect(config.token_reviewer_jwt).toBeUndefined();
  });

  it('fails when the cluster endpoint is not https or the CA is empty', () => {
    expect(() => new KubernetesAuth(vaultTestStack(), 'k8s', { path: 'kubernetes-x', cluster: { host: 'http://api', caCertificatePem: ' ', issuer: 'oidc' } })).toThrow(
      'test/k8s: cluster.host: expected an https:// API server URL, got "http://api"; cluster.issuer: expected an https:// OIDC issuer URL, got "oidc"; ' +
        'cluster.caCertificatePem: expected the API server CA certificate, got an empty string',
    );
  });
});

describe('ServiceKubernetesRole', () => {
  it('binds one service account and namespace with an audience, UID aliases and short TTLs by default', () => {
    const { stack, auth, policy } = setup();
    new ServiceKubernetesRole(stack, 'role', { backend: auth.backend.path, roleName: 'orders', serviceAccount: 'orders', namespace: 'shop', policies: [policy] });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_kubernetes_auth_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        role_name: 'orders',
        bound_service_account_names: ['orders'],
        bound_service_account_namespaces: ['shop'],
        audience: 'vault',
        alias_name_source: 'serviceaccount_uid',
        token_ttl: 900,
        token_max_ttl: 3600,
        token_type: 'service',
      }),
    );
    expect(role.token_policies).toEqual([expect.stringMatching(/^\$\{vault_policy\.policy_[0-9A-F]{8}\.name\}$/)]);
  });

  it('fails when bound to "*" or with TTLs above the ceiling', () => {
    const { stack, auth, policy } = setup();
    expect(
      () =>
        new ServiceKubernetesRole(stack, 'role', {
          backend: auth.backend.path,
          roleName: 'orders',
          serviceAccount: '*',
          namespace: '',
          policies: [policy],
          tokenTtlSeconds: 20000,
          tokenMaxTtlSeconds: 20000,
        }),
    ).toThrow(
      'test/role: serviceAccount: expected one DNS-1123 name (never "*" or empty), got "*"; namespace: expected one DNS-1123 name (never "*" or empty), got ""; ' +
        'tokenMaxTtlSeconds: expected at most 14400, got 20000',
    );
  });
});
