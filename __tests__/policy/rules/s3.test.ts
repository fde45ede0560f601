import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { type TerraformStack } from 'cdktf';
import { checkRule, details } from '../kit';

interface BucketOptions {
  readonly publicAccess?: Partial<Record<'blockPublicAcls' | 'blockPublicPolicy' | 'ignorePublicAcls' | 'restrictPublicBuckets', boolean>> | false;
  readonly encryption?: { sseAlgorithm: string; kmsMasterKeyId?: string } | false;
  readonly versioning?: 'Enabled' | 'Suspended' | false;
}

/** A bucket with every companion compliant unless overridden. */
function bucket(stack: TerraformStack, o: BucketOptions = {}): void {
  const key = new KmsKey(stack, 'key', { enableKeyRotation: true, policy: '{}' });
  const b = new S3Bucket(stack, 'bucket', { bucket: 'vaultplat-test-bucket' });
  if (o.publicAccess !== false) {
    new S3BucketPublicAccessBlock(stack, 'public-access', {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      ...o.publicAccess,
    });
  }
  if (o.encryption !== false) {
    const e = o.encryption ?? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn };
    new S3BucketServerSideEncryptionConfigurationA(stack, 'encryption', {
      bucket: b.bucket,
      rule: [{ applyServerSideEncryptionByDefault: e, bucketKeyEnabled: true }],
    });
  }
  if (o.versioning !== false) {
    new S3BucketVersioningA(stack, 'versioning', { bucket: b.id, versioningConfiguration: { status: o.versioning ?? 'Enabled' } });
  }
}

describe('VP-S3-1 s3-public-access-blocked', () => {
  it('passes a bucket with all four public access flags', () => {
    expect(checkRule('VP-S3-1', (s) => bucket(s)).results).toEqual({ bucket: { status: 'compliant' } });
  });

  it('passes a bucket matched by its literal name', () => {
    const check = checkRule('VP-S3-1', (s) => {
      new S3Bucket(s, 'bucket', { bucket: 'named-bucket' });
      new S3BucketPublicAccessBlock(s, 'pab', { bucket: 'named-bucket', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    });
    expect(check.results).toEqual({ bucket: { status: 'compliant' } });
  });

  it('fails a bucket without a public access block', () => {
    const check = checkRule('VP-S3-1', (s) => bucket(s, { publicAccess: false }));
    expect(check.findings).toEqual([
      expect.objectContaining({ ruleId: 'VP-S3-1', severity: 'error', path: 'policy-test/bucket', detail: 'no aws_s3_bucket_public_access_block references this bucket' }),
    ]);
  });

  it('fails a bucket with one flag off, naming it', () => {
    expect(details(checkRule('VP-S3-1', (s) => bucket(s, { publicAccess: { restrictPublicBuckets: false } })))).toEqual({
      bucket: 'public access block leaves restrict_public_buckets unset or false',
    });
  });
});

describe('VP-S3-2 s3-kms-encrypted', () => {
  it('passes a bucket encrypted with a customer-managed key', () => {
    expect(checkRule('VP-S3-2', (s) => bucket(s)).results).toEqual({ bucket: { status: 'compliant' } });
  });

  it('fails a bucket with SSE-S3 only', () => {
    expect(details(checkRule('VP-S3-2', (s) => bucket(s, { encryption: { sseAlgorithm: 'AES256' } })))).toEqual({
      bucket: 'encryption is sse_algorithm "AES256" with kms_master_key_id not set',
    });
  });

  it('fails a bucket encrypted with the AWS-managed key', () => {
    expect(details(checkRule('VP-S3-2', (s) => bucket(s, { encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } })))).toEqual({
      bucket: 'encryption is sse_algorithm "aws:kms" with kms_master_key_id "alias/aws/s3"',
    });
  });

  it('fails a bucket without encryption configuration', () => {
    expect(details(checkRule('VP-S3-2', (s) => bucket(s, { encryption: false })))).toEqual({
      bucket: 'no server-side encryption configuration references this bucket',
    });
  });
});

describe('VP-S3-3 s3-versioning-enabled', () => {
  it('passes a versioned bucket', () => {
    expect(checkRule('VP-S3-3', (s) => bucket(s)).results).toEqual({ bucket: { status: 'compliant' } });
  });

  it('fails a bucket with versioning suspended', () => {
    expect(details(checkRule('VP-S3-3', (s) => bucket(s, { versioning: 'Suspended' })))).toEqual({ bucket: 'versioning status is Suspended' });
  });

  it('fails a bucket without versioning', () => {
    expect(details(checkRule('VP-S3-3', (s) => bucket(s, { versioning: false })))).toEqual({ bucket: 'no aws_s3_bucket_versioning references this bucket' });
  });
});
