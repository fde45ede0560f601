import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { describeValue, isCustomerManagedKey } from '../terraform-values';

export const snsTopicKmsEncrypted: PolicyRule = {
  name: 'sns-topic-kms-encrypted',
  description: 'Every SNS topic is encrypted with a customer-managed KMS key (`kms_master_key_id`, not `alias/aws/sns`).',
  appliesTo: ['aws_sns_topic'],
  evaluate(element) {
    const key = element.config.kms_master_key_id;
    return isCustomerManagedKey(key) ? compliant() : nonCompliant(`kms_master_key_id is ${describeValue(key)}`);
  },
};
