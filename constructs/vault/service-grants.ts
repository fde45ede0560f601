/**
 * The access model of the Vault configuration, as pure data: given the service declarations and the mount layout,
 * which identity (Kubernetes role, AppRole, JWT role) gets which policy, and which paths and capabilities each policy
 * grants. Both the Vault policy HCL (`renderPolicy`) and the access matrix (`scripts/generate-access-matrix.ts`) are
 * built from this model, so the documentation cannot drift from what is deployed.
 *
 * Path convention (KV v2 mount `kv` by default):
 * - `kv/<cluster>/<service>`                  static secrets of one service (one field per declared key)
 * - `kv/<cluster>/<service>/signing-keys`     the service's signing key-set (optional)
 * - `kv/bootstrap/<cluster>/<service>`        AppRole `role_id` / `secret_id` of a `direct` service, synced by ESO
 * - `database/creds/<cluster>-<service>`      dynamic PostgreSQL credentials of one service
 * - `pki-int/issue/<cluster>-<service>`       certificate issuance for one service
 */

/** Clusters a service can run on. */
export const CLUSTER_NAMES = ['tooling', 'application'] as const;
export type ClusterName = (typeof CLUSTER_NAMES)[number];

export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** KV folder holding the AppRole bootstrap credentials of `direct` services (never a cluster name). */
export const BOOTSTRAP_FOLDER = 'bootstrap';
/** Sub-path of a service's KV path that holds its signing key-set. */
export const SIGNING_KEYS_SUBPATH = 'signing-keys';
/** Name of the scoped administration policy used by Terraform runs (the only policy with `sudo`). */
export const PLATFORM_ADMIN_POLICY = 'platform-admin';

/** One `path "..." { capabilities = [...] }` block of a policy. */
export interface PolicyGrant {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  /** Why the grant exists; rendered as a comment and in the access matrix. */
  readonly purpose: string;
}

/** Mount and auth paths of one Vault configuration (no leading or trailing slash). */
export interface VaultMountPaths {
  readonly kv: string;
  readonly database: string;
  readonly pkiRoot: string;
  readonly pkiIntermediate: string;
  readonly appRole: string;
  readonly jwt: string;
  readonly kubernetes: Readonly<Record<ClusterName, string>>;
  /** Paths of the audit devices (`sys/audit/<path>`). */
  readonly audit: readonly string[];
}

export const DEFAULT_MOUNT_PATHS: VaultMountPaths = {
  kv: 'kv',
  database: 'database',
  pkiRoot: 'pki-root',
  pkiIntermediate: 'pki-int',
  appRole: 'approle',
  jwt: 'jwt-hcp-terraform',
  kubernetes: { tooling: 'kubernetes-tooling', application: 'kubernetes-application' },
  audit: ['file', 'stdout'],
};

export type SecretDelivery = 'eso' | 'direct';
export type DatabaseAccess = 'read-only' | 'read-write';
export type SigningKeyStatus = 'primary' | 'verifying';

/** What a service declares; see `environments/vault-schema.ts` for the validated configuration form. */
export interface ServiceDeclaration {
  /** DNS-1123 label, unique per environment. */
  readonly name: string;
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Static secret keys and a one-line purpose each; values are written by operators, never by code. */
  readonly secrets: readonly { readonly key: string; readonly purpose: string }[];
  /** `eso` (default): ESO syncs a Kubernetes Secret; `direct`: the app logs in to Vault with an AppRole. */
  readonly delivery: SecretDelivery;
  /** Why the service needs Direct-Vault; required when `delivery` is `direct`. */
  readonly justification?: string;
  readonly database?: { readonly access: DatabaseAccess };
  readonly certificates?: { readonly allowedDomains: readonly string[] };
  readonly signingKeys?: { readonly keys: readonly { readonly id: string; readonly status: SigningKeyStatus }[] };
}

/** Names and paths derived from one declaration: the public contract of a service in Vault. */
export interface ServiceNames {
  /** `<cluster>-<service>`: name of the database, PKI and AppRole roles. */
  readonly roleName: string;
  readonly policyName: string;
  /** Policy of the ESO identity of a `direct` service (reads only the bootstrap credentials). */
  readonly bootstrapPolicyName: string;
  /** Logical KV path (`<cluster>/<service>`), relative to the KV mount. */
  readonly kvPath: string;
  readonly kvDataPath: string;
  readonly kvMetadataPath: string;
  readonly signingKeysPath: string;
  readonly bootstrapKvPath: string;
  readonly bootstrapDataPath: string;
  readonly databaseCredsPath: string;
  readonly pkiIssuePath: string;
}

