import { type PolicyRule, allOf } from '../rule';
import { describeValue, isCustomerManagedKey } from '../terraform-values';

export const rdsKmsEncrypted: PolicyRule = {
  name: 'rds-kms-encrypted',
  description: 'Every RDS instance or cluster has `storage_encrypted = true` with a customer-managed `kms_key_id`.',
  appliesTo: ['aws_db_instance', 'aws_rds_cluster'],
  evaluate(element) {
    const { storage_encrypted: encrypted, kms_key_id: key } = element.config;
    return allOf([
      encrypted !== true && `storage_encrypted is ${describeValue(encrypted)}`,
      !isCustomerManagedKey(key) && `kms_key_id is ${describeValue(key)}`,
    ]);
  },
};
