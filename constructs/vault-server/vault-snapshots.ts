import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { type AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { CronJobV1 } from '@cdktf/provider-kubernetes/lib/cron-job-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type ClusterOidcProvider } from '../compute/cluster-oidc-provider';
import { IrsaRole } from '../compute/irsa-role';
import { type AlarmSpec, metricAlarmConfig } from '../observability/alarm-spec';
import { KmsKey } from '../security/kms-key';
import { policyDocument, serviceTrustPolicy } from '../security/policy-document';
import { type ObjectLockMode, SnapshotBucket } from './snapshot-bucket';
import { vaultJobPod } from './vault-job-pod';
import {
  RAFT_SNAPSHOT_ROLE,
  RAFT_SNAPSHOT_TOKEN_AUDIENCE,
  SNAPSHOT_KEY_PREFIX,
  VAULT_ACTIVE_SERVICE,
  VAULT_API_PORT,
  VAULT_NAMESPACE,
  VAULT_SNAPSHOT_SERVICE_ACCOUNT,
} from './vault-server-names';

/** Hours between snapshots that give a plain cron expression. */
export const SNAPSHOT_INTERVALS_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
/** S3 request-metrics filter ID counting snapshot uploads. */
export const SNAPSHOT_METRICS_FILTER = 'snapshots';
/** Where the projected service account token for the Vault login is mounted. */
const VAULT_TOKEN_DIR = '/var/run/secrets/vault';

/** Cron expression (UTC) of a snapshot every `intervalHours` hours at `minute` past the hour. */
export function snapshotSchedule(intervalHours: number, minute: number): string {
  if (intervalHours === 1) return `${minute} * * * *`;
  if (intervalHours === 24) return `${minute} 0 * * *`;
  return `${minute} */${intervalHours} * * *`;
}

/**
 * The snapshot job's script: log in to Vault with the pod's projected service account token (Kubernetes auth role
 * `platform-raft-snapshot`, whose policy allows only `read` on `sys/storage/raft/snapshot`), save a snapshot from
 * the active node, revoke the token, upload the file under `snapshots/<UTC date>/` and delete it locally. The
 * snapshot is encrypted by Vault's barrier and again by S3 (SSE-KMS); nothing secret is printed.
 */
export function snapshotScript(): string {
  return [
    'set -eu',
    'stamp=$(date -u +%Y%m%dT%H%M%SZ)',
    'file="/snapshot/vault-$stamp.snap"',
    `session=$(vault write -field=token "auth/$VAULT_AUTH_PATH/login" role="$VAULT_ROLE" jwt=@${VAULT_TOKEN_DIR}/token)`,
    'export VAULT_TOKEN="$${session}"', // $$ escapes Terraform interpolation: the shell sees ${session}
    'unset session',
    'vault operator raft snapshot save "$file"',
    'vault token revoke -self >/dev/null 2>&1 || true',
    'unset VAULT_TOKEN',
    `key="${SNAPSHOT_KEY_PREFIX}$(date -u +%Y/%m/%d)/vault-$stamp.snap"`,
    'aws s3 cp "$file" "s3://$BUCKET/$key" --sse aws:kms --sse-kms-key-id "$KMS_KEY_ARN" --only-show-errors',
    'rm -f "$file"',
    'echo "raft snapshot stored as s3://$BUCKET/$key"',
    '',
  ].join('\n');
}

export interface VaultSnapshotsProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  /** Account ID (a token is fine): part of the globally unique bucket names. */
  readonly accountId: string;
  readonly oidcProvider: ClusterOidcProvider;
  /** Hours between snapshots, one of {@link SNAPSHOT_INTERVALS_HOURS}. */
  readonly intervalHours: number;
  /** Minute past the hour (UTC). */
  readonly minute: number;
  readonly retentionDays: number;
  readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number };
  /** Aliased AWS provider of the replica region; replication is on when set. @default - no replica */
  readonly replicaProvider?: AwsProvider;
  /** Region of {@link replicaProvider}. */
  readonly replicaRegion?: string;
  /**
   * The `vault-snapshot-missing` alarm of the signal catalog (stacks/signal-catalog.ts): S3 `PutRequests` of the
   * {@link SNAPSHOT_METRICS_FILTER} filter, one period per snapshot interval; the bucket name is filled in here.
   * And the topic it notifies (the environment's alarm topic).
   */
  readonly missingAlarm: { readonly topicArn: string; readonly spec: AlarmSpec };
  /** Kubernetes auth mount of the tooling cluster in Vault (e.g. `kubernetes-tooling`). */
  readonly vaultAuthPath: string;
  /** Namespace and Vault (the release): the CronJob is created after them. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Raft snapshots on a schedule, kept in S3 with the protections a backup needs:
 * - bucket `<prefix>-vault-snapshots-<account>` ({@link SnapshotBucket}) with its own KMS key; in prod a replica
 *   bucket in a second region with its own key, filled by S3 replication (delete markers are not replicated);
 * - a CronJob (Forbid concurrency) whose pod logs in to Vault with its own identity and uploads with an IRSA role that
 *   may only put objects under `snapshots/` (never read or delete them);
 * - an S3 request metric counting uploads under `snapshots/` and the catalog's alarm on it when none arrived for two
 *   intervals (missing data is breaching, so an idle metric alarms too).
 */
