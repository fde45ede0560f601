import { AuditDevices } from '../../../constructs/vault/audit-devices';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

describe('AuditDevices', () => {
  it('enables every device with HMAC-ed values', () => {
    const stack = vaultTestStack();
    new AuditDevices(stack, 'audit', {
      devices: [
        { type: 'file', path: 'file', filePath: '/vault/audit/audit.log' },
        { type: 'socket', path: 'siem', address: 'siem.internal:9000' },
        { type: 'syslog', path: 'syslog' },
      ],
    });
    const devices = Object.values(resourcesOf(synthStack(stack), 'vault_audit'));
    expect(devices.map((d) => [d.type, d.path, d.options])).toEqual([
      ['file', 'file', { file_path: '/vault/audit/audit.log', log_raw: 'false', hmac_accessor: 'true' }],
      ['socket', 'siem', { address: 'siem.internal:9000', socket_type: 'tcp', log_raw: 'false', hmac_accessor: 'true' }],
      ['syslog', 'syslog', { tag: 'vault', facility: 'AUTH', log_raw: 'false', hmac_accessor: 'true' }],
    ]);
  });

  it('fails with fewer than two devices or a repeated path', () => {
    expect(() => new AuditDevices(vaultTestStack(), 'audit', { devices: [{ type: 'file', path: 'file', filePath: 'audit.log' }] })).toThrow(
      'test/audit: devices: expected at least 2 audit devices, got 1; devices[0].filePath: expected an absolute path or "stdout", got "audit.log"',
    );
    expect(
      () =>
        new AuditDevices(vaultTestStack(), 'audit', {
          devices: [
            { type: 'file', path: 'file', filePath: 'stdout' },
            { type: 'syslog', path: 'file' },
          ],
        }),
    ).toThrow('test/audit: devices[1].path: "file" is used by another device');
  });
});
