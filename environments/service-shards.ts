import { type ProblemSink } from './problems';

/**
 * The shard key of the service catalog (docs/service-catalog.md): every declared service names its owning `team`, and
 * optionally a `shard` of that team; its resources (the Vault side and the Kubernetes side) live in the service stack
 * `services-<team>[-<shard>]-<env>`, one HCP Terraform workspace each. The assignment is a pure function of those two
 * declared fields, so adding, removing or renaming a service never moves another one to a different workspace.
 */

/**
 * Longest team name. With the longest project and environment slugs (24 characters each, environments/schema.ts) the
 * longest shard workspace `<project>-services-<team>-<shard>-<env>` is 24 + 10 + 20 + 1 + 10 + 1 + 24 = 90 characters,
 * HCP Terraform's limit for a workspace name (constructs/delivery/hcp-terraform-workspace.ts).
 */
export const TEAM_MAX_LENGTH = 20;
/** Longest shard name (see {@link TEAM_MAX_LENGTH}). */
export const SHARD_MAX_LENGTH = 10;
/** Stack kind prefix of the service stacks: `services-<team>[-<shard>]`. */
export const SERVICE_STACK_PREFIX = 'services-';

/** The shard-relevant fields of a service declaration. */
export interface ShardedService {
  readonly name: string;
  readonly team: string;
  readonly shard?: string;
}

/** A shard of the catalog: its key, the stack kind and the id used in derived names (`<team>` or `<team>-<shard>`). */
export interface ShardKey {
  readonly team: string;
  readonly shard?: string;
  /** `<team>` or `<team>-<shard>`: part of the stack, workspace and secret-ID issuer names. */
  readonly id: string;
  /** `services-<id>`: the stack kind; the stack is `services-<id>-<env>`. */
  readonly kind: string;
}

/** The shard of a service: a function of its `team` and `shard` only. */
export function shardOf(service: Pick<ShardedService, 'team' | 'shard'>): ShardKey {
  const id = service.shard === undefined ? service.team : `${service.team}-${service.shard}`;
  return { team: service.team, ...(service.shard === undefined ? {} : { shard: service.shard }), id, kind: `${SERVICE_STACK_PREFIX}${id}` };
}

/** Services grouped by shard, shards sorted by id, services in declaration order. */
export function groupByShard<T extends ShardedService>(services: readonly T[]): { readonly key: ShardKey; readonly services: readonly T[] }[] {
  const shards = new Map<string, { key: ShardKey; services: T[] }>();
  for (const service of services) {
    const key = shardOf(service);
    const entry = shards.get(key.id) ?? { key, services: [] };
    entry.services.push(service);
    shards.set(key.id, entry);
  }
  return [...shards.values()].sort((a, b) => (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0));
}

interface RawService {
  readonly name?: unknown;
  readonly team?: unknown;
  readonly shard?: unknown;
  readonly cluster?: unknown;
  readonly namespace?: unknown;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Rules of the shard assignment, on the raw `vault.services` (values of the wrong type have their own errors):
 * - two different (team, shard) pairs must not give the same stack (`team: 'a-b'` and `team: 'a', shard: 'b'`);
 * - a Kubernetes namespace belongs to one shard per cluster: the namespace, its default-deny and DNS policies, its
 *   quota and its `vault-ca` ConfigMap are created once, by the stack of the shard that owns it;
 * - within a shard, a namespace name is used on one cluster only: the namespace objects' Terraform addresses are
 *   `namespace-<name>` in the shard's stack, so the same name on both clusters would collide.
 */
export function checkServiceShards(services: unknown, sink: ProblemSink): void {
  if (!Array.isArray(services)) return;
  const entries = services
    .map((raw: unknown, index) => ({ index, raw: (raw ?? {}) as RawService }))
    .filter(({ raw }) => isText(raw.team) && (raw.shard === undefined || isText(raw.shard)))
    .map(({ index, raw }) => ({ index, raw, key: shardOf({ team: raw.team as string, shard: raw.shard as string | undefined }) }));

  const pairs = new Map<string, { index: number; team: string; shard?: string }>();
  for (const { index, raw, key } of entries) {
    const first = pairs.get(key.id);
    if (first === undefined) pairs.set(key.id, { index, team: key.team, ...(key.shard === undefined ? {} : { shard: key.shard }) });
    else if (first.team !== key.team || first.shard !== key.shard) {
      const describe = (team: string, shard?: string) => (shard === undefined ? `team "${team}"` : `team "${team}", shard "${shard}"`);
      sink.add(
        `vault.services[${index}].${raw.shard === undefined ? 'team' : 'shard'}`,
        `${describe(key.team, key.shard)} and ${describe(first.team, first.shard)} (vault.services[${first.index}]) both give the stack ${key.kind}-<env>; rename the team or the shard of one of them`,
        raw.shard ?? raw.team,
      );
    }
  }

  const owners = new Map<string, { shard: string; services: string[]; first: number }>();
  const clustersOfNamespace = new Map<string, { cluster: string; index: number }>();
  for (const { index, raw, key } of entries) {
    if (!isText(raw.cluster) || !isText(raw.namespace)) continue;
    const name = isText(raw.name) ? raw.name : `vault.services[${index}]`;
    const where = `${raw.cluster}/${raw.namespace}`;
    const owner = owners.get(where);
    if (owner === undefined) owners.set(where, { shard: key.id, services: [name], first: index });
    else if (owner.shard === key.id) owner.services.push(name);
    else {
      sink.add(
        `vault.services[${index}].namespace`,
        `namespace "${raw.namespace}" on the ${raw.cluster} cluster belongs to the stack ${SERVICE_STACK_PREFIX}${owner.shard}-<env> (${owner.services.join(', ')}), ` +
          `but ${name} is in ${key.kind}-<env>: a namespace and its policies, quota and vault-ca ConfigMap live in one service stack. ` +
          `Give ${name} the team and shard of ${owner.services[0]} (vault.services[${owner.first}]), or a namespace of its own`,
        raw.namespace,
      );
    }

    const shardNamespace = `${key.id}/${raw.namespace}`;
    const other = clustersOfNamespace.get(shardNamespace);
    if (other === undefined) clustersOfNamespace.set(shardNamespace, { cluster: raw.cluster, index });
    else if (other.cluster !== raw.cluster) {
      sink.add(
        `vault.services[${index}].namespace`,
        `the stack ${key.kind}-<env> already has namespace "${raw.namespace}" on the ${other.cluster} cluster (vault.services[${other.index}]); ` +
          'within one service stack a namespace name is used on one cluster only (its objects are addressed by name): choose another namespace name, or another shard',
        raw.namespace,
      );
    }
  }
}
