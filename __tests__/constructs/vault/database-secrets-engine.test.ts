import { DatabaseRole, creationStatements, revocationStatements, serviceSchemaName } from '../../../constructs/vault/database-role';
import { DatabaseSecretsEngine } from '../../../constructs/vault/database-secrets-engine';
import { DEFAULT_MOUNT_PATHS, serviceNames, serviceRoleNamePatterns } from '../../../constructs/vault/service-grants';
import { resourcesOf, sampleConfig, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const database = { address: 'db.example.internal', port: 5432, databaseName: 'platform' };
const allowedRoles = ['application-*', 'tooling-*'];
/** Where a DatabaseRole creates its role: the engine's mount and connection, by name (as the service stacks do). */
const target = { mountPath: 'database', connectionName: 'postgres' };

/**
 * ryanuber/go-glob `Glob(pattern, subj)` (glob.go), transcribed: what Vault's database backend applies to each
 * `allowed_roles` entry (hashicorp/vault builtin/logical/database/path_creds_create.go, StrListContainsGlob).
 */
function goGlob(pattern: string, subject: string): boolean {
  if (pattern === '') return subject === pattern;
  const parts = pattern.split('*');
  if (parts.length === 1) return subject === pattern;
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  let rest = subject;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === 0) {
      if (!leading && !rest.startsWith(part)) return false;
      if (leading) continue;
    } else if (i === parts.length - 1) {
      if (rest.length > 0) return trailing || rest.endsWith(part);
    } else if (!rest.includes(part)) return false;
    rest = rest.slice(rest.indexOf(part) + part.length);
  }
  return true;
}

describe('DatabaseSecretsEngine', () => {
  it('connects with verify-full TLS, a write-only bootstrap password from an ephemeral variable, and rotates root after setup', () => {
    const stack = vaultTestStack();
    new DatabaseSecretsEngine(stack, 'db', { database, allowedRoles });
    const json = synthStack(stack);
    const [connection] = Object.values(resourcesOf(json, 'vault_database_secret_backend_connection'));
    expect(connection).toEqual(
      expect.objectContaining({
        name: 'postgres',
        plugin_name: 'postgresql-database-plugin',
        verify_connection: true,
        allowed_roles: ['application-*', 'tooling-*'],
        postgresql: {
          connection_url:
            'postgresql://{{username}}:{{password}}@db.example.internal:5432/platform?sslmode=verify-full&sslrootcert=/vault/userconfig/rds-ca/global-bundle.pem',
          username: 'vault_admin',
          password_wo: '${var.vault_database_bootstrap_password}',
          password_wo_version: 1,
          password_authentication: 'scram-sha-256',
          max_open_connections: 4,
        },
      }),
    );
    expect(json.variable.vault_database_bootstrap_password).toEqual(
      expect.objectContaining({ type: 'string', sensitive: true, ephemeral: true, nullable: true, default: null }),
    );
    const [rotation] = Object.values(resourcesOf(json, 'vault_generic_endpoint'));
    const connectionAddress = `vault_database_secret_backend_connection.${Object.keys(resourcesOf(json, 'vault_database_secret_backend_connection'))[0]}`;
    expect(rotation).toEqual(
      expect.objectContaining({
        path: 'database/rotate-root/postgres',
        disable_read: true,
        disable_delete: true,
        depends_on: [connectionAddress],
        lifecycle: { replace_triggered_by: [connectionAddress] },
      }),
    );
  });

  it('fails on an unusable connection setup', () => {
    expect(
      () => new DatabaseSecretsEngine(vaultTestStack(), 'db', { database: { ...database, port: 0 }, username: 'Vault-Admin', caBundlePath: 'ca.pem', allowedRoles }),
    ).toThrow(
      'test/db: username: expected a PostgreSQL identifier (lower-case, digits, _), got "Vault-Admin"; caBundlePath: expected an absolute path on the Vault servers, got "ca.pem"; database.port: expected 1-65535, got 0',
    );
  });

  it('refuses "*" alone or no allowed role: a connection admits named roles or name prefixes only', () => {
    expect(() => new DatabaseSecretsEngine(vaultTestStack(), 'db', { database, allowedRoles: ['*', 'Application-*'] })).toThrow(
      'test/db: allowedRoles[0]: expected a role name or a prefix glob such as "application-*" (never "*" alone), got "*"; allowedRoles[1]: expected a role name or a prefix glob such as "application-*" (never "*" alone), got "Application-*"',
    );
    expect(() => new DatabaseSecretsEngine(vaultTestStack(), 'db', { database, allowedRoles: [] })).toThrow('test/db: allowedRoles: expected at least one role name or prefix glob');
  });

  it('admits, with the service role name patterns, every service role and no platform name, as Vault matches them', () => {
    const patterns = serviceRoleNamePatterns();
    const env = sampleConfig('dev');
    const roles = env.vault.services.map((s) => serviceNames(s, DEFAULT_MOUNT_PATHS).roleName);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect([role, patterns.some((p) => goGlob(p, role))]).toEqual([role, true]);
    for (const other of ['postgres', 'platform-raft-snapshot', 'vault-admin', 'app-orders', 'toolingx-a', '']) {
      expect([other, patterns.some((p) => goGlob(p, other))]).toEqual([other, false]);
    }
    // The transcription behaves like go-glob on its documented cases.
    expect([goGlob('a*', 'abc'), goGlob('*c', 'abc'), goGlob('a*c', 'abc'), goGlob('a*d', 'abc'), goGlob('abc', 'abc')]).toEqual([true, true, true, false, true]);
  });
});

