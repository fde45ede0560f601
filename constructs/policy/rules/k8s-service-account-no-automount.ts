import { type PolicyRule, allOf } from '../rule';
import { describeValue } from '../terraform-values';

export const k8sServiceAccountNoAutomount: PolicyRule = {
  name: 'k8s-service-account-no-automount',
  description:
    'Every Kubernetes ServiceAccount Terraform creates sets `automount_service_account_token = false`: a pod that needs a token mounts a projected one with the audience it needs, no pod gets one by default.',
  appliesTo: ['kubernetes_service_account_v1'],
  evaluate(element) {
    const value = element.config.automount_service_account_token;
    return allOf([value !== false && `automount_service_account_token is ${describeValue(value)}, expected false`]);
  },
};
