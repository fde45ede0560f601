import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { schemaProblems } from '../../../constructs/kubernetes/value-contract';
import { TARGET_GROUP_BINDING_SCHEMA, VaultTargetGroupBinding } from '../../../constructs/vault-server/vault-target-group-binding';
import { resourceAt, synthStack, testStack } from '../../helpers';

const ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/vaultplat-dev-vault/0123456789abcdef';

describe('VaultTargetGroupBinding', () => {
  it('registers every ready Vault pod (service vault, port 8200) as ip targets of the given target group', () => {
    const stack = testStack();
    new KubernetesProvider(stack, 'kubernetes', {});
    const binding = new VaultTargetGroupBinding(stack, 'tgb', { targetGroupArn: ARN });
    expect(binding.manifestObject).toEqual({
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: { name: 'vault', namespace: 'vault' },
      spec: { targetGroupARN: ARN, targetType: 'ip', ipAddressType: 'ipv4', serviceRef: { name: 'vault', port: 8200 } },
    });
    expect(resourceAt(synthStack(stack), 'kubernetes_manifest', 'tgb/binding').manifest).toEqual(binding.manifestObject);
  });

  it('fits the CRD contract of the pinned controller, and the contract catches a misspelt field or a wrong enum', () => {
    const stack = testStack();
    const { manifestObject } = new VaultTargetGroupBinding(stack, 'tgb', { targetGroupArn: ARN });
    expect(schemaProblems(manifestObject, TARGET_GROUP_BINDING_SCHEMA)).toEqual([]);
    const spec = manifestObject.spec as Record<string, unknown>;
    const broken = { ...manifestObject, spec: { ...spec, targetGroupArn: ARN, targetType: 'pod', serviceRef: { name: 'vault' } } };
    expect(schemaProblems(broken, TARGET_GROUP_BINDING_SCHEMA)).toEqual([
      'spec.targetType: expected one of instance, ip, got "pod"',
      'spec.serviceRef.port: is required',
      'spec.targetGroupArn: unknown field (not in the CRD schema)',
    ]);
  });

  it('sets no networking rules: the controller never edits security groups', () => {
    const { manifestObject } = new VaultTargetGroupBinding(testStack(), 'tgb', { targetGroupArn: ARN });
    expect(manifestObject.spec).not.toHaveProperty('networking');
  });

  it('fails on something that is not a target group ARN', () => {
    expect(() => new VaultTargetGroupBinding(testStack(), 'tgb', { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/x/1' })).toThrow(
      'test/tgb: targetGroupArn: expected an ELBv2 target group ARN, got "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/x/1"',
    );
  });
});
