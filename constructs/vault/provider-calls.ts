/**
 * Turns the provider contract (provider-contract.ts) into the concrete calls one resource makes: conditions are
 * evaluated against the resource's attributes and the target Vault, path templates are filled in, and each call
 * gets the capabilities Vault checks for it. Used by the policy generator (with placeholders for names that vary
 * per service) and by the tests (with the attribute values of the synthesized stacks).
 */
import {
  type CallCondition,
  type HttpMethod,
  PROVIDER_CONFIGURE_CALLS,
  type ProviderCall,
  type ProviderOperation,
  RESOURCE_CALLS,
  TARGET_VAULT,
  VAULT_ROUTES,
} from './provider-contract';
import type { AclRequest } from './vault-acl';

/** A path segment whose value is not a fixed name: one segment (`+`) or a name prefix (`svc-*`, last segment only). */
export type Placeholder = { readonly wildcard: 'segment'; readonly label: string } | { readonly wildcard: 'prefix'; readonly prefix: string; readonly label: string };
export type PathSegment = string | Placeholder;

/** Any single segment, e.g. a service's role name (renders as `+`). */
export const oneSegment = (label: string): Placeholder => ({ wildcard: 'segment', label });
/** Any name starting with `prefix` (renders as `<prefix>*`). */
export const namePrefix = (prefix: string, label: string): Placeholder => ({ wildcard: 'prefix', prefix, label });

export function isPlaceholder(value: unknown): value is Placeholder {
  return typeof value === 'object' && value !== null && 'wildcard' in value;
}

