import {
  DEFAULT_MOUNT_PATHS,
  type ServiceDeclaration,
  capabilitiesOn,
  parsePolicy,
  pathMatches,
  renderPolicy,
  serviceIdentities,
  serviceNames,
  servicePolicyGrants,
} from '../../../constructs/vault/service-grants';

const base: ServiceDeclaration = {
  name: 'orders',
  cluster: 'application',
  namespace: 'orders',
  serviceAccount: 'orders',
  secrets: [{ key: 'smtp_password', purpose: 'SMTP relay' }],
  delivery: 'eso',
};

describe('service grants model', () => {
  it('names every path of a service after its cluster and name', () => {
    expect(serviceNames(base, DEFAULT_MOUNT_PATHS)).toEqual({
      roleName: 'application-orders',
      policyName: 'svc-application-orders',
      bootstrapPolicyName: 'svc-application-orders-bootstrap',
      kvPath: 'application/orders',
      kvDataPath: 'kv/data/application/orders',
      kvMetadataPath: 'kv/metadata/application/orders',
      signingKeysPath: 'application/orders/signing-keys',
      bootstrapKvPath: 'bootstrap/application/orders',
      bootstrapDataPath: 'kv/data/bootstrap/application/orders',
      databaseCredsPath: 'database/creds/application-orders',
      pkiIssuePath: 'pki-int/issue/application-orders',
    });
  });

  it('grants read on the exact KV path and its sub-paths, list/read on its metadata, nothing else for a plain ESO service', () => {
    expect(servicePolicyGrants(base, DEFAULT_MOUNT_PATHS).map((g) => [g.path, g.capabilities])).toEqual([
      ['kv/data/application/orders', ['read']],
      ['kv/data/application/orders/*', ['read']],
      ['kv/metadata/application/orders', ['read', 'list']],
      ['kv/metadata/application/orders/*', ['read', 'list']],
    ]);
  });

  it('adds database credentials and certificate issuance only when declared', () => {
    const grants = servicePolicyGrants({ ...base, database: { access: 'read-only' }, certificates: { allowedDomains: ['orders.example.internal'] } }, DEFAULT_MOUNT_PATHS);
    expect(grants.slice(4).map((g) => [g.path, g.capabilities])).toEqual([
      ['database/creds/application-orders', ['read']],
      ['pki-int/issue/application-orders', ['update']],
    ]);
  });

  it("gives an ESO service one identity on its cluster's auth method with the service policy", () => {
    const [identity, ...rest] = serviceIdentities(base, DEFAULT_MOUNT_PATHS);
    expect(rest).toEqual([]);
    expect(identity.kind).toBe('jwt-role');
    expect(identity.loginPath).toBe('auth/jwt-application/role/orders');
    expect(identity.policies.map((p) => p.name)).toEqual(['svc-application-orders']);
    const [tooling] = serviceIdentities({ ...base, cluster: 'tooling' }, DEFAULT_MOUNT_PATHS);
    expect([tooling.kind, tooling.loginPath]).toEqual(['kubernetes-role', 'auth/kubernetes-tooling/role/orders']);
  });

  it('gives a direct service an AppRole with the service policy and a Kubernetes identity that reads only the bootstrap path', () => {
    const [kubernetes, appRole] = serviceIdentities({ ...base, delivery: 'direct', justification: 'x'.repeat(30) }, DEFAULT_MOUNT_PATHS);
    expect(kubernetes.policies).toEqual([
      { name: 'svc-application-orders-bootstrap', grants: [expect.objectContaining({ path: 'kv/data/bootstrap/application/orders', capabilities: ['read'] })] },
    ]);
    expect(appRole.kind).toBe('approle');
    expect(appRole.loginPath).toBe('auth/approle/role/application-orders');
    expect(appRole.policies.map((p) => p.name)).toEqual(['svc-application-orders']);
    expect(capabilitiesOn(kubernetes, 'kv/data/application/orders')).toEqual([]);
  });

  it('renders HCL that parses back to the same grants', () => {
    const grants = servicePolicyGrants({ ...base, database: { access: 'read-write' } }, DEFAULT_MOUNT_PATHS);
    const hcl = renderPolicy(grants);
    expect(hcl).toContain('path "kv/data/application/orders/*" {\n  capabilities = ["read"]\n}');
    expect(parsePolicy(hcl)).toEqual(grants.map((g) => ({ path: g.path, capabilities: [...g.capabilities] })));
  });

  it.each([
    ['kv/data/app/orders', 'kv/data/app/orders', true],
    ['kv/data/app/orders', 'kv/data/app/orders-worker', false],
    ['kv/data/app/orders/*', 'kv/data/app/orders/signing-keys', true],
    ['kv/data/app/orders/*', 'kv/data/app/orders-worker', false],
    ['kv/data/app/orders*', 'kv/data/app/orders-worker', true],
    ['kv/metadata/+/+/signing-keys', 'kv/metadata/app/orders/signing-keys', true],
    ['kv/metadata/+/+/signing-keys', 'kv/metadata/app/orders/x/signing-keys', false],
    ['sys/policies/acl/svc-*', 'sys/policies/acl/platform-admin', false],
    ['kv/data/a+b', 'kv/data/aXb', false],
    ['auth/approle/role/+', 'auth/approle/role/x/secret-id', false],
    ['auth/approle/role/+*', 'auth/approle/role/x/secret-id', true],
  ])('matches policy path %s against %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });

  it('judges a path by its single most specific block, not by the union of every matching block', () => {
    const identity = {
      kind: 'kubernetes-role' as const,
      loginPath: 'auth/kubernetes-application/role/x',
      subject: 'x',
      policies: [
        { name: 'wide', grants: [{ path: 'kv/data/application/*', capabilities: ['read', 'list'] as const, purpose: 'p' }] },
        { name: 'narrow', grants: [{ path: 'kv/data/application/orders', capabilities: ['update'] as const, purpose: 'p' }] },
      ],
    };
    // Vault: the exact block governs kv/data/application/orders, the glob only the other paths.
    expect(capabilitiesOn(identity, 'kv/data/application/orders')).toEqual(['update']);
    expect(capabilitiesOn(identity, 'kv/data/application/ledger')).toEqual(['read', 'list']);
  });

  it('parses allowed_parameters back from the rendered HCL', () => {
    const grants = [{ path: 'auth/approle/role/+', capabilities: ['create', 'update'] as const, purpose: 'p', allowedParameters: { '*': [], bind_secret_id: [true] } }];
    const hcl = renderPolicy(grants);
    expect(hcl).toContain('  allowed_parameters = {\n    "*" = []\n    "bind_secret_id" = [true]\n  }');
    expect(parsePolicy(hcl)).toEqual([{ path: 'auth/approle/role/+', capabilities: ['create', 'update'], allowedParameters: { '*': [], bind_secret_id: [true] } }]);
  });
});
