import { SECRET_REFRESH, durationSeconds } from '../../kubernetes/workload-sizing';
import { type PolicyRule, allOf, notApplicable } from '../rule';
import { describeValue, isRecord } from '../terraform-values';

export const externalSecretRefreshBounded: PolicyRule = {
  name: 'external-secret-refresh-bounded',
  description:
    'Every ExternalSecret refreshes periodically and at least as often as its tier allows (`SECRET_REFRESH.maxSecondsByTier`: 300 s), so a rotated secret reaches the pods in time: `refreshInterval` set, not `0s`, `refreshPolicy` not `CreatedOnce`.',
  appliesTo: ['kubernetes_manifest'],
  evaluate(element, { options }) {
    const manifest = element.config.manifest;
    if (!isRecord(manifest) || manifest.kind !== 'ExternalSecret') return notApplicable('not an ExternalSecret');
    const spec = isRecord(manifest.spec) ? manifest.spec : {};
    const interval = spec.refreshInterval;
    const seconds = typeof interval === 'string' ? durationSeconds(interval) : undefined;
    const max = SECRET_REFRESH.maxSecondsByTier[options.tier];
    return allOf([
      interval === undefined && `refreshInterval is not set (ESO then refreshes every hour), expected at most ${max} s in the ${options.tier} tier`,
      interval !== undefined && seconds === undefined && `refreshInterval ${describeValue(interval)} is not a duration such as 5m or 90s`,
      seconds === 0 && 'refreshInterval is 0s: the secret is fetched once and never refreshed',
      seconds !== undefined && seconds > max && `refreshInterval ${describeValue(interval)} is slower than the ${options.tier} tier allows (${max} s)`,
      spec.refreshPolicy === 'CreatedOnce' && 'refreshPolicy is CreatedOnce: the secret is never refreshed',
    ]);
  },
};
