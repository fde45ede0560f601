import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { blocks, companions } from '../terraform-values';

export const s3VersioningEnabled: PolicyRule = {
  name: 's3-versioning-enabled',
  description: 'Every S3 bucket has versioning `Enabled` (an `aws_s3_bucket_versioning` resource).',
  appliesTo: ['aws_s3_bucket'],
  evaluate(element, { stack }) {
    const versionings = companions(stack, 'aws_s3_bucket_versioning', 'bucket', element, 'bucket');
    const statuses = versionings.flatMap((v) => blocks(v.config.versioning_configuration)).map((c) => c.status);
    const inline = blocks(element.config.versioning).some((v) => v.enabled === true);
    if (inline || statuses.includes('Enabled')) return compliant();
    if (statuses.length === 0) return nonCompliant('no aws_s3_bucket_versioning references this bucket');
    return nonCompliant(`versioning status is ${statuses.map(String).join(', ')}`);
  },
};
