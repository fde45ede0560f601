import { isVaultRelease, valueAt, vaultReleaseView } from '../helm-release-values';
import { type PolicyRule, allOf, notApplicable } from '../rule';

export const vaultHaRaft: PolicyRule = {
  name: 'vault-ha-raft',
  description:
    'Outside dev, every Helm release of the Vault chart runs HA with integrated storage: `server.ha.enabled` and `server.ha.raft.enabled` are true, `server.ha.replicas` is an odd number of at least 3, and the PodDisruptionBudget is on.',
  appliesTo: ['helm_release'],
  evaluate(element, { options }) {
    if (!isVaultRelease(element)) return notApplicable('not the Vault chart');
    if (options.tier === 'dev') return notApplicable('dev may run a single Vault server');
    const { values } = vaultReleaseView(element);
    const replicas = valueAt(values, 'server.ha.replicas');
    return allOf([
      valueAt(values, 'server.ha.enabled') !== true && 'server.ha.enabled is not true',
      valueAt(values, 'server.ha.raft.enabled') !== true && 'server.ha.raft.enabled is not true (integrated storage)',
      (typeof replicas !== 'number' || replicas < 3 || replicas % 2 === 0) && `server.ha.replicas is ${JSON.stringify(replicas) ?? 'unset'} (expected an odd number, at least 3)`,
      valueAt(values, 'server.ha.disruptionBudget.enabled') !== true && 'server.ha.disruptionBudget.enabled is not true',
    ]);
  },
};
