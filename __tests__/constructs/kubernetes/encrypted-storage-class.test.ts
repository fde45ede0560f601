import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { EBS_CSI_GRANT_ACTIONS, EBS_CSI_KEY_ACTIONS, EncryptedStorageClass } from '../../../constructs/kubernetes/encrypted-storage-class';
import { type TerraformJson, resourceAt, synthStack } from '../../helpers';
import { apiMetadata, kubernetesTestStack, validateModel } from './kubernetes-fixture';

const CSI_ROLE = 'arn:aws:iam::111111111111:role/vaultplat-dev-tooling-ebs-csi';

function build(props: { storageClassName?: string; isDefault?: boolean } = {}): TerraformJson {
  const { stack, kubernetes } = kubernetesTestStack();
  new EncryptedStorageClass(stack, 'storage', { provider: kubernetes, namePrefix: 'vaultplat-dev-tooling', ebsCsiRoleArn: CSI_ROLE, ...props });
  return synthStack(stack);
}

describe('EncryptedStorageClass', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = build();
  });

  it('creates the default gp3-encrypted class on its own key: Retain, WaitForFirstConsumer, expandable, with minimal props', () => {
    const sc = resourceAt(json, 'kubernetes_storage_class_v1', 'storage/storage-class');
    expect(sc).toEqual({
      provider: 'kubernetes',
      metadata: {
        name: 'gp3-encrypted',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        labels: { 'app.kubernetes.io/managed-by': 'terraform' },
      },
      storage_provisioner: 'ebs.csi.aws.com',
      reclaim_policy: 'Retain',
      volume_binding_mode: 'WaitForFirstConsumer',
      allow_volume_expansion: true,
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: '${aws_kms_key.storage_key_AB3BBE0B.arn}', 'csi.storage.k8s.io/fstype': 'ext4' },
    });
  });

  it('is a valid storage.k8s.io/v1 StorageClass', () => {
    const sc = resourceAt(json, 'kubernetes_storage_class_v1', 'storage/storage-class');
    const object = new StorageClass({
      metadata: apiMetadata(sc.metadata),
      provisioner: sc.storage_provisioner,
      parameters: sc.parameters,
      reclaimPolicy: sc.reclaim_policy,
      volumeBindingMode: sc.volume_binding_mode,
      allowVolumeExpansion: sc.allow_volume_expansion,
    });
    expect(() => validateModel(object)).not.toThrow();
    expect(() => validateModel(new StorageClass({ metadata: { name: 'x' }, provisioner: 'ebs.csi.aws.com', allowVolumeExpansion: 'yes' } as never))).toThrow();
  });

  it('lets the EBS CSI role use the key through EBS only, and create grants for AWS resources only', () => {
    const key = resourceAt(json, 'aws_kms_key', 'storage/key/key');
    expect(key).toMatchObject({ enable_key_rotation: true, description: 'vaultplat-dev-tooling: EBS volumes of the gp3-encrypted StorageClass (EBS CSI driver)' });
    expect(resourceAt(json, 'aws_kms_alias', 'storage/key/alias').name).toBe('alias/vaultplat-dev-tooling-ebs');
    const [, use, grants, ...rest] = JSON.parse(key.policy).Statement as TerraformJson[];
    expect(rest).toEqual([]);
    for (const statement of [use, grants]) {
      expect(statement.Principal).toEqual({ AWS: CSI_ROLE });
      expect(statement.Condition.StringEquals).toEqual({
        'kms:ViaService': expect.stringMatching(/^ec2\.\$\{data\.aws_region\..+\.region\}\.\$\{data\.aws_partition\..+\.dns_suffix\}$/),
        'kms:CallerAccount': expect.stringContaining('aws_caller_identity'),
      });
    }
    expect(use.Action).toEqual([...EBS_CSI_KEY_ACTIONS]);
    expect(grants.Action).toEqual([...EBS_CSI_GRANT_ACTIONS]);
    expect(grants.Condition.Bool).toEqual({ 'kms:GrantIsForAWSResource': 'true' });
  });

  it('takes another name and can stay out of the default, from all props', () => {
    const sc = resourceAt(build({ storageClassName: 'gp3-vault', isDefault: false }), 'kubernetes_storage_class_v1', 'storage/storage-class');
    expect(sc.metadata).toMatchObject({ name: 'gp3-vault', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } });
  });
});
