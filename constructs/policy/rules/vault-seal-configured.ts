import { isVaultRelease, vaultReleaseView } from '../helm-release-values';
import { type PolicyRule, allOf, notApplicable } from '../rule';

/** The stanza up to its closing brace on a line of its own (a `${...}` key ARN contains braces). */
const AWSKMS_SEAL = /seal\s+"awskms"\s*\{\s*\n([\s\S]*?)\n\s*\}/;

export const vaultSealConfigured: PolicyRule = {
  name: 'vault-seal-configured',
  description:
    'Every Helm release of the Vault chart auto-unseals with AWS KMS: the server configuration has a `seal "awskms"` stanza with a `kms_key_id` and a `region` (a Shamir seal would need people to unseal every restarted pod).',
  appliesTo: ['helm_release'],
  evaluate(element) {
    if (!isVaultRelease(element)) return notApplicable('not the Vault chart');
    const seal = AWSKMS_SEAL.exec(vaultReleaseView(element).serverConfig ?? '');
    if (!seal) return allOf(['the server configuration has no seal "awskms" stanza']);
    return allOf([
      !/kms_key_id\s*=\s*"[^"]+"/.test(seal[1]) && 'seal "awskms" has no kms_key_id',
      !/region\s*=\s*"[^"]+"/.test(seal[1]) && 'seal "awskms" has no region',
    ]);
  },
};
