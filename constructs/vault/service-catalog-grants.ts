/**
 * The `service-catalog` policy, generated like platform-admin (platform-admin-grants.ts) from the pinned provider's
 * contract (provider-contract.ts): the token of every service stack run (`services-<team>[-<shard>]-<env>`,
 * docs/service-catalog.md) carries it. It covers every kind of resource a service stack can hold, whichever services
 * an environment declares today, so the policy (created by vault-config, break-glass only) never changes with the
 * catalog:
 * - policies named `svc-<cluster>-*` (service and bootstrap policies) and `svc-secret-id-issuer-*` (the shards'
 *   secret-ID issuers): never `platform-admin`, `service-catalog` or the raft snapshot job's `svc-platform-raft-snapshot`;
 * - roles on each cluster's auth method (one segment: a service's role is named after the service), with the
 *   platform's own role on the tooling cluster's method (the raft snapshot job's) denied by an exact block; every role
 *   the service stacks write may attach service policies only (`token_policies`, see serviceRolePolicyPatterns);
 * - AppRoles (one segment, `bind_secret_id` must stay true), database roles and certificate roles named
 *   `<cluster>-*`, and the signing key-set metadata `kv/metadata/<cluster>/+/signing-keys`.
 * Nothing else: no mount, auth method, PKI CA, audit device, database connection, JWT role of HCP Terraform, and no
 * secret (no `kv/data`, no `creds`, no `issue`, no `secret-id`).
 */
import { RAFT_SNAPSHOT_ROLE } from '../vault-server/vault-server-names';
import { type ModelledResource, breakGlassRule, callsOf, grantsFromCalls, modelled, mountTypes } from './platform-admin-grants';
import { namePrefix, oneSegment } from './provider-calls';
import { SECRET_ID_ISSUER } from './secret-id-issuer-grants';
import { CLUSTER_NAMES, type PolicyGrant, SIGNING_KEYS_SUBPATH, type VaultMountPaths } from './service-grants';

/** What the service stacks of one environment may manage, as far as the policy is concerned. */
export interface ServiceCatalogInputs {
  readonly mounts: VaultMountPaths;
  /** The environment has a database secrets engine (services may then declare database access). */
  readonly database: boolean;
}

/** The role names on the clusters' auth methods that belong to the platform, not to a service: denied to the service stacks. */
export function platformOwnedRoles(mounts: VaultMountPaths): { readonly path: string; readonly owner: string }[] {
  const tooling = mounts.clusterAuth.tooling;
  return tooling.method === 'kubernetes' ? [{ path: `auth/${tooling.path}/role/${RAFT_SNAPSHOT_ROLE}`, owner: 'the raft snapshot job (vault-config)' }] : [];
}

/** Every kind of resource a service stack can hold, with placeholders for the names that differ per service. */
export function serviceCatalogResources(inputs: ServiceCatalogInputs): ModelledResource[] {
  const { mounts } = inputs;
  const r = modelled;
  const resources: ModelledResource[] = [
    ...CLUSTER_NAMES.map((cluster) => r('vault_policy', `service policies (${cluster})`, { name: namePrefix(`svc-${cluster}-`, 'service_policy') })),
    r('vault_policy', 'secret-ID issuer policies', { name: namePrefix(SECRET_ID_ISSUER.policyPrefix, 'shard') }),
    ...CLUSTER_NAMES.map((cluster) => {
      const { method, path } = mounts.clusterAuth[cluster];
      return method === 'kubernetes'
        ? r('vault_kubernetes_auth_backend_role', `service account roles on ${path}`, { backend: path, role_name: oneSegment('role_name'), token_policies: [`svc-${cluster}-service`] })
        : r('vault_jwt_auth_backend_role', `service account roles on ${path}`, { backend: path, role_name: oneSegment('role_name'), token_policies: [`svc-${cluster}-service`] });
    }),
    r('vault_approle_auth_backend_role', 'AppRoles of direct services', {
      backend: mounts.appRole,
      role_name: oneSegment('role_name'),
      bind_secret_id: true,
      token_policies: ['svc-application-service', 'svc-application-service-bootstrap'],
    }),
  ];
  for (const cluster of CLUSTER_NAMES) {
    if (inputs.database) {
      resources.push(r('vault_database_secret_backend_role', `database roles (${cluster})`, { backend: mounts.database, name: namePrefix(`${cluster}-`, 'service') }));
    }
    resources.push(
      r('vault_pki_secret_backend_role', `certificate roles (${cluster})`, { backend: mounts.pkiIntermediate, name: namePrefix(`${cluster}-`, 'service') }),
      r('vault_generic_endpoint', `signing key-set structure (${cluster})`, {
        path: [mounts.kv, 'metadata', cluster, oneSegment('service'), SIGNING_KEYS_SUBPATH],
        disable_delete: true,
        ignore_absent_fields: true,
      }),
    );
  }
  return resources;
}

/**
 * The policies a role written by a service stack may attach: the ones the service stacks themselves may write
 * (`svc-<cluster>-*`, `svc-secret-id-issuer-*`). Without this, a service stack could write a role that logs in with
 * `platform-admin` or `service-catalog` and so widen itself into the admin.
 */
export function serviceRolePolicyPatterns(): string[] {
  return [...CLUSTER_NAMES.map((cluster) => `svc-${cluster}-*`), `${SECRET_ID_ISSUER.policyPrefix}*`];
}

/**
 * The role paths of the service stacks (each cluster's auth method and AppRole): `token_policies`, and its deprecated
 * alias `policies`, are limited to {@link serviceRolePolicyPatterns} (Vault's `allowed_parameters` globs every element
 * of a list value: vault/acl.go valueInParameterList, strutil.GlobbedStringsMatch); other parameters stay free, except
 * AppRole's `bind_secret_id` (platform-admin-grants.ts ADMIN_PARAMETER_CONSTRAINTS).
 */
function withRolePolicyLimits(grants: PolicyGrant[], mounts: VaultMountPaths): PolicyGrant[] {
  const rolePaths = new Set([...CLUSTER_NAMES.map((cluster) => `auth/${mounts.clusterAuth[cluster].path}/role/+`), `auth/${mounts.appRole}/role/+`]);
  const patterns = serviceRolePolicyPatterns();
  return grants.map((grant) =>
    rolePaths.has(grant.path) && !grant.capabilities.includes('deny')
      ? { ...grant, allowedParameters: { '*': [], ...grant.allowedParameters, token_policies: patterns, policies: patterns } }
      : grant,
  );
}

/**
 * The generated `service-catalog` grants: the calls of {@link serviceCatalogResources}, the roles' policies limited to
 * service policies, then the platform-owned roles denied.
 */
export function serviceCatalogGrants(inputs: ServiceCatalogInputs): PolicyGrant[] {
  const calls = callsOf(serviceCatalogResources(inputs), mountTypes(inputs.mounts, inputs.database), breakGlassRule);
  return [
    ...withRolePolicyLimits(grantsFromCalls(calls), inputs.mounts),
    ...platformOwnedRoles(inputs.mounts).map((role): PolicyGrant => ({ path: role.path, capabilities: ['deny'], purpose: `belongs to ${role.owner}, not to a service` })),
  ];
}
