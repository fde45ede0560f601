import { KvSecretsEngine } from '../../../constructs/vault/kv-secrets-engine';
import { SigningKeySet } from '../../../constructs/vault/signing-key-set';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

describe('KvSecretsEngine', () => {
  it('creates a KV v2 mount with cas_required and 10 versions with minimal props', () => {
    const stack = vaultTestStack();
    const kv = new KvSecretsEngine(stack, 'kv');
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_mount'))).toEqual([
      expect.objectContaining({ path: 'kv', type: 'kv-v2', description: 'Static secrets of the platform services (KV v2)' }),
    ]);
    expect(Object.values(resourcesOf(json, 'vault_kv_secret_backend_v2'))).toEqual([expect.objectContaining({ cas_required: true, max_versions: 10 })]);
    expect([kv.dataPath('app/x'), kv.metadataPath('app/x')]).toEqual(['kv/data/app/x', 'kv/metadata/app/x']);
  });

  it('creates the mount from all props', () => {
    const stack = vaultTestStack();
    new KvSecretsEngine(stack, 'kv', { path: 'secrets', maxVersions: 25, description: 'd' });
    const json = synthStack(stack);
    expect(Object.values(resourcesOf(json, 'vault_mount'))[0]).toEqual(expect.objectContaining({ path: 'secrets', description: 'd' }));
    expect(Object.values(resourcesOf(json, 'vault_kv_secret_backend_v2'))[0].max_versions).toBe(25);
  });

  it('fails when the path is invalid or max versions are unbounded', () => {
    expect(() => new KvSecretsEngine(vaultTestStack(), 'kv', { path: 'KV/', maxVersions: 0 })).toThrow(
      'test/kv: path: expected 2-64 lower-case letters, digits or \'-\', got "KV/"; maxVersions: expected 1-100, got 0',
    );
  });
});

describe('SigningKeySet', () => {
  it('writes only the key-set structure as KV metadata, never key values, and never deletes it', () => {
    const stack = vaultTestStack();
    const kv = new KvSecretsEngine(stack, 'kv');
    const set = new SigningKeySet(stack, 'keys', {
      kvPath: kv.path,
      maxVersions: kv.maxVersions,
      dependsOn: [kv.config],
      secretPath: 'application/orders/signing-keys',
      keys: [
        { id: '2025-06', status: 'primary' },
        { id: '2025-01', status: 'verifying' },
      ],
    });
    const [endpoint] = Object.values(resourcesOf(synthStack(stack), 'vault_generic_endpoint'));
    expect(set.primaryKeyId).toBe('2025-06');
    expect(endpoint.path).toBe('kv/metadata/application/orders/signing-keys');
    expect(JSON.parse(endpoint.data_json)).toEqual({ cas_required: true, max_versions: 10, custom_metadata: { 'kid:2025-06': 'primary', 'kid:2025-01': 'verifying' } });
    expect(endpoint.disable_delete).toBe(true);
  });

  it('fails without exactly one primary or with repeated ids', () => {
    const stack = vaultTestStack();
    const kv = new KvSecretsEngine(stack, 'kv');
    expect(
      () =>
        new SigningKeySet(stack, 'keys', {
          kvPath: kv.path,
          maxVersions: kv.maxVersions,
          secretPath: 'application/orders/signing-keys',
          keys: [
            { id: 'a', status: 'verifying' },
            { id: 'a', status: 'verifying' },
          ],
        }),
    ).toThrow('test/keys: keys: expected exactly one key with status "primary", got 0; keys[1].id: key id "a" is listed twice');
  });
});
