import { CHARTS, EXACT_CHART_VERSION, type PinnedChart } from '../../kubernetes/charts';
import { type PolicyRule, allOf } from '../rule';
import { describeValue } from '../terraform-values';

const PINNED: readonly PinnedChart[] = Object.values(CHARTS);

export const helmReleasePinned: PolicyRule = {
  name: 'helm-release-pinned',
  description:
    'Every `helm_release` installs a chart pinned in `CHARTS` (constructs/kubernetes/charts.ts): that chart, from that repository, at that exact version (never a range, `latest` or no version).',
  appliesTo: ['helm_release'],
  evaluate(element) {
    const { chart, repository, version } = element.config;
    const exact = typeof version === 'string' && EXACT_CHART_VERSION.test(version);
    const pinned = PINNED.find((entry) => entry.chart === chart && entry.repository === repository);
    return allOf([
      !exact && `version is ${describeValue(version)}, expected an exact chart version`,
      !pinned && `chart ${describeValue(chart)} from ${describeValue(repository)} is not pinned in CHARTS`,
      pinned !== undefined && exact && version !== pinned.version && `version ${describeValue(version)} is not the pinned ${pinned.version}`,
    ]);
  },
};
