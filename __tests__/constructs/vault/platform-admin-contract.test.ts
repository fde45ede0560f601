import { BREAK_GLASS_RULES, breakGlassRule, platformAdminGrants } from '../../../constructs/vault/platform-admin-grants';
import { type ResolvedCall, samplePath } from '../../../constructs/vault/provider-calls';
import { RESOURCE_CALLS } from '../../../constructs/vault/provider-contract';
import { parsePolicy, renderPolicy } from '../../../constructs/vault/service-grants';
import { isAllowed } from '../../../constructs/vault/vault-acl';
import { platformAdminInputs } from '../../../stacks/service-catalog';
import { type TerraformJson, resourcesOf, sampleConfig, synthStack } from '../../helpers';
import { byPath, policyBlocksFromHcl } from '../../hcl2json';
import { synthesizedServiceStacks } from '../../stacks/service-stack-fixtures';
import { vaultConfigStack } from '../../stacks/vault-config-fixtures';
import { breakGlassLeaks, callAllowed, deniedCalls, describeCall, runAcl, synthesizedCalls, synthesizedResources, unusedGrants } from './admin-policy-checks';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

function adminPolicyText(json: TerraformJson): string {
  const policy = Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'platform-admin');
  if (!policy) throw new Error('no platform-admin policy in the stack');
  return policy.policy as string;
}

const stacks = Object.fromEntries(ENVIRONMENTS.map((name) => [name, synthStack(vaultConfigStack(sampleConfig(name)))])) as Record<(typeof ENVIRONMENTS)[number], TerraformJson>;

describe('the provider contract covers the synthesized stacks', () => {
  const services = ENVIRONMENTS.flatMap((name) => Object.values(synthesizedServiceStacks(sampleConfig(name))));

  it('has calls for exactly the vault_* resource types the vault-config and service stacks synthesize', () => {
    const synthesized = new Set([...ENVIRONMENTS.map((name) => stacks[name]), ...services].flatMap((json) => synthesizedResources(json).map((r) => r.type)));
    expect([...synthesized].sort()).toEqual(Object.keys(RESOURCE_CALLS).sort());
  });

  it('reads no Vault data source (a data source would need its own contract rows)', () => {
    for (const json of [...ENVIRONMENTS.map((name) => stacks[name]), ...services]) expect(Object.keys(json.data ?? {}).filter((type) => type.startsWith('vault_'))).toEqual([]);
  });
});