export function serviceNames(service: Pick<ServiceDeclaration, 'name' | 'cluster'>, mounts: VaultMountPaths): ServiceNames {
  const roleName = `${service.cluster}-${service.name}`;
  const kvPath = `${service.cluster}/${service.name}`;
  const bootstrapKvPath = `${BOOTSTRAP_FOLDER}/${service.cluster}/${service.name}`;
  return {
    roleName,
    policyName: `svc-${roleName}`,
    bootstrapPolicyName: `svc-${roleName}-bootstrap`,
    kvPath,
    kvDataPath: `${mounts.kv}/data/${kvPath}`,
    kvMetadataPath: `${mounts.kv}/metadata/${kvPath}`,
    signingKeysPath: `${kvPath}/${SIGNING_KEYS_SUBPATH}`,
    bootstrapKvPath,
    bootstrapDataPath: `${mounts.kv}/data/${bootstrapKvPath}`,
    databaseCredsPath: `${mounts.database}/creds/${roleName}`,
    pkiIssuePath: `${mounts.pkiIntermediate}/issue/${roleName}`,
  };
}

/**
 * The service policy: read on exactly its own KV data path and its sub-paths (both the exact path and `/*`, the KV v2
 * pitfall), read/list on its own metadata, and, when declared, its database credentials and certificate issuance.
 */
export function servicePolicyGrants(service: ServiceDeclaration, mounts: VaultMountPaths): PolicyGrant[] {
  const names = serviceNames(service, mounts);
  const grants: PolicyGrant[] = [
    { path: names.kvDataPath, capabilities: ['read'], purpose: 'static secrets of the service' },
    { path: `${names.kvDataPath}/*`, capabilities: ['read'], purpose: 'sub-paths of the service secrets (signing key-set)' },
    { path: names.kvMetadataPath, capabilities: ['read', 'list'], purpose: 'versions of the service secrets' },
    { path: `${names.kvMetadataPath}/*`, capabilities: ['read', 'list'], purpose: 'versions of the service sub-paths' },
  ];
  if (service.database) {
    grants.push({ path: names.databaseCredsPath, capabilities: ['read'], purpose: `dynamic ${service.database.access} PostgreSQL credentials` });
  }
  if (service.certificates) {
    grants.push({ path: names.pkiIssuePath, capabilities: ['update'], purpose: `certificates for ${service.certificates.allowedDomains.join(', ')}` });
  }
  return grants;
}

/** The ESO identity of a `direct` service reads only the AppRole bootstrap credentials. */
export function bootstrapPolicyGrants(service: ServiceDeclaration, mounts: VaultMountPaths): PolicyGrant[] {
  const names = serviceNames(service, mounts);
  return [{ path: names.bootstrapDataPath, capabilities: ['read'], purpose: 'AppRole role_id and secret_id, synced by ESO' }];
}

export interface PlatformAdminOptions {
  /** Whether the configuration has a database secrets engine to manage. @default true */
  readonly database?: boolean;
}

/**
 * The scoped administration policy for Terraform runs: manages exactly the mounts, auth methods, audit devices,
 * policies and roles of this configuration. It can write (never read) AppRole bootstrap credentials, manage signing
 * key-set metadata (never key values) and never reads service secrets. The only policy with `sudo`, never `path "*"`.
 */
