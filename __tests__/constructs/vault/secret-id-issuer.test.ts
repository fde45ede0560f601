import { SecretIdIssuer } from '../../../constructs/vault/secret-id-issuer';
import { secretIdIssuerCalls, secretIdIssuerNames } from '../../../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_MOUNT_PATHS, type ServiceDeclaration, parsePolicy } from '../../../constructs/vault/service-grants';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const names = secretIdIssuerNames('payments');
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
  it('names one shard\'s issuer after the shard, within a CronJob name\'s 52 characters', () => {
    expect(names).toEqual({ name: 'secret-id-issuer-payments', policy: 'svc-secret-id-issuer-payments' });
    expect(secretIdIssuerNames('a'.repeat(35)).name).toHaveLength(52);
    expect(() => secretIdIssuerNames('a'.repeat(36))).toThrow(
      `secret-ID issuer of shard "${'a'.repeat(36)}": expected a DNS label giving a CronJob name of at most 52 characters, got "secret-id-issuer-${'a'.repeat(36)}"`,
    );
  });

  it('creates its policy for the direct services of its shard only and a role bound to its job account in the tooling cluster', () => {
    const stack = vaultTestStack();
    new SecretIdIssuer(stack, 'issuer', { names, services: [service('batch', 'direct'), service('web', 'eso')], mounts: DEFAULT_MOUNT_PATHS });
    const json = synthStack(stack);
    const [policy] = Object.values(resourcesOf(json, 'vault_policy'));
    expect(policy.name).toBe('svc-secret-id-issuer-payments');
    expect(parsePolicy(policy.policy).map((b) => [b.path, b.capabilities])).toEqual([
      ['auth/approle/role/application-batch/role-id', ['read']],
      ['auth/approle/role/application-batch/secret-id', ['update']],
      ['kv/data/bootstrap/application/batch', ['create', 'update']],
      ['kv/metadata/bootstrap/application/batch', ['read']],
    ]);
    const [role] = Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        backend: 'kubernetes-tooling',
        role_name: 'secret-id-issuer-payments',
        bound_service_account_names: ['secret-id-issuer-payments'],
        bound_service_account_namespaces: ['vault-secret-id-issuer'],
        audience: 'vault',
        token_ttl: 300,
        token_max_ttl: 600,
        token_policies: [expect.stringMatching(/^\$\{vault_policy\.issuer_policy_[0-9A-F]{8}\.name\}$/)],
      }),
    );
  });

  it('describes the job: login, the entry version, the role ID, a new secret ID, a check-and-set write', () => {
    expect(secretIdIssuerCalls(service('batch', 'direct'), DEFAULT_MOUNT_PATHS, names).map((c) => `${c.method} ${c.path} ${c.capability}`)).toEqual([
      'POST auth/kubernetes-tooling/login update',
      'GET kv/metadata/bootstrap/application/batch read',
      'GET auth/approle/role/application-batch/role-id read',
      'POST auth/approle/role/application-batch/secret-id update',
      'POST kv/data/bootstrap/application/batch create',
      'POST kv/data/bootstrap/application/batch update',
    ]);
  });

  it('fails without a direct service or when the tooling cluster is not on Kubernetes auth', () => {
    const stack = vaultTestStack();
    const mounts = { ...DEFAULT_MOUNT_PATHS, clusterAuth: { ...DEFAULT_MOUNT_PATHS.clusterAuth, tooling: { method: 'jwt', path: 'jwt-tooling' } as const } };
    expect(() => new SecretIdIssuer(stack, 'issuer', { names, services: [service('web', 'eso')], mounts })).toThrow(
      'test/issuer: services: expected at least one service with "direct" delivery (nothing to issue otherwise); ' +
        'mounts.clusterAuth.tooling: the issuer runs in the tooling cluster and logs in with Kubernetes auth, got jwt',
    );
  });
});
