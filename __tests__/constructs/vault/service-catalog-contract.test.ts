import { breakGlassRule, callsOf, modelled, mountTypes } from '../../../constructs/vault/platform-admin-grants';
import { namePrefix } from '../../../constructs/vault/provider-calls';
import { serviceCatalogGrants, serviceCatalogResources } from '../../../constructs/vault/service-catalog-grants';
import { SERVICE_CATALOG_POLICY, parsePolicy, renderPolicy } from '../../../constructs/vault/service-grants';
import { isAllowed } from '../../../constructs/vault/vault-acl';
import { vaultMountPaths } from '../../../stacks/service-catalog';
import { type TerraformJson, resourcesOf, sampleConfig, synthStack } from '../../helpers';
import { byPath, policyBlocksFromHcl } from '../../hcl2json';
import { synthesizedServiceStacks } from '../../stacks/service-stack-fixtures';
import { vaultConfigStack } from '../../stacks/vault-config-fixtures';
import { deniedCalls, runAcl, synthesizedCalls, synthesizedMountTypes, unusedGrants } from './admin-policy-checks';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

function catalogPolicyText(vaultConfig: TerraformJson): string {
  const policy = Object.values(resourcesOf(vaultConfig, 'vault_policy')).find((p) => p.name === SERVICE_CATALOG_POLICY);
  if (!policy) throw new Error('no service-catalog policy in vault-config');
  return policy.policy as string;
}

describe.each(ENVIRONMENTS)('the service-catalog policy in %s', (name) => {
  const env = sampleConfig(name);
  const vaultConfig = synthStack(vaultConfigStack(env));
  const hcl = catalogPolicyText(vaultConfig);
  const blocks = parsePolicy(hcl);
  const acl = runAcl(blocks, SERVICE_CATALOG_POLICY);
  const types = synthesizedMountTypes(vaultConfig);
  const services = synthesizedServiceStacks(env);
  const calls = Object.values(services).flatMap((json) => synthesizedCalls(json, types));

  it('is the policy generated from the contract and the mount layout, whatever services are declared', () => {
    expect(hcl).toBe(renderPolicy(serviceCatalogGrants({ mounts: vaultMountPaths(env), database: env.database !== undefined })));
  });

  it('allows every call of every resource of every service stack', () => {
    expect(calls.filter((c) => c.resourceType !== 'provider').length).toBeGreaterThan(50);
    expect(calls.map((c) => breakGlassRule(c)?.id).filter((id) => id !== undefined)).toEqual([]);
    expect(deniedCalls(acl, calls)).toEqual([]);
  });

  it('grants nothing a kind of service resource does not need: every block and capability serves a modelled call', () => {
    const modelledCalls = callsOf(serviceCatalogResources({ mounts: vaultMountPaths(env), database: env.database !== undefined }), mountTypes(vaultMountPaths(env), env.database !== undefined), breakGlassRule).map((c) => c.call);
    expect(unusedGrants(blocks.filter((b) => !b.capabilities.includes('deny')), acl, modelledCalls)).toEqual([]);
  });

  it('cannot write a role that logs in with a platform policy: roles attach service policies only', () => {
    const roles = ['auth/kubernetes-tooling/role/grafana', 'auth/jwt-application/role/orders', 'auth/approle/role/application-orders'];
    for (const path of roles) {
      const write = (data: Record<string, unknown>) => isAllowed(acl, { path, capability: 'update', data: { bind_secret_id: true, ...data } });
      expect([path, write({ token_policies: ['svc-application-orders'] }), write({ token_policies: ['svc-secret-id-issuer-payments'] })]).toEqual([path, true, true]);
      for (const policy of ['platform-admin', SERVICE_CATALOG_POLICY, 'root', 'svc-platform-raft-snapshot']) {
        expect([path, policy, write({ token_policies: ['svc-tooling-grafana', policy] }), write({ policies: [policy] })]).toEqual([path, policy, false, false]);
      }
    }
  });

  it('cannot touch the platform: mounts, auth methods, CAs, audit, the database connection, the HCP Terraform roles, platform policies and roles', () => {
    const writes = ['create', 'update', 'delete'] as const;
    for (const path of [
      'sys/policies/acl/platform-admin',
      'sys/policies/acl/service-catalog',
      'sys/policies/acl/svc-platform-raft-snapshot',
      'auth/kubernetes-tooling/role/platform-raft-snapshot',
      'auth/jwt-hcp-terraform/role/vaultplat-services-dev',
      'auth/jwt-hcp-terraform/config',
      'auth/kubernetes-tooling/config',
      'auth/jwt-application/config',
      'sys/mounts/kv',
      'sys/auth/approle',
      'sys/audit/file',
      'database/config/postgres',
      'pki-int/config/urls',
      'pki-root/root/sign-intermediate',
      'kv/config',
    ]) {
      for (const capability of writes) expect([path, capability, isAllowed(acl, { path, capability })]).toEqual([path, capability, false]);
    }
    expect(isAllowed(acl, { path: 'auth/kubernetes-tooling/role/platform-raft-snapshot', capability: 'read' })).toBe(false);
  });

  it('reads no secret: no KV data, database credential, certificate, or AppRole secret ID', () => {
    for (const path of ['kv/data/application/orders', 'kv/data/bootstrap/application/ledger-worker', 'database/creds/application-orders', 'pki-int/issue/application-payments-api']) {
      for (const capability of ['read', 'update', 'create'] as const) expect([path, capability, isAllowed(acl, { path, capability })]).toEqual([path, capability, false]);
    }
    for (const path of ['auth/approle/role/application-ledger-worker/secret-id', 'auth/approle/role/application-ledger-worker/custom-secret-id']) {
      expect(isAllowed(acl, { path, capability: 'update' })).toBe(false);
    }
  });

  it('keeps AppRoles bound to a secret ID and names database and certificate roles as service roles only', () => {
    expect(isAllowed(acl, { path: 'auth/approle/role/application-x', capability: 'create', data: { bind_secret_id: true } })).toBe(true);
    expect(isAllowed(acl, { path: 'auth/approle/role/application-x', capability: 'create', data: { bind_secret_id: false } })).toBe(false);
    expect(isAllowed(acl, { path: 'pki-int/roles/application-x', capability: 'create' })).toBe(true);
    expect(isAllowed(acl, { path: 'pki-int/roles/vault-server', capability: 'create' })).toBe(false);
    if (env.database) {
      expect(isAllowed(acl, { path: 'database/roles/tooling-x', capability: 'create' })).toBe(true);
      expect(isAllowed(acl, { path: 'database/roles/admin', capability: 'create' })).toBe(false);
    }
  });

  it('parses with a real HCL parser to the same blocks', async () => {
    const fromHcl = await policyBlocksFromHcl('service-catalog.hcl', hcl);
    expect(fromHcl).toEqual([...blocks].sort(byPath));
  });
});

