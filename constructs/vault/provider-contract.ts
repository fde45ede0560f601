/**
 * The contract between the pinned Vault Terraform provider and Vault: for every `vault_*` resource type this project
 * synthesizes, which HTTP API calls the provider makes on create, read (refresh), update and delete, plus the calls
 * it makes when it configures itself. Read from the provider source at the pinned tag; each call names the file and
 * function. Vault-side facts (which capability a write needs, which endpoints are root-protected) are in
 * {@link VAULT_ROUTES}, read from the Vault and plugin sources.
 *
 * The `platform-admin` policy is generated from this data (platform-admin-grants.ts) and the tests replay every call
 * of every resource of every environment against it, so a provider upgrade is: bump the provider, re-read the source
 * files named below at the new tag, edit this file, and review the resulting diff of the contract, the policy and the
 * access matrix. How: docs/secrets-architecture.md, "Refreshing the provider contract".
 *
 * Path templates: `{attr}` is the resource's configuration attribute (it may hold several segments, e.g. a generic
 * endpoint's `path`), `<name>` is a value Vault returns at apply time and the provider keeps in state (one segment).
 */

/** Where the contract was read. */
export const VAULT_PROVIDER_SOURCE = {
  repository: 'hashicorp/terraform-provider-vault',
  tag: 'v5.6.0',
  commit: 'bcb1be4983c816359dbdf9956ccf384fefb62cd0',
  /** The Go API client the provider builds its requests with (go.mod at the tag). */
  apiClient: 'github.com/hashicorp/vault/api v1.22.0',
  /** The cdktf bindings pin this provider version (node_modules/@cdktf/provider-vault/package.json `cdktf.provider`). */
  bindings: '@cdktf/provider-vault 15.6.1 -> registry.terraform.io/hashicorp/vault 5.6.0',
} as const;

/**
 * The Vault server the contract is evaluated for: the image the pinned Vault chart deploys by default
 * (hashicorp/vault-helm@v0.34.1 values.yaml `server.image` = hashicorp/vault:2.0.4, Chart.yaml appVersion 2.0.4),
 * Community edition. The provider asks the server for its version (`sys/seal-status`) and branches on it; every
 * branch below is taken the same way by any server at or above the highest gate recorded here (1.19.0).
 */
export const TARGET_VAULT = { version: '2.0.4', edition: 'community', source: 'hashicorp/vault-helm@v0.34.1 values.yaml server.image.tag' } as const;

export type ProviderOperation = 'configure' | 'plan' | 'create' | 'read' | 'update' | 'delete';
export type HttpMethod = 'GET' | 'LIST' | 'PUT' | 'POST' | 'DELETE';

/** When a call happens; all conditions of a call must hold. */
export type CallCondition =
  /** The server version is at least / below this (`provider.IsAPISupported`). */
  | { readonly kind: 'vault-at-least'; readonly version: string }
  | { readonly kind: 'vault-below'; readonly version: string }
  /** Only on Vault Enterprise (`provider.IsEnterpriseSupported`). */
  | { readonly kind: 'enterprise' }
  /** The attribute is set in configuration. */
  | { readonly kind: 'attribute-set'; readonly attribute: string }
  /** The attribute (or its schema default) has this value. */
  | { readonly kind: 'attribute-is'; readonly attribute: string; readonly value: boolean; readonly default: boolean }
  /** Only in an update that changes this attribute (`d.HasChange`); treated as possible in every update. */
  | { readonly kind: 'attribute-changes'; readonly attribute: string };

/** One HTTP call the provider makes. */
export interface ProviderCall {
  readonly operation: ProviderOperation;
  /** Configuration attributes the call sends that a policy constrains (`allowed_parameters`), by request field. */
  readonly sends?: readonly string[];
  readonly method: HttpMethod;
  /** API path without `/v1/`, see the module comment for the template syntax. */
  readonly path: string;
  /** The Vault route (key of {@link VAULT_ROUTES}) that serves the call. */
  readonly route: string;
  readonly when?: readonly CallCondition[];
  /** File and function at the pinned tag. */
  readonly source: string;
  /** Why the provider makes the call; becomes the purpose of the policy block that allows it. */
  readonly purpose: string;
}

/** What Vault requires for a route. */
export interface VaultRoute {
  /**
   * Whether a PUT/POST on the route is a `create` when the object is absent: true when the backend defines an
   * ExistenceCheck (then create needs `create`, update needs `update`), false when every write is an `update`
   * (vault/request_handling.go: "No existence check, so always treat it as an update operation"), `unknown` when not
   * read here: a create then needs both capabilities, which is harmless (Vault checks only one of them).
   */
  readonly existenceCheck: boolean | 'unknown';
  /** Root-protected (the backend's PathsSpecial.Root): the capability alone is not enough, `sudo` is needed too. */
  readonly sudo: boolean;
  /** Served without a token (PathsSpecial.Unauthenticated) or sent without one: no ACL check at all. */
  readonly unauthenticated?: boolean;
  readonly source: string;
}

/**
 * The system backend's root-protected paths (relative to `sys/`), transcribed from hashicorp/vault
 * vault/logical_system.go NewSystemBackend PathsSpecial.Root; a request on them also needs `sudo`.
 */
