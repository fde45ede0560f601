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

import { policyStanzas } from '../policy/vault-policy-text';
import { type Acl, type AllowedParameters, aclCapabilities, blockMatches, compileAcl } from './vault-acl';

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
/** Name of the policy of the service stacks' runs (service-catalog-grants.ts); vault-config creates it, break-glass only. */
export const SERVICE_CATALOG_POLICY = 'service-catalog';

/** One `path "..." { capabilities = [...] }` block of a policy. */
export interface PolicyGrant {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  /** Why the grant exists; rendered as a comment and in the access matrix. */
  readonly purpose: string;
  /** Request parameters the block allows (`allowed_parameters`); `*` = [] allows every other parameter. */
  readonly allowedParameters?: AllowedParameters;
}

/**
 * How Vault authenticates the service accounts of one cluster (docs/secrets-architecture.md, "Cross-cluster
 * authentication"):
 * - `kubernetes`: Kubernetes auth; Vault asks that cluster's API server to review each token (TokenReview). Used for
 *   the tooling cluster, where Vault runs: the review is an in-cluster call made with Vault's own service account.
 * - `jwt`: JWT auth against the cluster's OIDC issuer; Vault verifies each token's signature with the issuer's
 *   published keys and never calls the cluster's API. Used for the application cluster, whose API endpoint is private
 *   to its own VPC and the agents.
 */
export type ClusterAuthMethod = 'kubernetes' | 'jwt';

/** The auth method of one cluster and where it is mounted. */
export interface ClusterAuthMount {
  readonly method: ClusterAuthMethod;
  /** Auth mount path, e.g. `kubernetes-tooling`. */
  readonly path: string;
}

