import { type AclBlock, aclCapabilities, compileAcl, governingRule, isAllowed } from '../../../constructs/vault/vault-acl';

const acl = (...blocks: AclBlock[]) => compileAcl([{ name: 'p', blocks }]);
const governing = (blocks: AclBlock[], path: string) => governingRule(acl(...blocks), path)?.path;

describe('Vault ACL evaluation', () => {
  it('lets an exact path win over every glob and segment wildcard', () => {
    expect(governing([{ path: 'secret/*', capabilities: ['update'] }, { path: 'secret/+', capabilities: ['list'] }, { path: 'secret/foo', capabilities: ['read'] }], 'secret/foo')).toBe('secret/foo');
  });

  it.each([
    // [why, blocks, request, expected block] — the priority rules of vault/acl.go CheckAllowedFromNonExactPaths
    ['the later first wildcard wins', ['secret/+/bar', 'secret/foo/*'], 'secret/foo/bar', 'secret/foo/*'],
    ['a later glob beats an earlier segment wildcard', ['foo/+', 'foo/a*'], 'foo/ab', 'foo/a*'],
    ['no trailing * beats a trailing *', ['foo/+/bar', 'foo/+/ba*'], 'foo/x/bar', 'foo/+/bar'],
    ['fewer + segments win', ['foo/+/bar/baz', 'foo/+/+/baz'], 'foo/x/bar/baz', 'foo/+/bar/baz'],
    ['the longer path wins', ['foo/+/bar/ba*', 'foo/+/bar/b*'], 'foo/x/bar/baz', 'foo/+/bar/ba*'],
    ['the longest plain glob wins', ['secret/*', 'secret/fo*'], 'secret/foo', 'secret/fo*'],
  ])('%s', (_why, paths, request, expected) => {
    expect(governing(paths.map((path) => ({ path, capabilities: ['read'] })), request)).toBe(expected);
  });

  it('matches + only as a whole segment and requires the segment count of a non-glob path', () => {
    const blocks = [{ path: 'auth/approle/role/+', capabilities: ['read'] }];
    expect(governing(blocks, 'auth/approle/role/x')).toBe('auth/approle/role/+');
    expect(governing(blocks, 'auth/approle/role/x/secret-id')).toBeUndefined();
    expect(governing([{ path: 'kv/a+b', capabilities: ['read'] }], 'kv/aXb')).toBeUndefined();
  });

  it('uses only the capabilities of the governing block (no union within or across policies)', () => {
    const rules = compileAcl([
      { name: 'wide', blocks: [{ path: 'kv/data/*', capabilities: ['read'] }] },
      { name: 'narrow', blocks: [{ path: 'kv/data/x', capabilities: ['update'] }] },
    ]);
    expect(aclCapabilities(rules, 'kv/data/x')).toEqual(['update']);
    expect(isAllowed(rules, { path: 'kv/data/x', capability: 'read' })).toBe(false);
    expect(isAllowed(rules, { path: 'kv/data/y', capability: 'read' })).toBe(true);
  });

  it('unions the same path across policies, and deny wins', () => {
    const merged = compileAcl([
      { name: 'a', blocks: [{ path: 'kv/data/x', capabilities: ['read'] }] },
      { name: 'b', blocks: [{ path: 'kv/data/x', capabilities: ['update'] }] },
    ]);
    expect(aclCapabilities(merged, 'kv/data/x').sort()).toEqual(['read', 'update']);
    const denied = compileAcl([
      { name: 'a', blocks: [{ path: 'kv/data/x', capabilities: ['read'] }] },
      { name: 'b', blocks: [{ path: 'kv/data/x', capabilities: ['deny'] }] },
    ]);
    expect(aclCapabilities(denied, 'kv/data/x')).toEqual([]);
  });

  it('lets a list request use the exact block without its trailing slash', () => {
    const rules = acl({ path: 'sys/policies/acl', capabilities: ['list'] });
    expect(isAllowed(rules, { path: 'sys/policies/acl/', capability: 'list' })).toBe(true);
    expect(isAllowed(rules, { path: 'sys/policies/acl/', capability: 'read' })).toBe(false);
  });

  it('needs sudo on root-protected endpoints', () => {
    expect(isAllowed(acl({ path: 'sys/audit', capabilities: ['read'] }), { path: 'sys/audit', capability: 'read', sudo: true })).toBe(false);
    expect(isAllowed(acl({ path: 'sys/audit', capabilities: ['read', 'sudo'] }), { path: 'sys/audit', capability: 'read', sudo: true })).toBe(true);
  });

  it('checks allowed_parameters: listed values only, * admits the other parameters', () => {
    const rules = acl({ path: 'auth/approle/role/+', capabilities: ['create', 'update'], allowedParameters: { '*': [], bind_secret_id: [true] } });
    const write = (data: Record<string, unknown>) => isAllowed(rules, { path: 'auth/approle/role/x', capability: 'update', data });
    expect(write({ bind_secret_id: true, token_policies: ['svc-x'] })).toBe(true);
    expect(write({ token_policies: ['svc-x'] })).toBe(true);
    expect(write({ bind_secret_id: false })).toBe(false);
    expect(write({ bind_secret_id: 'false' })).toBe(false);
    const strict = acl({ path: 'kv/data/x', capabilities: ['update'], allowedParameters: { ttl: ['1h', '2*'] } });
    expect(isAllowed(strict, { path: 'kv/data/x', capability: 'update', data: { ttl: '2h' } })).toBe(true);
    expect(isAllowed(strict, { path: 'kv/data/x', capability: 'update', data: { ttl: '3h' } })).toBe(false);
    expect(isAllowed(strict, { path: 'kv/data/x', capability: 'update', data: { other: 1 } })).toBe(false);
  });
});