/** One resource as the contract sees it: its type, an address for messages and its configuration attributes. */
export interface ResourceInstance {
  readonly type: string;
  /** `<type>.<name>` in the synthesized stack, or a description for modelled instances. */
  readonly address: string;
  /** Attribute values; a placeholder or a segment list where a value is not a fixed name. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The server the calls are evaluated for. */
export interface VaultTarget {
  readonly version: string;
  readonly edition: 'community' | 'enterprise';
}

export interface ResolvedCall {
  readonly resourceType: string;
  readonly address: string;
  readonly operation: ProviderOperation;
  readonly method: HttpMethod;
  readonly segments: readonly PathSegment[];
  readonly route: string;
  /** Every capability Vault may check for the call (both `create` and `update` when the route is not known). */
  readonly requires: readonly AclRequest['capability'][];
  /** Root-protected endpoint: `sudo` as well. */
  readonly sudo: boolean;
  /** Sent without a token or to an unauthenticated endpoint: no ACL check. */
  readonly unauthenticated: boolean;
  /** Request fields a policy constrains, with the values this resource sends. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly purpose: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** Whether a condition holds for a resource (attribute-changes: any update may change any updatable attribute). */
export function conditionHolds(condition: CallCondition, attributes: Readonly<Record<string, unknown>>, target: VaultTarget): boolean {
  switch (condition.kind) {
    case 'vault-at-least':
      return compareVersions(target.version, condition.version) >= 0;
    case 'vault-below':
      return compareVersions(target.version, condition.version) < 0;
    case 'enterprise':
      return target.edition === 'enterprise';
    case 'attribute-set':
      return isSet(attributes[condition.attribute]);
    case 'attribute-is':
      return (attributes[condition.attribute] ?? condition.default) === condition.value;
    case 'attribute-changes':
      return true;
  }
}

/** Fills `{attr}` and `<computed>` into segments; attribute values may hold several segments. */
export function expandPath(template: string, attributes: Readonly<Record<string, unknown>>, where: string): PathSegment[] {
  return template.split('/').flatMap((segment): PathSegment[] => {
    const attr = /^\{([a-z_]+)\}$/.exec(segment)?.[1];
    if (attr !== undefined) {
      const value = attributes[attr];
      if (isPlaceholder(value)) return [value];
      if (Array.isArray(value)) return value as PathSegment[];
      if (typeof value === 'string' && value !== '') return value.split('/').filter((s) => s !== '');
      throw new Error(`${where}: attribute "${attr}" is needed for the call path "${template}" but is ${JSON.stringify(value)}`);
    }
    const computed = /^<([a-z_]+)>$/.exec(segment)?.[1];
    if (computed !== undefined) return [oneSegment(computed)];
    if (/[{}<>]/.test(segment)) throw new Error(`${where}: unsupported template segment "${segment}" in "${template}"`);
    return [segment];
  });
}

/** The path as a policy path: `+` for one segment, `<prefix>*` for a name prefix (last segment only). */
export function policyPath(segments: readonly PathSegment[]): string {
  return segments
    .map((s, i) => {
      if (typeof s === 'string') return s;
      if (s.wildcard === 'segment') return '+';
      if (i !== segments.length - 1) throw new Error(`a name prefix can only be the last segment (${s.prefix}*)`);
      return `${s.prefix}*`;
    })
    .join('/');
}

/** A concrete request path for a path with placeholders (a value Vault would return, a sample name). */
export function samplePath(segments: readonly PathSegment[]): string {
  return segments.map((s) => (typeof s === 'string' ? s : s.wildcard === 'segment' ? `sample-${s.label.replace(/_/g, '-')}` : `${s.prefix}sample`)).join('/');
}

/** Mount types by mount path (`kv` -> `kv`, `pki-root` -> `pki`), to find the route of a generic endpoint. */
export type MountTypes = Readonly<Record<string, string>>;

/** The Vault route of a concrete path written through `vault_generic_endpoint`. */
export function routeOfGenericPath(segments: readonly PathSegment[], mountTypes: MountTypes, where: string): string {
  const mount = segments[0];
  const type = typeof mount === 'string' ? mountTypes[mount] : undefined;
  const rest = segments.slice(1);
  if (type === 'kv' && rest[0] === 'metadata' && rest.length > 1) return ':kv/metadata/*path';
  if (type === 'kv' && rest[0] === 'data' && rest.length > 1) return ':kv/data/*path';
  if (type === 'database' && rest[0] === 'rotate-root' && rest.length === 2) return ':database/rotate-root/:name';
  throw new Error(`${where}: no route is recorded for the generic endpoint path "${policyPath(segments)}"; add it to VAULT_ROUTES`);
}

/** Capabilities Vault checks for a call (vault/request_handling.go maps writes to create or update). */
export function requiredCapabilities(call: Pick<ProviderCall, 'method' | 'operation'>, existenceCheck: boolean | 'unknown'): AclRequest['capability'][] {
  switch (call.method) {
    case 'GET':
      return ['read'];
    case 'LIST':
      return ['list'];
    case 'DELETE':
      return ['delete'];
    case 'PUT':
    case 'POST':
      if (existenceCheck === false || call.operation !== 'create') return ['update'];
      return existenceCheck === true ? ['create'] : ['create', 'update'];
  }
}

function resolve(call: ProviderCall, resourceType: string, address: string, attributes: Readonly<Record<string, unknown>>, mountTypes: MountTypes): ResolvedCall {
  const where = `${address} (${resourceType} ${call.operation} ${call.method} ${call.path})`;
  const segments = expandPath(call.path, attributes, where);
  const routeKey = call.route === ':any/*path' ? routeOfGenericPath(segments, mountTypes, where) : call.route;
  const route = VAULT_ROUTES[routeKey];
  if (!route) throw new Error(`${where}: route "${routeKey}" is not in VAULT_ROUTES`);
  const data = call.sends && Object.fromEntries(call.sends.filter((k) => attributes[k] !== undefined).map((k) => [k, attributes[k]]));
  return {
    resourceType,
    address,
    operation: call.operation,
    method: call.method,
    segments,
    route: routeKey,
    requires: requiredCapabilities(call, route.existenceCheck),
    sudo: route.sudo,
    unauthenticated: route.unauthenticated === true,
    ...(data && Object.keys(data).length > 0 ? { data } : {}),
    source: call.source,
    purpose: call.purpose,
    attributes,
  };
}

/** Every call one resource makes on the target server, over all operations (create, read, update, delete, plan). */
export function resourceCalls(resource: ResourceInstance, mountTypes: MountTypes, target: VaultTarget = TARGET_VAULT): ResolvedCall[] {
  const calls = RESOURCE_CALLS[resource.type];
  if (!calls) throw new Error(`${resource.address}: no provider contract for resource type ${resource.type}; add it to RESOURCE_CALLS`);
  return calls
    .filter((c) => (c.when ?? []).every((w) => conditionHolds(w, resource.attributes, target)))
    .map((c) => resolve(c, resource.type, resource.address, resource.attributes, mountTypes));
}

/** The calls the provider makes while configuring itself with this provider configuration. */
export function configureCalls(providerConfig: Readonly<Record<string, unknown>>, target: VaultTarget = TARGET_VAULT): ResolvedCall[] {
  return PROVIDER_CONFIGURE_CALLS.filter((c) => (c.when ?? []).every((w) => conditionHolds(w, providerConfig, target))).map((c) =>
    resolve(c, 'provider', 'provider.vault', providerConfig, {}),
  );
}