/** Mount and auth paths of one Vault configuration (no leading or trailing slash). */
export interface VaultMountPaths {
  readonly kv: string;
  readonly database: string;
  readonly pkiRoot: string;
  readonly pkiIntermediate: string;
  readonly appRole: string;
  /** The HCP Terraform JWT auth method (Terraform runs log in there). */
  readonly jwt: string;
  /** How each cluster's service accounts log in. */
  readonly clusterAuth: Readonly<Record<ClusterName, ClusterAuthMount>>;
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
  clusterAuth: { tooling: { method: 'kubernetes', path: 'kubernetes-tooling' }, application: { method: 'jwt', path: 'jwt-application' } },
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

/**
 * Name patterns of the database, PKI and AppRole roles of services (`<cluster>-<service>`, {@link serviceNames}): one
 * prefix glob per cluster. Platform roles never start with a cluster name, so these match service roles only.
 */
export function serviceRoleNamePatterns(): string[] {
  return CLUSTER_NAMES.map((cluster) => `${cluster}-*`);
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

/** Identity kinds that authenticate to Vault. */
export type IdentityKind = 'kubernetes-role' | 'approle' | 'jwt-role';

/** One identity and what it is granted. */
export interface IdentityGrants {
  readonly kind: IdentityKind;
  /** Login path, e.g. `auth/jwt-application/role/payments-api`. */
  readonly loginPath: string;
  /** Who uses it, e.g. `application: payments/payments-api (ESO)`. */
  readonly subject: string;
  /** The service the identity belongs to; undefined for platform identities. */
  readonly service?: string;
  readonly policies: readonly { readonly name: string; readonly grants: readonly PolicyGrant[] }[];
}

/** Login path of a service account's role on its cluster's auth method (the role is named after the service). */
export function clusterLoginPath(mounts: VaultMountPaths, cluster: ClusterName, roleName: string): string {
  return `auth/${mounts.clusterAuth[cluster].path}/role/${roleName}`;
}

/** The identities of one service: its cluster role (Kubernetes or JWT) and, for `direct` delivery, its AppRole. */
export function serviceIdentities(service: ServiceDeclaration, mounts: VaultMountPaths): IdentityGrants[] {
  const names = serviceNames(service, mounts);
  const servicePolicy = { name: names.policyName, grants: servicePolicyGrants(service, mounts) };
  const account = `${service.cluster}: ${service.namespace}/${service.serviceAccount}`;
  const cluster: IdentityGrants = {
    kind: mounts.clusterAuth[service.cluster].method === 'jwt' ? 'jwt-role' : 'kubernetes-role',
    loginPath: clusterLoginPath(mounts, service.cluster, service.name),
    subject: service.delivery === 'eso' ? `${account} (ESO)` : `${account} (ESO, bootstrap credentials only)`,
    service: service.name,
    policies: service.delivery === 'eso' ? [servicePolicy] : [{ name: names.bootstrapPolicyName, grants: bootstrapPolicyGrants(service, mounts) }],
  };
  if (service.delivery === 'eso') return [cluster];
  return [
    cluster,
    {
      kind: 'approle',
      loginPath: `auth/${mounts.appRole}/role/${names.roleName}`,
      subject: `${account} (application, Direct-Vault)`,
      service: service.name,
      policies: [servicePolicy],
    },
  ];
}

/** Renders grants as Vault policy HCL, one `path` block per grant with its purpose as a comment. */
export function renderPolicy(grants: readonly PolicyGrant[]): string {
  return grants
    .map((g) => {
      const lines = [`# ${g.purpose}`, `path "${g.path}" {`, `  capabilities = [${g.capabilities.map((c) => `"${c}"`).join(', ')}]`];
      if (g.allowedParameters) {
        lines.push('  allowed_parameters = {');
        for (const [key, values] of Object.entries(g.allowedParameters)) lines.push(`    "${key}" = [${values.map((v) => JSON.stringify(v)).join(', ')}]`);
        lines.push('  }');
      }
      return `${lines.join('\n')}\n}\n`;
    })
    .join('\n');
}

/** One parsed `path` block. */
export interface ParsedPolicyBlock {
  path: string;
  capabilities: string[];
  allowedParameters?: Record<string, (string | boolean | number)[]>;
}

/**
 * Parses the `path` blocks of a Vault policy (the subset `renderPolicy` writes, plus single-line blocks). Braces are
 * matched, so an `allowed_parameters = { ... }` map does not end a block early. The tests also parse the rendered
 * text with a real HCL parser (@cdktf/hcl2json) and compare.
 */
export function parsePolicy(hcl: string): ParsedPolicyBlock[] {
  return policyStanzas(hcl).map(({ path, body }) => {
    const capabilities = [...(/capabilities\s*=\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const block: ParsedPolicyBlock = { path, capabilities };
    const params = /allowed_parameters\s*=\s*\{([^}]*)\}/.exec(body)?.[1];
    if (params !== undefined) {
      block.allowedParameters = Object.fromEntries(
        [...params.matchAll(/"([^"]+)"\s*=\s*\[([^\]]*)\]/g)].map((m) => [m[1], m[2].trim() === '' ? [] : (JSON.parse(`[${m[2]}]`) as (string | boolean | number)[])]),
      );
    }
    return block;
  });
}

/**
 * Whether one policy path matches a request path, ignoring priority: exact, a trailing `*` as a prefix, `+` as one
 * whole segment. Which block actually applies is decided by Vault's priority rules: see {@link capabilitiesOn}.
 */
export function pathMatches(pattern: string, path: string): boolean {
  return blockMatches(pattern, path);
}

/**
 * Capabilities an identity holds on a concrete path, the way Vault computes them: all its policies merged into one
 * rule set (same path strings unioned), then the single most specific matching block decides (vault-acl.ts).
 */
export function capabilitiesOn(identity: IdentityGrants, path: string): Capability[] {
  return aclCapabilities(identityAcl(identity), path);
}

/** The merged rule set of an identity's policies. */
export function identityAcl(identity: Pick<IdentityGrants, 'policies'>): Acl {
  return compileAcl(identity.policies.map((p) => ({ name: p.name, blocks: p.grants })));
}