export function platformAdminGrants(mounts: VaultMountPaths, options: PlatformAdminOptions = {}): PolicyGrant[] {
  const database = options.database ?? true;
  const crud: Capability[] = ['create', 'read', 'update', 'delete'];
  const crudl: Capability[] = [...crud, 'list'];
  const secretMounts = [mounts.kv, ...(database ? [mounts.database] : []), mounts.pkiRoot, mounts.pkiIntermediate];
  const authMounts = [mounts.kubernetes.tooling, mounts.kubernetes.application, mounts.appRole, mounts.jwt];
  const grants: PolicyGrant[] = [
    { path: 'sys/mounts', capabilities: ['read'], purpose: 'list secrets engines' },
    ...secretMounts.flatMap((m): PolicyGrant[] => [
      { path: `sys/mounts/${m}`, capabilities: crud, purpose: `enable and configure the ${m} secrets engine` },
      { path: `sys/mounts/${m}/tune`, capabilities: ['read', 'update'], purpose: `tune the ${m} secrets engine` },
    ]),
    { path: 'sys/auth', capabilities: ['read'], purpose: 'list auth methods' },
    ...authMounts.flatMap((m): PolicyGrant[] => [
      { path: `sys/auth/${m}`, capabilities: [...crud, 'sudo'], purpose: `enable the ${m} auth method (requires sudo)` },
      { path: `sys/auth/${m}/tune`, capabilities: ['read', 'update'], purpose: `tune the ${m} auth method` },
    ]),
    { path: 'sys/audit', capabilities: ['read', 'sudo'], purpose: 'list audit devices (requires sudo)' },
    ...mounts.audit.map((m): PolicyGrant => ({ path: `sys/audit/${m}`, capabilities: [...crud, 'sudo'], purpose: `manage the ${m} audit device (requires sudo)` })),
    { path: 'sys/policies/acl', capabilities: ['list'], purpose: 'list policies' },
    { path: 'sys/policies/acl/svc-*', capabilities: crud, purpose: 'manage service policies' },
    { path: `sys/policies/acl/${PLATFORM_ADMIN_POLICY}`, capabilities: crud, purpose: 'manage this policy' },
    ...[mounts.kubernetes.tooling, mounts.kubernetes.application].flatMap((m): PolicyGrant[] => [
      { path: `auth/${m}/config`, capabilities: ['create', 'read', 'update'], purpose: 'cluster connection of the Kubernetes auth method' },
      { path: `auth/${m}/role/*`, capabilities: crudl, purpose: 'service roles of the Kubernetes auth method' },
    ]),
    { path: `auth/${mounts.appRole}/role/*`, capabilities: crudl, purpose: 'AppRoles of direct services, issuing their secret_id' },
    { path: `auth/${mounts.jwt}/config`, capabilities: ['create', 'read', 'update'], purpose: 'HCP Terraform workload identity trust' },
    { path: `auth/${mounts.jwt}/role/*`, capabilities: crudl, purpose: 'HCP Terraform workspace roles' },
    { path: `${mounts.kv}/config`, capabilities: ['create', 'read', 'update'], purpose: 'KV v2 settings (cas_required, max_versions)' },
    { path: `${mounts.kv}/metadata/+/+/${SIGNING_KEYS_SUBPATH}`, capabilities: crud, purpose: 'signing key-set structure (metadata only, never key values)' },
    { path: `${mounts.kv}/data/${BOOTSTRAP_FOLDER}/*`, capabilities: ['create', 'update'], purpose: 'write (never read) AppRole bootstrap credentials' },
    ...(database
      ? ([
          { path: `${mounts.database}/config/*`, capabilities: crudl, purpose: 'PostgreSQL connection' },
          { path: `${mounts.database}/roles/*`, capabilities: crudl, purpose: 'per-service database roles' },
          { path: `${mounts.database}/rotate-root/*`, capabilities: ['update'], purpose: "rotate Vault's own database credential" },
        ] satisfies PolicyGrant[])
      : []),
    ...pkiAdminGrants(mounts.pkiRoot, 'root'),
    ...pkiAdminGrants(mounts.pkiIntermediate, 'intermediate'),
    { path: `${mounts.pkiIntermediate}/roles/*`, capabilities: crudl, purpose: 'per-service certificate roles' },
  ];
  return grants;
}

function pkiAdminGrants(mount: string, kind: 'root' | 'intermediate'): PolicyGrant[] {
  const generation: PolicyGrant[] =
    kind === 'root'
      ? [
          { path: `${mount}/root/generate/internal`, capabilities: ['create', 'update'], purpose: 'generate the root CA (key stays inside Vault)' },
          { path: `${mount}/root/sign-intermediate`, capabilities: ['create', 'update'], purpose: 'sign the intermediate CA' },
          { path: `${mount}/root`, capabilities: ['delete'], purpose: 'remove the root CA on destroy' },
        ]
      : [
          { path: `${mount}/intermediate/generate/internal`, capabilities: ['create', 'update'], purpose: 'intermediate CSR (key stays inside Vault)' },
          { path: `${mount}/intermediate/set-signed`, capabilities: ['create', 'update'], purpose: 'install the signed intermediate' },
        ];
  return [
    ...generation,
    { path: `${mount}/config/urls`, capabilities: ['create', 'read', 'update'], purpose: 'issuing and CRL URLs' },
    { path: `${mount}/issuer/*`, capabilities: ['read'], purpose: 'read issuers' },
    { path: `${mount}/key/*`, capabilities: ['read'], purpose: 'read key references (never key material)' },
    { path: `${mount}/cert/*`, capabilities: ['read'], purpose: 'read CA certificates' },
  ];
}

