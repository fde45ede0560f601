/**
 * Vault's ACL evaluation, transcribed so the tests judge policies the way Vault does (source: hashicorp/vault
 * `vault/policy.go` parsePaths, `vault/acl.go` NewACL / AllowOperation / CheckAllowedFromNonExactPaths; the priority
 * rules are also documented under "Policies > Priority matching" on developer.hashicorp.com/vault).
 *
 * - Every policy of a token is merged into ONE rule set: blocks with the same path string (across policies) have
 *   their capabilities unioned, and `deny` on either side wins. Blocks with different path strings are never unioned.
 * - A request is judged by exactly ONE block: an exact path wins outright; otherwise, among the matching globs and
 *   segment wildcards, the most specific one: (1) the later its first `+` or `*`, (2) no trailing `*` over a trailing
 *   `*`, (3) fewer `+` segments, (4) longer, (5) lexically larger. Its capabilities decide, nothing else.
 * - `+` is a wildcard only as a whole segment (`a/+/b`, `+/x`); a trailing `*` matches any suffix, `/` included.
 * - A LIST request (path ending in `/`) also matches an exact block without the trailing slash.
 * - Root-protected endpoints (`sys/auth/*`, `sys/audit`, ...) additionally need `sudo` on the chosen block.
 * - `allowed_parameters`: when set, every request parameter must be listed (or `*` present) and a listed parameter
 *   with values must have one of them (`vault/acl.go` valueInAllowedParameterList).
 */
import type { Capability } from './service-grants';

/** Parameter values a block allows, by parameter name; an empty list allows any value. */
export type AllowedParameters = Readonly<Record<string, readonly (string | boolean | number)[]>>;

/** One `path` block, as written in a policy. */
export interface AclBlock {
  readonly path: string;
  readonly capabilities: readonly string[];
  readonly allowedParameters?: AllowedParameters;
}

/** A block after merging every policy of a token: one per distinct path string. */
export interface MergedRule {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  readonly allowedParameters?: AllowedParameters;
  /** Names of the policies that contributed the block. */
  readonly policies: readonly string[];
}

/** The merged rule set of a token. */
export interface Acl {
  readonly rules: readonly MergedRule[];
}

/** What a request needs. `capability` is the operation Vault maps the HTTP call to. */
export interface AclRequest {
  readonly path: string;
  readonly capability: 'create' | 'read' | 'update' | 'delete' | 'list' | 'patch';
  /** The endpoint is root-protected (PathsSpecial.Root): the chosen block also needs `sudo`. */
  readonly sudo?: boolean;
  /** Request body parameters, checked against `allowed_parameters` (create, update, patch, read). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Merges the blocks of several policies into one rule set (NewACL). */
export function compileAcl(policies: readonly { readonly name: string; readonly blocks: readonly AclBlock[] }[]): Acl {
  const byPath = new Map<string, { capabilities: Set<string>; allowedParameters?: Record<string, (string | boolean | number)[]>; policies: string[] }>();
  for (const policy of policies) {
    for (const block of policy.blocks) {
      const existing = byPath.get(block.path);
      if (!existing) {
        byPath.set(block.path, {
          capabilities: new Set(block.capabilities.includes('deny') ? ['deny'] : block.capabilities),
          allowedParameters: block.allowedParameters && Object.fromEntries(Object.entries(block.allowedParameters).map(([k, v]) => [k, [...v]])),
          policies: [policy.name],
        });
        continue;
      }
      existing.policies.push(policy.name);
      if (existing.capabilities.has('deny')) continue;
      if (block.capabilities.includes('deny')) {
        existing.capabilities = new Set(['deny']);
        existing.allowedParameters = undefined;
        continue;
      }
      block.capabilities.forEach((c) => existing.capabilities.add(c));
      if (block.allowedParameters) {
        const merged = existing.allowedParameters ?? {};
        for (const [key, values] of Object.entries(block.allowedParameters)) {
          const current = merged[key];
          merged[key] = values.length === 0 || (current !== undefined && current.length === 0) ? [] : [...values, ...(current ?? [])];
        }
        existing.allowedParameters = merged;
      }
    }
  }
  return {
    rules: [...byPath.entries()].map(([path, r]) => ({
      path,
      capabilities: [...r.capabilities] as Capability[],
      ...(r.allowedParameters ? { allowedParameters: r.allowedParameters } : {}),
      policies: r.policies,
    })),
  };
}

/** Whether a path has segment wildcards, the way Vault decides it (policy.go). */
function hasSegmentWildcards(path: string): boolean {
  return path === '+' || path.includes('/+') || path.startsWith('+/');
}

interface Candidate {
  readonly rule: MergedRule;
  readonly firstWildcard: number;
  readonly isPrefix: boolean;
  readonly wildcards: number;
  readonly body: string;
}

/** The candidate description of a non-exact rule matching `path`, or undefined when it does not match. */
function candidate(rule: MergedRule, path: string): Candidate | undefined {
  if (!hasSegmentWildcards(rule.path)) {
    if (!rule.path.endsWith('*')) return undefined;
    const prefix = rule.path.slice(0, -1);
    return path.startsWith(prefix) ? { rule, firstWildcard: prefix.length, isPrefix: true, wildcards: 0, body: prefix } : undefined;
  }
  const isPrefix = rule.path.endsWith('*');
  const body = isPrefix ? rule.path.slice(0, -1) : rule.path;
  const ruleParts = body.split('/');
  const pathParts = path.split('/');
  if (pathParts.length < ruleParts.length) return undefined;
  if (!isPrefix && ruleParts.length !== pathParts.length) return undefined;
  let wildcards = 0;
  for (let i = 0; i < ruleParts.length; i++) {
    const part = ruleParts[i];
    if (part === '+') wildcards++;
    else if (part === pathParts[i]) continue;
    else if (isPrefix && i === ruleParts.length - 1 && pathParts[i].startsWith(part)) continue;
    else return undefined;
  }
  return { rule, firstWildcard: rule.path.indexOf('+'), isPrefix, wildcards, body };
}

/** Vault's `less`: whether `a` has lower priority than `b`. */
function lowerPriority(a: Candidate, b: Candidate): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard < b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards > b.wildcards;
  if (a.body.length !== b.body.length) return a.body.length < b.body.length;
  return a.body < b.body;
}

