import { HcpTerraformJwtAuth } from '../../../constructs/vault/hcp-terraform-jwt-auth';
import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const workspace = { organization: 'acme', project: 'vault platform', workspace: 'vaultplat-vault-config-dev' };

describe('HcpTerraformJwtAuth', () => {
  it('trusts HCP Terraform workload identity for exactly one workspace with short tokens by default', () => {
    const stack = vaultTestStack();
    const policy = new VaultPolicy(stack, 'admin', { name: 'platform-admin', grants: [{ path: 'sys/mounts', capabilities: ['read'], purpose: 'p' }] });
    new HcpTerraformJwtAuth(stack, 'tfc', { workspaces: [workspace], policies: [policy] });
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_jwt_auth_backend'))[0]).toEqual(
      expect.objectContaining({ path: 'jwt-hcp-terraform', type: 'jwt', oidc_discovery_url: 'https://app.terraform.io', bound_issuer: 'https://app.terraform.io' }),
    );
    expect(Object.values(resourcesOf(json, 'vault_jwt_auth_backend_role'))[0]).toEqual(
      expect.objectContaining({
        role_name: 'vaultplat-vault-config-dev',
        role_type: 'jwt',
        bound_audiences: ['vault.workload.identity'],
        bound_claims_type: 'glob',
        bound_claims: { sub: 'organization:acme:project:vault platform:workspace:vaultplat-vault-config-dev:run_phase:*' },
        user_claim: 'terraform_full_workspace',
        token_ttl: 1200,
        token_max_ttl: 7200,
      }),
    );
  });

  it('fails on wildcard workspaces, a plain-http issuer or long tokens', () => {
    const stack = vaultTestStack();
    const policy = new VaultPolicy(stack, 'admin', { name: 'platform-admin', grants: [{ path: 'sys/mounts', capabilities: ['read'], purpose: 'p' }] });
    expect(
      () =>
        new HcpTerraformJwtAuth(stack, 'tfc', {
          workspaces: [{ ...workspace, workspace: '*' }],
          policies: [policy],
          issuer: 'http://tfe.internal',
          tokenMaxTtlSeconds: 86400,
        }),
    ).toThrow(
      'test/tfc: issuer: expected https://<hostname>, got "http://tfe.internal"; workspaces[0].workspace: expected a name without wildcards or \':\', got "*"; tokenMaxTtlSeconds: expected at most 14400, got 86400',
    );
  });
});
