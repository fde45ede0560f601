import { DatabaseSecretBackendConnection } from '@cdktf/provider-vault/lib/database-secret-backend-connection';
import { GenericEndpoint } from '@cdktf/provider-vault/lib/generic-endpoint';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { Lazy, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';

/** Where the environment's PostgreSQL listens (the data stack's outputs). */
export interface PostgresEndpoint {
  readonly address: string;
  readonly port: number;
  readonly databaseName: string;
}

export interface DatabaseSecretsEngineProps {
  readonly database: PostgresEndpoint;
  /**
   * Mount path.
   * @default 'database'
   */
  readonly path?: string;
  /**
   * Connection name (`<path>/config/<name>`).
   * @default 'postgres'
   */
  readonly connectionName?: string;
  /**
   * Vault's own database user, created once by the database administrator with `CREATEROLE` (see
   * docs/secrets-architecture.md). Its bootstrap password comes from the Terraform variable
   * `vault_database_bootstrap_password` and is rotated by Vault right after setup.
   * @default 'vault_admin'
   */
  readonly username?: string;
  /**
   * Increment to send a new bootstrap password (write-only attributes are only sent when their version changes).
   * @default 1
   */
  readonly bootstrapPasswordVersion?: number;
  /**
   * File on the Vault servers holding the RDS CA bundle; the connection uses `sslmode=verify-full` with it.
   * @default '/vault/userconfig/rds-ca/global-bundle.pem'
   */
  readonly caBundlePath?: string;
  /** @default 4 */
  readonly maxOpenConnections?: number;
}

const PG_USER = /^[a-z_][a-z0-9_]{0,62}$/;
/** Default connection name (`<path>/config/postgres`). */
export const DEFAULT_CONNECTION_NAME = 'postgres';

/**
 * The database secrets engine connected to the environment's PostgreSQL with TLS verification (`verify-full`).
 *
 * Vault's own database user is bootstrapped without a password in code: the value is a sensitive, ephemeral Terraform
 * variable fed to the write-only `password_wo` attribute (never stored in state), and Vault rotates that root
 * credential immediately after the connection is created (`rotate-root`), so afterwards only Vault knows it.
 * `allowed_roles` lists exactly the roles created with {@link DatabaseRole} (by name, never `*`).
 */
export class DatabaseSecretsEngine extends Construct {
  readonly path: string;
  readonly connectionName: string;
  readonly mount: Mount;
  readonly connection: DatabaseSecretBackendConnection;
  readonly bootstrapPassword: TerraformVariable;
  readonly rootRotation: GenericEndpoint;
  private readonly roleNames: string[] = [];
  private readonly schemaOwners = new Map<string, string>();

  constructor(scope: Construct, id: string, props: DatabaseSecretsEngineProps) {
    super(scope, id);
    const path = props.path ?? 'database';
    const connectionName = props.connectionName ?? DEFAULT_CONNECTION_NAME;
    const username = props.username ?? 'vault_admin';
    const version = props.bootstrapPasswordVersion ?? 1;
    const caBundlePath = props.caBundlePath ?? '/vault/userconfig/rds-ca/global-bundle.pem';
    const maxOpenConnections = props.maxOpenConnections ?? 4;
    const { address, port, databaseName } = props.database;
    const problems: string[] = [];
    if (!MOUNT_PATH.test(path)) problems.push(`path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
    const reserved = reservedMountPathProblem(path, 'secrets');
    if (reserved) problems.push(`path: ${reserved}`);
    if (!MOUNT_PATH.test(connectionName)) problems.push(`connectionName: expected 2-64 lower-case letters, digits or '-', got "${connectionName}"`);
    if (!PG_USER.test(username)) problems.push(`username: expected a PostgreSQL identifier (lower-case, digits, _), got "${username}"`);
    if (!Number.isInteger(version) || version < 1) problems.push(`bootstrapPasswordVersion: expected a whole number from 1, got ${version}`);
    if (!caBundlePath.startsWith('/')) problems.push(`caBundlePath: expected an absolute path on the Vault servers, got "${caBundlePath}"`);
    if (!Number.isInteger(maxOpenConnections) || maxOpenConnections < 1 || maxOpenConnections > 50) {
      problems.push(`maxOpenConnections: expected 1-50, got ${maxOpenConnections}`);
    }
    if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) problems.push(`database.port: expected 1-65535, got ${port}`);
    if (!Token.isUnresolved(databaseName) && !PG_USER.test(databaseName)) problems.push(`database.databaseName: expected a PostgreSQL identifier, got "${databaseName}"`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = path;
    this.connectionName = connectionName;
    this.mount = new Mount(this, 'mount', { path, type: 'database', description: 'Dynamic PostgreSQL credentials of the platform services' });

    this.bootstrapPassword = new TerraformVariable(this, 'bootstrap-password', {
      type: 'string',
      sensitive: true,
      nullable: true,
      description: `Bootstrap password of the ${username} PostgreSQL user, needed only on the first apply (or after incrementing the version); Vault rotates it immediately.`,
    });
    this.bootstrapPassword.overrideLogicalId('vault_database_bootstrap_password');
    // Optional (null after the bootstrap run) and ephemeral: the value never lands in plan files or state.
    this.bootstrapPassword.addOverride('default', null);
    this.bootstrapPassword.addOverride('ephemeral', true);

    const sslQuery = `sslmode=verify-full&sslrootcert=${caBundlePath}`;
    this.connection = new DatabaseSecretBackendConnection(this, 'connection', {
      backend: this.mount.path,
      name: connectionName,
      pluginName: 'postgresql-database-plugin',
      verifyConnection: true,
      allowedRoles: Lazy.listValue({ produce: () => [...this.roleNames] }),
      postgresql: {
        connectionUrl: `postgresql://{{username}}:{{password}}@${address}:${port}/${databaseName}?${sslQuery}`,
        username,
        passwordWo: this.bootstrapPassword.stringValue,
        passwordWoVersion: version,
        passwordAuthentication: 'scram-sha-256',
        maxOpenConnections,
      },
    });

    this.rootRotation = new GenericEndpoint(this, 'rotate-root', {
      path: `${path}/rotate-root/${connectionName}`,
      dataJson: '{}',
      disableRead: true,
      disableDelete: true,
      dependsOn: [this.connection],
    });
    // Rotate again whenever the connection changes (e.g. a new bootstrap password version). Written as a bare
    // address: cdktf 0.21 renders `replaceTriggeredBy` as "${...}", which Terraform rejects (terraform-cdk#3196).
    this.rootRotation.addOverride('lifecycle.replace_triggered_by', [`${this.connection.terraformResourceType}.${this.connection.friendlyUniqueId}`]);
  }

  /**
   * Called by {@link DatabaseRole}: adds a role name to the connection's `allowed_roles` and records the schema it
   * owns. A schema has one owner: a second role on it would let two services touch each other's tables.
   */
  registerRole(name: string, schema: string): void {
    if (this.roleNames.includes(name)) throw new Error(`${this.node.path}: database role "${name}" is defined twice`);
    const owner = this.schemaOwners.get(schema);
    if (owner !== undefined) throw new Error(`${this.node.path}: database role "${name}": schema "${schema}" already belongs to role "${owner}"; every role owns its own schema`);
    this.roleNames.push(name);
    this.schemaOwners.set(schema, name);
  }

  /** Role names in `allowed_roles`, in creation order. */
  get allowedRoles(): readonly string[] {
    return [...this.roleNames];
  }
}