export const VAULT_SYS_ROOT_PATHS = [
  'auth/*',
  'remount',
  'audit',
  'audit/*',
  'raw',
  'raw/*',
  'replication/primary/secondary-token',
  'replication/performance/primary/secondary-token',
  'replication/dr/primary/secondary-token',
  'replication/reindex',
  'replication/dr/reindex',
  'replication/performance/reindex',
  'rotate',
  'config/cors',
  'config/auditing/*',
  'config/ui/headers/*',
  'plugins/catalog/*',
  'plugins/runtimes/catalog/*',
  'revoke-prefix/*',
  'revoke-force/*',
  'leases/revoke-prefix/*',
  'leases/revoke-force/*',
  'leases/lookup/*',
  'storage/raft/snapshot-auto/config/*',
  'leases',
  'internal/inspect/*',
  'seal',
  'step-down',
] as const;

const SYS = 'hashicorp/vault vault/logical_system_paths.go';
const SYS_ROOT = 'hashicorp/vault vault/logical_system.go NewSystemBackend PathsSpecial.Root ("auth/*", "remount", "audit", "audit/*")';

/** Vault-side facts per route. Route syntax: `:name` one segment, `*name` one or more segments. */
export const VAULT_ROUTES: Readonly<Record<string, VaultRoute>> = {
  'sys/seal-status': { existenceCheck: false, sudo: false, unauthenticated: true, source: `${SYS} (seal-status is unauthenticated)` },
  'auth/token/create': { existenceCheck: false, sudo: false, source: 'hashicorp/vault vault/token_store.go create (never called: skip_child_token = true)' },
  'auth/token/lookup-self': { existenceCheck: false, sudo: false, source: 'hashicorp/vault vault/token_store.go lookup-self; granted by the built-in `default` policy' },
  'sys/mounts/:path': { existenceCheck: false, sudo: false, source: `${SYS} mountPaths: Read/Update/Delete, no ExistenceCheck` },
  'sys/mounts/:path/tune': { existenceCheck: false, sudo: false, source: `${SYS} mountPaths tune: Read/Update, no ExistenceCheck` },
  'sys/mounts/auth/:path': { existenceCheck: false, sudo: false, source: 'hashicorp/vault api/sys_auth.go GetAuthWithContext: "use sys/mounts/auth/:path so we don\'t require sudo"' },
  'sys/mounts/auth/:path/tune': { existenceCheck: false, sudo: false, source: `${SYS} mountPaths tune (auth/ prefix), not root-protected` },
  'sys/remount': { existenceCheck: false, sudo: true, source: SYS_ROOT },
  'sys/auth/:path': { existenceCheck: false, sudo: true, source: `${SYS} authPaths: Update/Delete, no ExistenceCheck; ${SYS_ROOT}` },
  'sys/audit': { existenceCheck: false, sudo: true, source: `${SYS} auditPaths "audit$": Read; ${SYS_ROOT}` },
  'sys/audit/:path': { existenceCheck: false, sudo: true, source: `${SYS} auditPaths "audit/(?P<path>.+)": Update/Delete, no ExistenceCheck; ${SYS_ROOT}` },
  'sys/policies/acl/:name': { existenceCheck: false, sudo: false, source: `${SYS} policyPaths "policies/acl/(?P<name>.+)": Read/Update/Delete, no ExistenceCheck` },
  'auth/:kubernetes/config': { existenceCheck: false, sudo: false, source: 'hashicorp/vault-plugin-auth-kubernetes@v0.24.1 path_config.go (no ExistenceCheck; only path_role.go defines one)' },
  'auth/:kubernetes/role/:name': { existenceCheck: true, sudo: false, source: 'hashicorp/vault-plugin-auth-kubernetes@v0.24.1 path_role.go:104 ExistenceCheck: b.pathRoleExistenceCheck' },
  'auth/:jwt/config': { existenceCheck: false, sudo: false, source: 'hashicorp/vault-plugin-auth-jwt@v0.25.1 path_config.go (no ExistenceCheck; only path_role.go defines one)' },
  'auth/:jwt/role/:name': { existenceCheck: true, sudo: false, source: 'hashicorp/vault-plugin-auth-jwt@v0.25.1 path_role.go:169 ExistenceCheck: b.pathRoleExistenceCheck' },
  'auth/:jwt/role/:name/role-id': { existenceCheck: 'unknown', sudo: false, source: 'not served by the JWT plugin (the provider only calls it when role_id is set, which this project never does)' },
  'auth/:approle/role/:name': { existenceCheck: true, sudo: false, source: 'hashicorp/vault builtin/credential/approle/path_role.go role/<name>: ExistenceCheck: b.pathRoleExistenceCheck' },
  'auth/:approle/role/:name/role-id': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/credential/approle/path_role.go role/<name>/role-id (existence check not read)' },
  'auth/:approle/role/:name/secret-id': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/credential/approle/path_role.go role/<name>/secret-id (existence check not read)' },
  ':kv/config': { existenceCheck: false, sudo: false, source: 'hashicorp/vault-plugin-secrets-kv@v0.26.2 path_config.go (no ExistenceCheck)' },
  ':kv/data/*path': { existenceCheck: true, sudo: false, source: 'hashicorp/vault-plugin-secrets-kv@v0.26.2 path_data.go:145 ExistenceCheck: b.dataExistenceCheck()' },
  ':kv/metadata/*path': { existenceCheck: true, sudo: false, source: 'hashicorp/vault-plugin-secrets-kv@v0.26.2 path_metadata.go:177 ExistenceCheck: b.metadataExistenceCheck()' },
  ':database/config/:name': { existenceCheck: true, sudo: false, source: 'hashicorp/vault builtin/logical/database/path_config_connection.go ExistenceCheck: b.connectionExistenceCheck()' },
  ':database/roles/:name': { existenceCheck: true, sudo: false, source: 'hashicorp/vault builtin/logical/database/path_roles.go pathRoles: ExistenceCheck: b.pathRoleExistenceCheck' },
  ':database/rotate-root/:name': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/database/path_rotate_credentials.go (existence check not read)' },
  ':pki/issuers/generate/root/:type': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_root.go / path_manage_issuers.go (existence check not read)' },
  ':pki/root/generate/:type': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_root.go (existence check not read)' },
  ':pki/issuers/generate/intermediate/:type': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_intermediate.go (existence check not read)' },
  ':pki/intermediate/generate/:type': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_intermediate.go (existence check not read)' },
  ':pki/issuer/:ref/sign-intermediate': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_root.go (existence check not read)' },
  ':pki/root/sign-intermediate': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_root.go (existence check not read)' },
  ':pki/intermediate/set-signed': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_intermediate.go (existence check not read)' },
  ':pki/issuer/:ref': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_fetch_issuers.go issuer/<ref>: Read/Update/Patch/Delete' },
  ':pki/root': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_root.go "root": Delete' },
  ':pki/issuer/:ref/pem': { existenceCheck: false, sudo: false, unauthenticated: true, source: 'the provider sends it without a token (req.ClientToken = ""); PKI PathsSpecial.Unauthenticated' },
  ':pki/ca/pem': { existenceCheck: false, sudo: false, unauthenticated: true, source: 'the provider sends it without a token (req.ClientToken = ""); PKI PathsSpecial.Unauthenticated' },
  ':pki/config/urls': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_config_urls.go (existence check not read)' },
  ':pki/config/crl': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_config_crl.go (existence check not read)' },
  ':pki/roles/:name': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_roles.go (existence check not read)' },
  ':pki/revoke': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_revoke.go' },
  ':pki/revoke-with-key': { existenceCheck: 'unknown', sudo: false, source: 'hashicorp/vault builtin/logical/pki/path_revoke.go' },
  ':any/*path': { existenceCheck: 'unknown', sudo: false, source: 'any path (vault_generic_endpoint): the route is the one of the concrete path, see routeOfGenericPath' },
};

