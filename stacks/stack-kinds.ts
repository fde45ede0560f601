/** Stack kinds composed for every environment, in deploy order. A stack is named `<kind>-<environment>`. */
export const STACK_KINDS = ['network', 'vault-access', 'cluster-tooling', 'cluster-application', 'data', 'vault-server', 'vault-config'] as const;

export type StackKind = (typeof STACK_KINDS)[number];
