import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { type KmsKey } from '../security/kms-key';
import { policyDocument } from '../security/policy-document';
import { SNAPSHOT_KEY_PREFIX } from './vault-server-names';

export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

export interface SnapshotBucketProps {
  /** Globally unique bucket name (3-63 lower-case letters, digits, '-'). */
  readonly bucketName: string;
  /** Customer-managed key of the bucket's default encryption (SSE-KMS, bucket key on). */
  readonly kmsKey: KmsKey;
  /** Days a snapshot is kept: current versions expire then, noncurrent versions one day later (locks permitting). */
  readonly retentionDays: number;
  /** Object Lock default retention of every new version. */
  readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number };
  /** @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A bucket for Vault raft snapshots: customer-managed KMS encryption (and a policy refusing any other KMS key),
 * versioning, Object Lock with a default retention (created with the bucket: it cannot be added later), public access
 * blocked, bucket-owner-enforced ownership (no ACLs), TLS-only access, and lifecycle retention under
 * {@link SNAPSHOT_KEY_PREFIX} (incomplete uploads aborted after a day, expired delete markers removed).
 */
export class SnapshotBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!Token.isUnresolved(props.bucketName) && !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      problems.push(`bucketName: expected 3-63 lower-case letters, digits or '-', got "${props.bucketName}"`);
    }
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) problems.push(`retentionDays: expected a whole number of days from 1, got ${props.retentionDays}`);
    if (!Number.isInteger(props.objectLock.retentionDays) || props.objectLock.retentionDays < 1) {
      problems.push(`objectLock.retentionDays: expected a whole number of days from 1, got ${props.objectLock.retentionDays}`);
    } else if (props.objectLock.retentionDays > props.retentionDays) {
      problems.push(`objectLock.retentionDays: expected at most retentionDays (${props.retentionDays}), got ${props.objectLock.retentionDays}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const provider = props.provider ? { provider: props.provider } : {};
    this.bucket = new S3Bucket(this, 'bucket', {
      ...provider,
      bucket: props.bucketName,
      objectLockEnabled: true,
      forceDestroy: false,
      tags: { Name: props.bucketName },
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    new S3BucketOwnershipControls(this, 'ownership', { ...provider, bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      ...provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.versioning = new S3BucketVersioningA(this, 'versioning', { ...provider, bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      ...provider,
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKey.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketObjectLockConfigurationA(this, 'object-lock', {
      ...provider,
      bucket: this.bucket.id,
      rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.retentionDays } },
      dependsOn: [this.versioning],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      ...provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-snapshots',
          status: 'Enabled',
          filter: [{ prefix: SNAPSHOT_KEY_PREFIX }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{ prefix: SNAPSHOT_KEY_PREFIX }], expiration: [{ expiredObjectDeleteMarker: true }] },
      ],
      dependsOn: [this.versioning],
    });
    new S3BucketPolicy(this, 'policy', {
      ...provider,
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'DenyOtherKmsKeys',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:PutObject',
          Resource: `${this.bucket.arn}/*`,
          Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': props.kmsKey.arn } },
        },
      ]),
    });
  }
}
