import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { companions } from '../terraform-values';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const s3PublicAccessBlocked: PolicyRule = {
  name: 's3-public-access-blocked',
  description: 'Every S3 bucket has an `aws_s3_bucket_public_access_block` with all four flags set to true.',
  appliesTo: ['aws_s3_bucket'],
  evaluate(element, { stack }) {
    const blocks = companions(stack, 'aws_s3_bucket_public_access_block', 'bucket', element, 'bucket');
    if (blocks.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block references this bucket');
    const off = FLAGS.filter((flag) => !blocks.some((b) => b.config[flag] === true));
    return off.length > 0 ? nonCompliant(`public access block leaves ${off.join(', ')} unset or false`) : compliant();
  },
};
