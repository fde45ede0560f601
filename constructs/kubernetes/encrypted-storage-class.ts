import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { KmsKey } from '../security/kms-key';
import { ENCRYPTED_STORAGE_CLASS } from './platform-names';

/** The EBS CSI driver's provisioner name. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/**
 * What the EBS CSI driver's role may do with the key, through EBS only. Envelope actions for the volume data keys,
 * and grant management because EC2 attaches a volume through a grant the driver's CreateVolume call creates (the
 * grant conditions keep it to AWS resources). These are the two statements of the AWS KMS default key policy for a
 * key user ("Allow use of the key", "Allow attachment of persistent resources" with `kms:GrantIsForAWSResource`),
 * given to the driver role only, with the `ReEncrypt*` / `GenerateDataKey*` wildcards spelled out and both limited
 * to calls made through EBS.
 */
export const EBS_CSI_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;
export const EBS_CSI_GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'] as const;

export interface EncryptedStorageClassProps {
  /** The kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Prefix of the key alias, e.g. `vaultplat-dev-tooling` (alias `<prefix>-ebs`). */
  readonly namePrefix: string;
  /** ARN of the EBS CSI driver's IRSA role (the only role the key policy lets use the key, besides the account). */
  readonly ebsCsiRoleArn: string;
  /** @default ENCRYPTED_STORAGE_CLASS (`gp3-encrypted`) */
  readonly storageClassName?: string;
  /**
   * Make it the cluster's default StorageClass, so claims without a class are encrypted with this key too.
   * @default true
   */
  readonly isDefault?: boolean;
}

/**
 * A customer-managed KMS key and an encrypted gp3 StorageClass using it (EBS CSI driver):
 * - **Key**: rotation on, explicit policy: the account (administration, as every `KmsKey`) and the EBS CSI driver's
 *   IRSA role, the latter only through EBS in this region (`kms:ViaService = ec2.<region>.amazonaws.com`,
 *   `kms:CallerAccount` = this account) and grant creation only for AWS resources (`kms:GrantIsForAWSResource`).
 * - **StorageClass**: `type: gp3`, `encrypted: "true"`, `kmsKeyId` = the key ARN, ext4; `WaitForFirstConsumer` so a
 *   volume is created in the zone of the pod that claims it (raft pods spread over zones); `allowVolumeExpansion`.
 * - **Reclaim policy `Retain`** (decision): the class holds Vault's raft data and audit logs. With `Delete`, removing
 *   a PVC (a scaled-down StatefulSet cleaned up, a mistaken `kubectl delete pvc`) would destroy the only copy of a
 *   member's data; with `Retain` the PersistentVolume and its EBS volume stay until an operator deletes them on
 *   purpose. Cost: released volumes must be cleaned up by hand (docs/kubernetes-platform.md, "Storage").
 */
export class EncryptedStorageClass extends Construct {
  readonly key: KmsKey;
  readonly storageClass: StorageClassV1;
  /** The class name, as a reference to the resource. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    const viaEbs = {
      StringEquals: { 'kms:ViaService': `ec2.${context.region}.${context.dnsSuffix}`, 'kms:CallerAccount': context.accountId },
    };
    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-ebs`,
      description: `${props.namePrefix}: EBS volumes of the ${props.storageClassName ?? ENCRYPTED_STORAGE_CLASS} StorageClass (EBS CSI driver)`,
      principalGrants: [
        { sid: 'EbsCsiDriverVolumesThroughEbs', principalArn: props.ebsCsiRoleArn, actions: [...EBS_CSI_KEY_ACTIONS], conditions: viaEbs },
        {
          sid: 'EbsCsiDriverGrantsForAttachments',
          principalArn: props.ebsCsiRoleArn,
          actions: [...EBS_CSI_GRANT_ACTIONS],
          conditions: { ...viaEbs, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ],
    });

    this.storageClass = new StorageClassV1(this, 'storage-class', {
      provider: props.provider,
      metadata: {
        name: props.storageClassName ?? ENCRYPTED_STORAGE_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefault ?? true) },
        labels: { 'app.kubernetes.io/managed-by': 'terraform' },
      },
      storageProvisioner: EBS_CSI_PROVISIONER,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: this.key.arn, 'csi.storage.k8s.io/fstype': 'ext4' },
    });
    this.name = this.storageClass.metadata.name;
  }
}
