import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { DatabaseSecretBackendConnection } from '@cdktf/provider-vault/lib/database-secret-backend-connection';
import { KvSecretV2 } from '@cdktf/provider-vault/lib/kv-secret-v2';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { CloudBackend, NamedCloudWorkspace, TerraformLocal, TerraformOutput, TerraformVariable } from 'cdktf';
import { checkRule, details } from '../kit';

// Fixtures are assembled at run time so that no secret-looking literal sits in this file for scanners to flag.
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEow\n-----END RSA', 'PRIVATE KEY-----'].join(' ');
const ACCESS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const VAULT_TOKEN = ['hvs', 'CAESIJlWZ2x0bmZ1dGVzdHRva2VuMTIzNDU2'].join('.');

describe('VP-SEC-1 no-literal-secrets', () => {
  it('passes secret fields holding references, and fields that only look secret-related', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      const password = new TerraformVariable(s, 'db_password', { type: 'string', sensitive: true });
      new DbInstance(s, 'db', { instanceClass: 'db.r7g.large', engine: 'postgres', password: password.stringValue, username: 'app' });
      new SecretsmanagerSecretVersion(s, 'version', { secretId: 'x', secretString: '${random_password.db.result}' });
      new DbInstance(s, 'managed', { instanceClass: 'db.r7g.large', engine: 'postgres', manageMasterUserPassword: true });
      new TerraformOutput(s, 'token_ttl', { value: 3600 });
    });
    expect(Object.values(check.results).every((r) => r.status === 'compliant')).toBe(true);
    expect(Object.keys(check.results)).toEqual(expect.arrayContaining(['db', 'version', 'managed', 'db_password', 'token_ttl', 'aws']));
  });

  it('fails literal passwords, secret strings, secret JSON, PEM keys, access keys, Vault tokens and secret variable defaults', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      new VaultProvider(s, 'vault', { address: 'https://vault:8200', token: VAULT_TOKEN });
      new DbInstance(s, 'db', { instanceClass: 'db.r7g.large', engine: 'postgres', password: 'hunter2hunter2' }); // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
      new SecretsmanagerSecretVersion(s, 'version', { secretId: 'x', secretString: 'literal-secret' }); // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
      new KvSecretV2(s, 'kv', { mount: 'kv', name: 'app', dataJson: JSON.stringify({ username: 'app', password: 'p4ssw0rd!' }) }); // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
      new DatabaseSecretBackendConnection(s, 'connection', { backend: 'db', name: 'pg', postgresql: { connectionUrl: 'postgres://{{username}}:{{password}}@db:5432/app', password: 'rootpass1' } }); // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
      new SsmParameter(s, 'parameter', { name: '/app/api/password', type: 'SecureString', value: 'swordfish' });
      new TerraformOutput(s, 'key', { value: PEM });
      new TerraformOutput(s, 'vault-token', { value: `export VAULT_TOKEN=${VAULT_TOKEN}` });
      new TerraformOutput(s, 'access', { value: `id ${ACCESS_KEY_ID}` });
      new TerraformVariable(s, 'api_token', { type: 'string', default: 'abc123' });
    });
    expect(details(check)).toEqual({
      vault: 'token is a literal value (40 characters)',
      'vault-token': 'value contains a Vault token', // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
      db: 'password is a literal value (14 characters)',
      version: 'secret_string is a literal value (14 characters)',
      kv: 'data_json(json).password is a literal value (9 characters)',
      connection: 'postgresql.password is a literal value (9 characters)',
      parameter: '"/app/api/password" is given a literal value (9 characters)',
      key: 'value contains a PEM private key',
      access: 'value contains an AWS access key ID',
      api_token: 'the default of secret variable "api_token" is a literal value', // secrets-lint-allow: deliberately non-compliant fixture / expected message of policy rule VP-SEC-1
    });
  });

  it('scans the backend and locals too', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      new CloudBackend(s, { organization: 'acme', workspaces: new NamedCloudWorkspace('w'), token: ['atlasv1', 'x'.repeat(20)].join('.') });
      new TerraformLocal(s, 'settings', { apiKey: 'inline-key-value' }); // secrets-lint-allow: deliberately non-compliant fixture of policy rule VP-SEC-1
    });
    expect(details(check)).toEqual({
      backend: 'cloud.token is a literal value (28 characters)',
      settings: 'value.apiKey is a literal value (16 characters)',
    });
  });

  it('fails joined all-caps password keys, shell exports in scripts and URLs with a literal password, not URL templates', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      new TerraformLocal(s, 'env', { PGPASSWORD: ['hun', 'ter2'].join('') });
      new TerraformOutput(s, 'script', { value: ['#!/bin/sh', `export DB_PASSWORD=${['hun', 'ter2'].join('')}`, 'exec app'].join('\n') });
      new TerraformOutput(s, 'url', { value: ['postgres://app:', 'hunter2', '@db.internal:5432/app'].join('') });
      new TerraformOutput(s, 'template', { value: 'postgres://{{username}}:{{password}}@db.internal:5432/app' });
    });
    expect(details(check)).toEqual({
      env: 'value.PGPASSWORD is a literal value (7 characters)',
      script: 'value line 2: DB_PASSWORD is a literal value',
      url: 'value contains a URL with an embedded password',
    });
    expect(check.results.template).toEqual({ status: 'compliant' });
  });

  it('checks YAML documents line by line', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      new TerraformOutput(s, 'values', { value: 'server:\n  ha:\n    enabled: true\n  credentials: plain-text-value\n  apiKey: "${var.key}"\n' });
      // Switches of secret-related features are booleans, not secrets (chart external-secrets values).
      new TerraformOutput(s, 'switches', { value: 'crds:\n  createPushSecret: false\n  createClusterExternalSecret: "true"\n' });
      // A script that reads a credential at run time holds none.
      new TerraformOutput(s, 'script', { value: 'set -eu\nVAULT_TOKEN="$(vault write -field=token auth/x/login)"\nAPI_TOKEN=$VAULT_TOKEN\n' });
    });
    expect(details(check)).toEqual({ values: 'value line 4: credentials is a literal value' });
    expect(check.results.switches).toEqual({ status: 'compliant' });
    expect(check.results.script).toEqual({ status: 'compliant' });
  });

  it('reads ExternalSecret data items as key names, and still catches a literal next to them', () => {
    const check = checkRule('VP-SEC-1', (s) => {
      new TerraformOutput(s, 'external-secret', { value: { spec: { data: [{ secretKey: 'stripe_api_key', remoteRef: { key: 'application/payments-api', property: 'stripe_api_key' } }] } } });
      new TerraformOutput(s, 'not-eso', { value: { data: [{ secretKey: 'stripe_api_key', note: 'no remoteRef: a literal key' }] } });
    });
    expect(check.results['external-secret']).toEqual({ status: 'compliant' });
    expect(details(check)).toEqual({ 'not-eso': 'value.data[0].secretKey is a literal value (14 characters)' });
  });
});