const V111 = { kind: 'vault-at-least', version: '1.11.0' } as const;
const BELOW_V111 = { kind: 'vault-below', version: '1.11.0' } as const;

const mountCalls = (file: string, read: string): ProviderCall[] => [
  { operation: 'create', method: 'POST', path: 'sys/mounts/{path}', route: 'sys/mounts/:path', source: `${file} mountWrite -> createMount: Sys().MountWithContext`, purpose: 'enable the secrets engine' },
  { operation: 'create', method: 'GET', path: 'sys/mounts/{path}', route: 'sys/mounts/:path', source: `${file} mountWrite -> ${read}`, purpose: 'read the secrets engine back' },
  { operation: 'read', method: 'GET', path: 'sys/mounts/{path}', route: 'sys/mounts/:path', source: `${file} ${read}`, purpose: 'refresh the secrets engine' },
  {
    operation: 'update',
    method: 'POST',
    path: 'sys/remount',
    route: 'sys/remount',
    when: [{ kind: 'attribute-changes', attribute: 'path' }],
    source: `${file} updateMount: Sys().RemountWithContext`,
    purpose: 'move the secrets engine to a new path',
  },
  { operation: 'update', method: 'POST', path: 'sys/mounts/{path}/tune', route: 'sys/mounts/:path/tune', source: `${file} updateMount -> tuneMountWithMap`, purpose: 'tune the secrets engine (description, TTLs)' },
  { operation: 'update', method: 'GET', path: 'sys/mounts/{path}', route: 'sys/mounts/:path', source: `${file} updateMount -> readMount`, purpose: 'read the secrets engine back' },
  { operation: 'delete', method: 'DELETE', path: 'sys/mounts/{path}', route: 'sys/mounts/:path', source: `${file} mountDelete: Sys().UnmountWithContext`, purpose: 'disable the secrets engine' },
];

const authMountReads = (file: string, fn: string, operation: ProviderOperation): ProviderCall[] => [
  {
    operation,
    method: 'GET',
    path: 'sys/mounts/auth/{path}',
    route: 'sys/mounts/auth/:path',
    source: `${file} ${fn}: mountutil.GetAuthMount -> Sys().GetAuthWithContext`,
    purpose: 'read the auth method',
  },
  {
    operation,
    method: 'GET',
    path: 'sys/mounts/auth/{path}/tune',
    route: 'sys/mounts/auth/:path/tune',
    source: `${file} ${fn}: authMountTuneGet -> Sys().MountConfigWithContext`,
    purpose: 'read the auth method tuning',
  },
];

