import { PkiHierarchy } from '../../../constructs/vault/pki-hierarchy';
import { PkiRole } from '../../../constructs/vault/pki-role';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

/** What a PkiRole takes from the hierarchy it issues from (in its own stack: the mount's path and the signed intermediate). */
const pkiTarget = (pki: PkiHierarchy) => ({ intermediatePath: pki.intermediateMount.path, allowedBaseDomains: pki.allowedBaseDomains, dependsOn: [pki.intermediateSigned] });

const props = { vaultAddress: 'https://vault.dev.internal:8200', commonNamePrefix: 'vaultplat dev', organization: 'Acme', allowedBaseDomains: ['svc.dev.internal'] };

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

  it('reserves the host of the Vault address unless told otherwise', () => {
    const stack = vaultTestStack();
    expect(new PkiHierarchy(stack, 'pki', props).reservedNames).toEqual(['vault.dev.internal']);
    expect(new PkiHierarchy(stack, 'other', { ...props, reservedNames: ['vault.dev.internal', 'vault.dr.internal'] }).reservedNames).toEqual([
      'vault.dev.internal',
      'vault.dr.internal',
    ]);
  });

  it('fails when a base domain contains the Vault server name, repeats or contains another', () => {
    expect(() => new PkiHierarchy(vaultTestStack(), 'pki', { ...props, allowedBaseDomains: ['dev.internal', 'svc.dev.internal', '*.dev.internal'] })).toThrow(
      'test/pki: allowedBaseDomains[1]: lies below base domain [0] dev.internal; list each base domain once and none inside another (got "svc.dev.internal"); ' +
        'allowedBaseDomains[2]: expected a lower-case DNS name with at least two labels, such as dev.vaultplat.internal (no wildcards) (got "*.dev.internal"); ' +
        'allowedBaseDomains[0]: contains vault.dev.internal, a name never issued to a service (the Vault server\'s own name); choose a base domain that does not (got "dev.internal")',
    );
    expect(() => new PkiHierarchy(vaultTestStack(), 'pki', { ...props, allowedBaseDomains: [] })).toThrow(
      'test/pki: allowedBaseDomains: expected at least one base domain that service certificates are issued under',
    );
  });

  it('fails on a mount path Vault reserves', () => {
    expect(() => new PkiHierarchy(vaultTestStack(), 'pki', { ...props, rootPath: 'sys', intermediatePath: 'identity' })).toThrow(
      'test/pki: rootPath: "sys" is reserved by Vault (no secrets engine can be mounted at audit, auth, cubbyhole, identity, sys); intermediatePath: "identity" is reserved by Vault (no secrets engine can be mounted at audit, auth, cubbyhole, identity, sys)',
    );
  });

  it('fails when the intermediate outlives the root or the address is not https', () => {
    expect(() => new PkiHierarchy(vaultTestStack(), 'pki', { ...props, vaultAddress: 'http://vault', intermediateTtlDays: 4000 })).toThrow(
      'test/pki: vaultAddress: expected https://<private name>[:port], got "http://vault"; intermediateTtlDays: expected 180 days up to less than rootTtlDays (3650), got 4000',
    );
  });
});

describe('PkiRole', () => {
  it('issues only the names the service listed, server auth, 30 days by default', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    new PkiRole(stack, 'role', { ...pkiTarget(pki), name: 'application-orders', serviceName: 'orders', allowedDomains: ['orders.svc.dev.internal'] });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_pki_secret_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        name: 'application-orders',
        issuer_ref: 'default',
        allowed_domains: ['orders.svc.dev.internal'],
        // Needed to issue exactly the listed names (Vault matches an allowed_domains entry itself only with bare domains on).
        allow_bare_domains: true,
        allow_subdomains: false,
        allow_glob_domains: false,
        allow_wildcard_certificates: false,
        allow_any_name: false,
        allow_localhost: false,
        allow_ip_sans: false,
        allowed_domains_template: false,
        allowed_uri_sans: [],
        allowed_other_sans: [],
        enforce_hostnames: true,
        cn_validations: ['hostname'],
        server_flag: true,
        client_flag: false,
        code_signing_flag: false,
        email_protection_flag: false,
        basic_constraints_valid_for_non_ca: false,
        no_store: false,
        key_type: 'ec',
        key_bits: 256,
        ttl: '720h',
        max_ttl: '720h',
      }),
    );
  });

  it('issues names below its own name only when the service asks for subdomains', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    new PkiRole(stack, 'role', { ...pkiTarget(pki), name: 'application-orders', serviceName: 'orders', allowedDomains: ['orders.svc.dev.internal', 'api.orders.svc.dev.internal'], allowSubdomains: true });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_pki_secret_backend_role'));
    expect(role).toEqual(expect.objectContaining({ allowed_domains: ['orders.svc.dev.internal', 'api.orders.svc.dev.internal'], allow_subdomains: true }));
  });

  it('fails on names the service does not own: another service, the base domain, a sibling sharing a prefix, another domain', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    expect(
      () =>
        new PkiRole(stack, 'role', {
          ...pkiTarget(pki),
          name: 'application-orders',
          serviceName: 'orders',
          allowedDomains: ['payments.svc.dev.internal', 'svc.dev.internal', 'orders-admin.svc.dev.internal', 'orders.example.com'],
          allowSubdomains: true,
        }),
    ).toThrow(
      'test/role: allowedDomains[0]: orders may only get certificates for orders.svc.dev.internal and names below it (got "payments.svc.dev.internal"); ' +
        'allowedDomains[1]: orders may only get certificates for orders.svc.dev.internal and names below it (got "svc.dev.internal"); ' +
        'allowedDomains[2]: orders may only get certificates for orders.svc.dev.internal and names below it (got "orders-admin.svc.dev.internal"); ' +
        'allowedDomains[3]: orders may only get certificates for orders.svc.dev.internal and names below it (got "orders.example.com")',
    );
  });

  it('fails on wildcard or empty domains and leaf TTLs outside 30-90 days', () => {
    const stack = vaultTestStack();
    const pki = new PkiHierarchy(stack, 'pki', props);
    expect(() => new PkiRole(stack, 'empty', { ...pkiTarget(pki), name: 'x', serviceName: 'x', allowedDomains: [] })).toThrow(
      'test/empty: allowedDomains: expected at least one domain; an empty list would let the role issue nothing (or anything, depending on flags)',
    );
    expect(() => new PkiRole(stack, 'wild', { ...pkiTarget(pki), name: 'x', serviceName: 'x', allowedDomains: ['*.x.svc.dev.internal'], ttlDays: 365 })).toThrow(
      'test/wild: allowedDomains[0]: wildcards are not allowed, list exact names instead (got "*.x.svc.dev.internal"); ttlDays: expected 30-90, got 365',
    );
  });
});
