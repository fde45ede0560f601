import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { companions } from '../terraform-values';

export const kmsKeyPolicy: PolicyRule = {
  name: 'kms-key-policy',
  description: 'Every KMS key has an explicit key policy (`policy`) instead of the AWS default policy.',
  appliesTo: ['aws_kms_key'],
  evaluate(element, { stack }) {
    const policy = element.config.policy;
    if (typeof policy === 'string' && policy.trim() !== '') return compliant();
    const attached = companions(stack, 'aws_kms_key_policy', 'key_id', element).length > 0;
    return attached ? compliant() : nonCompliant('no policy is set and no aws_kms_key_policy references the key');
  },
};
