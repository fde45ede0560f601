import { AppRoleAuth } from '../../../constructs/vault/app-role-auth';
import { DatabaseSecretsEngine } from '../../../constructs/vault/database-secrets-engine';
import { HcpTerraformJwtAuth } from '../../../constructs/vault/hcp-terraform-jwt-auth';
import { KubernetesAuth } from '../../../constructs/vault/kubernetes-auth';
import { KvSecretsEngine } from '../../../constructs/vault/kv-secrets-engine';
import { RESERVED_AUTH_MOUNT_PATHS, RESERVED_SECRETS_MOUNT_PATHS } from '../../../constructs/vault/reserved-paths';
import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { vaultTestStack } from './vault-test-stack';

const SECRETS_RESERVED = 'is reserved by Vault (no secrets engine can be mounted at audit, auth, cubbyhole, identity, sys)';
const cluster = { host: 'https://api.example', caCertificatePem: 'PEM', issuer: 'https://oidc.example' };
const database = { address: 'db.internal', port: 5432, databaseName: 'platform' };

describe('Vault mount paths Vault reserves', () => {
  it('lists the protected secrets-engine paths and the built-in token auth path (hashicorp/vault vault/mount.go, vault/auth.go)', () => {
    expect([...RESERVED_SECRETS_MOUNT_PATHS].sort()).toEqual(['audit', 'auth', 'cubbyhole', 'identity', 'sys']);
    expect(RESERVED_AUTH_MOUNT_PATHS).toEqual(['token']);
  });

  it.each(['sys', 'auth', 'audit', 'cubbyhole', 'identity'])('a secrets engine cannot be mounted at %s', (path) => {
    expect(() => new KvSecretsEngine(vaultTestStack(), 'kv', { path })).toThrow(`test/kv: path: "${path}" ${SECRETS_RESERVED}`);
    expect(() => new DatabaseSecretsEngine(vaultTestStack(), 'db', { database, path, allowedRoles: ['application-*'] })).toThrow(`test/db: path: "${path}" ${SECRETS_RESERVED}`);
  });

  it('an auth method cannot be enabled at token', () => {
    const reserved = 'path: "token" is reserved by Vault (auth/token is the built-in token auth method)';
    expect(() => new AppRoleAuth(vaultTestStack(), 'approle', { path: 'token' })).toThrow(`test/approle: ${reserved}`);
    expect(() => new KubernetesAuth(vaultTestStack(), 'k8s', { path: 'token', cluster })).toThrow(`test/k8s: ${reserved}`);
    const stack = vaultTestStack();
    const policy = new VaultPolicy(stack, 'admin', { name: 'platform-admin', grants: [{ path: 'sys/mounts', capabilities: ['read'], purpose: 'p' }] });
    const workspace = { organization: 'acme', project: 'vault platform', workspace: 'vaultplat-vault-config-dev' };
    expect(() => new HcpTerraformJwtAuth(stack, 'tfc', { path: 'token', workspaces: [workspace], policies: [policy] })).toThrow(`test/tfc: ${reserved}`);
  });

  it('accepts token for a secrets engine and sys-like names that are not the reserved segment', () => {
    expect(() => new KvSecretsEngine(vaultTestStack(), 'kv', { path: 'token' })).not.toThrow();
    expect(() => new KvSecretsEngine(vaultTestStack(), 'kv', { path: 'sys-secrets' })).not.toThrow();
    expect(() => new AppRoleAuth(vaultTestStack(), 'approle', { path: 'auth' })).not.toThrow();
  });
});
