import { DEFAULT_MOUNT_PATHS, renderPolicy, servicePolicyGrants } from '../../../constructs/vault/service-grants';
import { VaultService, type VaultServiceSpec } from '../../../constructs/vault/vault-service';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const eso: VaultServiceSpec = {
  name: 'orders',
  cluster: 'application',
  namespace: 'shop',
  serviceAccount: 'orders',
  secrets: [{ key: 'smtp_password', purpose: 'SMTP relay account' }],
  delivery: 'eso',
};

/** What a service stack gives VaultService: mount paths and names from the configuration (the mounts live in vault-config). */
const engines = {
  mounts: DEFAULT_MOUNT_PATHS,
  kvMaxVersions: 10,
  appRoleBoundCidrs: ['10.11.0.0/16'],
  databaseConnection: 'postgres',
  pkiBaseDomains: ['internal.example'],
};

describe('VaultService', () => {
  it('creates the policy and Kubernetes role of a minimal ESO service, nothing else', () => {
    const stack = vaultTestStack();
    const service = new VaultService(stack, 'orders', { service: eso, ...engines });
    const json = synthStack(stack);
    const policies = Object.values(resourcesOf(json, 'vault_policy'));
    expect(policies).toEqual([expect.objectContaining({ name: 'svc-application-orders', policy: renderPolicy(servicePolicyGrants(eso, DEFAULT_MOUNT_PATHS)) })]);
    expect(Object.values(resourcesOf(json, 'vault_jwt_auth_backend_role')).map((r) => r.role_name)).toEqual(['orders']);
    expect(resourcesOf(json, 'vault_kubernetes_auth_backend_role')).toEqual({});
    expect(resourcesOf(json, 'vault_approle_auth_backend_role')).toEqual({});
    expect(resourcesOf(json, 'vault_database_secret_backend_role')).toEqual({});
    expect(resourcesOf(json, 'vault_pki_secret_backend_role')).toEqual({});
    expect(service.identities.map((i) => i.kind)).toEqual(['jwt-role']);
  });

  it('creates every piece of a direct service with database, certificates and a key-set', () => {
    const stack = vaultTestStack();
    const service = new VaultService(stack, 'ledger', {
      service: {
        ...eso,
        name: 'ledger',
        delivery: 'direct',
        justification: 'Renews 15-minute database leases inside long batch runs',
        database: { access: 'read-write', defaultTtlSeconds: 900, maxTtlSeconds: 3600 },
        certificates: { allowedDomains: ['ledger.internal.example'], clientAuth: true },
        signingKeys: { keys: [{ id: 'k2', status: 'primary' }, { id: 'k1', status: 'verifying' }] },
        appRole: { secretIdNumUses: 10 },
      },
      ...engines,
    });
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_policy')).map((p) => p.name).sort()).toEqual(['svc-application-ledger', 'svc-application-ledger-bootstrap']);
    expect(Object.values(resourcesOf(json, 'vault_approle_auth_backend_role'))[0]).toEqual(expect.objectContaining({ role_name: 'application-ledger', secret_id_num_uses: 10 }));
    expect(Object.values(resourcesOf(json, 'vault_database_secret_backend_role'))[0]).toEqual(
      expect.objectContaining({ name: 'application-ledger', default_ttl: 900, max_ttl: 3600 }),
    );
    // Every backend is named by its literal mount path: the service's stack reads no other stack's state.
    const backends = (type: string) => Object.values(resourcesOf(json, type)).map((r) => r.backend);
    expect([backends('vault_approle_auth_backend_role'), backends('vault_database_secret_backend_role'), backends('vault_pki_secret_backend_role'), backends('vault_jwt_auth_backend_role')]).toEqual([
      ['approle'],
      ['database'],
      ['pki-int'],
      ['jwt-application'],
    ]);
    expect(Object.values(resourcesOf(json, 'vault_database_secret_backend_role'))[0].db_name).toBe('postgres');
    expect(Object.values(resourcesOf(json, 'vault_generic_endpoint'))[0].path).toBe('kv/metadata/application/ledger/signing-keys');
    expect(Object.values(resourcesOf(json, 'vault_pki_secret_backend_role'))[0]).toEqual(expect.objectContaining({ name: 'application-ledger', client_flag: true }));
    expect(service.signingKeySet?.primaryKeyId).toBe('k2');
    expect(service.identities.map((i) => [i.kind, i.policies.map((p) => p.name)])).toEqual([
      ['jwt-role', ['svc-application-ledger-bootstrap']],
      ['approle', ['svc-application-ledger']],
    ]);
  });

  it('fails when a direct service has no justification or what it needs is missing', () => {
    const stack = vaultTestStack();
    expect(
      () =>
        new VaultService(stack, 'bad', {
          service: { ...eso, name: 'Bad', delivery: 'direct', secrets: [{ key: 'k', purpose: ' ' }], database: { access: 'read-only' }, certificates: { allowedDomains: ['a.b'] } },
          mounts: DEFAULT_MOUNT_PATHS,
        }),
    ).toThrow(
      'test/bad: service.name: expected a DNS-1123 label (lower-case letters, digits, \'-\', at most 63), got "Bad"; service.secrets[0].purpose: expected a one-line purpose for "k"; ' +
        'service.justification: "direct" delivery needs a written justification of at least 20 characters; ' +
        'appRoleBoundCidrs: required for "direct" delivery; databaseConnection: the service declares database access but no database connection was given; ' +
        'pkiBaseDomains: the service declares certificates but no PKI base domains were given',
    );
  });
});
