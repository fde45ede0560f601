import { type PolicyRule, compliant, nonCompliant, notApplicable } from '../rule';

export const kmsKeyRotation: PolicyRule = {
  name: 'kms-key-rotation',
  description: 'Every symmetric customer-managed KMS key has automatic rotation on (`enable_key_rotation = true`).',
  appliesTo: ['aws_kms_key'],
  evaluate(element) {
    const spec = element.config.customer_master_key_spec;
    if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return notApplicable(`AWS cannot rotate ${spec} keys`);
    return element.config.enable_key_rotation === true ? compliant() : nonCompliant('enable_key_rotation is not true');
  },
};
