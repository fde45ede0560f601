import { Release, type ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { type TerraformStack } from 'cdktf';
import { CHARTS } from '../../../constructs/kubernetes/charts';
import { PlatformNamespace } from '../../../constructs/kubernetes/platform-namespace';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { checkRule, details } from '../kit';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function provider(stack: TerraformStack): KubernetesProvider {
  return new KubernetesProvider(stack, 'kubernetes', { host: 'https://example' });
}

function release(stack: TerraformStack, id: string, overrides: Partial<ReleaseConfig> = {}): Release {
  return new Release(stack, id, { name: id, chart: CHARTS.certManager.chart, repository: CHARTS.certManager.repository, version: CHARTS.certManager.version, ...overrides });
}

describe('VP-K8S-1 k8s-namespace-pod-security', () => {
  it('passes a PlatformNamespace (restricted) and a baseline namespace pinned to a version', () => {
    const check = checkRule('VP-K8S-1', (s) => {
      new PlatformNamespace(s, 'platform', { name: 'cert-manager', provider: provider(s) });
      new NamespaceV1(s, 'baseline', {
        metadata: { name: 'tools', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.35' } },
      });
    });
    expect(check.results).toEqual({ 'platform/namespace': { status: 'compliant' }, baseline: { status: 'compliant' } });
  });

  it('fails a namespace without labels, a privileged one and one on the latest version', () => {
    const check = checkRule('VP-K8S-1', (s) => {
      new NamespaceV1(s, 'bare', { metadata: { name: 'bare' } });
      new NamespaceV1(s, 'privileged', {
        metadata: { name: 'p', labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'v1.35' } },
      });
      new NamespaceV1(s, 'latest', {
        metadata: { name: 'l', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } },
      });
    });
    expect(details(check)).toEqual({
      bare:
        'label pod-security.kubernetes.io/enforce is not set (Pod Security admission then allows privileged pods); label pod-security.kubernetes.io/enforce-version is not set, expected a pinned v<major>.<minor>',
      privileged: 'label pod-security.kubernetes.io/enforce is "privileged", expected restricted or baseline',
      latest: 'label pod-security.kubernetes.io/enforce-version is "latest", expected a pinned v<major>.<minor>',
    });
    expect(check.findings.map((f) => f.ruleId)).toEqual(['VP-K8S-1', 'VP-K8S-1', 'VP-K8S-1']);
  });
});

describe('VP-K8S-2 helm-release-pinned', () => {
  it('passes every chart of CHARTS at its pinned version', () => {
    const check = checkRule('VP-K8S-2', (s) => {
      for (const [key, chart] of Object.entries(CHARTS)) new Release(s, key, { name: key, chart: chart.chart, repository: chart.repository, version: chart.version });
    });
    expect(Object.values(check.results)).toEqual(Object.keys(CHARTS).map(() => ({ status: 'compliant' })));
  });

  it('fails a missing version, a range, another version of a pinned chart and a chart from elsewhere', () => {
    const check = checkRule('VP-K8S-2', (s) => {
      release(s, 'unversioned', { version: undefined });
      release(s, 'range', { version: '~1.21' });
      release(s, 'other', { version: 'v1.20.0' });
      release(s, 'foreign', { chart: 'cert-manager', repository: 'https://example.com/charts', version: 'v1.21.1' });
    });
    expect(details(check)).toEqual({
      unversioned: 'version is not set, expected an exact chart version',
      range: 'version is "~1.21", expected an exact chart version',
      other: `version "v1.20.0" is not the pinned ${CHARTS.certManager.version}`,
      foreign: 'chart "cert-manager" from "https://example.com/charts" is not pinned in CHARTS',
    });
  });
});

describe('VP-K8S-3 helm-release-no-secret-set', () => {
  it('passes values-only releases, plain set values and write-only set_wo', () => {
    const check = checkRule('VP-K8S-3', (s) => {
      release(s, 'values', { values: ['replicaCount: 2\n'] });
      release(s, 'plain', { set: [{ name: 'replicaCount', value: '2' }, { name: 'image.tag', value: 'v1' }] });
      release(s, 'writeonly', { setWo: [{ name: 'auth.password', value: '${var.admin_password}' }] });
    });
    expect(check.results).toEqual({ values: { status: 'compliant' }, plain: { status: 'compliant' }, writeonly: { status: 'compliant' } });
  });

  it('fails secret-looking set and set_list names and any set_sensitive', () => {
    const check = checkRule('VP-K8S-3', (s) => {
      release(s, 'leaky', {
        set: [{ name: 'server.extraEnv.API_TOKEN', value: '${var.token}' }, { name: 'tls.key', value: '${var.key}' }],
        setList: [{ name: 'auth.passwords', value: ['${var.a}'] }],
        setSensitive: [{ name: 'root.credentials', value: '${var.c}' }],
      });
    });
    expect(details(check)).toEqual({
      leaky:
        'set "server.extraEnv.API_TOKEN" looks like a secret (its value is stored in state); set "tls.key" looks like a secret (its value is stored in state); ' +
        'set_list "auth.passwords" looks like a secret (its value is stored in state); ' +
        'set_sensitive "root.credentials" is still stored in state (sensitive only hides it from the plan output)',
    });
  });
});

describe('VP-K8S-4 k8s-storage-class-encrypted', () => {
  const storageClass = (s: TerraformStack, id: string, parameters?: Record<string, string>, provisioner = 'ebs.csi.aws.com') =>
    new StorageClassV1(s, id, { metadata: { name: id }, storageProvisioner: provisioner, parameters });

  it('passes an EBS class encrypted with a customer-managed key and skips other provisioners', () => {
    const check = checkRule('VP-K8S-4', (s) => {
      storageClass(s, 'encrypted', { type: 'gp3', encrypted: 'true', kmsKeyId: KEY });
      storageClass(s, 'efs', {}, 'efs.csi.aws.com');
    });
    expect(check.results).toEqual({ encrypted: { status: 'compliant' }, efs: { status: 'not-applicable', reason: 'provisioner efs.csi.aws.com is not EBS' } });
  });

  it('fails an unencrypted class and one on the AWS-managed key', () => {
    const check = checkRule('VP-K8S-4', (s) => {
      storageClass(s, 'plain', { type: 'gp3' });
      storageClass(s, 'managed', { type: 'gp3', encrypted: 'true', kmsKeyId: 'alias/aws/ebs' }, 'kubernetes.io/aws-ebs');
    });
    expect(details(check)).toEqual({
      plain: 'parameters.encrypted is not set, expected "true"; parameters.kmsKeyId is not set, expected a customer-managed key',
      managed: 'parameters.kmsKeyId is "alias/aws/ebs", expected a customer-managed key',
    });
  });
});
