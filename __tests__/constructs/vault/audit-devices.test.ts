import { AuditDevices, VAULT_AUDIT_DIRECTORY, auditDeviceProblems } from '../../../constructs/vault/audit-devices';
import { resourcesOf, synthStack } from '../../helpers';
import { vaultTestStack } from './vault-test-stack';

describe('AuditDevices', () => {
  it('enables every device with HMAC-ed values', () => {
    const stack = vaultTestStack();
    new AuditDevices(stack, 'audit', {
      devices: [
        { type: 'file', path: 'file', filePath: '/vault/audit/audit.log' },
        { type: 'socket', path: 'siem', address: 'siem.internal:9000' },
        { type: 'file', path: 'stdout', filePath: 'stdout' },
      ],
    });
    const devices = Object.values(resourcesOf(synthStack(stack), 'vault_audit'));
    expect(devices.map((d) => [d.type, d.path, d.options])).toEqual([
      ['file', 'file', { file_path: '/vault/audit/audit.log', log_raw: 'false', hmac_accessor: 'true' }],
      ['socket', 'siem', { address: 'siem.internal:9000', socket_type: 'tcp', log_raw: 'false', hmac_accessor: 'true' }],
      ['file', 'stdout', { file_path: 'stdout', log_raw: 'false', hmac_accessor: 'true' }],
    ]);
  });

  it('writes files below the audit volume the Vault server deployment mounts', () => {
    expect(VAULT_AUDIT_DIRECTORY).toBe('/vault/audit');
  });

  it('fails with fewer than two devices or a repeated path', () => {
    expect(() => new AuditDevices(vaultTestStack(), 'audit', { devices: [{ type: 'file', path: 'file', filePath: '/vault/audit/a.log' }] })).toThrow(
      'test/audit: devices: expected at least 2 audit devices, got 1',
    );
    expect(
      () =>
        new AuditDevices(vaultTestStack(), 'audit', {
          devices: [
            { type: 'file', path: 'file', filePath: '/vault/audit/a.log' },
            { type: 'socket', path: 'file', address: 'siem.internal:9000' },
          ],
        }),
    ).toThrow('test/audit: devices[1].path: "file" is used by another device');
  });

  it('fails when no device keeps entries on the audit volume', () => {
    expect(
      () =>
        new AuditDevices(vaultTestStack(), 'audit', {
          devices: [
            { type: 'file', path: 'stdout', filePath: 'stdout' },
            { type: 'file', path: 'null', filePath: '/dev/null' },
            { type: 'file', path: 'discard', filePath: 'DISCARD' },
            { type: 'file', path: 'tmp', filePath: '/tmp/audit.log' },
            { type: 'file', path: 'escape', filePath: '/vault/audit/../data/audit.log' },
          ],
        }),
    ).toThrow(
      'test/audit: devices: expected at least one file device writing below /vault/audit/ (the persistent audit volume); stdout and sockets only in addition; ' +
        'devices[1].filePath: is a device, not a durable file (for the container log write "stdout"); write a file below /vault/audit/, got "/dev/null"; ' +
        'devices[2].filePath: "discard" throws every audit entry away; write a file below /vault/audit/, got "DISCARD"; ' +
        'devices[3].filePath: is not on the persistent audit volume; file devices write a file below /vault/audit/ (the volume the Vault server deployment mounts), e.g. /vault/audit/vault-audit.log, or "stdout", got "/tmp/audit.log"; ' +
        'devices[4].filePath: is not on the persistent audit volume; file devices write a file below /vault/audit/ (the volume the Vault server deployment mounts), e.g. /vault/audit/vault-audit.log, or "stdout", got "/vault/audit/../data/audit.log"',
    );
  });

  it('fails when two file devices write one file', () => {
    expect(
      () =>
        new AuditDevices(vaultTestStack(), 'audit', {
          devices: [
            { type: 'file', path: 'file', filePath: '/vault/audit/audit.log' },
            { type: 'file', path: 'file-2', filePath: '/vault/audit/audit.log' },
          ],
        }),
    ).toThrow('test/audit: devices[1].filePath: is already written by device [0]; every file device needs its own file, got "/vault/audit/audit.log"');
  });

  it('accepts stdout in any case only next to a file on the volume (Vault matches "stdout" case-insensitively)', () => {
    expect(auditDeviceProblems([{ type: 'file', path: 'a', filePath: '/vault/audit/a.log' }, { type: 'file', path: 'b', filePath: 'STDOUT' }])).toEqual([]);
    expect(auditDeviceProblems([{ type: 'file', path: 'b', filePath: 'StdOut' }]).map((p) => p.message)).toEqual([
      'expected at least one file device writing below /vault/audit/ (the persistent audit volume); stdout and sockets only in addition',
    ]);
  });
});