describe('the service-catalog check can fail', () => {
  const env = sampleConfig('dev');
  const vaultConfig = synthStack(vaultConfigStack(env));
  const blocks = parsePolicy(catalogPolicyText(vaultConfig));
  const calls = Object.values(synthesizedServiceStacks(env)).flatMap((json) => synthesizedCalls(json, synthesizedMountTypes(vaultConfig)));

  it('names the calls a dropped grant breaks', () => {
    const without = blocks.filter((b) => b.path !== 'database/roles/application-*');
    expect(deniedCalls(runAcl(without, SERVICE_CATALOG_POLICY), calls)).toContainEqual(
      expect.stringMatching(/^vault_database_secret_backend_role\.service-payments-api_database-role_[0-9A-F]{8} create: PUT database\/roles\/application-payments-api needs create$/),
    );
  });

  it('names a kind of resource the policy was not generated for', () => {
    const wider = [...serviceCatalogResources({ mounts: vaultMountPaths(env), database: true }), modelled('vault_policy', 'any policy', { name: namePrefix('', 'policy') })];
    const widerCalls = callsOf(wider, mountTypes(vaultMountPaths(env), true), breakGlassRule).map((c) => c.call);
    expect(deniedCalls(runAcl(blocks, SERVICE_CATALOG_POLICY), widerCalls)).toContainEqual(expect.stringMatching(/PUT sys\/policies\/acl\/\* needs/));
  });
});
