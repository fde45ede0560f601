/**
 * The `platform-admin` policy, generated: the Vault resources the vault-config stack manages (modelled from the
 * mount layout), every call the pinned provider makes for them (provider-contract.ts), minus the calls that are
 * break-glass only. Each remaining call becomes (part of) a `path` block with exactly the capabilities Vault checks
 * for it. Every name is exact (mounts, audit devices, the database connection, the workspace roles, the platform's
 * own policies and roles): the services' resources live in the service stacks, whose runs use the `service-catalog`
 * policy (service-catalog-grants.ts), so no service declaration changes this policy.
 */
import {
  type ResolvedCall,
  type ResourceInstance,
  configureCalls,
  oneSegment,
  policyPath,
  resourceCalls,
} from './provider-calls';
import { type ProviderOperation, TARGET_VAULT } from './provider-contract';
import { RAFT_SNAPSHOT_POLICY, RAFT_SNAPSHOT_ROLE } from '../vault-server/vault-server-names';
import { CLUSTER_NAMES, type Capability, DEFAULT_MOUNT_PATHS, PLATFORM_ADMIN_POLICY, type PolicyGrant, SERVICE_CATALOG_POLICY, type VaultMountPaths } from './service-grants';
import { type AllowedParameters, blockMatches, compileAcl, governingRule } from './vault-acl';

/** A change the Terraform identity must not be able to make: it needs a break-glass root token. */
export interface BreakGlassRule {
  readonly id: string;
  /** Resource type, or `*` for any. */
  readonly resourceType: string;
  readonly operations: readonly ProviderOperation[];
  /** Only calls served by this route. */
  readonly route?: string;
  /** Only the resource whose attribute has this value. */
  readonly instance?: { readonly attribute: string; readonly equals: string };
  readonly reason: string;
}

/**
 * Path of the HCP Terraform JWT auth method: `mounts.jwt` is the same in every environment (`vaultMountPaths` never
 * overrides it), so the rules below can name it. Service account roles on a cluster's JWT method are not break-glass.
 */
const HCP_TERRAFORM_JWT_PATH = DEFAULT_MOUNT_PATHS.jwt;

/**
 * What stays break-glass (generated root token, docs/secrets-architecture.md "Break-glass changes"). The tests prove
 * the generated policy denies every call these rules match.
 */
export const BREAK_GLASS_RULES: readonly BreakGlassRule[] = [
  {
    id: 'own-policy',
    resourceType: 'vault_policy',
    operations: ['create', 'update', 'delete'],
    instance: { attribute: 'name', equals: PLATFORM_ADMIN_POLICY },
    reason: 'the admin cannot rewrite its own policy, so it cannot grant itself anything (read only, so plans stay clean)',
  },
  {
    id: 'own-login',
    resourceType: 'vault_jwt_auth_backend',
    operations: ['create', 'update', 'delete'],
    instance: { attribute: 'path', equals: HCP_TERRAFORM_JWT_PATH },
    reason: 'the HCP Terraform JWT trust is how the admin logs in: changing it could admit other runs (read only)',
  },
  {
    id: 'own-role',
    resourceType: 'vault_jwt_auth_backend_role',
    operations: ['create', 'update', 'delete'],
    instance: { attribute: 'backend', equals: HCP_TERRAFORM_JWT_PATH },
    reason: 'the workspace role decides who gets the admin policy and which policies the run token carries (read only)',
  },
  {
    id: 'service-catalog-policy',
    resourceType: 'vault_policy',
    operations: ['create', 'update', 'delete'],
    instance: { attribute: 'name', equals: SERVICE_CATALOG_POLICY },
    reason: 'the policy of every service stack run (service-catalog-grants.ts): widening it widens what every shard workspace can do (read only)',
  },
  {
    // After own-login (the first matching rule names the call): every other JWT auth method is a cluster's issuer.
    id: 'cluster-issuer-trust',
    resourceType: 'vault_jwt_auth_backend',
    operations: ['create', 'update', 'delete'],
    reason: "which OIDC issuer and keys Vault trusts for a cluster's service account tokens: a rewritten issuer would accept tokens the admin signed",
  },
  {
    id: 'audit',
    resourceType: 'vault_audit',
    operations: ['create', 'delete'],
    reason: 'the identity being audited cannot switch audit devices off or add a device it controls',
  },
  {
    id: 'cluster-trust',
    resourceType: 'vault_kubernetes_auth_backend_config',
    operations: ['create', 'update'],
    reason: 'which API server and CA Vault asks to review tokens: a rewritten connection would accept tokens the admin forged',
  },
  {
    id: 'engine-removal',
    resourceType: 'vault_mount',
    operations: ['delete'],
    reason: 'disabling a secrets engine destroys every secret, role and CA in it',
  },
  {
    id: 'auth-removal',
    resourceType: 'vault_auth_backend',
    operations: ['delete'],
    reason: 'disabling an auth method deletes its roles and revokes every token it issued',
  },
  {
    id: 'remount',
    resourceType: '*',
    operations: ['update'],
    route: 'sys/remount',
    reason: 'moving a mount changes every path the policies refer to',
  },
];

