import { type PolicyRule, allOf } from '../rule';
import { blocks, isRecord } from '../terraform-values';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const namespacePodSecurityRestricted: PolicyRule = {
  name: 'namespace-pod-security-restricted',
  description: `Every Kubernetes namespace created by Terraform enforces Pod Security Standards \`restricted\` (label \`${ENFORCE}: restricted\`).`,
  appliesTo: ['kubernetes_namespace_v1', 'kubernetes_namespace'],
  evaluate(element) {
    const metadata = blocks(element.config.metadata)[0] ?? {};
    const labels = isRecord(metadata.labels) ? metadata.labels : {};
    const enforce = labels[ENFORCE];
    return allOf([enforce !== 'restricted' && `label ${ENFORCE} is ${enforce === undefined ? 'missing' : JSON.stringify(enforce)}`]);
  },
};
