import { SERVICE_STACK_PREFIX } from '../environments/service-shards';

/**
 * Platform stack kinds composed for every environment, in deploy order. A stack is named `<kind>-<environment>`.
 * `vpn` holds private keys in its state, so no kind may read it (docs/state-sharing.md). `observability` comes last
 * among them: it shows every other stack's alarms and scrapes the Vault that `vault-server` runs
 * (docs/observability.md). The service catalog adds one stack per shard, `services-<team>[-<shard>]-<env>`
 * ({@link ServiceStackKind}, docs/service-catalog.md), after vault-config and the add-ons.
 */
export const STACK_KINDS = [
  'network',
  'tfc-agents',
  'vault-access',
  'vpn',
  'cluster-tooling',
  'cluster-application',
  'data',
  'cluster-addons-tooling',
  'cluster-addons-application',
  'vault-server',
  'vault-config',
  'observability',
] as const;

export type StackKind = (typeof STACK_KINDS)[number];

/** Kind of a service stack: `services-<team>` or `services-<team>-<shard>`. */
export type ServiceStackKind = `${typeof SERVICE_STACK_PREFIX}${string}`;

/** Any composed stack kind. */
export type AnyStackKind = StackKind | ServiceStackKind;

/**
 * The run-role group of the service stacks: every service stack of an environment runs with one shared plan role
 * and one shared apply role (`<project>-<env>-tfc-services-<phase>`), so IAM and the clusters' access entries stay
 * the same size whatever the number of teams (docs/service-catalog.md).
 */
export const SERVICE_STACKS_GROUP = 'services';
export type RunRoleKey = StackKind | typeof SERVICE_STACKS_GROUP;

export function isServiceStackKind(kind: string): kind is ServiceStackKind {
  return kind.startsWith(SERVICE_STACK_PREFIX);
}

/** The run roles a stack kind runs with: its own, or the service stacks' shared ones. */
export function runRoleKeyOf(kind: AnyStackKind): RunRoleKey {
  return isServiceStackKind(kind) ? SERVICE_STACKS_GROUP : kind;
}
