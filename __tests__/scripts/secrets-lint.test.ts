import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isCredentialName } from '../../scripts/secrets-lint/names';
import { formatReport, lintRepository, lintText } from '../../scripts/secrets-lint/lint';
import { type LintResult } from '../../scripts/secrets-lint/types';
import { withChildSlot } from '../child-slot';

const REPO_ROOT = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures/secrets-lint');

/** `path:line RULE` per finding: the shape the assertions compare. */
function located(result: LintResult): string[] {
  return result.findings.map((finding) => `${finding.path}:${finding.line} ${finding.rule}`);
}

function rulesOf(path: string, text: string): string[] {
  return lintText(path, text).findings.map((finding) => finding.rule);
}

function lintFixture(name: 'positive' | 'negative'): LintResult {
  return lintRepository({ root: join(FIXTURES, name), useGit: false, exclude: [], synthDir: join(FIXTURES, `${name}-synth`) });
}

/** A scratch directory with the given files (paths relative to it); removed by the caller. */
function scratch(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'secrets-lint-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('secrets lint', () => {
  describe('positive fixtures', () => {
    let result: LintResult;
    beforeAll(() => {
      result = lintFixture('positive');
    });

    it('reports every forbidden pattern with file, line and rule', () => {
      expect(located(result)).toEqual([
        'app-config.ts:3 SECRETS-002',
        'app-config.ts:4 SECRETS-002',
        'app-config.ts:5 SECRETS-002',
        'app-config.ts:7 SECRETS-002',
        'app-config.ts:8 SECRETS-002',
        'app-config.ts:9 SECRETS-002',
        'app-config.ts:10 SECRETS-002',
        'app-config.ts:11 SECRETS-002',
        'credentials.txt:1 SECRETS-005',
        'credentials.txt:2 SECRETS-005',
        'deploy.sh:3 SECRETS-002',
        'deploy.sh:4 SECRETS-001',
        'deploy.sh:5 SECRETS-005',
        'docker-compose.yml:6 SECRETS-001',
        'docker-compose.yml:7 SECRETS-001',
        'docker-compose.yml:8 SECRETS-001',
        'docker-compose.yml:9 SECRETS-001',
        'docker-compose.yml:10 SECRETS-001',
        'docker-compose.yml:11 SECRETS-001',
        'guide.md:7 SECRETS-002',
        'guide.md:11 SECRETS-002',
        'guide.md:14 SECRETS-001',
        'run:2 SECRETS-002',
        'settings.py:2 SECRETS-002',
        'settings.py:3 SECRETS-002',
        'values.yaml:3 SECRETS-002',
        'values.yaml:4 SECRETS-002',
        'values.yaml:7 SECRETS-002',
        '<synth>/stacks/app/cdk.tf.json:6 SECRETS-002',
        '<synth>/stacks/app/cdk.tf.json:13 SECRETS-002',
        '<synth>/stacks/app/cdk.tf.json:18 SECRETS-001',
        '<synth>/stacks/app/cdk.tf.json:24 SECRETS-005',
      ]);
    });

    it('explains each finding without echoing the secret value', () => {
      const byLocation = new Map(result.findings.map((finding) => [`${finding.path}:${finding.line}`, finding.message]));
      expect(byLocation.get('docker-compose.yml:6')).toBe(
        'secret DB_PASSWORD has a fallback default (${DB_PASSWORD:-...}); a secret never has a default, use ${DB_PASSWORD:?DB_PASSWORD is required}',
      );
      expect(byLocation.get('docker-compose.yml:8')).toBe(
        '${LOG_LEVEL:-...} fallback without a "# safe-default: <reason>" tag; use ${LOG_LEVEL:?LOG_LEVEL is required} if the value is required',
      );
      expect(byLocation.get('docker-compose.yml:9')).toBe('the safe-default tag for PORT has no reason; write "# safe-default: <why any value works>"');
      expect(byLocation.get('settings.py:2')).toBe(
        '"DB_PASSWORD" is assigned a literal value (14 characters); reference it from Vault or a sensitive variable instead',
      );
      expect(byLocation.get('app-config.ts:8')).toBe('"DB_PASSWORD" falls back to a literal value (8 characters); a missing secret must fail, not default');
      expect(byLocation.get('app-config.ts:11')).toMatch(/the secrets-lint-allow comment on this line has no reason, so it is ignored\)$/);
      expect(byLocation.get('deploy.sh:5')).toBe('URL with an embedded password (scheme://user:<password>@host); pass credentials separately, from Vault');
      expect(byLocation.get('<synth>/stacks/app/cdk.tf.json:24')).toBe('line contains a Vault token; keep it in Vault');
      for (const secret of ['hunter2', 'supersecret', 'changeme', 's3cret', 'abc123']) {
        expect(result.findings.filter((finding) => finding.message.includes(secret))).toEqual([]);
      }
    });

    it('prints path:line: RULE message per finding and a summary line', () => {
      const lines = formatReport(result).split('\n');
      expect(lines[0]).toBe(
        'app-config.ts:3: SECRETS-002 "password" is assigned a literal value (7 characters); reference it from Vault or a sensitive variable instead',
      );
      expect(lines).toHaveLength(33);
      expect(lines[32]).toBe('secrets-lint: 32 findings in 9 files (9 files scanned)');
    });
  });

  describe('negative fixtures', () => {
    let result: LintResult;
    beforeAll(() => {
      result = lintFixture('negative');
    });

    it('finds nothing in legitimate code, configuration, docs and synthesized output', () => {
      expect(located(result)).toEqual([]);
      expect(result.filesScanned).toBe(8);
    });

    it('lists the allowance and its reason instead of a finding', () => {
      expect(result.allowances).toEqual([{ path: 'allowed.ts', line: 2, rule: 'SECRETS-002', reason: 'documents the allow comment' }]);
      expect(formatReport(result)).toBe(
        'allowed.ts:2: allowed SECRETS-002 (secrets-lint-allow: documents the allow comment)\nsecrets-lint: no findings in 8 files, 1 allowed',
      );
    });
  });

  describe('SECRETS-001 fallback defaults', () => {
    it.each([
      ['a required value without a tag', 'x.sh', 'region="${AWS_REGION:-eu-west-1}"'],
      ['the assign-default form', 'x.sh', ': "${LOG_LEVEL:=info}"'],
      ['a positional parameter', 'x.sh', 'environment="${1:-dev}"'],
      ['a Terraform-escaped fallback in TypeScript', 'x.ts', "const userData = 'export VAULT_ADDR=$${VAULT_ADDR:-http://127.0.0.1:8200}';"],
      ['a secret even when tagged', 'x.yml', '- VAULT_TOKEN=${VAULT_TOKEN:-} # safe-default: optional'],
    ])('flags %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual(['SECRETS-001']);
    });

    it.each([
      ['a tagged convenience default', 'x.yml', '- PORT=${PORT:-3000} # safe-default: non-secret, app works at any port'],
      ['a fail-fast expansion', 'x.sh', 'DB_PASSWORD="${DB_PASSWORD:?DB_PASSWORD is required}"'],
      ['an alternate-value expansion', 'x.sh', 'flags="${DEBUG:+--verbose}"'],
      ['a Terraform interpolation', 'x.json', '"value": "${aws_kms_key.key.arn}"'],
      ['a TypeScript template literal', 'x.ts', 'const name = `${prefix}-${environment.name}`;'],
    ])('accepts %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual([]);
    });
  });

  describe('SECRETS-002 hard-coded credentials', () => {
    it.each([
      ['a TypeScript property', 'x.ts', "password: 'hunter2',"],
      ['a write-only password property', 'x.ts', "passwordWo: 'hunter2',"],
      ['a quoted header name', 'x.ts', "headers: { 'X-Api-Key': 'abc123' },"],
      ['an environment variable assignment in code', 'x.ts', "process.env.VAULT_TOKEN = 'abc123';"],
      ['a JSON attribute', 'x.json', '"client_secret": "abc123",'],
      ['an HCL attribute', 'x.tf', 'password = "abc123"'],
      ['a .env-style line', 'x.env', 'API_KEY=abc123'],
      ['a command-line flag', 'x.sh', 'vault write auth/userpass/users/ops --password=abc123'],
      ['the word password as a password', 'x.ts', "password: 'password',"],
      ['a joined all-caps password variable', 'x.sh', 'PGPASSWORD=hunter2 psql -h db.internal'],
      ['a Kubernetes env entry over two lines', 'deployment.yaml', 'env:\n  - name: DB_PASSWORD\n    value: hunter2'],
      ['a name/value pair on one line', 'x.ts', "set: [{ name: 'auth.rootPassword', value: 'hunter2' }],"],
      ['a Dockerfile ENV without "="', 'Dockerfile', 'ENV API_TOKEN abc123'],
    ])('flags %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual(['SECRETS-002']);
    });

    it.each([
      ['a reference to props', 'x.ts', 'password: props.password,'],
      ['a write-only reference', 'x.ts', 'passwordWo: variable.value,'],
      ['an optional property type', 'x.ts', 'readonly password?: string;'],
      ['a boolean flag', 'x.tf', 'manage_master_user_password = true'],
      ['a TTL', 'x.json', '"token_ttl": 3600,'],
      ['a Terraform interpolation', 'x.json', '"password": "${var.db_password}",'],
      ['a shell variable', 'x.sh', 'export VAULT_TOKEN="$CI_VAULT_TOKEN"'],
      ['a command substitution', 'x.sh', 'DB_PASSWORD=$(vault kv get -field=password kv/db)'],
      ['a comparison', 'x.ts', "if (token === 'expired') return;"],
      ['a name ending with the credential', 'x.ts', "caPrivateKeyPem: 'vpn-ca-private-key-pem',"],
      ['an EFS creation token', 'x.ts', "creationToken: 'vault-data',"],
      ['a secret name', 'x.ts', "secretName: 'vault/unseal-keys',"],
      ['a YAML reference to an existing Secret', 'x.yaml', 'existingSecret: vault-credentials'],
      ['the target key of an ExternalSecret', 'x.json', '"secretKey": "stripe_api_key",'],
      ['an empty value', 'x.env', 'API_KEY='],
      ['placeholders', 'x.ts', "const example = { password: '<from Vault>', token: '***', apiKey: '...' };"],
      ['a Kubernetes env entry from a Secret', 'deployment.yaml', '  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: app-db, key: password }'],
      ['a Kubernetes env entry that is not a credential', 'deployment.yaml', '  - name: DB_HOST\n    value: db.internal'],
      ['a name/value pair with a reference', 'x.ts', "set: [{ name: 'auth.rootPassword', value: rootPassword.result }],"],
      ['a Dockerfile ENV that is not a credential', 'Dockerfile', 'ENV NODE_ENV production'],
    ])('accepts %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual([]);
    });
  });

  describe('SECRETS-005 well-known credential formats', () => {
    const pemBody = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    it.each([
      ['a PEM header on its own line', 'key.pem', '-----BEGIN EC PRIVATE KEY-----'],
      ['a PEM key opening a template literal', 'x.ts', 'const key = `-----BEGIN PRIVATE KEY-----'],
      ['a PEM key inside a JSON string', 'x.json', `"content": "-----BEGIN PRIVATE KEY-----\\n${pemBody}\\n"`],
      ['a GitHub token', 'x.yml', `GH: ghp_${'a1'.repeat(18)}`],
      ['an HCP Terraform token', 'x.sh', `TFE=${'a'.repeat(14)}.atlasv1.${'b'.repeat(64)}`],
      ['a password in a connection URL', 'x.yml', 'url: postgres://app:s3cret@db.internal:5432/app'],
    ])('flags %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual(['SECRETS-005']);
    });

    it.each([
      ['a PEM header in a regular expression', 'x.ts', 'expect(profile.key).toMatch(/^-----BEGIN PRIVATE KEY-----\\n/);'],
      ['a public certificate', 'ca.pem', '-----BEGIN CERTIFICATE-----'],
      ['an interpolated URL password', 'x.ts', 'const url = `postgres://${user}:${password}@db:5432/app`;'],
      ['a non-PEM test input in a PEM field', 'x.ts', "terraform({ 'vpn-ca-private-key-pem': 'secret-key-bytes' });"],
    ])('accepts %s', (_case, path, text) => {
      expect(rulesOf(path, text)).toEqual([]);
    });
  });

  describe('credential names', () => {
    it.each(['PGPASSWORD', 'MYSQL_ROOT_PASSWORD', 'CLIENTSECRET', 'DB_PASSWORD', 'masterUserPassword', 'passwordWo', 'api-key', 'APIKey', 'client_secret', 'private_key_pem', 'vault.token', 'token_reviewer_jwt', 'secret_key', 'SECRET_KEY'])(
      '%s holds a credential',
      (name) => {
        expect(isCredentialName(name)).toBe(true);
      },
    );

    it.each(['token_ttl', 'secret_arn', 'secretName', 'password_length', 'token_policies', 'kms_key_id', 'key', 'creation_token', 'existingSecret', 'jwt', 'secretKey'])(
      '%s does not',
      (name) => {
        expect(isCredentialName(name)).toBe(false);
      },
    );
  });

  describe('SECRETS-003 / SECRETS-004 .env files', () => {
    let root: string | undefined;
    afterEach(() => {
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
      root = undefined;
    });

    it('flags .env files in deployment paths and keeps templates and a root .env out of a directory walk', () => {
      root = scratch({ 'deploy/.env': 'X=1\n', 'k8s/base/.env.production': 'X=1\n', 'deploy/.env.example': 'X=\n', '.env': 'X=1\n', 'app.env': 'X=1\n' });
      const result = lintRepository({ root, useGit: false, exclude: [] });
      expect(located(result)).toEqual(['deploy/.env:1 SECRETS-003', 'k8s/base/.env.production:1 SECRETS-003']);
      expect(result.findings[0].message).toBe(
        '.env file in a deployment path: deliver values through Vault (ESO / secretKeyRef) or sensitive variables, never a file the pipeline reads',
      );
    });

    it('flags a .env file git does not ignore, and an ignored one in a deployment path', () => {
      root = scratch({ '.gitignore': '/.env\ndeploy/.env\n', '.env': 'X=1\n', 'local.env': 'X=1\n', 'deploy/.env': 'X=1\n', 'deploy/.env.example': 'X=\n' });
      execFileSync('git', ['init', '--quiet'], { cwd: root });
      const result = lintRepository({ root, exclude: [] });
      expect(located(result)).toEqual(['deploy/.env:1 SECRETS-003', 'local.env:1 SECRETS-004']);
      expect(result.findings[1].message).toBe(
        '.env file is committed or not ignored: local-dev .env files must be listed in .gitignore (commit a .env.example template instead)',
      );
    });
  });

  describe('repository scan', () => {
    it('skips binary files, node_modules and the excluded fixtures', () => {
      const root = scratch({
        'image.bin': 'password = "abc123"\0\0',
        'node_modules/pkg/index.js': "module.exports = { password: 'abc123' };",
        'fixtures/bad.ts': "password: 'abc123',",
        'good.ts': "password: 'abc123',",
      });
      try {
        const result = lintRepository({ root, useGit: false, exclude: ['fixtures/'] });
        expect(located(result)).toEqual(['good.ts:1 SECRETS-002']);
        expect(result.filesScanned).toBe(1);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('finds nothing in this repository', () => {
      const result = lintRepository({ root: REPO_ROOT });
      expect(formatReport(result)).toMatch(/^(?:.*: allowed SECRETS-\d{3} .*\n)*secrets-lint: no findings in \d+ files/);
      expect(result.findings).toEqual([]);
      expect(result.filesScanned).toBeGreaterThan(20);
    });
  });

  describe('command line', () => {
    const run = (...args: string[]) =>
      // As `npm run lint:secrets` runs it.
      withChildSlot(() => spawnSync(process.execPath, ['scripts/run-ts.cjs', 'scripts/lint-secrets.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' }));

    it('exits 1 and prints the findings of the positive fixtures', () => {
      const result = run('--root', join(FIXTURES, 'positive'), '--synth-dir', join(FIXTURES, 'positive-synth'));
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('docker-compose.yml:6: SECRETS-001 secret DB_PASSWORD has a fallback default');
      expect(result.stdout).toContain('<synth>/stacks/app/cdk.tf.json:6: SECRETS-002 "password" is assigned a literal value');
      expect(result.stdout.trimEnd().split('\n').pop()).toBe('secrets-lint: 32 findings in 9 files (9 files scanned)');
    });

    it('exits 0 on the negative fixtures', () => {
      const result = run('--root', join(FIXTURES, 'negative'), '--no-synth');
      expect(result.status).toBe(0);
      expect(result.stdout.trimEnd().split('\n').pop()).toBe('secrets-lint: no findings in 7 files, 1 allowed');
    });

    it('fails instead of passing when there is nothing to scan', () => {
      const empty = mkdtempSync(join(tmpdir(), 'secrets-lint-empty-'));
      try {
        const noStacks = run('--root', join(FIXTURES, 'negative'), '--synth-dir', empty);
        expect(noStacks.status).toBe(2);
        expect(noStacks.stderr).toContain(`secrets-lint: --synth-dir ${empty}: no stacks/<stack>/ output, nothing to scan`);
        const noFiles = run('--root', empty, '--no-synth');
        expect(noFiles.status).toBe(2);
        expect(noFiles.stderr).toContain(`secrets-lint: no file of ${empty} could be scanned: nothing to lint`);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    it('fails with usage when an argument is unknown', () => {
      const result = run('--synth');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('unknown or incomplete argument "--synth"');
    });
  });
});