const roleCrud = (file: string, prefix: string, route: string, what: string, readFn: string, extraReads: readonly ProviderCall[] = []): ProviderCall[] => {
  const path = `auth/{backend}/role/{role_name}`;
  return [
    { operation: 'create', method: 'PUT', path, route, source: `${file} ${prefix}Create: Logical().Write`, purpose: `create ${what}` },
    { operation: 'create', method: 'GET', path, route, source: `${file} ${prefix}Create -> ${readFn}: Logical().Read`, purpose: `read ${what} back` },
    ...extraReads.filter((c) => c.operation === 'create'),
    { operation: 'read', method: 'GET', path, route, source: `${file} ${readFn}: Logical().Read`, purpose: `refresh ${what}` },
    ...extraReads.filter((c) => c.operation === 'read'),
    { operation: 'update', method: 'PUT', path, route, source: `${file} ${prefix}Update: Logical().Write`, purpose: `update ${what}` },
    { operation: 'update', method: 'GET', path, route, source: `${file} ${prefix}Update -> ${readFn}: Logical().Read`, purpose: `read ${what} back` },
    ...extraReads.filter((c) => c.operation === 'update'),
    { operation: 'delete', method: 'DELETE', path, route, source: `${file} ${prefix}Delete: Logical().Delete`, purpose: `delete ${what}` },
  ];
};

const configCrud = (file: string, path: string, route: string, what: string, fns: { write: string; read: string }, deletes = false): ProviderCall[] => [
  { operation: 'create', method: 'PUT', path, route, source: `${file} ${fns.write}: Logical().Write`, purpose: `write ${what}` },
  { operation: 'create', method: 'GET', path, route, source: `${file} ${fns.write} -> ${fns.read}: Logical().Read`, purpose: `read ${what} back` },
  { operation: 'read', method: 'GET', path, route, source: `${file} ${fns.read}: Logical().Read`, purpose: `refresh ${what}` },
  { operation: 'update', method: 'PUT', path, route, source: `${file} ${fns.write}: Logical().Write`, purpose: `update ${what}` },
  { operation: 'update', method: 'GET', path, route, source: `${file} ${fns.write} -> ${fns.read}: Logical().Read`, purpose: `read ${what} back` },
  ...(deletes ? [{ operation: 'delete', method: 'DELETE', path, route, source: `${file} delete: Logical().Delete`, purpose: `delete ${what}` } as const] : []),
];

const PKI_CERT_READ = 'vault/resource_pki_secret_backend_cert.go pkiSecretBackendCertRead (skipped while IsNewResource): mountutil.GetMount';

/** Calls the provider makes when it configures itself, once per run (plan and apply). */
export const PROVIDER_CONFIGURE_CALLS: readonly ProviderCall[] = [
  {
    operation: 'configure',
    method: 'GET',
    path: 'auth/token/lookup-self',
    route: 'auth/token/lookup-self',
    source: 'internal/provider/meta.go setClient: client.Auth().Token().LookupSelf()',
    purpose: 'look up the token it was given',
  },
  {
    operation: 'configure',
    method: 'POST',
    path: 'auth/token/create',
    route: 'auth/token/create',
    when: [{ kind: 'attribute-is', attribute: 'skip_child_token', value: false, default: false }],
    source: 'internal/provider/meta.go setClient -> createChildToken: Auth().Token().Create (skipped: skip_child_token = true)',
    purpose: 'mint a child token',
  },
  {
    operation: 'configure',
    method: 'GET',
    path: 'sys/seal-status',
    route: 'sys/seal-status',
    source: 'internal/provider/meta.go setVaultVersion -> getVaultVersion: Sys().SealStatus (unauthenticated)',
    purpose: 'learn the server version for version-dependent branches',
  },
];

