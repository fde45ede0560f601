import { PkiHierarchy } from '../../../constructs/vault/pki-hierarchy';
import { PkiRole } from '../../../constructs/vault/pki-role';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const props = { vaultAddress: 'https://vault.dev.internal:8200', commonNamePrefix: 'vaultplat dev', organization: 'Acme' };

describe('PkiHierarchy', () => {
  it('creates an internal root that only signs an internal intermediate, with URLs on the private Vault name', () => {
    const stack = vaultTestStack();
    new PkiHierarchy(stack, 'pki', props);
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_mount')).map((m) => [m.path, m.type, m.max_lease_ttl_seconds]).sort()).toEqual([
      ['pki-int', 'pki', 1095 * 86400],
      ['pki-root', 'pki', 3650 * 86400],
    ]);
    const [root] = Object.values(resourcesOf(json, 'vault_pki_secret_backend_root_cert'));
    expect(root).toEqual(expect.objectContaining({ type: 'internal', common_name: 'vaultplat dev Root CA', key_type: 'ec', ttl: '87600h' }));
    expect(Object.values(resourcesOf(json, 'vault_pki_secret_backend_intermediate_cert_request'))[0].type).toBe('internal');
    expect(Object.values(resourcesOf(json, 'vault_pki_secret_backend_root_sign_intermediate'))[0]).toEqual(
      expect.objectContaining({ ttl: '26280h', max_path_length: 0 }),
    );
    const urls = Object.values(resourcesOf(json, 'vault_pki_secret_backend_config_urls'));
    expect(urls).toHaveLength(2);
    for (const u of urls) {
      expect(u.issuing_certificates).toEqual([expect.stringMatching(/^https:\/\/vault\.dev\.internal:8200\/v1\/\$\{vault_mount\.[^}]+\.path\}\/ca$/)]);
      expect(u.crl_distribution_points).toEqual([expect.stringMatching(/^https:\/\/vault\.dev\.internal:8200\/v1\/\$\{vault_mount\.[^}]+\.path\}\/crl$/)]);
    }
    expect(resourcesOf(json, 'vault_pki_secret_backend_role')).toEqual({});
  });

  it('fails when the intermediate outlives the root or the address is not https', () => {
    expect(() => new PkiHierarchy(vaultTestStack(), 'pki', { ...props, vaultAddress: 'http://vault', intermediateTtlDays: 4000 })).toThrow(
      'test/pki: vaultAddress: expected https://<private name>[:port], got "http://vault"; intermediateTtlDays: expected 180 days up to less than rootTtlDays (3650), got 4000',
    );
  });
});

describe('PkiRole', () => {
  it('issues only the allowed names, server auth, 30 days by default', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    new PkiRole(stack, 'role', { pki, name: 'application-orders', allowedDomains: ['orders.dev.internal'] });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_pki_secret_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        name: 'application-orders',
        allowed_domains: ['orders.dev.internal'],
        allow_bare_domains: true,
        allow_subdomains: false,
        allow_glob_domains: false,
        allow_wildcard_certificates: false,
        allow_any_name: false,
        allow_localhost: false,
        allow_ip_sans: false,
        enforce_hostnames: true,
        server_flag: true,
        client_flag: false,
        ttl: '720h',
        max_ttl: '720h',
      }),
    );
  });

  it('fails on wildcard or empty domains and leaf TTLs outside 30-90 days', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    expect(() => new PkiRole(stack, 'empty', { pki, name: 'x', allowedDomains: [] })).toThrow(
      'test/empty: allowedDomains: expected at least one domain; an empty list would let the role issue nothing (or anything, depending on flags)',
    );
    expect(() => new PkiRole(stack, 'wild', { pki, name: 'x', allowedDomains: ['*.dev.internal'], ttlDays: 365 })).toThrow(
      'test/wild: allowedDomains[0]: wildcards are not allowed, list exact names instead (got "*.dev.internal"); ttlDays: expected 30-90, got 365',
    );
  });
});
