import { type PolicyRule, allOf } from '../rule';
import { stringList } from '../terraform-values';

function problem(field: string, values: string[]): string | false {
  if (values.length === 0) return `${field} is empty`;
  const wild = values.filter((v) => v.includes('*'));
  return wild.length > 0 && `${field} contains ${wild.map((w) => `"${w}"`).join(', ')}`;
}

export const vaultKubernetesRoleBound: PolicyRule = {
  name: 'vault-kubernetes-role-bound',
  description: 'Every Vault Kubernetes auth role is bound to named service accounts in named namespaces (no `*`).',
  appliesTo: ['vault_kubernetes_auth_backend_role'],
  evaluate(element) {
    return allOf([
      problem('bound_service_account_names', stringList(element.config.bound_service_account_names)),
      problem('bound_service_account_namespaces', stringList(element.config.bound_service_account_namespaces)),
    ]);
  },
};
