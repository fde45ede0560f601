import { breakGlassRule, callCapabilities } from '../../../constructs/vault/platform-admin-grants';
import {
  type ResolvedCall,
  type ResourceInstance,
  configureCalls,
  oneSegment,
  policyPath,
  resourceCalls,
  samplePath,
} from '../../../constructs/vault/provider-calls';
import { VAULT_DEFAULT_POLICY_BLOCKS } from '../../../constructs/vault/provider-contract';
import { type Acl, type AclBlock, compileAcl, governingRule, isAllowed } from '../../../constructs/vault/vault-acl';
import { type TerraformJson } from '../../helpers';

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** An attribute value with `${type.name.attr}` references to literal attributes of the same stack resolved (in lists too). */
function resolveValue(json: TerraformJson, value: unknown, attribute: string): unknown {
  if (Array.isArray(value)) return value.map((element: unknown) => resolveValue(json, element, attribute));
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const ref = REFERENCE.exec(value);
  if (ref) {
    const target = json.resource?.[ref[1]]?.[ref[2]]?.[ref[3]];
    if (target !== undefined) return resolveValue(json, target, ref[3]);
    return oneSegment(ref[3]); // computed by Vault at apply time (e.g. issuer_id)
  }
  return oneSegment(attribute); // any other expression: unknown at synth
}

/** Every vault_* resource of a synthesized stack, with its real attribute values. */
export function synthesizedResources(json: TerraformJson): ResourceInstance[] {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, TerraformJson>>)
    .filter(([type]) => type.startsWith('vault_'))
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({
        type,
        address: `${type}.${name}`,
        attributes: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, resolveValue(json, v, k)])),
      })),
    );
}

/** Mount types by path from the stack's vault_mount resources (`kv-v2` counts as `kv`). */
export function synthesizedMountTypes(json: TerraformJson): Record<string, string> {
  return Object.fromEntries(Object.values((json.resource?.vault_mount ?? {}) as Record<string, TerraformJson>).map((m) => [m.path as string, (m.type as string).replace(/-v2$/, '')]));
}

/**
 * Every call the provider makes for the stack: its own configuration, then every resource's calls. `types` are the
 * mount types by path: the stack's own mounts by default; a service stack names the mounts of vault-config.
 */
export function synthesizedCalls(json: TerraformJson, types: Record<string, string> = synthesizedMountTypes(json)): ResolvedCall[] {
  return [...configureCalls(json.provider.vault[0]), ...synthesizedResources(json).flatMap((r) => resourceCalls(r, types))];
}

export const describeCall = (call: ResolvedCall): string =>
  `${call.address} ${call.operation}: ${call.method} ${policyPath(call.segments)} needs ${callCapabilities(call).join('+')}`;

/** The token of a Terraform run: its policy's blocks (platform-admin or service-catalog) plus Vault's `default` policy. */
export function runAcl(adminBlocks: readonly AclBlock[], name = 'platform-admin'): Acl {
  return compileAcl([
    { name, blocks: adminBlocks },
    { name: 'default', blocks: VAULT_DEFAULT_POLICY_BLOCKS },
  ]);
}

/** Whether the token may make the call: every capability Vault may check, sudo, and the parameters it sends. */
export function callAllowed(acl: Acl, call: ResolvedCall): boolean {
  const path = samplePath(call.segments);
  return call.requires.every((capability) => isAllowed(acl, { path, capability, sudo: call.sudo, data: call.data }));
}

/** Calls that are not break-glass but the token may not make. */
export function deniedCalls(acl: Acl, calls: readonly ResolvedCall[]): string[] {
  return calls.filter((c) => !c.unauthenticated && !breakGlassRule(c) && !callAllowed(acl, c)).map(describeCall);
}

/** Break-glass calls the token could make anyway. */
export function breakGlassLeaks(acl: Acl, calls: readonly ResolvedCall[]): string[] {
  return calls.filter((c) => !c.unauthenticated && breakGlassRule(c) && callAllowed(acl, c)).map((c) => `${describeCall(c)} (${breakGlassRule(c)!.id})`);
}

/**
 * Each block and capability no allowed call uses. A block counts for a call only when it is the block Vault applies
 * to the call's path (priority rules), and a capability only when the call needs it.
 */
export function unusedGrants(adminBlocks: readonly AclBlock[], acl: Acl, calls: readonly ResolvedCall[]): string[] {
  const used = new Map<string, Set<string>>();
  for (const call of calls) {
    if (call.unauthenticated || breakGlassRule(call) || !callAllowed(acl, call)) continue;
    const rule = governingRule(acl, samplePath(call.segments), call.method === 'LIST');
    if (!rule) continue;
    const caps = used.get(rule.path) ?? new Set<string>();
    callCapabilities(call).forEach((c) => caps.add(c));
    if (call.data && rule.allowedParameters) caps.add('allowed_parameters');
    used.set(rule.path, caps);
  }
  return adminBlocks.flatMap((block) => [
    ...block.capabilities.filter((c) => !used.get(block.path)?.has(c)).map((c) => `${block.path}: ${c}`),
    ...(block.allowedParameters && !used.get(block.path)?.has('allowed_parameters') ? [`${block.path}: allowed_parameters`] : []),
  ]);
}