describe.each(ENVIRONMENTS)('platform-admin policy in %s', (name) => {
  const json = stacks[name];
  const hcl = adminPolicyText(json);
  const blocks = parsePolicy(hcl);
  const acl = runAcl(blocks);
  const calls = synthesizedCalls(json);

  it('is the policy generated from the contract and the environment configuration', () => {
    expect(hcl).toBe(renderPolicy(platformAdminGrants(platformAdminInputs(sampleConfig(name)))));
  });

  it('enumerates every call of every resource, configure included', () => {
    const resources = synthesizedResources(json);
    expect(resources.length).toBeGreaterThan(20);
    for (const resource of resources) expect(calls.some((c) => c.address === resource.address)).toBe(true);
    expect(calls.filter((c) => c.operation === 'configure').map((c) => samplePath(c.segments))).toEqual(['auth/token/lookup-self', 'sys/seal-status']);
  });

  it('allows every call of every resource that is not break-glass', () => {
    expect(deniedCalls(acl, calls)).toEqual([]);
  });

  it('grants nothing the calls do not need: every block and each of its capabilities is used', () => {
    expect(unusedGrants(blocks, acl, calls)).toEqual([]);
  });

  it('denies every break-glass call', () => {
    const ruled = new Set(calls.map((c) => breakGlassRule(c)?.id).filter((id) => id !== undefined));
    // Every rule matches calls of this stack (remount: any update may change a path), and the policy denies all of them.
    expect([...ruled].sort()).toEqual(BREAK_GLASS_RULES.map((r) => r.id).sort());
    expect(breakGlassLeaks(acl, calls)).toEqual([]);
  });

  it('cannot widen itself: read only on its own policy, its JWT role and the JWT trust', () => {
    const workspace = `vaultplat-vault-config-${name}`;
    for (const path of ['sys/policies/acl/platform-admin', `auth/jwt-hcp-terraform/role/${workspace}`, 'auth/jwt-hcp-terraform/config']) {
      expect(isAllowed(acl, { path, capability: 'read' })).toBe(true);
      for (const capability of ['create', 'update', 'delete', 'patch'] as const) expect([path, capability, isAllowed(acl, { path, capability })]).toEqual([path, capability, false]);
    }
    expect(isAllowed(acl, { path: 'sys/auth/jwt-hcp-terraform', capability: 'update', sudo: true })).toBe(false);
    expect(isAllowed(acl, { path: 'auth/jwt-hcp-terraform/role/another-workspace', capability: 'update' })).toBe(false);
  });

  it("touches no service's policy or role (the service stacks manage them) and cannot change a cluster's trust", () => {
    for (const path of ['auth/jwt-application/role/orders', 'auth/kubernetes-tooling/role/grafana', 'auth/approle/role/application-ledger-worker', 'sys/policies/acl/svc-application-orders', 'database/roles/application-orders', 'pki-int/roles/application-orders']) {
      for (const capability of ['create', 'read', 'update', 'delete'] as const) expect([path, capability, isAllowed(acl, { path, capability })]).toEqual([path, capability, false]);
    }
    expect(isAllowed(acl, { path: 'auth/jwt-application/config', capability: 'read' })).toBe(true);
    expect(isAllowed(acl, { path: 'auth/jwt-application/config', capability: 'update' })).toBe(false);
    expect(isAllowed(acl, { path: 'sys/auth/jwt-application', capability: 'update', sudo: true })).toBe(false);
    const ruleOf = (resourceType: string, attributes: Record<string, unknown>) => {
      const call = calls.find((c) => c.resourceType === resourceType && c.method === 'PUT' && Object.entries(attributes).every(([k, v]) => c.attributes[k] === v));
      if (!call) throw new Error(`no ${resourceType} write with ${JSON.stringify(attributes)}`);
      return call;
    };
    expect(breakGlassRule(ruleOf('vault_jwt_auth_backend_role', { role_name: `vaultplat-vault-config-${name}` }))?.id).toBe('own-role');
    expect(breakGlassRule(ruleOf('vault_jwt_auth_backend_role', { role_name: `vaultplat-services-${name}` }))?.id).toBe('own-role');
    expect(breakGlassRule(ruleOf('vault_policy', { name: 'service-catalog' }))?.id).toBe('service-catalog-policy');
    expect(breakGlassRule(ruleOf('vault_jwt_auth_backend', { path: 'jwt-application' }))?.id).toBe('cluster-issuer-trust');
    expect(breakGlassRule(ruleOf('vault_jwt_auth_backend', { path: 'jwt-hcp-terraform' }))?.id).toBe('own-login');
  });

  it('closes the indirect ways to a token with a policy it wrote', () => {
    // An AppRole without secret ID would log in with the role ID the admin reads for plans.
    expect(isAllowed(acl, { path: 'auth/approle/role/evil', capability: 'create', data: { bind_secret_id: false, secret_id_bound_cidrs: ['0.0.0.0/0'] } })).toBe(false);
    expect(isAllowed(acl, { path: 'auth/approle/role/evil', capability: 'create', data: { bind_secret_id: 'false' } })).toBe(false);
    // Secret IDs belong to the issuer; the bootstrap entries that hold them are not readable.
    for (const path of ['auth/approle/role/application-ledger-worker/secret-id', 'auth/approle/role/application-ledger-worker/custom-secret-id']) {
      expect(isAllowed(acl, { path, capability: 'update' })).toBe(false);
    }
    for (const capability of ['read', 'create', 'update'] as const) {
      expect(isAllowed(acl, { path: 'kv/data/bootstrap/application/ledger-worker', capability })).toBe(false);
    }
    // New auth methods, token roles and child tokens are out of reach; the cluster trust is read only.
    expect(isAllowed(acl, { path: 'sys/auth/userpass', capability: 'update', sudo: true })).toBe(false);
    expect(isAllowed(acl, { path: 'auth/token/create', capability: 'update' })).toBe(false);
    expect(isAllowed(acl, { path: 'auth/token/roles/x', capability: 'create' })).toBe(false);
    expect(isAllowed(acl, { path: 'auth/kubernetes-application/config', capability: 'update' })).toBe(false);
    // Audit devices: listed (needed to refresh them), never switched off.
    expect(isAllowed(acl, { path: 'sys/audit/file', capability: 'delete', sudo: true })).toBe(false);
  });

  it('reads no service secret, database credential or certificate', () => {
    for (const path of ['kv/data/application/orders', 'kv/data/application/orders/signing-keys', 'database/creds/application-orders', 'pki-int/issue/application-payments-api']) {
      for (const capability of ['read', 'update', 'create'] as const) expect([path, capability, isAllowed(acl, { path, capability })]).toEqual([path, capability, false]);
    }
  });

  it('parses with a real HCL parser to the same blocks', async () => {
    const fromHcl = await policyBlocksFromHcl('platform-admin.hcl', hcl);
    expect(fromHcl).toEqual([...blocks].sort(byPath));
    expect(fromHcl.length).toBe(platformAdminGrants(platformAdminInputs(sampleConfig(name))).length);
  });
});

