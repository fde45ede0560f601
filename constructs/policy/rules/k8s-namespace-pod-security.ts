import { type PolicyRule, allOf } from '../rule';
import { blocks, describeValue, isExpression, isRecord } from '../terraform-values';

const PREFIX = 'pod-security.kubernetes.io';
const ENFORCED_LEVELS = ['baseline', 'restricted'];

export const k8sNamespacePodSecurity: PolicyRule = {
  name: 'k8s-namespace-pod-security',
  description:
    'Every Kubernetes namespace Terraform creates enforces a Pod Security level (`pod-security.kubernetes.io/enforce` = `restricted` or `baseline`; `privileged` only with a suppression that says why) pinned to a version (`enforce-version` set, not `latest`).',
  appliesTo: ['kubernetes_namespace_v1', 'kubernetes_namespace'],
  evaluate(element) {
    const metadata = blocks(element.config.metadata)[0] ?? {};
    const labels = isRecord(metadata.labels) ? metadata.labels : {};
    const enforce = labels[`${PREFIX}/enforce`];
    const version = labels[`${PREFIX}/enforce-version`];
    const knownLevel = typeof enforce === 'string' && !isExpression(enforce);
    return allOf([
      enforce === undefined && `label ${PREFIX}/enforce is not set (Pod Security admission then allows privileged pods)`,
      knownLevel && !ENFORCED_LEVELS.includes(enforce) && `label ${PREFIX}/enforce is ${describeValue(enforce)}, expected restricted or baseline`,
      (version === undefined || version === 'latest') && `label ${PREFIX}/enforce-version is ${describeValue(version)}, expected a pinned v<major>.<minor>`,
    ]);
  },
};
