import { isVaultRelease, valueAt, vaultReleaseView } from '../helm-release-values';
import { type PolicyRule, allOf, notApplicable } from '../rule';

const TLS_DISABLED = /^\s*tls_disable\s*=\s*("?(1|true)"?)\s*$/m;

export const vaultTlsEnabled: PolicyRule = {
  name: 'vault-tls-enabled',
  description:
    'Every Helm release of the Vault chart keeps TLS on: `global.tlsDisable` is `false` and the server configuration has a TCP listener with `tls_cert_file` and `tls_key_file` and never `tls_disable = true`; no `set` override touches TLS or the server configuration.',
  appliesTo: ['helm_release'],
  evaluate(element) {
    if (!isVaultRelease(element)) return notApplicable('not the Vault chart');
    const view = vaultReleaseView(element);
    const config = view.serverConfig ?? '';
    const overrides = view.setNames.filter((name) => /tlsDisable|\.config$/.test(name));
    return allOf([
      view.unreadable && 'a values document is not YAML',
      valueAt(view.values, 'global.tlsDisable') !== false && `global.tlsDisable is ${JSON.stringify(valueAt(view.values, 'global.tlsDisable')) ?? 'unset'} (the chart default true serves plain HTTP)`,
      !/listener\s+"tcp"/.test(config) && 'the server configuration has no listener "tcp"',
      TLS_DISABLED.test(config) && 'the listener sets tls_disable = true',
      !/tls_cert_file\s*=/.test(config) && 'the listener has no tls_cert_file',
      !/tls_key_file\s*=/.test(config) && 'the listener has no tls_key_file',
      overrides.length > 0 && `set overrides ${overrides.join(', ')} (write TLS settings into the typed values)`,
    ]);
  },
};
