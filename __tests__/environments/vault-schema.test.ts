import { type EnvironmentInput } from '../../environments/schema';
import { problemsAfter, sampleConfig } from '../helpers';

type Services = NonNullable<EnvironmentInput['vault']['services']>;
type Service = Services[number];

/** Problems after changing one service of the dev sample (0 payments-api, 1 orders, 2 ledger-worker, 3 grafana). */
function serviceProblems(index: number, change: (service: Service & Record<string, unknown>) => void): string[] {
  return problemsAfter((input) => change(input.vault.services![index] as Service & Record<string, unknown>));
}

describe('vault schema', () => {
  it('accepts the sample environments with their defaults applied', () => {
    const vault = sampleConfig('dev').vault;
    expect(vault.kv).toEqual({ path: 'kv', maxVersions: 10 });
    expect(vault.databaseCredentials).toEqual({ username: 'vault_admin', defaultTtlSeconds: 3600, maxTtlSeconds: 86400 });
    expect(vault.services.map((s) => [s.name, s.delivery])).toEqual([
      ['payments-api', 'eso'],
      ['orders', 'eso'],
      ['ledger-worker', 'direct'],
      ['grafana', 'eso'],
    ]);
    expect(vault.services[0].certificates).toEqual({ allowedDomains: ['payments-api.dev.vaultplat.internal'], allowSubdomains: false, clientAuth: false });
    expect(sampleConfig('prod').vault.kv.maxVersions).toBe(20);
  });

  describe('fails when', () => {
    it('a service name is not a DNS-1123 label', () => {
      expect(serviceProblems(0, (s) => (s.name = 'Payments_API'))).toEqual([
        'dev.vault.services[0].name: expected a service name: a DNS-1123 label of at most 63 lower-case letters, digits or \'-\', starting and ending with a letter or digit (got "Payments_API")',
      ]);
    });

    it('two services share a name', () => {
      expect(serviceProblems(3, (s) => (s.name = 'orders'))).toEqual([
        'dev.vault.services[3].name: is already declared by vault.services[1]; service names must be unique in an environment (got "orders")',
      ]);
    });

    it('a service runs on a cluster that does not exist', () => {
      expect(serviceProblems(3, (s) => (s.cluster = 'batch' as Service['cluster']))).toEqual([
        'dev.vault.services[3].cluster: unknown cluster; expected one of tooling, application (got "batch")',
      ]);
    });

    it('a service runs in a namespace that does not exist on its cluster', () => {
      expect(serviceProblems(3, (s) => (s.namespace = 'payments'))).toEqual([
        'dev.vault.services[3].namespace: does not exist on the tooling cluster; expected one of monitoring, external-secrets (declare it in vault.kubernetes.namespaces.tooling) (got "payments")',
      ]);
    });

    it('a direct service has no justification', () => {
      expect(serviceProblems(2, (s) => delete s.justification)).toEqual([
        'dev.vault.services[2].justification: "direct" delivery needs a written justification of at least 20 characters (why ESO is not enough); otherwise use "eso" (got nothing)',
      ]);
    });

    it('a direct service has a token justification', () => {
      expect(serviceProblems(2, (s) => (s.justification = 'needed'))).toEqual([
        'dev.vault.services[2].justification: "direct" delivery needs a written justification of at least 20 characters (why ESO is not enough); otherwise use "eso" (got "needed")',
      ]);
    });

    it('an ESO service carries a justification or AppRole settings', () => {
      expect(
        serviceProblems(3, (s) => {
          s.justification = 'because we want to talk to Vault';
          s.appRole = { secretIdNumUses: 5 };
        }),
      ).toEqual([
        'dev.vault.services[3].justification: is only for "direct" delivery; remove it or set delivery: "direct" (got "because we want to talk to Vault")',
        'dev.vault.services[3].appRole: is only for "direct" delivery; ESO services have no AppRole (got {"secretIdNumUses":5})',
      ]);
    });

    it('a service asks for database access in an environment without a database', () => {
      const problems = problemsAfter((input) => {
        delete (input as Partial<EnvironmentInput>).database;
        input.vault.services = input.vault.services!.filter((s) => s.name === 'orders');
      });
      expect(problems).toEqual([
        'dev.vault.services[0].database: the environment has no database section; remove the database access or add a database to the environment (got {"access":"read-only"})',
      ]);
    });

    it('a service token TTL is above the environment maximum', () => {
      expect(
        serviceProblems(0, (s) => {
          s.tokenTtlSeconds = 7200;
          s.tokenMaxTtlSeconds = 7200;
        }),
      ).toEqual([
        'dev.vault.services[0].tokenTtlSeconds: is above the maximum vault.tokens.maxTtlSeconds (3600) (got 7200)',
        'dev.vault.services[0].tokenMaxTtlSeconds: is above the maximum vault.tokens.maxTtlSeconds (3600) (got 7200)',
      ]);
    });

    it('a service token TTL is above its own max TTL', () => {
      expect(serviceProblems(2, (s) => (s.tokenTtlSeconds = 2400))).toEqual([
        "dev.vault.services[2].tokenTtlSeconds: is above the service's tokenMaxTtlSeconds (1800) (got 2400)",
      ]);
    });

    it('a token TTL is above the hard ceiling', () => {
      expect(problemsAfter((input) => (input.vault.tokens = { ttlSeconds: 900, maxTtlSeconds: 86400 }))).toEqual([
        'dev.vault.tokens.maxTtlSeconds: expected 60-14400 seconds (got 86400)',
      ]);
    });

    it('the default token TTL is above the maximum', () => {
      expect(problemsAfter((input) => (input.vault.tokens = { ttlSeconds: 3000, maxTtlSeconds: 1800 }))).toEqual([
        'dev.vault.tokens.ttlSeconds: is above the maximum vault.tokens.maxTtlSeconds (1800) (got 3000)',
      ]);
    });

    it('database credential TTLs are above their maximum', () => {
      expect(
        serviceProblems(2, (s) => {
          s.database = { access: 'read-write', defaultTtlSeconds: 7200, maxTtlSeconds: 3600 };
        }),
      ).toEqual(['dev.vault.services[2].database.defaultTtlSeconds: is above the maximum TTL of its credentials (3600) (got 7200)']);
      expect(
        problemsAfter((input) => {
          input.vault.databaseCredentials = { maxTtlSeconds: 43200 };
          input.vault.services![2].database = { access: 'read-write', maxTtlSeconds: 50000 };
        }),
      ).toEqual(['dev.vault.services[2].database.maxTtlSeconds: is above the maximum vault.databaseCredentials.maxTtlSeconds (43200) (got 50000)']);
      expect(serviceProblems(2, (s) => (s.database = { access: 'read-write', maxTtlSeconds: 172800 }))).toEqual([
        'dev.vault.services[2].database.maxTtlSeconds: expected 60-86400 seconds (got 172800)',
      ]);
    });

    it('a certificate lifetime is outside 30-90 days', () => {
      expect(serviceProblems(0, (s) => (s.certificates = { allowedDomains: ['payments-api.dev.vaultplat.internal'], ttlDays: 365 }))).toEqual([
        'dev.vault.services[0].certificates.ttlDays: expected 30-90 days (got 365)',
      ]);
    });

    it('PKI domains are empty or wildcards', () => {
      expect(serviceProblems(0, (s) => (s.certificates = { allowedDomains: [] }))).toEqual([
        'dev.vault.services[0].certificates.allowedDomains: expected at least one domain; an empty list would let the role issue nothing (or anything, depending on flags) (got [])',
      ]);
      expect(serviceProblems(0, (s) => (s.certificates = { allowedDomains: ['*.dev.vaultplat.internal', '', 'localhost'] }))).toEqual([
        'dev.vault.services[0].certificates.allowedDomains[0]: wildcards are not allowed, list exact names instead (got "*.dev.vaultplat.internal")',
        'dev.vault.services[0].certificates.allowedDomains[1]: expected a DNS name, got an empty value (got "")',
        'dev.vault.services[0].certificates.allowedDomains[2]: expected a lower-case DNS name with at least two labels (got "localhost")',
      ]);
    });

    it('a secret key has no purpose', () => {
      expect(serviceProblems(0, (s) => (s.secrets = [{ key: 'stripe_api_key', purpose: '  ' }, { key: 'webhook_signing_secret' } as never]))).toEqual([
        'dev.vault.services[0].secrets[0].purpose: expected a one-line purpose for this secret key (what the value is used for) (got "  ")',
        'dev.vault.services[0].secrets[1].purpose: is required: a one-line purpose for this secret key',
      ]);
    });

    it('a secret key is listed twice or badly named', () => {
      expect(serviceProblems(1, (s) => (s.secrets = [{ key: 'smtp_password', purpose: 'a' }, { key: 'smtp_password', purpose: 'b' }, { key: 'SMTP-user', purpose: 'c' }]))).toEqual([
        'dev.vault.services[1].secrets[2].key: expected a secret key in snake_case (a-z, 0-9, _), starting with a letter (got "SMTP-user")',
        'dev.vault.services[1].secrets[1].key: is declared twice; every secret key is listed once with its purpose (got "smtp_password")',
      ]);
    });

    it('a signing key-set has no primary, two primaries or repeated ids', () => {
      expect(serviceProblems(1, (s) => (s.signingKeys = { keys: [{ id: 'k1', status: 'verifying' }] }))).toEqual([
        'dev.vault.services[1].signingKeys.keys: expected exactly one key with status "primary", got 0',
      ]);
      expect(
        serviceProblems(1, (s) => (s.signingKeys = { keys: [{ id: 'k1', status: 'primary' }, { id: 'k1', status: 'primary' }] })),
      ).toEqual([
        'dev.vault.services[1].signingKeys.keys: expected exactly one key with status "primary", got 2',
        'dev.vault.services[1].signingKeys.keys[1].id: key id "k1" is listed twice',
      ]);
    });

    it('fewer than two audit devices or two devices on one path', () => {
      expect(problemsAfter((input) => (input.vault.audit = [{ type: 'file', path: 'file', filePath: 'stdout' }]))).toEqual([
        'dev.vault.audit: expected at least two audit devices, so one failing device does not block Vault (got [{"type":"file","path":"file","filePath":"stdout"}])',
      ]);
      expect(
        problemsAfter(
          (input) =>
            (input.vault.audit = [
              { type: 'file', path: 'file', filePath: 'stdout' },
              { type: 'syslog', path: 'file' },
            ]),
        ),
      ).toEqual(['dev.vault.audit[1].path: is already used by another audit device; every device needs its own path (got "file")']);
    });

    it('the KV mount keeps too many versions', () => {
      expect(problemsAfter((input) => (input.vault.kv = { path: 'kv', maxVersions: 0 }))).toEqual(['dev.vault.kv.maxVersions: expected 1-100 versions (got 0)']);
    });

    it('several problems exist, reporting them all in one run', () => {
      const problems = problemsAfter((input) => {
        input.vault.services![3].name = 'orders';
        delete input.vault.services![2].justification;
        input.vault.services![0].certificates = { allowedDomains: ['*'] };
      });
      expect(problems).toHaveLength(3);
    });
  });
});