export class VaultSnapshots extends Construct {
  readonly key: KmsKey;
  readonly bucket: SnapshotBucket;
  readonly replica?: { readonly key: KmsKey; readonly bucket: SnapshotBucket; readonly role: IamRole };
  readonly role: IrsaRole;
  readonly cronJob: CronJobV1;
  readonly alarm: CloudwatchMetricAlarm;
  readonly schedule: string;

  constructor(scope: Construct, id: string, props: VaultSnapshotsProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!(SNAPSHOT_INTERVALS_HOURS as readonly number[]).includes(props.intervalHours)) {
      problems.push(`intervalHours: expected one of ${SNAPSHOT_INTERVALS_HOURS.join(', ')}, got ${props.intervalHours}`);
    }
    if (!Number.isInteger(props.minute) || props.minute < 0 || props.minute > 59) problems.push(`minute: expected 0-59, got ${props.minute}`);
    if ((props.replicaProvider === undefined) !== (props.replicaRegion === undefined)) problems.push('replicaRegion: give both replicaProvider and replicaRegion, or neither');
    const query = props.missingAlarm.spec.query;
    if (query.kind !== 'metric' || query.namespace !== 'AWS/S3' || query.metricName !== 'PutRequests' || query.dimensions.FilterId !== SNAPSHOT_METRICS_FILTER) {
      problems.push(`missingAlarm: expected an alarm on AWS/S3 PutRequests of the request-metrics filter "${SNAPSHOT_METRICS_FILTER}"`);
    } else if (props.missingAlarm.spec.periodSeconds !== props.intervalHours * 3600) {
      problems.push(`missingAlarm: expected a period of one snapshot interval (${props.intervalHours * 3600} s), got ${props.missingAlarm.spec.periodSeconds}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const context = AwsContext.of(this);
    const bucketName = `${props.namePrefix}-vault-snapshots-${props.accountId}`;
    const s3Service = context.regionalServicePrincipal('s3');
    this.schedule = snapshotSchedule(props.intervalHours, props.minute);

    this.role = new IrsaRole(this, 'role', {
      name: `${props.namePrefix}-vault-snapshot`,
      oidcProvider: props.oidcProvider,
      namespace: VAULT_NAMESPACE,
      serviceAccount: VAULT_SNAPSHOT_SERVICE_ACCOUNT,
      description: `Vault snapshot job of ${props.namePrefix}: uploads raft snapshots (never reads or deletes them)`,
      statements: [
        {
          Sid: 'UploadSnapshotsOnly',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: `arn:${context.partition}:s3:::${bucketName}/${SNAPSHOT_KEY_PREFIX}*`,
        },
      ],
    });
    const replicationRoleName = `${props.namePrefix}-vault-snapshot-replication`;
    const replicationRoleArn = `arn:${context.partition}:iam::${context.accountId}:role/${replicationRoleName}`;
    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-vault-snapshots`,
      description: `${props.namePrefix}: Vault raft snapshots in S3`,
      principalGrants: [
        {
          sid: 'SnapshotJobUploads',
          principalArn: this.role.arn,
          // Multipart uploads of SSE-KMS objects need Decrypt too; the role has no s3:GetObject, so it cannot read.
          actions: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'],
          conditions: { StringEquals: { 'kms:ViaService': s3Service } },
        },
        ...(props.replicaProvider
          ? [{ sid: 'ReplicationReadsSource', principalArn: replicationRoleArn, actions: ['kms:Decrypt'], conditions: { StringEquals: { 'kms:ViaService': s3Service } } }]
          : []),
      ],
    });
    this.bucket = new SnapshotBucket(this, 'bucket', {
      bucketName,
      kmsKey: this.key,
      retentionDays: props.retentionDays,
      objectLock: props.objectLock,
    });

