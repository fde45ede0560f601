import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { VaultInit, vaultInitScript } from '../../../constructs/vault-server/vault-init';
import { testStack } from '../../helpers';
import { ClusterOidcProvider } from '../../../constructs/compute/cluster-oidc-provider';

/**
 * Runs the init script with `vault`, `aws` and `sleep` replaced by stubs that record their calls, in a real POSIX shell.
 * The stub `vault operator init` prints a JSON document with recognisable secrets; the tests check where they go.
 */
function runInit(env: Record<string, string>): { status: number; output: string; calls: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'vault-init-'));
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub('sleep', 'exit 0');
  stub(
    'vault',
    [
      'case "$*" in',
      '  status) exit "$VAULT_STATUS_RC" ;;',
      '  "operator init -status") exit "$INIT_STATUS_RC" ;;',
      '  "operator init "*) echo "init $*" >> "$CALLS"; [ -n "$INIT_FAILS" ] && exit 2; echo \'{"recovery_keys_b64":["SECRET-RECOVERY-KEY"],"root_token":"SECRET-ROOT-TOKEN"}\' ;;',
      '  *) exit 1 ;;',
      'esac',
    ].join('\n'),
  );
  stub(
    'aws',
    [
      'case "$1 $2" in',
      '  "secretsmanager describe-secret") echo "$STORED" ;;',
      '  "kms encrypt") in=$(cat); echo "encrypt $*" >> "$CALLS"; [ "$in" = preflight ] && { echo key-id; exit 0; }',
      '    case "$in" in *SECRET-ROOT-TOKEN*) echo "CIPHERTEXT-OF-INIT-OUTPUT" ;; *) echo "UNEXPECTED" ;; esac ;;',
      '  "secretsmanager put-secret-value") echo "put $*" >> "$CALLS"',
      '    n=$(grep -c "^put" "$CALLS"); [ "$n" -le "$PUT_FAILURES" ] && exit 254; echo version ;;',
      '  *) exit 1 ;;',
      'esac',
    ].join('\n'),
  );
  const result = spawnSync('/bin/sh', ['-c', vaultInitScript()], {
    encoding: 'utf8',
    env: {
      PATH: `${dir}:/usr/bin:/bin`,
      CALLS: calls,
      VAULT_ADDR: 'https://vault-0.vault-internal:8200',
      INIT_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:vaultplat-dev/vault/init-record-AbCdEf',
      BREAK_GLASS_KEY_ARN: 'arn:aws:kms:eu-west-1:111111111111:key/k',
      RECOVERY_SHARES: '5',
      RECOVERY_THRESHOLD: '3',
      ENVIRONMENT: 'vaultplat-dev',
      // What the stubs answer unless a test says otherwise: vault-0 sealed and uninitialised, no record stored.
      VAULT_STATUS_RC: '2',
      INIT_STATUS_RC: '2',
      INIT_FAILS: '',
      STORED: '0',
      PUT_FAILURES: '0',
      ...env,
    },
  });
  const recorded = readFileSync(calls, 'utf8').split('\n').filter((l) => l !== '');
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`, calls: recorded };
}

describe('vaultInitScript', () => {
  it('initialises a new cluster, stores only the KMS ciphertext and prints no secret', () => {
    const run = runInit({});
    expect(run.status).toBe(0);
    expect(run.output).toBe('Vault initialised; KMS-encrypted init record stored in arn:aws:secretsmanager:eu-west-1:111111111111:secret:vaultplat-dev/vault/init-record-AbCdEf\n');
    expect(run.output).not.toMatch(/SECRET-/);
    expect(run.calls).toEqual([
      'encrypt kms encrypt --key-id arn:aws:kms:eu-west-1:111111111111:key/k --encryption-context purpose=vault-init-record,environment=vaultplat-dev --plaintext fileb:///dev/stdin --query KeyId --output text',
      'init operator init -recovery-shares=5 -recovery-threshold=3 -format=json',
      'encrypt kms encrypt --key-id arn:aws:kms:eu-west-1:111111111111:key/k --encryption-context purpose=vault-init-record,environment=vaultplat-dev --plaintext fileb:///dev/stdin --query CiphertextBlob --output text',
      'put secretsmanager put-secret-value --secret-id arn:aws:secretsmanager:eu-west-1:111111111111:secret:vaultplat-dev/vault/init-record-AbCdEf --secret-string CIPHERTEXT-OF-INIT-OUTPUT --query VersionId --output text',
    ]);
    expect(run.calls.join('\n')).not.toMatch(/SECRET-/);
  });

  it('does nothing on an initialised cluster whose init record is stored', () => {
    const run = runInit({ VAULT_STATUS_RC: '0', INIT_STATUS_RC: '0', STORED: '1' });
    expect(run).toEqual({ status: 0, output: 'Vault is initialised and its init record is stored: nothing to do\n', calls: [] });
  });

  it('stops, without initialising, when Vault is initialised but no record exists, or a record exists for an uninitialised Vault', () => {
    expect(runInit({ INIT_STATUS_RC: '0', STORED: '0' })).toEqual({
      status: 1,
      output: 'Vault is initialised but no init record is stored: follow docs/vault-server.md, section Init failed halfway\n',
      calls: [],
    });
    const orphan = runInit({ INIT_STATUS_RC: '2', STORED: '2' });
    expect(orphan.status).toBe(1);
    expect(orphan.output).toContain('refusing to initialise');
    expect(orphan.calls).toEqual([]);
  });

  it('waits for vault-0 and gives up when it never answers', () => {
    const run = runInit({ VAULT_STATUS_RC: '1' });
    expect(run).toEqual({ status: 1, output: 'vault-0 did not answer on https://vault-0.vault-internal:8200 within 5 minutes\n', calls: [] });
  });

  it('keeps retrying the upload with the ciphertext only, and never prints the init output', () => {
    const run = runInit({ PUT_FAILURES: '2' });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith('put'))).toHaveLength(3);
    expect(run.output).toContain('storing the init record failed (attempt 2 of 40), retrying in 30 s');
    expect(run.output).not.toMatch(/SECRET-/);
  });

  it('reports a failed init with the runbook section', () => {
    const run = runInit({ INIT_FAILS: '1' });
    expect(run.status).toBe(1);
    expect(run.output).toBe('vault operator init failed: follow docs/vault-server.md, section Init failed halfway\n');
    expect(run.calls.filter((c) => c.startsWith('put'))).toEqual([]);
  });
});

describe('VaultInit', () => {
  it('fails on a break-glass principal that is not a role and on a threshold above the shares', () => {
    const stack = testStack();
    const oidcProvider = new ClusterOidcProvider(stack, 'oidc', { issuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X', name: 'x' });
    expect(() => new VaultInit(stack, 'init', { namePrefix: 'vaultplat-dev', oidcProvider, breakGlassRoleArn: 'arn:aws:iam::111111111111:user/alice', recoveryShares: 2, recoveryThreshold: 3 })).toThrow(
      'test/init: breakGlassRoleArn: expected an IAM role ARN, got "arn:aws:iam::111111111111:user/alice"; recoveryThreshold: expected 1-2 (at most recoveryShares), got 3',
    );
  });
});
