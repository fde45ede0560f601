import { parse } from 'yaml';
import { CHARTS } from '../../../constructs/kubernetes/charts';
import { PinnedHelmRelease, RELEASE_TIMEOUT_SECONDS } from '../../../constructs/kubernetes/pinned-helm-release';
import { resourceAt, synthStack } from '../../helpers';
import { kubernetesTestStack } from './kubernetes-fixture';

describe('PinnedHelmRelease', () => {
  it('takes chart coordinates from CHARTS only and renders the values as one YAML document', () => {
    const { stack, helm } = kubernetesTestStack();
    const values = { replicaCount: 2, shared: { a: 1 }, again: {} as object };
    (values as { again: object }).again = values.shared;
    new PinnedHelmRelease(stack, 'release', { provider: helm, chart: 'certManager', name: 'cert-manager', namespace: 'cert-manager', values });
    const release = resourceAt(synthStack(stack), 'helm_release', 'release/release');
    expect(release).toEqual({
      provider: 'helm',
      name: 'cert-manager',
      namespace: 'cert-manager',
      chart: CHARTS.certManager.chart,
      repository: CHARTS.certManager.repository,
      version: CHARTS.certManager.version,
      values: [expect.any(String)],
      create_namespace: false,
      atomic: true,
      cleanup_on_fail: true,
      wait: true,
      wait_for_jobs: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      max_history: 5,
    });
    expect(parse(release.values[0])).toEqual({ replicaCount: 2, shared: { a: 1 }, again: { a: 1 } });
    // An object used twice is written twice, not as a YAML alias.
    expect(release.values[0]).not.toMatch(/[&*]a\d/);
  });

  it('keeps every release inside the 15-minute token', () => {
    expect(RELEASE_TIMEOUT_SECONDS).toBeLessThan(15 * 60);
  });
});
