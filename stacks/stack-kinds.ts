/**
 * Stack kinds composed for every environment, in deploy order. A stack is named `<kind>-<environment>`.
 * `vpn` holds private keys in its state, so no kind may read it (docs/state-sharing.md). `observability` comes last: it
 * shows every other stack's alarms and scrapes the Vault that `vault-server` runs (docs/observability.md).
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
  'workloads-tooling',
  'workloads-application',
  'observability',
] as const;

export type StackKind = (typeof STACK_KINDS)[number];
