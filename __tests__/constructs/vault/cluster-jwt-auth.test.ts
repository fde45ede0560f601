import { ClusterJwtAuth } from '../../../constructs/vault/cluster-jwt-auth';
import { ServiceJwtRole, serviceAccountSubject } from '../../../constructs/vault/service-jwt-role';
import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';

function setup() {
  const stack = vaultTestStack();
  const auth = new ClusterJwtAuth(stack, 'jwt', { path: 'jwt-application', issuer: ISSUER });
  const policy = new VaultPolicy(stack, 'policy', { name: 'svc-a', grants: [{ path: 'kv/data/a', capabilities: ['read'], purpose: 'p' }] });
  return { stack, auth, policy };
}

describe('ClusterJwtAuth', () => {
  it('trusts the cluster issuer through its discovery document, RS256 only, bound to that issuer', () => {
    const { stack } = setup();
    const [backend] = Object.values(resourcesOf(synthStack(stack), 'vault_jwt_auth_backend'));
    expect(backend).toEqual({
      path: 'jwt-application',
      type: 'jwt',
      description: 'Service account tokens of the cluster issuer, jwt-application',
      oidc_discovery_url: ISSUER,
      bound_issuer: ISSUER,
      jwt_supported_algs: ['RS256'],
    });
  });

  it('fails on a reserved path or an issuer that is not https', () => {
    expect(() => new ClusterJwtAuth(vaultTestStack(), 'jwt', { path: 'token', issuer: 'http://oidc.example/' })).toThrow(
      'test/jwt: path: "token" is reserved by Vault (auth/token is the built-in token auth method); ' +
        'issuer: expected an https:// OIDC issuer URL without a trailing slash, got "http://oidc.example/"',
    );
  });
});

describe('ServiceJwtRole', () => {
  it('binds exactly one service account subject and the audience, aliases by account UID, short TTLs by default', () => {
    const { stack, auth, policy } = setup();
    new ServiceJwtRole(stack, 'role', { backend: auth.backend.path, roleName: 'orders', serviceAccount: 'orders', namespace: 'shop', policies: [policy] });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_jwt_auth_backend_role'));
    expect(role).toEqual({
      backend: expect.stringMatching(/^\$\{vault_jwt_auth_backend\.jwt_backend_[0-9A-F]{8}\.path\}$/),
      role_name: 'orders',
      role_type: 'jwt',
      bound_audiences: ['vault'],
      bound_subject: 'system:serviceaccount:shop:orders',
      user_claim: '/kubernetes.io/serviceaccount/uid',
      user_claim_json_pointer: true,
      token_policies: [expect.stringMatching(/^\$\{vault_policy\.policy_[0-9A-F]{8}\.name\}$/)],
      token_ttl: 900,
      token_max_ttl: 3600,
      token_type: 'service',
    });
    expect(role.bound_claims).toBeUndefined();
    expect(serviceAccountSubject('payments', 'ledger-worker')).toBe('system:serviceaccount:payments:ledger-worker');
  });

  it('fails when bound to "*", with a wildcard audience or TTLs above the ceiling', () => {
    const { stack, auth, policy } = setup();
    expect(
      () =>
        new ServiceJwtRole(stack, 'role', { backend: auth.backend.path, roleName: 'orders', serviceAccount: '*', namespace: 'shop', audience: '*', policies: [policy], tokenMaxTtlSeconds: 20000 }),
    ).toThrow(
      'test/role: serviceAccount: expected one DNS-1123 name (never "*" or empty), got "*"; audience: expected a fixed audience, got "*"; ' +
        'tokenMaxTtlSeconds: expected at most 14400, got 20000',
    );
  });
});
