import { Release } from '@cdktf/provider-helm/lib/release';
import { type TerraformStack } from 'cdktf';
import { helmValuesYaml } from '../../../constructs/kubernetes/charts';
import { type VaultServerValuesOptions, vaultHelmValues } from '../../../constructs/vault-server/vault-helm-values';
import { checkRule, details, testOptions } from '../kit';

const OPTIONS: VaultServerValuesOptions = {
  replicas: 3,
  zoneCount: 3,
  resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
  dataStorageGi: 10,
  auditStorageGi: 10,
  storageClass: 'gp3-encrypted',
  logLevel: 'info',
  clusterName: 'vaultplat-test',
  region: 'eu-west-1',
  unsealKeyArn: '${aws_kms_key.seal.arn}',
  serviceAccountRoleArn: 'arn:aws:iam::111111111111:role/vault',
  auditFiles: ['/vault/audit/vault-audit.log'],
  mountRdsCaBundle: false,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

/** A Vault release whose values are the project's, changed by `edit`. */
function vaultRelease(edit: (values: Values) => void = () => {}, extra: Partial<{ set: { name: string; value: string }[] }> = {}) {
  return (stack: TerraformStack) => {
    const values = structuredClone(vaultHelmValues(OPTIONS)) as unknown as Values;
    edit(values);
    new Release(stack, 'vault', { name: 'vault', chart: 'vault', repository: 'https://helm.releases.hashicorp.com', version: '0.34.1', values: [helmValuesYaml(values)], ...extra });
  };
}
const config = (values: Values) => values.server.ha.raft as { config: string };

describe('VP-VAULT-4 vault-tls-enabled', () => {
  it('passes the project values', () => {
    expect(checkRule('VP-VAULT-4', vaultRelease()).results).toEqual({ vault: { status: 'compliant' } });
  });

  it('ignores other charts', () => {
    const check = checkRule('VP-VAULT-4', (s) => new Release(s, 'other', { name: 'x', chart: 'cert-manager', values: ['global: {}'] }));
    expect(check.results.other.status).toBe('not-applicable');
  });

  it('fails when the chart default tlsDisable is kept, the listener disables TLS, or a set override touches TLS', () => {
    const check = checkRule(
      'VP-VAULT-4',
      vaultRelease(
        (v) => {
          delete v.global.tlsDisable;
          config(v).config = config(v).config.replace('tls_disable     = false', 'tls_disable = 1').replace(/ {2}tls_key_file.*\n/, '');
        },
        { set: [{ name: 'global.tlsDisable', value: 'true' }] },
      ),
    );
    expect(details(check)).toEqual({
      vault:
        'global.tlsDisable is unset (the chart default true serves plain HTTP); listener [::]:8200 sets tls_disable = true; listener [::]:8200 has no tls_key_file; set overrides global.tlsDisable (write TLS settings into the typed values)',
    });
  });

  it('checks every TCP listener: the metrics listener may not drop TLS either', () => {
    const check = checkRule(
      'VP-VAULT-4',
      vaultRelease((v) => {
        const [api, metrics] = config(v).config.split('listener "tcp" {').slice(1);
        config(v).config = config(v).config.replace(metrics, metrics.replace('tls_disable     = false', 'tls_disable     = true'));
        expect(api).toContain('8200');
      }),
    );
    expect(details(check)).toEqual({ vault: 'listener [::]:8202 sets tls_disable = true' });
    expect(check.findings).toEqual([expect.objectContaining({ ruleId: 'VP-VAULT-4', severity: 'error' })]);
  });
});

describe('VP-VAULT-5 vault-ha-raft', () => {
  it('passes three raft voters with a disruption budget outside dev', () => {
    expect(checkRule('VP-VAULT-5', vaultRelease()).results).toEqual({ vault: { status: 'compliant' } });
  });

  it('does not apply in dev', () => {
    const check = checkRule('VP-VAULT-5', vaultRelease((v) => (v.server.ha.replicas = 1)), testOptions('dev'));
    expect(check.results.vault).toEqual({ status: 'not-applicable', reason: 'dev may run a single Vault server' });
  });

  it('fails a single or even-numbered, non-raft or unprotected server in staging and prod', () => {
    const broken = vaultRelease((v) => {
      v.server.ha.replicas = 2;
      v.server.ha.raft.enabled = false;
      v.server.ha.disruptionBudget.enabled = false;
    });
    expect(details(checkRule('VP-VAULT-5', broken, testOptions('staging')))).toEqual({
      vault: 'server.ha.raft.enabled is not true (integrated storage); server.ha.replicas is 2 (expected an odd number, at least 3); server.ha.disruptionBudget.enabled is not true',
    });
    expect(details(checkRule('VP-VAULT-5', vaultRelease((v) => (v.server.ha.enabled = false))))).toEqual({ vault: 'server.ha.enabled is not true' });
  });
});

describe('VP-VAULT-6 vault-seal-configured', () => {
  it('passes the awskms stanza with a key reference and region', () => {
    expect(checkRule('VP-VAULT-6', vaultRelease()).results).toEqual({ vault: { status: 'compliant' } });
  });

  it('fails without an awskms seal, or with one missing its key', () => {
    const noSeal = vaultRelease((v) => (config(v).config = config(v).config.replace(/seal "awskms" \{[\s\S]*?\n\}\n/, '')));
    expect(details(checkRule('VP-VAULT-6', noSeal))).toEqual({ vault: 'the server configuration has no seal "awskms" stanza' });
    const noKey = vaultRelease((v) => (config(v).config = config(v).config.replace(/ {2}kms_key_id.*\n/, '')));
    expect(details(checkRule('VP-VAULT-6', noKey))).toEqual({ vault: 'seal "awskms" has no kms_key_id' });
  });
});
