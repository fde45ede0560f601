import { DatabaseRole, creationStatements, revocationStatements, serviceSchemaName } from '../../../constructs/vault/database-role';
import { DatabaseSecretsEngine } from '../../../constructs/vault/database-secrets-engine';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

const database = { address: 'db.example.internal', port: 5432, databaseName: 'platform' };

describe('DatabaseSecretsEngine', () => {
  it('connects with verify-full TLS, a write-only bootstrap password from an ephemeral variable, and rotates root after setup', () => {
    const stack = vaultTestStack();
    const engine = new DatabaseSecretsEngine(stack, 'db', { database });
    new DatabaseRole(stack, 'reader', { engine, name: 'application-orders', access: 'read-only', schema: 'orders' });
    const json = synthStack(stack);
    const [connection] = Object.values(resourcesOf(json, 'vault_database_secret_backend_connection'));
    expect(connection).toEqual(
      expect.objectContaining({
        name: 'postgres',
        plugin_name: 'postgresql-database-plugin',
        verify_connection: true,
        allowed_roles: ['application-orders'],
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
      () => new DatabaseSecretsEngine(vaultTestStack(), 'db', { database: { ...database, port: 0 }, username: 'Vault-Admin', caBundlePath: 'ca.pem' }),
    ).toThrow(
      'test/db: username: expected a PostgreSQL identifier (lower-case, digits, _), got "Vault-Admin"; caBundlePath: expected an absolute path on the Vault servers, got "ca.pem"; database.port: expected 1-65535, got 0',
    );
  });
});

describe('DatabaseRole', () => {
  it('creates a read-only role limited to its schema with 1 h / 24 h TTLs by default', () => {
    const stack = vaultTestStack();
    const engine = new DatabaseSecretsEngine(stack, 'db', { database });
    new DatabaseRole(stack, 'role', { engine, name: 'application-orders', access: 'read-only', schema: 'orders' });
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

  it('fails with TTLs above their maximum, a bad schema or a role defined twice', () => {
    const stack = vaultTestStack();
    const engine = new DatabaseSecretsEngine(stack, 'db', { database });
    expect(
      () => new DatabaseRole(stack, 'bad', { engine, name: 'x', access: 'read-only', schema: 'Orders;', defaultTtlSeconds: 90000, maxTtlSeconds: 172800 }),
    ).toThrow(
      'test/bad: schema: expected a PostgreSQL identifier: 1-63 lower-case letters, digits or _, not starting with a digit, got "Orders;"; maxTtlSeconds: expected at most 86400, got 172800',
    );
    new DatabaseRole(stack, 'one', { engine, name: 'dup', access: 'read-only', schema: 's' });
    expect(() => new DatabaseRole(stack, 'two', { engine, name: 'dup', access: 'read-only', schema: 't' })).toThrow('test/db: database role "dup" is defined twice');
  });

  it('fails when a role would touch a shared or reserved schema', () => {
    const stack = vaultTestStack();
    const engine = new DatabaseSecretsEngine(stack, 'db', { database });
    for (const schema of ['public', 'information_schema', 'pg_catalog', 'pg_temp']) {
      expect(() => new DatabaseRole(stack, schema, { engine, name: 'x', access: 'read-write', schema })).toThrow(
        `test/${schema}: schema: "${schema}" is not a service's own schema (public, information_schema and pg_* are shared or reserved by PostgreSQL), got "${schema}"`,
      );
    }
  });

  it("fails when a second role would touch another role's schema", () => {
    const stack = vaultTestStack();
    const engine = new DatabaseSecretsEngine(stack, 'db', { database });
    new DatabaseRole(stack, 'orders', { engine, name: 'application-orders', access: 'read-write', schema: 'orders' });
    expect(() => new DatabaseRole(stack, 'reports', { engine, name: 'application-reports', access: 'read-only', schema: 'orders' })).toThrow(
      'test/db: database role "application-reports": schema "orders" already belongs to role "application-orders"; every role owns its own schema',
    );
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
