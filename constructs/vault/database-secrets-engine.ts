import { DatabaseSecretBackendConnection } from '@cdktf/provider-vault/lib/database-secret-backend-connection';
import { GenericEndpoint } from '@cdktf/provider-vault/lib/generic-endpoint';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { TerraformVariable, Token } from 'cdktf';
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
  /**
   * `allowed_roles` of the connection: the role names (or prefix globs, `<prefix>*`) that may create credentials on
   * it. Never `*` alone. The roles themselves live in the service stacks (docs/service-catalog.md), so this lists
   * the name patterns of service roles, not the roles: adding a service never changes this stack.
   */
  readonly allowedRoles: readonly string[];
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
 * `allowed_roles` is a fixed list of role name patterns ({@link DatabaseSecretsEngineProps.allowedRoles}): Vault
 * matches a role against each entry as a glob (hashicorp/vault `builtin/logical/database/path_creds_create.go`:
 * `strutil.StrListContainsGlob(dbConfig.AllowedRoles, name)`, go-secure-stdlib `strutil` with ryanuber/go-glob, where
 * `*` matches any run of characters), so `application-*` admits exactly the roles named `application-<service>`.
 */
export class DatabaseSecretsEngine extends Construct {
  readonly path: string;
  readonly connectionName: string;
  readonly mount: Mount;
  readonly connection: DatabaseSecretBackendConnection;
  readonly bootstrapPassword: TerraformVariable;
  readonly rootRotation: GenericEndpoint;
  readonly allowedRoles: readonly string[];

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
    if (props.allowedRoles.length === 0) problems.push('allowedRoles: expected at least one role name or prefix glob');
    props.allowedRoles.forEach((pattern, i) => {
      if (!/^[a-z0-9][-a-z0-9]*\*?$/.test(pattern)) problems.push(`allowedRoles[${i}]: expected a role name or a prefix glob such as "application-*" (never "*" alone), got "${pattern}"`);
    });
    if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) problems.push(`database.port: expected 1-65535, got ${port}`);
    if (!Token.isUnresolved(databaseName) && !PG_USER.test(databaseName)) problems.push(`database.databaseName: expected a PostgreSQL identifier, got "${databaseName}"`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.path = path;
    this.connectionName = connectionName;
    this.allowedRoles = [...props.allowedRoles];
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
      allowedRoles: [...this.allowedRoles],
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
}
