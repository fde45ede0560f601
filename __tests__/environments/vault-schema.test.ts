import { type EnvironmentInput } from '../../environments/schema';
import { problemsAfter, problemsOf, sampleConfig, sampleInput } from '../helpers';

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

    it('accepts a service in a namespace nothing else declares (its workloads stack creates it)', () => {
      expect(serviceProblems(3, (s) => (s.namespace = 'observability'))).toEqual([]);
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
      expect(problemsAfter((input) => (input.vault.audit = [{ type: 'file', path: 'file', filePath: '/vault/audit/vault-audit.log' }]))).toEqual([
        'dev.vault.audit: expected at least two audit devices, so one failing device does not block Vault (got [{"type":"file","path":"file","filePath":"/vault/audit/vault-audit.log"}])',
      ]);
      expect(
        problemsAfter(
          (input) =>
            (input.vault.audit = [
              { type: 'file', path: 'file', filePath: '/vault/audit/vault-audit.log' },
              { type: 'socket', path: 'file', address: 'collector.monitoring:9090' },
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

  describe('identity: each service is a Kubernetes identity of its own', () => {
    it('two services share a service account in one namespace of one cluster', () => {
      expect(serviceProblems(2, (s) => (s.serviceAccount = 'payments-api'))).toEqual([
        'dev.vault.services[2].serviceAccount: application/payments/payments-api is already the identity of vault.services[0] (payments-api); every service needs its own service account, or Vault gives both the same access (got "payments-api")',
      ]);
    });

    it('accepts one service account name in two namespaces (two identities)', () => {
      expect(serviceProblems(1, (s) => (s.serviceAccount = 'payments-api'))).toEqual([]);
    });

    it("a service runs as its namespace's default service account", () => {
      expect(serviceProblems(1, (s) => (s.serviceAccount = 'default'))).toEqual([
        'dev.vault.services[1].serviceAccount: "default" is the service account of every pod that names none, so Vault could not tell the service from its neighbours; give the service its own, e.g. its name (got "default")',
      ]);
    });

    it.each([
      ['kube-system', '"kube-system" is a Kubernetes system namespace (the EKS add-ons run there)'],
      ['kube-public', '"kube-public" is a Kubernetes system namespace'],
      ['kube-node-lease', '"kube-node-lease" is a Kubernetes system namespace'],
    ])('a service runs in the system namespace %s', (namespace, reason) => {
      expect(serviceProblems(3, (s) => (s.namespace = namespace))).toEqual([
        `dev.vault.services[3].namespace: ${reason}; a service needs a namespace of its own (got "${namespace}")`,
      ]);
    });

    it.each([
      ['vault', 'the Vault server'],
      ['external-secrets', 'External Secrets Operator'],
      ['cert-manager', 'cert-manager'],
      ['trust-manager', 'trust-manager'],
      ['aws-load-balancer-controller', 'the AWS Load Balancer Controller'],
      ['vault-secret-id-issuer', 'the AppRole secret-ID issuer'],
      ['amazon-cloudwatch', 'the CloudWatch Observability add-on (Container Insights)'],
    ])('a service runs in the platform namespace %s', (namespace, owner) => {
      expect(serviceProblems(3, (s) => (s.namespace = namespace))).toEqual([
        `dev.vault.services[3].namespace: "${namespace}" is where the platform runs ${owner}; a service needs a namespace of its own (got "${namespace}")`,
      ]);
    });

    it('a service runs in the default namespace', () => {
      expect(serviceProblems(3, (s) => (s.namespace = 'default'))).toEqual([
        'dev.vault.services[3].namespace: "default" is where everything lands that names no namespace; a service needs a namespace of its own (got "default")',
      ]);
    });

    it('a service runs in a platform namespace', () => {
      expect(serviceProblems(3, (s) => (s.namespace = 'external-secrets'))).toEqual([
        'dev.vault.services[3].namespace: "external-secrets" is where the platform runs External Secrets Operator; a service needs a namespace of its own (got "external-secrets")',
      ]);
    });

    it('the retired namespace list (namespaces now come from the services)', () => {
      expect(problemsAfter((input) => ((input.vault.kubernetes as Record<string, unknown>).namespaces = { tooling: ['monitoring'], application: ['payments'] }))).toEqual(
        ['dev.vault.kubernetes.namespaces: unknown field; expected one of audience'],
      );
    });
  });

  describe('certificates: only names the service owns, below the environment base domains', () => {
    it("a service lists another service's name", () => {
      expect(serviceProblems(0, (s) => (s.certificates = { allowedDomains: ['orders.dev.vaultplat.internal'] }))).toEqual([
        'dev.vault.services[0].certificates.allowedDomains[0]: payments-api may only get certificates for payments-api.dev.vaultplat.internal and names below it (got "orders.dev.vaultplat.internal")',
      ]);
    });

    it('a service asks for the base domain with subdomains (every service of the environment)', () => {
      expect(serviceProblems(0, (s) => (s.certificates = { allowedDomains: ['dev.vaultplat.internal'], allowSubdomains: true }))).toEqual([
        'dev.vault.services[0].certificates.allowedDomains[0]: payments-api may only get certificates for payments-api.dev.vaultplat.internal and names below it (got "dev.vaultplat.internal")',
      ]);
    });

    it("a service lists a name of another environment's domain", () => {
      expect(serviceProblems(2, (s) => (s.certificates = { allowedDomains: ['ledger-worker.prod.vaultplat.internal'] }))).toEqual([
        'dev.vault.services[2].certificates.allowedDomains[0]: ledger-worker may only get certificates for ledger-worker.dev.vaultplat.internal and names below it (got "ledger-worker.prod.vaultplat.internal")',
      ]);
    });

    it('accepts names below the service name, with subdomains below them', () => {
      expect(
        serviceProblems(0, (s) => (s.certificates = { allowedDomains: ['payments-api.dev.vaultplat.internal', 'webhooks.payments-api.dev.vaultplat.internal'], allowSubdomains: true })),
      ).toEqual([]);
    });

    it('a base domain contains the Vault server hostname of the environment', () => {
      expect(problemsAfter((input) => (input.vault.pki.allowedBaseDomains = ['dev.vaultplat.internal', 'dev.vault.internal']))).toEqual([
        "dev.vault.pki.allowedBaseDomains[1]: contains vault.dev.vault.internal, the Vault server hostname of this environment (vaultAccess); Vault's own name must never be issuable to a service, choose a base domain that does not contain it (got \"dev.vault.internal\")",
      ]);
    });

    it("a base domain contains another environment's Vault server hostname", () => {
      const staging = sampleInput('staging');
      staging.vault.pki.allowedBaseDomains = ['staging.vaultplat.internal', 'dev.vault.internal'];
      expect(problemsOf([sampleInput('dev'), staging])).toEqual([
        "staging.vault.pki.allowedBaseDomains[1]: contains vault.dev.vault.internal, the Vault server hostname of dev (vaultAccess); Vault's own name must never be issuable to a service, choose a base domain that does not contain it (got \"dev.vault.internal\")",
      ]);
    });

    it("a base domain overlaps another environment's base domain", () => {
      const staging = sampleInput('staging');
      staging.vault.pki.allowedBaseDomains = ['staging.vaultplat.internal', 'dev.vaultplat.internal'];
      const prod = sampleInput('prod');
      prod.vault.pki.allowedBaseDomains = ['prod.vaultplat.internal', 'eu.staging.vaultplat.internal'];
      expect(problemsOf([sampleInput('dev'), staging, prod])).toEqual([
        'staging.vault.pki.allowedBaseDomains[1]: overlaps dev.vaultplat.internal, a base domain of dev; environments issue certificates under disjoint domains (got "dev.vaultplat.internal")',
        'prod.vault.pki.allowedBaseDomains[1]: overlaps staging.vaultplat.internal, a base domain of staging; environments issue certificates under disjoint domains (got "eu.staging.vaultplat.internal")',
      ]);
    });

    it('base domains of one environment repeat or contain each other', () => {
      expect(problemsAfter((input) => (input.vault.pki.allowedBaseDomains = ['dev.vaultplat.internal', 'vaultplat.internal', 'dev.vaultplat.internal']))).toEqual([
        'dev.vault.pki.allowedBaseDomains[1]: contains base domain [0] dev.vaultplat.internal; list each base domain once and none inside another (got "vaultplat.internal")',
        'dev.vault.pki.allowedBaseDomains[2]: repeats base domain [0] dev.vaultplat.internal; list each base domain once and none inside another (got "dev.vaultplat.internal")',
      ]);
    });

    it('a base domain is not a DNS name or is missing', () => {
      expect(problemsAfter((input) => (input.vault.pki.allowedBaseDomains = ['*.vaultplat.internal']))).toEqual([
        'dev.vault.pki.allowedBaseDomains[0]: expected a lower-case DNS name with at least two labels, such as dev.vaultplat.internal (no wildcards) (got "*.vaultplat.internal")',
      ]);
      expect(problemsAfter((input) => delete (input.vault.pki as { allowedBaseDomains?: unknown }).allowedBaseDomains)).toEqual([
        'dev.vault.pki.allowedBaseDomains: is required (expected array)',
      ]);
    });
  });

  describe("database: a service's grants touch only its own schema", () => {
    it("a service declares another service's default schema", () => {
      expect(serviceProblems(2, (s) => (s.database = { access: 'read-write', schema: 'payments_api' }))).toEqual([
        "dev.vault.services[2].database.schema: is the default schema of vault.services[0] (payments-api); a service's generated grants touch only its own schema, choose another (got \"payments_api\")",
      ]);
    });

    it('a service declares the default schema of a service without database access', () => {
      expect(serviceProblems(1, (s) => (s.database = { access: 'read-only', schema: 'grafana' }))).toEqual([
        "dev.vault.services[1].database.schema: is the default schema of vault.services[3] (grafana); a service's generated grants touch only its own schema, choose another (got \"grafana\")",
      ]);
    });

    it('two services declare the same schema', () => {
      expect(
        problemsAfter((input) => {
          input.vault.services![0].database = { access: 'read-write', schema: 'ledger' };
          input.vault.services![2].database = { access: 'read-write', schema: 'ledger' };
        }),
      ).toEqual([
        'dev.vault.services[2].database.schema: already belongs to vault.services[0] (payments-api); every service with database access owns its own schema (got "ledger")',
      ]);
    });

    it.each(['public', 'information_schema', 'pg_catalog'])('a service declares the shared or system schema %s', (schema) => {
      expect(serviceProblems(0, (s) => (s.database = { access: 'read-write', schema }))).toEqual([
        `dev.vault.services[0].database.schema: "${schema}" is not a service's own schema (public, information_schema and pg_* are shared or reserved by PostgreSQL) (got "${schema}")`,
      ]);
    });
  });

  describe('audit: every device keeps what it is given', () => {
    const onVolume = { type: 'file', path: 'file', filePath: '/vault/audit/vault-audit.log' } as const;

    it('no file device writes to the persistent audit volume', () => {
      expect(
        problemsAfter(
          (input) =>
            (input.vault.audit = [
              { type: 'file', path: 'file', filePath: '/var/log/vault/audit.log' },
              { type: 'file', path: 'stdout', filePath: 'stdout' },
            ]),
        ),
      ).toEqual([
        'dev.vault.audit: expected at least one file device writing below /vault/audit/ (the persistent audit volume); stdout and sockets only in addition',
        'dev.vault.audit[0].filePath: is not on the persistent audit volume; file devices write a file below /vault/audit/ (the volume the Vault server deployment mounts), e.g. /vault/audit/vault-audit.log, or "stdout" (got "/var/log/vault/audit.log")',
      ]);
    });

    it('a device writes to /dev/null', () => {
      expect(problemsAfter((input) => (input.vault.audit = [onVolume, { type: 'file', path: 'null', filePath: '/dev/null' }]))).toEqual([
        'dev.vault.audit[1].filePath: is a device, not a durable file (for the container log write "stdout"); write a file below /vault/audit/ (got "/dev/null")',
      ]);
    });

    it("a device uses Vault's discard sink (in any case)", () => {
      expect(problemsAfter((input) => (input.vault.audit = [onVolume, { type: 'file', path: 'discard', filePath: 'Discard' }]))).toEqual([
        'dev.vault.audit[1].filePath: "discard" throws every audit entry away; write a file below /vault/audit/ (got "Discard")',
      ]);
    });

    it('a file path climbs out of the audit volume', () => {
      expect(problemsAfter((input) => (input.vault.audit = [onVolume, { type: 'file', path: 'up', filePath: '/vault/audit/../logs/audit.log' }]))).toEqual([
        'dev.vault.audit[1].filePath: is not on the persistent audit volume; file devices write a file below /vault/audit/ (the volume the Vault server deployment mounts), e.g. /vault/audit/vault-audit.log, or "stdout" (got "/vault/audit/../logs/audit.log")',
      ]);
    });

    it('a device is syslog or a UDP socket', () => {
      expect(problemsAfter((input) => (input.vault.audit = [onVolume, { type: 'syslog', path: 'syslog' } as never]))).toEqual([
        'dev.vault.audit[1].type: expected an audit device of type "file" or "socket" (no "syslog": the Vault server pods run no syslog daemon) (got "syslog")',
      ]);
      expect(
        problemsAfter((input) => (input.vault.audit = [onVolume, { type: 'socket', path: 'siem', address: 'siem.monitoring:514', socketType: 'udp' } as never])),
      ).toEqual(['dev.vault.audit[1].socketType: expected "tcp" (the default): UDP drops audit entries silently (got "udp")']);
    });

    it('accepts a file on the volume with stdout and a TCP socket in addition', () => {
      expect(
        problemsAfter(
          (input) =>
            (input.vault.audit = [
              onVolume,
              { type: 'file', path: 'stdout', filePath: 'stdout' },
              { type: 'socket', path: 'siem', address: 'siem.monitoring:6514', socketType: 'tcp' },
            ]),
        ),
      ).toEqual([]);
    });
  });

  describe('mount paths Vault reserves', () => {
    it.each(['sys', 'auth', 'audit', 'cubbyhole', 'identity'])('the KV mount is at %s', (path) => {
      expect(problemsAfter((input) => (input.vault.kv = { path, maxVersions: 10 }))).toEqual([
        `dev.vault.kv.path: "${path}" is reserved by Vault (no secrets engine can be mounted at audit, auth, cubbyhole, identity, sys); choose another path such as "kv" (got "${path}")`,
      ]);
    });
  });
});
