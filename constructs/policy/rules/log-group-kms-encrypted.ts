import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { isCustomerManagedKey } from '../terraform-values';

export const logGroupKmsEncrypted: PolicyRule = {
  name: 'log-group-kms-encrypted',
  description: 'Every CloudWatch log group is encrypted with a customer-managed KMS key (`kms_key_id`).',
  appliesTo: ['aws_cloudwatch_log_group'],
  evaluate(element) {
    return isCustomerManagedKey(element.config.kms_key_id) ? compliant() : nonCompliant('kms_key_id is not set');
  },
};