/** Identity kinds that authenticate to Vault. */
export type IdentityKind = 'kubernetes-role' | 'approle' | 'jwt-role';

/** One identity and what it is granted. */
export interface IdentityGrants {
  readonly kind: IdentityKind;
  /** Login path, e.g. `auth/kubernetes-application/role/payments-api`. */
  readonly loginPath: string;
  /** Who uses it, e.g. `application: payments/payments-api (ESO)`. */
  readonly subject: string;
  /** The service the identity belongs to; undefined for platform identities. */
  readonly service?: string;
  readonly policies: readonly { readonly name: string; readonly grants: readonly PolicyGrant[] }[];
}

/** The identities of one service: its Kubernetes role and, for `direct` delivery, its AppRole. */
export function serviceIdentities(service: ServiceDeclaration, mounts: VaultMountPaths): IdentityGrants[] {
  const names = serviceNames(service, mounts);
  const servicePolicy = { name: names.policyName, grants: servicePolicyGrants(service, mounts) };
  const account = `${service.cluster}: ${service.namespace}/${service.serviceAccount}`;
  const kubernetes: IdentityGrants = {
    kind: 'kubernetes-role',
    loginPath: `auth/${mounts.kubernetes[service.cluster]}/role/${service.name}`,
    subject: service.delivery === 'eso' ? `${account} (ESO)` : `${account} (ESO, bootstrap credentials only)`,
    service: service.name,
    policies: service.delivery === 'eso' ? [servicePolicy] : [{ name: names.bootstrapPolicyName, grants: bootstrapPolicyGrants(service, mounts) }],
  };
  if (service.delivery === 'eso') return [kubernetes];
  return [
    kubernetes,
    {
      kind: 'approle',
      loginPath: `auth/${mounts.appRole}/role/${names.roleName}`,
      subject: `${account} (application, Direct-Vault)`,
      service: service.name,
      policies: [servicePolicy],
    },
  ];
}

/** HCP Terraform workspace identity: the platform-admin policy, for Terraform runs only. */
export function terraformIdentity(mounts: VaultMountPaths, workspace: string, options: PlatformAdminOptions = {}): IdentityGrants {
  return {
    kind: 'jwt-role',
    loginPath: `auth/${mounts.jwt}/role/${workspace}`,
    subject: `HCP Terraform workspace ${workspace} (plan and apply runs)`,
    policies: [{ name: PLATFORM_ADMIN_POLICY, grants: platformAdminGrants(mounts, options) }],
  };
}

/** Every identity of one Vault configuration. */
export function accessModel(
  services: readonly ServiceDeclaration[],
  mounts: VaultMountPaths,
  terraformWorkspace: string,
  options: PlatformAdminOptions = {},
): IdentityGrants[] {
  return [...services.flatMap((s) => serviceIdentities(s, mounts)), terraformIdentity(mounts, terraformWorkspace, options)];
}

/** Renders grants as Vault policy HCL, one `path` block per grant with its purpose as a comment. */
export function renderPolicy(grants: readonly PolicyGrant[]): string {
  return grants
    .map((g) => `# ${g.purpose}\npath "${g.path}" {\n  capabilities = [${g.capabilities.map((c) => `"${c}"`).join(', ')}]\n}\n`)
    .join('\n');
}

/** Parses the `path` blocks of a Vault policy (the subset `renderPolicy` writes, plus single-line blocks). */
export function parsePolicy(hcl: string): { path: string; capabilities: string[] }[] {
  const blocks: { path: string; capabilities: string[] }[] = [];
  const pattern = /path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}/g;
  for (const match of hcl.matchAll(pattern)) {
    const capabilities = [...match[2].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    blocks.push({ path: match[1], capabilities });
  }
  return blocks;
}

/**
 * Whether a Vault policy path pattern matches a request path: `+` matches one segment, a trailing `*` matches any
 * suffix (including `/`), otherwise the match is exact.
 */
export function pathMatches(pattern: string, path: string): boolean {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  const regex = body
    .split('+')
    .map((part) => part.replace(/[.?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${regex}${glob ? '.*' : ''}$`).test(path);
}

/** Capabilities an identity holds on a concrete path, over all of its policies. */
export function capabilitiesOn(identity: IdentityGrants, path: string): Capability[] {
  const found = new Set<Capability>();
  for (const policy of identity.policies) {
    for (const grant of policy.grants) if (pathMatches(grant.path, path)) grant.capabilities.forEach((c) => found.add(c));
  }
  return [...found];
}
