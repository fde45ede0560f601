import { KubernetesAuth } from '../../../constructs/vault/kubernetes-auth';
import { SecretIdIssuer } from '../../../constructs/vault/secret-id-issuer';
import { secretIdIssuerCalls } from '../../../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_MOUNT_PATHS, type ServiceDeclaration, parsePolicy } from '../../../constructs/vault/service-grants';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const cluster = { host: 'https://api.example.eks.amazonaws.com', caCertificatePem: 'PEM', issuer: 'https://oidc.example/id/1' };
const service = (name: string, delivery: 'eso' | 'direct'): ServiceDeclaration => ({
  name,
  cluster: 'application',
  namespace: 'apps',
  serviceAccount: name,
  secrets: [{ key: 'k', purpose: 'p' }],
  delivery,
  ...(delivery === 'direct' ? { justification: 'renews short leases inside long batch runs' } : {}),
});

describe('SecretIdIssuer', () => {
  it('creates its policy for the direct services only and a role bound to the job account in the tooling cluster', () => {
    const stack = vaultTestStack();
    const auth = new KubernetesAuth(stack, 'k8s', { path: DEFAULT_MOUNT_PATHS.clusterAuth.tooling.path, cluster });
    new SecretIdIssuer(stack, 'issuer', { services: [service('batch', 'direct'), service('web', 'eso')], mounts: DEFAULT_MOUNT_PATHS, kubernetesAuth: auth });
    const json = synthStack(stack);
    const [policy] = Object.values(resourcesOf(json, 'vault_policy'));
    expect(policy.name).toBe('approle-secret-id-issuer');
    expect(parsePolicy(policy.policy).map((b) => [b.path, b.capabilities])).toEqual([
      ['auth/approle/role/application-batch/role-id', ['read']],
      ['auth/approle/role/application-batch/secret-id', ['update']],
      ['kv/data/bootstrap/application/batch', ['create', 'update']],
      ['kv/metadata/bootstrap/application/batch', ['read']],
    ]);
    const [role] = Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        role_name: 'approle-secret-id-issuer',
        bound_service_account_names: ['approle-secret-id-issuer'],
        bound_service_account_namespaces: ['vault-secret-id-issuer'],
        audience: 'vault',
        token_ttl: 300,
        token_max_ttl: 600,
        token_policies: [expect.stringMatching(/^\$\{vault_policy\.issuer_policy_[0-9A-F]{8}\.name\}$/)],
      }),
    );
  });

  it('describes the job: login, the entry version, the role ID, a new secret ID, a check-and-set write', () => {
    expect(secretIdIssuerCalls(service('batch', 'direct'), DEFAULT_MOUNT_PATHS).map((c) => `${c.method} ${c.path} ${c.capability}`)).toEqual([
      'POST auth/kubernetes-tooling/login update',
      'GET kv/metadata/bootstrap/application/batch read',
      'GET auth/approle/role/application-batch/role-id read',
      'POST auth/approle/role/application-batch/secret-id update',
      'POST kv/data/bootstrap/application/batch create',
      'POST kv/data/bootstrap/application/batch update',
    ]);
  });

  it('fails without a direct service or outside the tooling cluster', () => {
    const stack = vaultTestStack();
    const auth = new KubernetesAuth(stack, 'k8s', { path: 'kubernetes-application', cluster });
    expect(() => new SecretIdIssuer(stack, 'issuer', { services: [service('web', 'eso')], mounts: DEFAULT_MOUNT_PATHS, kubernetesAuth: auth })).toThrow(
      'test/issuer: services: expected at least one service with "direct" delivery (nothing to issue otherwise); ' +
        'kubernetesAuth: the issuer runs in the tooling cluster (kubernetes auth at kubernetes-tooling), got "kubernetes-application"',
    );
  });
});
