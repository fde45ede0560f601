import { DatabaseSecretBackendRole } from '@cdktf/provider-vault/lib/database-secret-backend-role';
import { Construct } from 'constructs';
import { type DatabaseAccess } from './service-grants';

export interface DatabaseRoleProps {
  /** Mount path of the database secrets engine (`database`). */
  readonly mountPath: string;
  /** The connection the role creates users on (`postgres`); its `allowed_roles` must match {@link name}. */
  readonly connectionName: string;
  /** Role name, `<cluster>-<service>`. */
  readonly name: string;
  readonly access: DatabaseAccess;
  /**
   * PostgreSQL schema the service owns (see {@link serviceSchemaName}); the only schema the generated users can touch.
   * No other service may use it (the environment schema checks it: `checkSchemaOwnership`).
   */
  readonly schema: string;
  /** @default 3600 (1 hour) */
  readonly defaultTtlSeconds?: number;
  /** @default 86400 (24 hours) */
  readonly maxTtlSeconds?: number;
}

export const DATABASE_TTL_CEILING_SECONDS = 86_400;
const ROLE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Schemas no service may own: `public` (every database's default schema: objects created without a schema land
 * there, so grants on it reach tables the service does not own), `information_schema` and everything starting with
 * `pg_` (reserved by PostgreSQL for system schemas: https://www.postgresql.org/docs/17/ddl-schemas.html, "Creating a
 * Schema").
 */
export const RESERVED_SCHEMA_NAMES = ['public', 'information_schema'] as const;
export const RESERVED_SCHEMA_PREFIX = 'pg_';

/**
 * The schema a service owns: the one it declares, or by default its name with `-` replaced by `_`
 * (`ledger-worker` owns `ledger_worker`). One schema per service; the environment schema checks that no two services
 * own the same schema and that no service declares another service's default schema.
 */
export function serviceSchemaName(serviceName: string, declared?: string): string {
  return declared ?? serviceName.replace(/-/g, '_');
}

/** Why `schema` cannot be a service's own schema, or undefined when it can. */
export function schemaNameProblem(schema: string): string | undefined {
  if (!PG_IDENTIFIER.test(schema)) return 'expected a PostgreSQL identifier: 1-63 lower-case letters, digits or _, not starting with a digit';
  if ((RESERVED_SCHEMA_NAMES as readonly string[]).includes(schema) || schema.startsWith(RESERVED_SCHEMA_PREFIX)) {
    return `"${schema}" is not a service's own schema (${RESERVED_SCHEMA_NAMES.join(', ')} and ${RESERVED_SCHEMA_PREFIX}* are shared or reserved by PostgreSQL)`;
  }
  return undefined;
}

/**
 * Creation statements of one access level, limited to one schema: every statement after `CREATE ROLE` names exactly
 * that schema (`USAGE` on it; table and sequence privileges `IN SCHEMA` it), never a database, `ALL SCHEMAS` or
 * `public`. Only tables existing when the credentials are created are granted; nothing is granted by default
 * privileges, so a user never gains access to objects created later by someone else.
 */
export function creationStatements(access: DatabaseAccess, schema: string): string[] {
  const dml = access === 'read-only' ? 'SELECT' : 'SELECT, INSERT, UPDATE, DELETE';
  const statements = [
    `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
    `GRANT USAGE ON SCHEMA "${schema}" TO "{{name}}";`,
    `GRANT ${dml} ON ALL TABLES IN SCHEMA "${schema}" TO "{{name}}";`,
  ];
  if (access === 'read-write') statements.push(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "{{name}}";`);
  return statements;
}

/** Revocation statements: remove every privilege, then the user. */
export function revocationStatements(schema: string): string[] {
  return [
    `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA "${schema}" FROM "{{name}}";`,
    `REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA "${schema}" FROM "{{name}}";`,
    `REVOKE USAGE ON SCHEMA "${schema}" FROM "{{name}}";`,
    `DROP OWNED BY "{{name}}";`,
    `DROP ROLE IF EXISTS "{{name}}";`,
  ];
}

/**
 * A dynamic-credentials role for one service: explicit creation and revocation statements limited to the service's
 * schema (read-only: `SELECT`; read-write: DML and sequences, never DDL), 1 h leases renewable up to 24 h by default.
 */
export class DatabaseRole extends Construct {
  readonly name: string;
  /** The only schema the generated users can touch. */
  readonly schema: string;
  readonly role: DatabaseSecretBackendRole;

  constructor(scope: Construct, id: string, props: DatabaseRoleProps) {
    super(scope, id);
    const ttl = props.defaultTtlSeconds ?? 3600;
    const maxTtl = props.maxTtlSeconds ?? DATABASE_TTL_CEILING_SECONDS;
    const problems: string[] = [];
    if (!ROLE_NAME.test(props.name)) problems.push(`name: expected lower-case letters, digits or '-', got "${props.name}"`);
    const schemaProblem = schemaNameProblem(props.schema);
    if (schemaProblem) problems.push(`schema: ${schemaProblem}, got "${props.schema}"`);
    if (!Number.isInteger(ttl) || ttl < 60) problems.push(`defaultTtlSeconds: expected at least 60, got ${ttl}`);
    if (!Number.isInteger(maxTtl) || maxTtl > DATABASE_TTL_CEILING_SECONDS) problems.push(`maxTtlSeconds: expected at most ${DATABASE_TTL_CEILING_SECONDS}, got ${maxTtl}`);
    if (ttl > maxTtl) problems.push(`defaultTtlSeconds: ${ttl} is above maxTtlSeconds ${maxTtl}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.name = props.name;
    this.schema = props.schema;
    this.role = new DatabaseSecretBackendRole(this, 'role', {
      backend: props.mountPath,
      name: props.name,
      dbName: props.connectionName,
      creationStatements: creationStatements(props.access, props.schema),
      revocationStatements: revocationStatements(props.schema),
      defaultTtl: ttl,
      maxTtl,
    });
  }
}