describe('DatabaseRole', () => {
  it('creates a read-only role limited to its schema with 1 h / 24 h TTLs by default', () => {
    const stack = vaultTestStack();
    new DatabaseRole(stack, 'role', { ...target, name: 'application-orders', access: 'read-only', schema: 'orders' });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_database_secret_backend_role'));
    expect(role).toEqual(
      expect.objectContaining({
        name: 'application-orders',
        default_ttl: 3600,
        max_ttl: 86400,
        creation_statements: creationStatements('read-only', 'orders'),
        revocation_statements: revocationStatements('orders'),
      }),
    );
    expect(role.creation_statements.join(' ')).not.toMatch(/INSERT|UPDATE|DELETE|CREATE ON|ALL PRIVILEGES/);
  });

  it('grants DML and sequences, never DDL, to read-write roles', () => {
    expect(creationStatements('read-write', 'payments')).toEqual([
      `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      'GRANT USAGE ON SCHEMA "payments" TO "{{name}}";',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "payments" TO "{{name}}";',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "payments" TO "{{name}}";',
    ]);
  });

  it('fails with TTLs above their maximum or a bad schema', () => {
    const stack = vaultTestStack();
    expect(
      () => new DatabaseRole(stack, 'bad', { ...target, name: 'x', access: 'read-only', schema: 'Orders;', defaultTtlSeconds: 90000, maxTtlSeconds: 172800 }),
    ).toThrow(
      'test/bad: schema: expected a PostgreSQL identifier: 1-63 lower-case letters, digits or _, not starting with a digit, got "Orders;"; maxTtlSeconds: expected at most 86400, got 172800',
    );
  });

  it('creates its role on the engine and connection it names, by literal path (the engine lives in vault-config)', () => {
    const stack = vaultTestStack();
    new DatabaseRole(stack, 'role', { mountPath: 'db-x', connectionName: 'pg', name: 'application-orders', access: 'read-only', schema: 'orders' });
    const [role] = Object.values(resourcesOf(synthStack(stack), 'vault_database_secret_backend_role'));
    expect([role.backend, role.db_name]).toEqual(['db-x', 'pg']);
  });

  it('fails when a role would touch a shared or reserved schema', () => {
    const stack = vaultTestStack();
    for (const schema of ['public', 'information_schema', 'pg_catalog', 'pg_temp']) {
      expect(() => new DatabaseRole(stack, schema, { ...target, name: 'x', access: 'read-write', schema })).toThrow(
        `test/${schema}: schema: "${schema}" is not a service's own schema (public, information_schema and pg_* are shared or reserved by PostgreSQL), got "${schema}"`,
      );
    }
  });

  it('names only the given schema in every grant and revocation of both access levels', () => {
    for (const access of ['read-only', 'read-write'] as const) {
      const statements = [...creationStatements(access, 'ledger_worker'), ...revocationStatements('ledger_worker')];
      // Every statement that grants or revokes privileges names a schema, and that schema is the service's own.
      const privilegeStatements = statements.filter((s) => /^(GRANT|REVOKE)/.test(s));
      expect(privilegeStatements.length).toBeGreaterThan(0);
      for (const statement of privilegeStatements) {
        expect([...statement.matchAll(/SCHEMA "([^"]+)"/g)].map((m) => m[1])).toEqual(['ledger_worker']);
        expect(statement).not.toMatch(/DATABASE|ALL SCHEMAS|public|DEFAULT PRIVILEGES|CREATE ON|WITH GRANT OPTION/);
      }
    }
  });
});

describe('serviceSchemaName', () => {
  it("is the declared schema, else the service name with '-' replaced by '_'", () => {
    expect(serviceSchemaName('ledger-worker')).toBe('ledger_worker');
    expect(serviceSchemaName('ledger-worker', 'ledger')).toBe('ledger');
  });
});
