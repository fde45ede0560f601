import { VaultPolicy } from '../../../constructs/vault/vault-policy';
import { PlatformAdminPolicy } from '../../../constructs/vault/platform-admin-policy';
import { DEFAULT_MOUNT_PATHS, parsePolicy, platformAdminGrants } from '../../../constructs/vault/service-grants';
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

describe('PlatformAdminPolicy', () => {
  it('creates the platform-admin policy from the scoped admin grants, sudo included', () => {
    const stack = vaultTestStack();
    new PlatformAdminPolicy(stack, 'admin', { mounts: DEFAULT_MOUNT_PATHS });
    const [policy] = Object.values(resourcesOf(synthStack(stack), 'vault_policy'));
    expect(policy.name).toBe('platform-admin');
    const blocks = parsePolicy(policy.policy);
    expect(blocks.map((b) => b.path)).toEqual(platformAdminGrants(DEFAULT_MOUNT_PATHS).map((g) => g.path));
    expect(blocks.find((b) => b.path === 'sys/audit/file')?.capabilities).toEqual(['create', 'read', 'update', 'delete', 'sudo']);
    expect(blocks.some((b) => b.path === '*' || b.path.startsWith('kv/data/application'))).toBe(false);
  });
});
