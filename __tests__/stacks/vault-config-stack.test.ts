import { type TerraformJson, resourceAt, resourcesOf, sampleConfig, synthStack } from '../helpers';
import { synthesizedServiceStacks } from './service-stack-fixtures';
import { TEST_CLUSTERS, vaultConfigStack } from './vault-config-fixtures';

/** JWT roles on the JWT auth method mounted at `path`. */
function rolesOn(json: TerraformJson, path: string): TerraformJson[] {
  const [name] = Object.entries(resourcesOf(json, 'vault_jwt_auth_backend')).find(([, backend]) => backend.path === path) ?? [];
  return Object.values(resourcesOf(json, 'vault_jwt_auth_backend_role')).filter((r) => r.backend === `\${vault_jwt_auth_backend.${name}.path}`);
}

describe('VaultConfigStack', () => {
  describe.each(['dev', 'staging', 'prod'] as const)('%s', (name) => {
    let json: TerraformJson;
    beforeAll(() => {
      json = synthStack(vaultConfigStack(sampleConfig(name)));
    });

    it('matches the snapshot', () => {
      expect(json).toMatchSnapshot();
    });

    it('points the Vault provider at the private address with an optional CA file and no token', () => {
      expect(json.provider.vault).toEqual([
        { address: `https://vault.${name}.vault.internal:8200`, ca_cert_file: '${var.vault_ca_cert_file}', skip_child_token: true },
      ]);
      // null by default: with dynamic credentials the CA comes from TFC_VAULT_ENCODED_CACERT (docs/vault-server.md).
      expect(json.variable.vault_ca_cert_file).toEqual(expect.objectContaining({ type: 'string', nullable: true, default: null }));
    });

    it('gives the raft snapshot job of vault-server its own role, allowed to take a snapshot and nothing else', () => {
      expect(resourceAt(json, 'vault_kubernetes_auth_backend_role', 'raft-snapshot/role/role')).toEqual(
        expect.objectContaining({
          backend: expect.stringContaining('vault_auth_backend.kubernetes-tooling_backend'),
          role_name: 'platform-raft-snapshot',
          bound_service_account_names: ['vault-snapshot'],
          bound_service_account_namespaces: ['vault'],
          audience: 'vault',
          token_ttl: 300,
          token_max_ttl: 900,
        }),
      );
      const policy = resourceAt(json, 'vault_policy', 'raft-snapshot/policy/policy');
      expect(policy.name).toBe('svc-platform-raft-snapshot');
      expect(policy.policy).toMatch(/^# take a raft snapshot[^\n]*\npath "sys\/storage\/raft\/snapshot" \{\n {2}capabilities = \["read"\]\n\}\n$/);
    });

    it('trusts only its own HCP Terraform workspace with the platform-admin policy, and the service workspaces with the service-catalog policy', () => {
      const roles = rolesOn(json, 'jwt-hcp-terraform');
      expect(roles.map((r) => r.role_name).sort()).toEqual([`vaultplat-services-${name}`, `vaultplat-vault-config-${name}`]);
      const policyOf = (role: TerraformJson) => (role.token_policies as string[]).map((ref) => resourcesOf(json, 'vault_policy')[/^\$\{vault_policy\.([^.]+)\.name\}$/.exec(ref)![1]].name);
      const services = roles.find((r) => r.role_name === `vaultplat-services-${name}`)!;
      expect(services).toEqual(
        expect.objectContaining({
          bound_audiences: ['vault.workload.identity'],
          bound_claims_type: 'glob',
          bound_claims: { sub: `organization:acme-platform:project:vault-platform:workspace:vaultplat-services-*-${name}:run_phase:*` },
          user_claim: 'terraform_full_workspace',
        }),
      );
      expect(policyOf(services)).toEqual(['service-catalog']);
      const own = roles.find((r) => r.role_name === `vaultplat-vault-config-${name}`)!;
      expect(policyOf(own)).toEqual(['platform-admin']);
      expect(own).toEqual(
        expect.objectContaining({
          role_name: `vaultplat-vault-config-${name}`,
          bound_audiences: ['vault.workload.identity'],
          bound_claims_type: 'glob',
          bound_claims: { sub: `organization:acme-platform:project:vault-platform:workspace:vaultplat-vault-config-${name}:run_phase:*` },
          user_claim: 'terraform_full_workspace',
        }),
      );
      expect(resourceAt(json, 'vault_jwt_auth_backend', 'hcp-terraform/backend')).toEqual(
        expect.objectContaining({ bound_issuer: 'https://app.terraform.io', oidc_discovery_url: 'https://app.terraform.io', path: 'jwt-hcp-terraform' }),
      );
    });

    it("trusts the tooling cluster through Kubernetes auth, reviewed with Vault's own service account", () => {
      const config = resourceAt(json, 'vault_kubernetes_auth_backend_config', 'kubernetes-tooling/config');
      expect([config.kubernetes_host, config.issuer, config.kubernetes_ca_cert, config.disable_iss_validation, config.disable_local_ca_jwt, config.token_reviewer_jwt]).toEqual([
        TEST_CLUSTERS.tooling.host,
        TEST_CLUSTERS.tooling.issuer,
        TEST_CLUSTERS.tooling.caCertificatePem,
        false,
        false,
        undefined,
      ]);
      expect(resourceAt(json, 'vault_auth_backend', 'kubernetes-tooling/backend')).toEqual(expect.objectContaining({ type: 'kubernetes', path: 'kubernetes-tooling' }));
      expect(Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_config'))).toHaveLength(1);
    });

    it("trusts the application cluster's tokens through its OIDC issuer (JWT auth), never its API", () => {
      const backend = resourceAt(json, 'vault_jwt_auth_backend', 'jwt-application/backend');
      expect(backend).toEqual(
        expect.objectContaining({ path: 'jwt-application', type: 'jwt', oidc_discovery_url: TEST_CLUSTERS.application.issuer, bound_issuer: TEST_CLUSTERS.application.issuer }),
      );
      const text = JSON.stringify(json);
      expect(text).not.toContain(TEST_CLUSTERS.application.host);
      expect(text).not.toContain('APPLICATION-CA');
    });

    it('holds nothing per service: no service policy or role, and database roles admitted by name pattern only', () => {
      const policies = Object.values(resourcesOf(json, 'vault_policy')).map((p) => p.name).sort();
      expect(policies).toEqual(['platform-admin', 'service-catalog', 'svc-platform-raft-snapshot']);
      expect(rolesOn(json, 'jwt-application')).toEqual([]);
      expect(Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_role')).map((r) => r.role_name)).toEqual(['platform-raft-snapshot']);
      for (const type of ['vault_approle_auth_backend_role', 'vault_database_secret_backend_role', 'vault_pki_secret_backend_role', 'vault_generic_endpoint']) {
        expect(Object.values(resourcesOf(json, type)).filter((r) => !String(r.path ?? '').includes('rotate-root'))).toEqual([]);
      }
      expect(resourceAt(json, 'vault_database_secret_backend_connection', 'database/connection').allowed_roles).toEqual(['tooling-*', 'application-*']);
      expect(json.output).not.toHaveProperty('service-namespaces');
    });

    it('is the same whatever services are declared (a service change never changes vault-config)', () => {
      const without = sampleConfig(name);
      const strip = (value: TerraformJson) => JSON.stringify(value, (key, v: unknown) => (key === '//' ? undefined : v));
      expect(strip(synthStack(vaultConfigStack({ ...without, vault: { ...without.vault, services: [] } })))).toBe(strip(json));
    });

    it("binds the direct service's AppRole, in its service stack, to its cluster VPC, with the environment's TTL defaults elsewhere", () => {
      const services = synthesizedServiceStacks(sampleConfig(name));
      const payments = services[`services-payments-${name}`];
      const role = resourceAt(payments, 'vault_approle_auth_backend_role', 'service-ledger-worker/app-role');
      const cidr = sampleConfig(name).network.vpcs.application.cidr;
      expect(role.secret_id_bound_cidrs).toEqual([cidr]);
      expect(role.token_bound_cidrs).toEqual([cidr]);
      expect([role.secret_id_ttl, role.secret_id_num_uses, role.token_ttl, role.token_max_ttl]).toEqual([86400, 20, 600, 1800]);
      const grafana = resourceAt(services[`services-observability-${name}`], 'vault_kubernetes_auth_backend_role', 'service-grafana/kubernetes-role');
      expect([grafana.token_ttl, grafana.token_max_ttl]).toEqual([900, 3600]);
      const db = resourceAt(services[`services-commerce-${name}`], 'vault_database_secret_backend_role', 'service-orders/database-role');
      expect([db.default_ttl, db.max_ttl]).toEqual([3600, 86400]);
    });

    it('contains no Vault token and no secret value', () => {
      const text = JSON.stringify(json);
      expect(json.provider.vault[0].token).toBeUndefined();
      expect(text).not.toMatch(/"(token|password|secret_id|role_id)"\s*:/);
    });
  });

  it('needs a database endpoint when the environment has a database', () => {
    expect(() => vaultConfigStack(sampleConfig('dev'), { database: false })).toThrow(
      'vault-config-dev: database: the environment has a database section but no database endpoint was given',
    );
  });
});
