import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { blocks, isCustomerManagedKey, stringList } from '../terraform-values';

export const eksSecretsEncrypted: PolicyRule = {
  name: 'eks-secrets-encrypted',
  description: 'Every EKS cluster envelope-encrypts Kubernetes secrets with a customer-managed KMS key (`encryption_config`).',
  appliesTo: ['aws_eks_cluster'],
  evaluate(element) {
    const configs = blocks(element.config.encryption_config);
    const ok = configs.some(
      (c) => stringList(c.resources).includes('secrets') && blocks(c.provider).some((p) => isCustomerManagedKey(p.key_arn)),
    );
    if (ok) return compliant();
    return nonCompliant(configs.length === 0 ? 'encryption_config is not set' : 'encryption_config does not cover "secrets" with a key_arn');
  },
};
