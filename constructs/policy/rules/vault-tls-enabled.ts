import { isVaultRelease, valueAt, vaultReleaseView } from '../helm-release-values';
import { type PolicyRule, allOf, notApplicable } from '../rule';

const TLS_DISABLED = /^\s*tls_disable\s*=\s*("?(1|true)"?)\s*$/m;

/** The body of every `listener "tcp" { ... }` block of an HCL configuration (braces counted, no HCL parser needed). */
export function tcpListenerBlocks(config: string): string[] {
  const blocks: string[] = [];
  const start = /listener\s+"tcp"\s*\{/g;
  for (let match = start.exec(config); match !== null; match = start.exec(config)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < config.length && depth > 0; i++) {
      if (config[i] === '{') depth++;
      else if (config[i] === '}') depth--;
    }
    blocks.push(config.slice(match.index + match[0].length, i - 1));
  }
  return blocks;
}

export const vaultTlsEnabled: PolicyRule = {
  name: 'vault-tls-enabled',
  description:
    'Every Helm release of the Vault chart keeps TLS on: `global.tlsDisable` is `false` and the server configuration has at least one TCP listener, every one with `tls_cert_file` and `tls_key_file` and never `tls_disable = true`; no `set` override touches TLS or the server configuration.',
  appliesTo: ['helm_release'],
  evaluate(element) {
    if (!isVaultRelease(element)) return notApplicable('not the Vault chart');
    const view = vaultReleaseView(element);
    const config = view.serverConfig ?? '';
    const overrides = view.setNames.filter((name) => /tlsDisable|\.config$/.test(name));
    const listeners = tcpListenerBlocks(config);
    const name = (block: string, i: number) => `listener ${/address\s*=\s*"([^"]+)"/.exec(block)?.[1] ?? `#${i + 1}`}`;
    return allOf([
      view.unreadable && 'a values document is not YAML',
      valueAt(view.values, 'global.tlsDisable') !== false && `global.tlsDisable is ${JSON.stringify(valueAt(view.values, 'global.tlsDisable')) ?? 'unset'} (the chart default true serves plain HTTP)`,
      listeners.length === 0 && 'the server configuration has no listener "tcp"',
      ...listeners.flatMap((block, i) => [
        TLS_DISABLED.test(block) && `${name(block, i)} sets tls_disable = true`,
        !/tls_cert_file\s*=/.test(block) && `${name(block, i)} has no tls_cert_file`,
        !/tls_key_file\s*=/.test(block) && `${name(block, i)} has no tls_key_file`,
      ]),
      overrides.length > 0 && `set overrides ${overrides.join(', ')} (write TLS settings into the typed values)`,
    ]);
  },
};
