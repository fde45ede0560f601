import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { PlatformAdminPolicy } from '../../../constructs/vault/platform-admin-policy';
import { platformAdminGrants } from '../../../constructs/vault/platform-admin-grants';
import { DEFAULT_MOUNT_PATHS, parsePolicy } from '../../../constructs/vault/service-grants';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

describe('VaultPolicy', () => {
  it('renders the grants as policy HCL with their purpose', () => {
    const stack = vaultTestStack();
    new VaultPolicy(stack, 'p', { name: 'svc-app-x', grants: [{ path: 'kv/data/app/x', capabilities: ['read'], purpose: 'static secrets' }] });
    const [policy] = Object.values(resourcesOf(synthStack(stack), 'vault_policy'));
    expect(policy.name).toBe('svc-app-x');
    expect(policy.policy).toBe('# static secrets\npath "kv/data/app/x" {\n  capabilities = ["read"]\n}\n');
  });

  it('fails when a grant matches every path, has no capabilities, repeats a path or holds sudo', () => {
    const stack = vaultTestStack();
    expect(
      () =>
        new VaultPolicy(stack, 'bad', {
          name: 'Bad_Name',
          grants: [
            { path: '*', capabilities: ['read'], purpose: 'all' },
            { path: 'kv/data/x', capabilities: [], purpose: 'none' },
            { path: 'kv/data/x', capabilities: ['sudo'], purpose: 'twice' },
          ],
        }),
    ).toThrow(
      'test/bad: name: expected lower-case letters, digits or \'-\' (2-128), got "Bad_Name"; ' +
        'grants[0].path: expected a concrete path such as "kv/data/app/x" (a trailing * only), got "*"; ' +
        'grants[1].capabilities: expected at least one capability for "kv/data/x"; ' +
        'grants[2].path: "kv/data/x" is granted twice; merge the capabilities; ' +
        'grants[2].capabilities: "sudo" on "kv/data/x" is reserved for the platform-admin policy',
    );
  });

  it('fails without grants', () => {
    expect(() => new VaultPolicy(vaultTestStack(), 'empty', { name: 'svc-x', grants: [] })).toThrow('test/empty: grants: expected at least one path');
  });
});

it('VaultPolicy fails when "+" is used inside a segment or before "*"', () => {
  const grants = [
    { path: 'kv/data/a+b', capabilities: ['read'] as const, purpose: 'p' },
    { path: 'kv/data/+*', capabilities: ['read'] as const, purpose: 'p' },
  ];
  expect(() => new VaultPolicy(vaultTestStack(), 'plus', { name: 'svc-x', grants })).toThrow(
    'test/plus: grants[0].path: "+" matches one whole segment ("a/+/b"); Vault reads it literally inside a segment and rejects "+*", got "kv/data/a+b"; ' +
      'grants[1].path: "+" matches one whole segment ("a/+/b"); Vault reads it literally inside a segment and rejects "+*", got "kv/data/+*"',
  );
});

describe('PlatformAdminPolicy', () => {
  it('creates the platform-admin policy from the generated grants, sudo included', () => {
    const stack = vaultTestStack();
    const inputs = { mounts: DEFAULT_MOUNT_PATHS, services: [], workspaces: ['ws'], databaseConnection: 'postgres' };
    new PlatformAdminPolicy(stack, 'admin', { inputs });
    const [policy] = Object.values(resourcesOf(synthStack(stack), 'vault_policy'));
    expect(policy.name).toBe('platform-admin');
    const blocks = parsePolicy(policy.policy);
    expect(blocks.map((b) => b.path)).toEqual(platformAdminGrants(inputs).map((g) => g.path));
    expect(blocks.find((b) => b.path === 'sys/audit')?.capabilities).toEqual(['read', 'sudo']);
    expect(blocks.some((b) => b.path === '*' || b.path.startsWith('kv/data/'))).toBe(false);
  });
});
