import { asSource, editDistance, nearestField } from '../../environments/zod-messages';

describe('zod messages', () => {
  it('counts edits, a swap of neighbours as one, ignoring case', () => {
    expect(editDistance('databse', 'database')).toBe(1);
    expect(editDistance('natGatewyas', 'natGateways')).toBe(1);
    expect(editDistance('filepath', 'filePath')).toBe(0);
    expect(editDistance('vpc', 'vpcs')).toBe(1);
    expect(editDistance('tags', 'vault')).toBe(4);
  });

  it('suggests the nearest field within one edit per three characters (at least two)', () => {
    const known = ['database', 'network', 'clusters', 'vault', 'vaultAccess'];
    expect(nearestField('databse', known)).toBe('database');
    expect(nearestField('vaultAcess', known)).toBe('vaultAccess');
    expect(nearestField('vualt', known)).toBe('vault');
    expect(nearestField('storage', known)).toBeUndefined();
    expect(nearestField('db', known)).toBeUndefined();
  });

  it('writes examples the way an environment file spells them', () => {
    expect(asSource('1.35')).toBe("'1.35'");
    expect(asSource(['eu-west-1a', 'eu-west-1b'])).toBe("['eu-west-1a', 'eu-west-1b']");
    expect(asSource({ name: 'value', n: 3 })).toBe("{ name: 'value', n: 3 }");
  });
});
