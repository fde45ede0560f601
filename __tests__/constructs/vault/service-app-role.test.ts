import { AppRoleAuth } from '../../../constructs/vault/app-role-auth';
import { ServiceAppRole } from '../../../constructs/vault/service-app-role';
import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

function setup() {
  const stack = vaultTestStack();
  const auth = new AppRoleAuth(stack, 'approle');
  const policy = new VaultPolicy(stack, 'policy', { name: 'svc-a', grants: [{ path: 'kv/data/a', capabilities: ['read'], purpose: 'p' }] });
  return { stack, auth, policy };
}

describe('ServiceAppRole', () => {
  it('requires a network-bound secret_id with a TTL and use limit, and short tokens, by default', () => {
    const { stack, auth, policy } = setup();
    new ServiceAppRole(stack, 'role', { backend: auth.backend.path, roleName: 'application-a', policies: [policy], boundCidrs: ['10.11.0.0/16'], bootstrapPath: 'bootstrap/application/a' });
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_auth_backend'))).toEqual([expect.objectContaining({ type: 'approle', path: 'approle' })]);
    expect(Object.values(resourcesOf(json, 'vault_approle_auth_backend_role'))[0]).toEqual(
      expect.objectContaining({
        role_name: 'application-a',
        bind_secret_id: true,
        secret_id_bound_cidrs: ['10.11.0.0/16'],
        token_bound_cidrs: ['10.11.0.0/16'],
        secret_id_ttl: 604800,
        secret_id_num_uses: 50,
        token_ttl: 900,
        token_max_ttl: 3600,
      }),
    );
    expect(resourcesOf(json, 'vault_approle_auth_backend_role_secret_id')).toEqual({});
  });

  it('fails on open networks, unlimited secret_id uses and TTLs out of range', () => {
    const { stack, auth, policy } = setup();
    expect(
      () =>
        new ServiceAppRole(stack, 'role', {
          backend: auth.backend.path,
          roleName: 'a',
          policies: [policy],
          boundCidrs: ['0.0.0.0/0'],
          bootstrapPath: 'bootstrap/application/a',
          secretIdNumUses: 0,
          secretIdTtlSeconds: 60,
          tokenTtlSeconds: 7200,
        }),
    ).toThrow(
      'test/role: boundCidrs: expected a private network CIDR (never 0.0.0.0/0), got "0.0.0.0/0"; secretIdTtlSeconds: expected 3600-2592000, got 60; ' +
        'secretIdNumUses: expected 1-1000 (0 would be unlimited), got 0; tokenTtlSeconds: 7200 is above tokenMaxTtlSeconds 3600',
    );
  });
});
