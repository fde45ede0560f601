import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PlatformNamespace, type PlatformNamespaceProps } from '../../../constructs/kubernetes/platform-namespace';
import { type TerraformJson, resourceAt, synthStack } from '../../helpers';
import { apiMetadata, kubernetesTestStack, validateModel } from './kubernetes-fixture';

function build(props: Partial<PlatformNamespaceProps> = {}): TerraformJson {
  const { stack, kubernetes } = kubernetesTestStack();
  new PlatformNamespace(stack, 'ns', { name: 'cert-manager', provider: kubernetes, ...props });
  return synthStack(stack);
}

describe('PlatformNamespace', () => {
  it('creates a namespace enforcing, auditing and warning Pod Security restricted at a pinned version, with minimal props', () => {
    const ns = resourceAt(build(), 'kubernetes_namespace_v1', 'ns/namespace');
    expect(ns.metadata).toEqual({
      name: 'cert-manager',
      labels: {
        'app.kubernetes.io/managed-by': 'terraform',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.35',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.35',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.35',
      },
    });
    expect(() => validateModel(new Namespace({ metadata: apiMetadata(ns.metadata) }))).not.toThrow();
  });

  it('takes a lower level with its reason, a version and extra labels, from all props', () => {
    const ns = resourceAt(
      build({ podSecurity: 'baseline', podSecurityReason: 'CSI node plugin needs hostPath', podSecurityVersion: 'v1.36', labels: { team: 'platform' } }),
      'kubernetes_namespace_v1',
      'ns/namespace',
    );
    expect(ns.metadata.labels).toMatchObject({ team: 'platform', 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.36' });
    expect(ns.metadata.annotations).toEqual({ 'platform/pod-security-reason': 'CSI node plugin needs hostPath' });
  });

  it('fails on a bad name, an unexplained lower level, a latest version and Pod Security set through labels, all together', () => {
    expect(() =>
      build({ name: 'Cert_Manager', podSecurity: 'privileged', podSecurityVersion: 'latest', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
    ).toThrow(
      'test/ns: podSecurityVersion: expected v<major>.<minor> such as v1.35 (never "latest"), got "latest"; ' +
        'name: expected a Kubernetes namespace name (lower-case letters, digits, \'-\'; at most 63), got "Cert_Manager"; ' +
        'podSecurityReason: a namespace below "restricted" (got "privileged") must say why; ' +
        'labels: set Pod Security through podSecurity, not the label "pod-security.kubernetes.io/enforce"',
    );
  });
});