/**
 * Request parameters the admin may send on a route (`allowed_parameters`). AppRoles must keep `bind_secret_id = true`:
 * with it false, the role ID alone (which the admin reads for plans) would log in, and the admin could give such a
 * role any policy it wrote.
 */
export const ADMIN_PARAMETER_CONSTRAINTS: Readonly<Record<string, AllowedParameters>> = {
  'auth/:approle/role/:name': { '*': [], bind_secret_id: [true] },
};

/**
 * The rule that makes a call break-glass, if any. Only writes are: the read-back inside a break-glass create or
 * update is the same read the refresh makes, which stays allowed so plans work.
 */
export function breakGlassRule(call: Pick<ResolvedCall, 'resourceType' | 'operation' | 'route' | 'attributes' | 'method'>): BreakGlassRule | undefined {
  if (call.method === 'GET' || call.method === 'LIST') return undefined;
  return BREAK_GLASS_RULES.find(
    (r) =>
      (r.resourceType === '*' || r.resourceType === call.resourceType) &&
      r.operations.includes(call.operation) &&
      (r.route === undefined || r.route === call.route) &&
      (r.instance === undefined || call.attributes[r.instance.attribute] === r.instance.equals),
  );
}

/** What the vault-config stack of one environment configures, as far as the admin policy is concerned. */
export interface PlatformAdminInputs {
  readonly mounts: VaultMountPaths;
  /** Roles on the HCP Terraform JWT auth method: the vault-config workspace's and the service stacks' shared one. */
  readonly workspaces: readonly string[];
  /** The database secrets engine's connection name; undefined when the environment has no database engine. */
  readonly databaseConnection?: string;
}

/** Mount types by path, for the generic endpoints' routes. */
export function mountTypes(mounts: VaultMountPaths, database: boolean): Record<string, string> {
  return {
    [mounts.kv]: 'kv',
    [mounts.pkiRoot]: 'pki',
    [mounts.pkiIntermediate]: 'pki',
    ...(database ? { [mounts.database]: 'database' } : {}),
  };
}

/** A modelled resource with a short description, for the purpose of the blocks it needs. */
export interface ModelledResource extends ResourceInstance {
  readonly label: string;
}

/** A modelled resource of `type`, described by `label`. */
export function modelled(type: string, label: string, attributes: Record<string, unknown>): ModelledResource {
  return { type, address: `${type} (${label})`, label, attributes };
}

/**
 * The vault_* resources of the stack as the policy sees them: the same types and attributes the constructs
 * synthesize, with placeholders where a name differs per service. The tests compare this model with the
 * synthesized stacks call by call, so a construct that starts writing elsewhere fails them.
 */
