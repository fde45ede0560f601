/** Stack kinds composed for every environment, in deploy order. A stack is named `<kind>-<environment>`. */
export const STACK_KINDS = ['network', 'tfc-agents', 'vault-access', 'cluster-tooling', 'cluster-application', 'data', 'vault-config'] as const;

export type StackKind = (typeof STACK_KINDS)[number];
