import { type PolicyRule, allOf, notApplicable } from '../rule';
import { describeValue, isCustomerManagedKey, isRecord } from '../terraform-values';

const EBS_PROVISIONERS = ['ebs.csi.aws.com', 'kubernetes.io/aws-ebs'];

export const k8sStorageClassEncrypted: PolicyRule = {
  name: 'k8s-storage-class-encrypted',
  description:
    'Every EBS StorageClass encrypts its volumes with a customer-managed KMS key (`parameters.encrypted = "true"` and `parameters.kmsKeyId` set).',
  appliesTo: ['kubernetes_storage_class_v1', 'kubernetes_storage_class'],
  evaluate(element) {
    const provisioner = element.config.storage_provisioner;
    if (typeof provisioner === 'string' && !EBS_PROVISIONERS.includes(provisioner)) return notApplicable(`provisioner ${provisioner} is not EBS`);
    const parameters = isRecord(element.config.parameters) ? element.config.parameters : {};
    return allOf([
      parameters.encrypted !== 'true' && `parameters.encrypted is ${describeValue(parameters.encrypted)}, expected "true"`,
      !isCustomerManagedKey(parameters.kmsKeyId) && `parameters.kmsKeyId is ${describeValue(parameters.kmsKeyId)}, expected a customer-managed key`,
    ]);
  },
};