function bestNonExact(acl: Acl, path: string): MergedRule | undefined {
  // Among plain globs only the longest prefix competes (radix LongestPrefix), then the segment wildcards join in.
  const globs = acl.rules
    .filter((r) => !hasSegmentWildcards(r.path))
    .map((r) => candidate(r, path))
    .filter((c): c is Candidate => c !== undefined)
    .sort((a, b) => b.body.length - a.body.length);
  const segment = acl.rules
    .filter((r) => hasSegmentWildcards(r.path))
    .map((r) => candidate(r, path))
    .filter((c): c is Candidate => c !== undefined);
  const candidates = [...globs.slice(0, 1), ...segment];
  if (candidates.length === 0) return undefined;
  return candidates.reduce((best, c) => (lowerPriority(best, c) ? c : best)).rule;
}

/**
 * The single block Vault applies to a request path (`AllowOperation`): exact first, then the most specific glob or
 * segment wildcard. `list` requests try the path without its trailing slash first, as Vault does.
 */
export function governingRule(acl: Acl, path: string, list = false): MergedRule | undefined {
  const clean = path.replace(/^\/+/, '');
  const exact = acl.rules.find((r) => !r.path.endsWith('*') && !hasSegmentWildcards(r.path) && r.path === clean);
  if (exact) return exact;
  if (list) {
    const trimmed = clean.replace(/\/$/, '');
    const exactTrimmed = acl.rules.find((r) => !r.path.endsWith('*') && !hasSegmentWildcards(r.path) && r.path === trimmed);
    if (exactTrimmed) return exactTrimmed;
    if (clean.endsWith('/')) {
      const rule = bestNonExact(acl, trimmed);
      if (rule) return rule;
    }
  }
  return bestNonExact(acl, clean);
}

/** Capabilities a token with these rules holds on a concrete path (`sys/capabilities-self`): those of one block. */
export function aclCapabilities(acl: Acl, path: string): Capability[] {
  const rule = governingRule(acl, path, true);
  if (!rule || rule.capabilities.includes('deny')) return [];
  return [...rule.capabilities];
}

function valueAllowed(value: unknown, allowed: readonly (string | boolean | number)[]): boolean {
  if (allowed.length === 0) return true;
  const one = (v: unknown) =>
    allowed.some((a) => {
      if (typeof a === 'string' && typeof v === 'string') {
        // strutil.GlobbedStringsMatch
        if (a.length < 2) return a === v;
        if (a.startsWith('*') && a.endsWith('*')) return v.includes(a.slice(1, -1));
        if (a.startsWith('*')) return v.endsWith(a.slice(1));
        if (a.endsWith('*')) return v.startsWith(a.slice(0, -1));
        return a === v;
      }
      return a === v;
    });
  if (one(value)) return true;
  if (Array.isArray(value)) return value.every(one);
  if (typeof value === 'string') return value.split(',').every((v) => one(v.trim()));
  return false;
}

/** Whether the rule set allows a request (capability, sudo and allowed parameters of the governing block). */
export function isAllowed(acl: Acl, request: AclRequest): boolean {
  const rule = governingRule(acl, request.path, request.capability === 'list');
  if (!rule || rule.capabilities.includes('deny')) return false;
  if (!rule.capabilities.includes(request.capability)) return false;
  if (request.sudo && !rule.capabilities.includes('sudo')) return false;
  const params = rule.allowedParameters;
  const data = request.data ?? {};
  if (params && ['create', 'update', 'patch', 'read'].includes(request.capability) && Object.keys(data).length > 0) {
    const allowAll = '*' in params;
    for (const [key, value] of Object.entries(data)) {
      const allowed = params[key.toLowerCase()];
      if (allowed === undefined && !allowAll) return false;
      if (allowed !== undefined && !valueAllowed(value, allowed)) return false;
    }
  }
  return true;
}

/**
 * Whether one block's path matches a concrete path, ignoring priority: exact, trailing `*` as a prefix, `+` as one
 * whole segment (a `+` inside a segment is a literal character, as in Vault).
 */
export function blockMatches(pattern: string, path: string): boolean {
  const rule: MergedRule = { path: pattern, capabilities: [], policies: [] };
  if (!pattern.endsWith('*') && !hasSegmentWildcards(pattern)) return pattern === path;
  return candidate(rule, path) !== undefined;
}