/** Calls per resource type. */
export const RESOURCE_CALLS: Readonly<Record<string, readonly ProviderCall[]>> = {
  vault_mount: mountCalls('vault/resource_mount.go', 'mountRead -> readMount: mountutil.GetMount -> Sys().GetMountWithContext'),

  vault_auth_backend: [
    { operation: 'create', method: 'POST', path: 'sys/auth/{path}', route: 'sys/auth/:path', source: 'vault/resource_auth_backend.go authBackendWrite: Sys().EnableAuthWithOptionsWithContext', purpose: 'enable the auth method' },
    {
      operation: 'create',
      method: 'POST',
      path: 'sys/mounts/auth/{path}/tune',
      route: 'sys/mounts/auth/:path/tune',
      when: [{ kind: 'attribute-set', attribute: 'tune' }],
      source: 'vault/resource_auth_backend.go authBackendWrite -> authBackendUpdate: tuneMount (only when tune is set)',
      purpose: 'tune the auth method',
    },
    ...authMountReads('vault/resource_auth_backend.go', 'authBackendWrite -> authBackendUpdate -> authBackendRead', 'create'),
    ...authMountReads('vault/resource_auth_backend.go', 'authBackendRead', 'read'),
    {
      operation: 'update',
      method: 'POST',
      path: 'sys/remount',
      route: 'sys/remount',
      when: [{ kind: 'attribute-changes', attribute: 'path' }],
      source: 'vault/resource_auth_backend.go authBackendUpdate -> util.Remount: Sys().Remount',
      purpose: 'move the auth method to a new path',
    },
    {
      operation: 'update',
      method: 'POST',
      path: 'sys/mounts/auth/{path}/tune',
      route: 'sys/mounts/auth/:path/tune',
      when: [{ kind: 'attribute-changes', attribute: 'description' }],
      source: 'vault/resource_auth_backend.go authBackendUpdate: tuneMount (tune, description or identity_token_key changed)',
      purpose: 'tune the auth method (description)',
    },
    ...authMountReads('vault/resource_auth_backend.go', 'authBackendUpdate -> authBackendRead', 'update'),
    { operation: 'delete', method: 'DELETE', path: 'sys/auth/{path}', route: 'sys/auth/:path', source: 'vault/resource_auth_backend.go authBackendDelete: Sys().DisableAuthWithContext', purpose: 'disable the auth method' },
  ],

  vault_audit: [
    { operation: 'create', method: 'PUT', path: 'sys/audit/{path}', route: 'sys/audit/:path', source: 'vault/resource_audit.go auditWrite: Sys().EnableAuditWithOptions', purpose: 'enable the audit device' },
    { operation: 'read', method: 'GET', path: 'sys/audit', route: 'sys/audit', source: 'vault/resource_audit.go auditRead: Sys().ListAudit', purpose: 'list audit devices to refresh one' },
    { operation: 'delete', method: 'DELETE', path: 'sys/audit/{path}', route: 'sys/audit/:path', source: 'vault/resource_audit.go auditDelete: Sys().DisableAudit', purpose: 'disable the audit device' },
  ],

  vault_policy: [
    { operation: 'create', method: 'PUT', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyWrite: Sys().PutPolicy', purpose: 'write the policy' },
    { operation: 'create', method: 'GET', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyWrite -> policyRead: Sys().GetPolicy', purpose: 'read the policy back' },
    { operation: 'read', method: 'GET', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyRead: Sys().GetPolicy', purpose: 'refresh the policy' },
    { operation: 'update', method: 'PUT', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyWrite: Sys().PutPolicy', purpose: 'update the policy' },
    { operation: 'update', method: 'GET', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyWrite -> policyRead: Sys().GetPolicy', purpose: 'read the policy back' },
    { operation: 'delete', method: 'DELETE', path: 'sys/policies/acl/{name}', route: 'sys/policies/acl/:name', source: 'vault/resource_policy.go policyDelete: Sys().DeletePolicy', purpose: 'delete the policy' },
  ],

  vault_generic_endpoint: [
    { operation: 'create', method: 'PUT', path: '{path}', route: ':any/*path', source: 'vault/resource_generic_endpoint.go genericEndpointResourceWrite: Logical().Write', purpose: 'write the endpoint' },
    {
      operation: 'create',
      method: 'GET',
      path: '{path}',
      route: ':any/*path',
      when: [{ kind: 'attribute-is', attribute: 'disable_read', value: false, default: false }],
      source: 'vault/resource_generic_endpoint.go genericEndpointResourceWrite -> genericEndpointResourceRead: Logical().Read (unless disable_read)',
      purpose: 'read the endpoint back',
    },
    {
      operation: 'read',
      method: 'GET',
      path: '{path}',
      route: ':any/*path',
      when: [{ kind: 'attribute-is', attribute: 'disable_read', value: false, default: false }],
      source: 'vault/resource_generic_endpoint.go genericEndpointResourceRead: Logical().Read (unless disable_read)',
      purpose: 'refresh the endpoint',
    },
    { operation: 'update', method: 'PUT', path: '{path}', route: ':any/*path', source: 'vault/resource_generic_endpoint.go genericEndpointResourceWrite: Logical().Write', purpose: 'write the endpoint again' },
    {
      operation: 'update',
      method: 'GET',
      path: '{path}',
      route: ':any/*path',
      when: [{ kind: 'attribute-is', attribute: 'disable_read', value: false, default: false }],
      source: 'vault/resource_generic_endpoint.go genericEndpointResourceWrite -> genericEndpointResourceRead (unless disable_read)',
      purpose: 'read the endpoint back',
    },
    {
      operation: 'delete',
      method: 'DELETE',
      path: '{path}',
      route: ':any/*path',
      when: [{ kind: 'attribute-is', attribute: 'disable_delete', value: false, default: false }],
      source: 'vault/resource_generic_endpoint.go genericEndpointResourceDelete: Logical().Delete (unless disable_delete)',
      purpose: 'delete the endpoint',
    },
  ],

  vault_jwt_auth_backend: [
    { operation: 'create', method: 'POST', path: 'sys/auth/{path}', route: 'sys/auth/:path', source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendWrite: Sys().EnableAuthWithOptionsWithContext', purpose: 'enable the JWT auth method' },
    { operation: 'create', method: 'PUT', path: 'auth/{path}/config', route: 'auth/:jwt/config', source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendWrite -> jwtAuthBackendUpdate: Logical().WriteWithContext(jwtConfigEndpoint)', purpose: 'write the JWT trust' },
    {
      operation: 'create',
      method: 'POST',
      path: 'sys/mounts/auth/{path}/tune',
      route: 'sys/mounts/auth/:path/tune',
      when: [{ kind: 'attribute-set', attribute: 'tune' }],
      source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendUpdate -> authMountTune (only when tune is set)',
      purpose: 'tune the JWT auth method',
    },
    ...jwtBackendReads('create', 'jwtAuthBackendWrite -> jwtAuthBackendUpdate -> jwtAuthBackendRead'),
    ...jwtBackendReads('read', 'jwtAuthBackendRead'),
    {
      operation: 'update',
      method: 'POST',
      path: 'sys/remount',
      route: 'sys/remount',
      when: [{ kind: 'attribute-changes', attribute: 'path' }],
      source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendUpdate -> util.Remount: Sys().Remount',
      purpose: 'move the JWT auth method',
    },
    { operation: 'update', method: 'PUT', path: 'auth/{path}/config', route: 'auth/:jwt/config', source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendUpdate: Logical().WriteWithContext(jwtConfigEndpoint)', purpose: 'update the JWT trust' },
    {
      operation: 'update',
      method: 'POST',
      path: 'sys/mounts/auth/{path}/tune',
      route: 'sys/mounts/auth/:path/tune',
      when: [{ kind: 'attribute-set', attribute: 'tune' }],
      source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendUpdate -> authMountTune (only when tune changes)',
      purpose: 'tune the JWT auth method',
    },
    ...jwtBackendReads('update', 'jwtAuthBackendUpdate -> jwtAuthBackendRead'),
    { operation: 'delete', method: 'DELETE', path: 'sys/auth/{path}', route: 'sys/auth/:path', source: 'vault/resource_jwt_auth_backend.go jwtAuthBackendDelete: Sys().DisableAuthWithContext', purpose: 'disable the JWT auth method' },
  ],

  vault_jwt_auth_backend_role: [
    // The role's token fields (token_policies...) go in its PUT body (util.UpdateTokenFields), hence `sends`.
    ...withSends(['token_policies'], 'PUT', roleCrud('vault/resource_jwt_auth_backend_role.go', 'jwtAuthBackendRole', 'auth/:jwt/role/:name', 'the JWT role', 'jwtAuthBackendRoleRead')),
    ...(['create', 'update'] as const).map(
      (operation): ProviderCall => ({
        operation,
        method: 'PUT',
        path: 'auth/{backend}/role/{role_name}/role-id',
        route: 'auth/:jwt/role/:name/role-id',
        when: [{ kind: 'attribute-set', attribute: 'role_id' }],
        source: `vault/resource_jwt_auth_backend_role.go jwtAuthBackendRole${operation === 'create' ? 'Create' : 'Update'}: Logical().Write(path+"/role-id") (only when role_id is set)`,
        purpose: 'set the role ID',
      }),
    ),
  ],

  vault_kubernetes_auth_backend_config: [
    { operation: 'create', method: 'PUT', path: 'auth/{backend}/config', route: 'auth/:kubernetes/config', source: 'vault/resource_kubernetes_auth_backend_config.go kubernetesAuthBackendConfigCreate: Logical().Write', purpose: 'write the cluster connection' },
    { operation: 'create', method: 'GET', path: 'auth/{backend}/config', route: 'auth/:kubernetes/config', source: 'vault/resource_kubernetes_auth_backend_config.go kubernetesAuthBackendConfigCreate -> kubernetesAuthBackendConfigRead: Logical().Read', purpose: 'read the cluster connection back' },
    { operation: 'read', method: 'GET', path: 'auth/{backend}/config', route: 'auth/:kubernetes/config', source: 'vault/resource_kubernetes_auth_backend_config.go kubernetesAuthBackendConfigExists and kubernetesAuthBackendConfigRead: Logical().Read', purpose: 'refresh the cluster connection' },
    { operation: 'update', method: 'PUT', path: 'auth/{backend}/config', route: 'auth/:kubernetes/config', source: 'vault/resource_kubernetes_auth_backend_config.go kubernetesAuthBackendConfigUpdate: Logical().Write', purpose: 'update the cluster connection' },
    { operation: 'update', method: 'GET', path: 'auth/{backend}/config', route: 'auth/:kubernetes/config', source: 'vault/resource_kubernetes_auth_backend_config.go kubernetesAuthBackendConfigUpdate -> kubernetesAuthBackendConfigRead: Logical().Read', purpose: 'read the cluster connection back' },
    // kubernetesAuthBackendConfigDelete only clears the ID: no API call.
  ],

  vault_kubernetes_auth_backend_role: withSends(
    ['token_policies'],
    'PUT',
    roleCrud('vault/resource_kubernetes_auth_backend_role.go', 'kubernetesAuthBackendRole', 'auth/:kubernetes/role/:name', 'the Kubernetes role', 'kubernetesAuthBackendRoleRead'),
  ),

  vault_approle_auth_backend_role: [
    ...withSends(['bind_secret_id', 'token_policies'], 'PUT', roleCrud(
      'vault/resource_approle_auth_backend_role.go',
      'approleAuthBackendRole',
      'auth/:approle/role/:name',
      'the AppRole',
      'approleAuthBackendRoleRead',
      (['create', 'read', 'update'] as const).map(
        (operation): ProviderCall => ({
          operation,
          method: 'GET',
          path: 'auth/{backend}/role/{role_name}/role-id',
          route: 'auth/:approle/role/:name/role-id',
          source: `vault/resource_approle_auth_backend_role.go ${operation === 'read' ? '' : `approleAuthBackendRole${operation === 'create' ? 'Create' : 'Update'} -> `}approleAuthBackendRoleRead: Logical().Read(path + "/role-id")`,
          purpose: 'read the role ID (an identifier, not a credential)',
        }),
      ),
    )),
    ...(['create', 'update'] as const).map(
      (operation): ProviderCall => ({
        operation,
        method: 'PUT',
        path: 'auth/{backend}/role/{role_name}/role-id',
        route: 'auth/:approle/role/:name/role-id',
        when: [{ kind: 'attribute-set', attribute: 'role_id' }],
        source: `vault/resource_approle_auth_backend_role.go approleAuthBackendRole${operation === 'create' ? 'Create' : 'Update'}: Logical().Write(path+"/role-id") (only when role_id is set)`,
        purpose: 'set the role ID',
      }),
    ),
  ],

  vault_kv_secret_backend_v2: [
    { operation: 'create', method: 'PUT', path: '{mount}/config', route: ':kv/config', source: 'vault/resource_kv_secret_backend_v2.go kvSecretBackendV2CreateUpdate: util.RetryWrite', purpose: 'write the KV v2 settings' },
    { operation: 'create', method: 'GET', path: '{mount}/config', route: ':kv/config', source: 'vault/resource_kv_secret_backend_v2.go kvSecretBackendV2CreateUpdate -> kvSecretBackendV2Read: Logical().Read', purpose: 'read the KV v2 settings back' },
    { operation: 'read', method: 'GET', path: '{mount}/config', route: ':kv/config', source: 'vault/resource_kv_secret_backend_v2.go kvSecretBackendV2Read: Logical().Read', purpose: 'refresh the KV v2 settings' },
    { operation: 'update', method: 'PUT', path: '{mount}/config', route: ':kv/config', source: 'vault/resource_kv_secret_backend_v2.go kvSecretBackendV2CreateUpdate: util.RetryWrite', purpose: 'update the KV v2 settings' },
    { operation: 'update', method: 'GET', path: '{mount}/config', route: ':kv/config', source: 'vault/resource_kv_secret_backend_v2.go kvSecretBackendV2CreateUpdate -> kvSecretBackendV2Read: Logical().Read', purpose: 'read the KV v2 settings back' },
    // kvSecretBackendV2Delete makes no API call.
  ],

  vault_database_secret_backend_connection: configCrud(
    'vault/resource_database_secret_backend_connection.go',
    '{backend}/config/{name}',
    ':database/config/:name',
    'the database connection',
    { write: 'databaseSecretBackendConnectionCreateOrUpdate -> writeDatabaseSecretConfig', read: 'databaseSecretBackendConnectionRead' },
    true,
  ),

  vault_database_secret_backend_role: configCrud(
    'vault/resource_database_secret_backend_role.go',
    '{backend}/roles/{name}',
    ':database/roles/:name',
    'the database role',
    { write: 'databaseSecretBackendRoleWrite', read: 'databaseSecretBackendRoleRead' },
    true,
  ),

  vault_pki_secret_backend_root_cert: [
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/issuers/generate/root/{type}',
      route: ':pki/issuers/generate/root/:type',
      when: [V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go pkiSecretBackendRootCertCreate -> pkiSecretBackendGenerateRootPath (multi-issuer)',
      purpose: 'generate the root CA (key stays inside Vault)',
    },
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/root/generate/{type}',
      route: ':pki/root/generate/:type',
      when: [BELOW_V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go pkiSecretBackendRootCertCreate -> pkiSecretBackendGenerateRootPath (legacy)',
      purpose: 'generate the root CA (legacy API)',
    },
    { operation: 'read', method: 'GET', path: 'sys/mounts/{backend}', route: 'sys/mounts/:path', source: PKI_CERT_READ, purpose: 'check the PKI mount still exists' },
    {
      operation: 'plan',
      method: 'GET',
      path: '{backend}/issuer/<issuer_id>/pem',
      route: ':pki/issuer/:ref/pem',
      when: [V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go CustomizeDiff -> getIssuerPEM (no token)',
      purpose: 'compare the serial number of the issuer',
    },
    {
      operation: 'plan',
      method: 'GET',
      path: '{backend}/ca/pem',
      route: ':pki/ca/pem',
      when: [BELOW_V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go CustomizeDiff -> getDefaultCAPEM (no token)',
      purpose: 'compare the serial number of the default issuer',
    },
    {
      operation: 'delete',
      method: 'DELETE',
      path: '{backend}/issuer/<issuer_id>',
      route: ':pki/issuer/:ref',
      when: [V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go pkiSecretBackendRootCertDelete (ID = <backend>/issuer/<issuer_id>)',
      purpose: 'delete the root issuer',
    },
    {
      operation: 'delete',
      method: 'DELETE',
      path: '{backend}/root',
      route: ':pki/root',
      when: [BELOW_V111],
      source: 'vault/resource_pki_secret_backend_root_cert.go pkiSecretBackendRootCertDelete -> pkiSecretBackendDeleteRootPath',
      purpose: 'delete the root CA (legacy API)',
    },
  ],

  vault_pki_secret_backend_intermediate_cert_request: [
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/issuers/generate/intermediate/{type}',
      route: ':pki/issuers/generate/intermediate/:type',
      when: [V111],
      source: 'vault/resource_pki_secret_backend_intermediate_cert_request.go pkiSecretBackendIntermediateCertRequestCreate -> pkiSecretBackendIntermediateGeneratePath (multi-issuer)',
      purpose: 'generate the intermediate key and CSR (key stays inside Vault)',
    },
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/intermediate/generate/{type}',
      route: ':pki/intermediate/generate/:type',
      when: [BELOW_V111],
      source: 'vault/resource_pki_secret_backend_intermediate_cert_request.go pkiSecretBackendIntermediateGeneratePath (legacy)',
      purpose: 'generate the intermediate CSR (legacy API)',
    },
    // Read and Delete make no API call.
  ],

  vault_pki_secret_backend_root_sign_intermediate: [
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/issuer/{issuer_ref}/sign-intermediate',
      route: ':pki/issuer/:ref/sign-intermediate',
      when: [V111, { kind: 'attribute-set', attribute: 'issuer_ref' }],
      source: 'vault/resource_pki_secret_backend_root_sign_intermediate.go pkiSecretBackendRootSignIntermediateCreate -> pkiSecretBackendRootSignIntermediateCreatePath (issuer_ref set)',
      purpose: 'sign the intermediate CA with the root issuer',
    },
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/root/sign-intermediate',
      route: ':pki/root/sign-intermediate',
      when: [BELOW_V111],
      source: 'vault/resource_pki_secret_backend_root_sign_intermediate.go pkiSecretBackendRootSignIntermediateCreatePath (no issuer_ref)',
      purpose: 'sign the intermediate CA (legacy API)',
    },
    {
      operation: 'delete',
      method: 'PUT',
      path: '{backend}/revoke',
      route: ':pki/revoke',
      when: [{ kind: 'attribute-is', attribute: 'revoke', value: true, default: false }],
      source: 'vault/resource_pki_secret_backend_cert.go pkiSecretBackendCertDelete (only when revoke = true)',
      purpose: 'revoke the intermediate certificate',
    },
    // Read and Update are no-ops.
  ],

  vault_pki_secret_backend_intermediate_set_signed: [
    {
      operation: 'create',
      method: 'PUT',
      path: '{backend}/intermediate/set-signed',
      route: ':pki/intermediate/set-signed',
      source: 'vault/resource_pki_secret_backend_intermediate_set_signed.go pkiSecretBackendIntermediateSetSignedCreate: Logical().Write',
      purpose: 'install the signed intermediate certificate',
    },
    { operation: 'read', method: 'GET', path: 'sys/mounts/{backend}', route: 'sys/mounts/:path', source: PKI_CERT_READ, purpose: 'check the PKI mount still exists' },
    // Delete makes no API call.
  ],

  vault_pki_secret_backend_config_urls: configCrud(
    'vault/resource_pki_secret_backend_config_urls.go',
    '{backend}/config/urls',
    ':pki/config/urls',
    'the issuing and CRL URLs',
    { write: 'pkiSecretBackendConfigUrlsCreateUpdate', read: 'pkiSecretBackendConfigUrlsRead' },
  ),

  vault_pki_secret_backend_crl_config: configCrud(
    'vault/resource_pki_secret_backend_crl_config.go',
    '{backend}/config/crl',
    ':pki/config/crl',
    'the CRL settings',
    { write: 'pkiSecretBackendCrlConfigCreate / pkiSecretBackendCrlConfigUpdate', read: 'pkiSecretBackendCrlConfigRead' },
  ),

  vault_pki_secret_backend_role: configCrud(
    'vault/resource_pki_secret_backend_role.go',
    '{backend}/roles/{name}',
    ':pki/roles/:name',
    'the certificate role',
    { write: 'pkiSecretBackendRoleCreate / pkiSecretBackendRoleUpdate', read: 'pkiSecretBackendRoleRead' },
    true,
  ),
};

/**
 * Marks the `method` calls as sending these request fields (approleAuthBackendRoleUpdateFields sends bind_secret_id on
 * create, and on update when it changed; the auth roles send their token fields, token_policies among them, through
 * util.UpdateTokenFields). Only fields a modelled resource sets become request data.
 */
function withSends(sends: readonly string[], method: HttpMethod, calls: readonly ProviderCall[]): ProviderCall[] {
  return calls.map((c) => (c.method === method ? { ...c, sends } : c));
}

function jwtBackendReads(operation: ProviderOperation, fn: string): ProviderCall[] {
  return [
    ...authMountReads('vault/resource_jwt_auth_backend.go', fn, operation).slice(0, 1),
    {
      operation,
      method: 'GET',
      path: 'auth/{path}/config',
      route: 'auth/:jwt/config',
      source: `vault/resource_jwt_auth_backend.go ${fn}: Logical().ReadWithContext(jwtConfigEndpoint)`,
      purpose: 'read the JWT trust',
    },
    ...authMountReads('vault/resource_jwt_auth_backend.go', fn, operation).slice(1),
  ];
}

/**
 * The blocks of Vault's built-in `default` policy that matter here (hashicorp/vault vault/policy_store.go
 * defaultPolicy; attached to every token unless a role sets token_no_default_policy, which the HCP Terraform role
 * does not). The provider's only configure-time call, `auth/token/lookup-self`, is allowed by it.
 */
export const VAULT_DEFAULT_POLICY_BLOCKS = [
  { path: 'auth/token/lookup-self', capabilities: ['read'] },
  { path: 'auth/token/renew-self', capabilities: ['update'] },
  { path: 'auth/token/revoke-self', capabilities: ['update'] },
  { path: 'sys/capabilities-self', capabilities: ['update'] },
] as const;
