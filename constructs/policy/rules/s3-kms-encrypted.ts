import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { blocks, companions, describeValue, isCustomerManagedKey } from '../terraform-values';

export const s3KmsEncrypted: PolicyRule = {
  name: 's3-kms-encrypted',
  description:
    'Every S3 bucket has default encryption `aws:kms` (or `aws:kms:dsse`) with a customer-managed key (`kms_master_key_id`).',
  appliesTo: ['aws_s3_bucket'],
  evaluate(element, { stack }) {
    const configurations = companions(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', element, 'bucket');
    const defaults = [...configurations.map((c) => c.config), ...blocks(element.config.server_side_encryption_configuration)]
      .flatMap((c) => blocks(c.rule))
      .flatMap((r) => blocks(r.apply_server_side_encryption_by_default));
    if (defaults.length === 0) return nonCompliant('no server-side encryption configuration references this bucket');
    const good = defaults.some(
      (d) => (d.sse_algorithm === 'aws:kms' || d.sse_algorithm === 'aws:kms:dsse') && isCustomerManagedKey(d.kms_master_key_id),
    );
    if (good) return compliant();
    const d = defaults[0];
    return nonCompliant(`encryption is sse_algorithm ${describeValue(d.sse_algorithm)} with kms_master_key_id ${describeValue(d.kms_master_key_id)}`);
  },
};