    if (props.replicaProvider && props.replicaRegion) {
      const replicaS3 = `s3.${props.replicaRegion}.${context.dnsSuffix}`;
      const role = new IamRole(this, 'replication-role', {
        name: replicationRoleName,
        description: `S3 replication of the Vault snapshots of ${props.namePrefix} to ${props.replicaRegion}`,
        assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', context.accountId, this.bucket.arn),
        tags: { Name: replicationRoleName },
      });
      const key = new KmsKey(this, 'replica-key', {
        alias: `${props.namePrefix}-vault-snapshots-replica`,
        description: `${props.namePrefix}: replica of the Vault raft snapshots (${props.replicaRegion})`,
        provider: props.replicaProvider,
        principalGrants: [
          { sid: 'ReplicationWritesReplica', principalArn: replicationRoleArn, actions: ['kms:Encrypt', 'kms:GenerateDataKey'], conditions: { StringEquals: { 'kms:ViaService': replicaS3 } } },
        ],
      });
      key.node.addDependency(role);
      const bucket = new SnapshotBucket(this, 'replica-bucket', {
        bucketName: `${props.namePrefix}-vault-snapshots-replica-${props.accountId}`,
        kmsKey: key,
        retentionDays: props.retentionDays,
        objectLock: props.objectLock,
        provider: props.replicaProvider,
      });
      new IamRolePolicy(this, 'replication-policy', {
        name: 'replicate-snapshots',
        role: role.id,
        policy: policyDocument([
          { Sid: 'ReadReplicationConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: this.bucket.arn },
          {
            Sid: 'ReadSourceVersions',
            Effect: 'Allow',
            Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
            Resource: `${this.bucket.arn}/*`,
          },
          { Sid: 'WriteReplicaVersions', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: `${bucket.arn}/*` },
        ]),
      });
      new S3BucketReplicationConfigurationA(this, 'replication', {
        bucket: this.bucket.bucket.id,
        role: role.arn,
        rule: [
          {
            id: 'replicate-snapshots',
            status: 'Enabled',
            priority: 1,
            filter: { prefix: SNAPSHOT_KEY_PREFIX },
            deleteMarkerReplication: { status: 'Disabled' },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
            destination: { bucket: bucket.arn, storageClass: 'STANDARD_IA', encryptionConfiguration: { replicaKmsKeyId: key.arn } },
          },
        ],
        dependsOn: [this.bucket.versioning, bucket.versioning],
      });
      this.replica = { key, bucket, role };
    }

    const serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { name: VAULT_SNAPSHOT_SERVICE_ACCOUNT, namespace: VAULT_NAMESPACE, annotations: { 'eks.amazonaws.com/role-arn': this.role.arn } },
      automountServiceAccountToken: false,
      dependsOn: props.dependsOn,
    });
    // Vault reviews the client's own token (no stored reviewer JWT), so the client may call TokenReview.
    new ClusterRoleBindingV1(this, 'auth-delegator', {
      metadata: { name: `${VAULT_NAMESPACE}-${VAULT_SNAPSHOT_SERVICE_ACCOUNT}-auth-delegator` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subject: [{ kind: 'ServiceAccount', name: VAULT_SNAPSHOT_SERVICE_ACCOUNT, namespace: VAULT_NAMESPACE }],
    });
    const scratchGi = 2;
    this.cronJob = new CronJobV1(this, 'cron-job', {
      metadata: { name: 'vault-snapshot', namespace: VAULT_NAMESPACE, labels: { 'app.kubernetes.io/name': 'vault-snapshot', 'app.kubernetes.io/part-of': 'vault' } },
      spec: {
        schedule: this.schedule,
        timezone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: { 'app.kubernetes.io/name': 'vault-snapshot' } },
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 1200,
            ttlSecondsAfterFinished: '86400',
            template: vaultJobPod({
              appName: 'vault-snapshot',
              serviceAccountName: VAULT_SNAPSHOT_SERVICE_ACCOUNT,
              script: snapshotScript(),
              env: {
                VAULT_ADDR: `https://${VAULT_ACTIVE_SERVICE}.${VAULT_NAMESPACE}.svc:${VAULT_API_PORT}`,
                VAULT_AUTH_PATH: props.vaultAuthPath,
                VAULT_ROLE: RAFT_SNAPSHOT_ROLE,
                BUCKET: this.bucket.bucketName,
                KMS_KEY_ARN: this.key.arn,
                AWS_REGION: context.region,
              },
              extraVolumes: [
                {
                  volume: { name: 'vault-token', projected: [{ sources: [{ serviceAccountToken: { path: 'token', audience: RAFT_SNAPSHOT_TOKEN_AUDIENCE, expirationSeconds: 600 } }] }] },
                  mountPath: VAULT_TOKEN_DIR,
                  readOnly: true,
                },
                { volume: { name: 'snapshot', emptyDir: { sizeLimit: `${scratchGi}Gi` } }, mountPath: '/snapshot' },
              ],
            }),
          },
        },
      },
      dependsOn: [...(props.dependsOn ?? []), serviceAccount],
    });

    new S3BucketMetric(this, 'upload-metric', { bucket: this.bucket.bucket.id, name: SNAPSHOT_METRICS_FILTER, filter: { prefix: SNAPSHOT_KEY_PREFIX } });
    this.alarm = new CloudwatchMetricAlarm(
      this,
      'missing-alarm',
      metricAlarmConfig(props.missingAlarm.spec, { topicArn: props.missingAlarm.topicArn, dimensions: { BucketName: this.bucket.bucketName } }),
    );
  }
}