export function modelledResources(inputs: PlatformAdminInputs): ModelledResource[] {
  const { mounts } = inputs;
  const r = modelled;
  const resources: ModelledResource[] = [
    ...mounts.audit.map((path) => r('vault_audit', `audit device ${path}`, { path })),
    r('vault_mount', `${mounts.kv} secrets engine`, { path: mounts.kv }),
    r('vault_kv_secret_backend_v2', `${mounts.kv} settings`, { mount: mounts.kv }),
    ...CLUSTER_NAMES.flatMap((cluster) => {
      const { method, path } = mounts.clusterAuth[cluster];
      return method === 'kubernetes'
        ? [
            r('vault_auth_backend', `${path} auth method`, { path, type: 'kubernetes' }),
            r('vault_kubernetes_auth_backend_config', `${path} cluster connection`, { backend: path }),
          ]
        : [r('vault_jwt_auth_backend', `${path} cluster OIDC issuer trust`, { path })];
    }),
    r('vault_auth_backend', `${mounts.appRole} auth method`, { path: mounts.appRole, type: 'approle' }),
  ];
  if (inputs.databaseConnection !== undefined) {
    resources.push(
      r('vault_mount', `${mounts.database} secrets engine`, { path: mounts.database }),
      r('vault_database_secret_backend_connection', 'PostgreSQL connection', { backend: mounts.database, name: inputs.databaseConnection }),
      r('vault_generic_endpoint', "rotation of Vault's own database credential", {
        path: `${mounts.database}/rotate-root/${inputs.databaseConnection}`,
        disable_read: true,
        disable_delete: true,
      }),
    );
  }
  resources.push(
    r('vault_mount', `${mounts.pkiRoot} secrets engine`, { path: mounts.pkiRoot }),
    r('vault_pki_secret_backend_root_cert', 'root CA', { backend: mounts.pkiRoot, type: 'internal' }),
    r('vault_mount', `${mounts.pkiIntermediate} secrets engine`, { path: mounts.pkiIntermediate }),
    r('vault_pki_secret_backend_intermediate_cert_request', 'intermediate CA request', { backend: mounts.pkiIntermediate, type: 'internal' }),
    r('vault_pki_secret_backend_root_sign_intermediate', 'intermediate CA signature', { backend: mounts.pkiRoot, issuer_ref: oneSegment('issuer_id') }),
    r('vault_pki_secret_backend_intermediate_set_signed', 'signed intermediate CA', { backend: mounts.pkiIntermediate }),
    r('vault_pki_secret_backend_config_urls', `${mounts.pkiRoot} URLs`, { backend: mounts.pkiRoot }),
    r('vault_pki_secret_backend_config_urls', `${mounts.pkiIntermediate} URLs`, { backend: mounts.pkiIntermediate }),
    r('vault_pki_secret_backend_crl_config', `${mounts.pkiIntermediate} CRL settings`, { backend: mounts.pkiIntermediate }),
    r('vault_policy', 'this policy', { name: PLATFORM_ADMIN_POLICY }),
    r('vault_policy', 'the service stacks\' policy', { name: SERVICE_CATALOG_POLICY }),
    r('vault_jwt_auth_backend', 'HCP Terraform JWT trust', { path: mounts.jwt }),
    ...inputs.workspaces.map((w) => r('vault_jwt_auth_backend_role', `workspace role ${w}`, { backend: mounts.jwt, role_name: w })),
    // The raft snapshot job of vault-server: its policy and its role on the tooling cluster's Kubernetes auth method.
    r('vault_policy', 'raft snapshot job policy', { name: RAFT_SNAPSHOT_POLICY }),
  );
  const tooling = mounts.clusterAuth.tooling;
  if (tooling.method === 'kubernetes') {
    resources.push(r('vault_kubernetes_auth_backend_role', 'raft snapshot job role', { backend: tooling.path, role_name: RAFT_SNAPSHOT_ROLE }));
  }
  return resources;
}

const CAPABILITY_ORDER: readonly Capability[] = ['create', 'read', 'update', 'delete', 'list', 'patch', 'sudo'];

/** Capabilities a call needs on its block, `sudo` included. */
export function callCapabilities(call: Pick<ResolvedCall, 'requires' | 'sudo'>): Capability[] {
  return [...call.requires, ...(call.sudo ? (['sudo'] as const) : [])];
}