describe('the contract check can fail', () => {
  const json = stacks.dev;
  const calls = synthesizedCalls(json);
  const blocks = parsePolicy(adminPolicyText(json));

  it('names the calls a dropped grant breaks', () => {
    const without = blocks.filter((b) => b.path !== 'sys/mounts/auth/kubernetes-tooling/tune');
    const denied = deniedCalls(runAcl(without), calls);
    expect(denied).toHaveLength(4);
    expect(denied).toContainEqual(expect.stringMatching(/^vault_auth_backend\.kubernetes-tooling_backend_[0-9A-F]{8} read: GET sys\/mounts\/auth\/kubernetes-tooling\/tune needs read$/));
    expect(denied).toContainEqual(expect.stringMatching(/^vault_auth_backend\.kubernetes-tooling_backend_[0-9A-F]{8} update: POST sys\/mounts\/auth\/kubernetes-tooling\/tune needs update$/));
  });

  it('names a capability no call needs', () => {
    const wider = blocks.map((b) => (b.path === 'kv/config' ? { ...b, capabilities: [...b.capabilities, 'delete'] } : b));
    expect(unusedGrants(wider, runAcl(wider), calls)).toEqual(['kv/config: delete']);
  });

  it('names a block no call needs, and a wildcard shadowed by an exact block', () => {
    const extra = [...blocks, { path: 'kv/data/bootstrap/*', capabilities: ['create', 'update'] }];
    expect(unusedGrants(extra, runAcl(extra), calls)).toEqual(['kv/data/bootstrap/*: create', 'kv/data/bootstrap/*: update']);
  });

  it('names a break-glass call the policy would allow', () => {
    const selfWriting = [...blocks.filter((b) => b.path !== 'sys/policies/acl/platform-admin'), { path: 'sys/policies/acl/platform-admin', capabilities: ['read', 'update'] }];
    expect(breakGlassLeaks(runAcl(selfWriting), calls)).toEqual([
      expect.stringMatching(/^vault_policy\.platform-admin_policy_[0-9A-F]{8} create: PUT sys\/policies\/acl\/platform-admin needs update \(own-policy\)$/),
      expect.stringMatching(/^vault_policy\.platform-admin_policy_[0-9A-F]{8} update: PUT sys\/policies\/acl\/platform-admin needs update \(own-policy\)$/),
    ]);
  });

  it('reports a denied parameter value as a denied call', () => {
    const services = synthesizedServiceStacks(sampleConfig('dev'))['services-payments-dev'];
    const catalog = parsePolicy(Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'service-catalog')!.policy as string);
    const approleWrite = synthesizedCalls(services, { kv: 'kv', database: 'database', 'pki-int': 'pki' }).find(
      (c): c is ResolvedCall => c.resourceType === 'vault_approle_auth_backend_role' && c.method === 'PUT',
    )!;
    const acl = runAcl(catalog, 'service-catalog');
    expect(callAllowed(acl, approleWrite)).toBe(true);
    expect(callAllowed(acl, { ...approleWrite, data: { bind_secret_id: false } })).toBe(false);
    expect(describeCall(approleWrite)).toMatch(/^vault_approle_auth_backend_role\.service-ledger-worker_app-role_[0-9A-F]{8} create: PUT auth\/approle\/role\/application-ledger-worker needs create$/);
  });
});
