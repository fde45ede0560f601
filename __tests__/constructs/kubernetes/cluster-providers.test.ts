import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { ClusterProviders } from '../../../constructs/kubernetes/cluster-providers';
import { type TerraformJson, synthStack } from '../../helpers';

function synth(build: (stack: TerraformStack) => void): TerraformJson {
  const stack = new TerraformStack(new App(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return synthStack(stack);
}

const cluster = { clusterName: 'vaultplat-dev-tooling', endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com', certificateAuthorityData: 'Q0E=' };

describe('ClusterProviders', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = synth((stack) => {
      const providers = new ClusterProviders(stack, 'tooling', { cluster, helm: true });
      new Namespace(stack, 'ns', { metadata: { name: 'x' }, provider: providers.kubernetes });
    });
  });

  it('requests the token from the ephemeral aws_eks_cluster_auth resource, by cluster name', () => {
    expect(json.ephemeral).toEqual({ aws_eks_cluster_auth: { tooling: { name: 'vaultplat-dev-tooling' } } });
  });

  it('configures the kubernetes provider with endpoint, decoded CA and the ephemeral token', () => {
    expect(json.provider.kubernetes).toEqual([
      { host: cluster.endpoint, cluster_ca_certificate: '${base64decode("Q0E=")}', token: '${ephemeral.aws_eks_cluster_auth.tooling.token}' },
    ]);
  });

  it('configures the helm provider with the same connection, keeping release records in ConfigMaps', () => {
    expect(json.provider.helm).toEqual([
      { helm_driver: 'configmap', kubernetes: { host: cluster.endpoint, cluster_ca_certificate: '${base64decode("Q0E=")}', token: '${ephemeral.aws_eks_cluster_auth.tooling.token}' } },
    ]);
  });

  it('never reads a token through a data source (a data source would store it in state)', () => {
    expect(json.data?.aws_eks_cluster_auth).toBeUndefined();
  });

  it('aliases both providers and names the token after the alias when asked', () => {
    const aliased = synth((stack) => {
      new ClusterProviders(stack, 'providers', { cluster, alias: 'application', helm: true });
    });
    expect(Object.keys(aliased.ephemeral.aws_eks_cluster_auth)).toEqual(['application']);
    expect(aliased.provider.kubernetes[0].alias).toBe('application');
    expect(aliased.provider.helm[0].alias).toBe('application');
    expect(aliased.provider.helm[0].kubernetes.token).toBe('${ephemeral.aws_eks_cluster_auth.application.token}');
  });

  it('declares no helm provider for a stack that installs no chart, and says so to a construct that asks for one', () => {
    let providers: ClusterProviders | undefined;
    const json = synth((stack) => {
      providers = new ClusterProviders(stack, 'providers', { cluster, alias: 'application', helm: false });
      new Namespace(stack, 'ns', { metadata: { name: 'x' }, provider: providers.kubernetes });
    });
    expect(Object.keys(json.provider).sort()).toEqual(['aws', 'kubernetes']);
    expect(Object.keys(json.terraform.required_providers).sort()).toEqual(['aws', 'kubernetes']);
    expect(providers?.helm).toBeUndefined();
    expect(() => providers?.requireHelm()).toThrow('test/providers: no helm provider here; declare ClusterProviders with helm: true to install charts');
  });

  it('makes synth fail for a chart in a stack declared without helm, naming the stack and the provider (cdktf 0.21.0 checks provider presence)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'vaultplat-cluster-providers-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'addons');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      new ClusterProviders(stack, 'cluster', { cluster, helm: false });
      new Release(stack, 'chart', { name: 'chart', chart: 'chart' });
      expect(() => app.synth()).toThrow("to your stack 'addons' for the following providers: helm");
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