/** Whether a call is checked against the admin's own policy (not unauthenticated, not left to the `default` policy). */
export function needsAdminPolicy(call: Pick<ResolvedCall, 'unauthenticated' | 'route'>): boolean {
  return !call.unauthenticated && call.route !== 'auth/token/lookup-self';
}

/** One modelled call, the resource it is made for, and the break-glass rule that takes it from the policy, if any. */
export interface ModelledCall {
  readonly call: ResolvedCall;
  readonly label: string;
  readonly breakGlass?: BreakGlassRule;
}

/** Every call the modelled resources and the provider configuration make, with the break-glass rule of each. */
export function modelledCalls(inputs: PlatformAdminInputs): ModelledCall[] {
  return callsOf(modelledResources(inputs), mountTypes(inputs.mounts, inputs.databaseConnection !== undefined), breakGlassRule);
}

/** The provider configuration's calls and every call of `resources`, each with its break-glass rule (`breakGlassOf`). */
export function callsOf(
  resources: readonly ModelledResource[],
  types: Record<string, string>,
  breakGlassOf: (call: ResolvedCall) => BreakGlassRule | undefined,
): ModelledCall[] {
  return [
    ...configureCalls({ skip_child_token: true }).map((call) => ({ call, label: 'provider configuration' })),
    ...resources.flatMap((resource) => resourceCalls(resource, types, TARGET_VAULT).map((call) => ({ call, label: resource.label, breakGlass: breakGlassOf(call) }))),
  ];
}

/** The generated `platform-admin` grants, in the order the resources appear. */
export function platformAdminGrants(inputs: PlatformAdminInputs): PolicyGrant[] {
  return grantsFromCalls(modelledCalls(inputs));
}

/**
 * Policy blocks for the calls (break-glass ones and those no policy governs left out): one block per path with
 * exactly the capabilities its calls need, the parameter constraints of its route, and the purpose of each.
 */
export function grantsFromCalls(calls: readonly ModelledCall[]): PolicyGrant[] {
  const blocks = new Map<string, { capabilities: Set<Capability>; purposes: Map<string, Set<string>>; allowedParameters?: AllowedParameters }>();
  for (const { call, label, breakGlass } of calls) {
    if (breakGlass || !needsAdminPolicy(call)) continue;
    const path = policyPath(call.segments);
    const block = blocks.get(path) ?? { capabilities: new Set<Capability>(), purposes: new Map<string, Set<string>>() };
    callCapabilities(call).forEach((c) => block.capabilities.add(c));
    const key = `${label} (${call.resourceType}`;
    const operations = block.purposes.get(key) ?? new Set<string>();
    operations.add(call.operation);
    block.purposes.set(key, operations);
    const constraint = ADMIN_PARAMETER_CONSTRAINTS[call.route];
    if (constraint) block.allowedParameters = constraint;
    blocks.set(path, block);
  }
  const grants = [...blocks.entries()].map(
    ([path, b]): PolicyGrant => ({
      path,
      capabilities: CAPABILITY_ORDER.filter((c) => b.capabilities.has(c)),
      purpose: [...b.purposes.entries()].map(([key, ops]) => `${key} ${[...ops].join(', ')})`).join('; '),
      ...(b.allowedParameters ? { allowedParameters: b.allowedParameters } : {}),
    }),
  );
  return withoutSubsumedExactPaths(grants);
}

/**
 * Drops an exact block when, without it, the block that would then govern its path (Vault priority) already has
 * every capability and the same parameter constraints, e.g. the issuer's Kubernetes role under `role/+`.
 */
function withoutSubsumedExactPaths(grants: PolicyGrant[]): PolicyGrant[] {
  return grants.filter((grant, i) => {
    if (grant.path.includes('+') || grant.path.endsWith('*')) return true;
    const others = grants.filter((_, j) => j !== i);
    if (!others.some((o) => blockMatches(o.path, grant.path))) return true;
    const rule = governingRule(compileAcl([{ name: 'p', blocks: others }]), grant.path);
    const sameParameters = JSON.stringify(rule?.allowedParameters) === JSON.stringify(grant.allowedParameters);
    return !(rule && sameParameters && grant.capabilities.every((c) => rule.capabilities.includes(c)));
  });
}

