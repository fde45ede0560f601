import { WORKLOAD_LABELS } from '../../kubernetes/delivery-model';
import { type ElementView, type PolicyRule, type StackView, allOf, notApplicable } from '../rule';
import { blocks, describeValue, isRecord, refersTo, stringList } from '../terraform-values';

const PREFIX = 'pod-security.kubernetes.io';

/** Network policies of the stack in the namespace `namespace` (a reference to it, or its literal name). */
function policiesIn(stack: StackView, namespace: ElementView): ElementView[] {
  const name = blocks(namespace.config.metadata)[0]?.name;
  return stack.ofType('kubernetes_network_policy_v1').filter((policy) => {
    const ns = blocks(policy.config.metadata)[0]?.namespace;
    return refersTo(ns, namespace) || (typeof name === 'string' && ns === name);
  });
}

/** `pod_selector: {}`, both policy types, no rule: every pod of the namespace, nothing in, nothing out. */
function isDefaultDeny(policy: ElementView): boolean {
  const spec = blocks(policy.config.spec)[0] ?? {};
  const selector = blocks(spec.pod_selector)[0] ?? {};
  const selectsAll = Object.values(selector).every((v) => v === undefined || (isRecord(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0));
  const types = stringList(spec.policy_types);
  const rules = [...blocks(spec.ingress), ...blocks(spec.egress)];
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && rules.length === 0;
}

export const k8sWorkloadNamespaceIsolated: PolicyRule = {
  name: 'k8s-workload-namespace-isolated',
  description: `Every namespace created for declared services (label \`${WORKLOAD_LABELS.workloadNamespace.key}\`) enforces, audits and warns at Pod Security \`restricted\` and has, in the same stack, a default-deny NetworkPolicy (every pod, Ingress and Egress, no rule).`,
  appliesTo: ['kubernetes_namespace_v1'],
  evaluate(element, { stack }) {
    const labels = blocks(element.config.metadata)[0]?.labels;
    if (!isRecord(labels) || labels[WORKLOAD_LABELS.workloadNamespace.key] !== WORKLOAD_LABELS.workloadNamespace.value) {
      return notApplicable('not a namespace of declared services');
    }
    const modes = ['enforce', 'audit', 'warn'] as const;
    return allOf([
      ...modes.map((mode) => labels[`${PREFIX}/${mode}`] !== 'restricted' && `label ${PREFIX}/${mode} is ${describeValue(labels[`${PREFIX}/${mode}`])}, expected restricted`),
      !policiesIn(stack, element).some(isDefaultDeny) && 'no default-deny NetworkPolicy (empty pod selector, Ingress and Egress, no rules) in this namespace',
    ]);
  },
};
