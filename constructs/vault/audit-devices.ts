import { Audit } from '@cdktf/provider-vault/lib/audit';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';

/** One audit device. Values are HMAC-ed by Vault (`log_raw` is never enabled). */
export type AuditDeviceSpec =
  | { readonly type: 'file'; readonly path: string; /** File on the Vault servers, or `stdout`. */ readonly filePath: string }
  | { readonly type: 'syslog'; readonly path: string; readonly tag?: string; readonly facility?: string }
  | { readonly type: 'socket'; readonly path: string; /** `host:port`. */ readonly address: string; readonly socketType?: 'tcp' | 'udp' };

export interface AuditDevicesProps {
  /** At least two devices, so one failing device does not block every request (Vault stops when none can log). */
  readonly devices: readonly AuditDeviceSpec[];
}

export const MIN_AUDIT_DEVICES = 2;

/** Audit devices of the Vault cluster; at least two, with distinct paths. */
export class AuditDevices extends Construct {
  readonly devices: readonly Audit[];
  readonly paths: readonly string[];

  constructor(scope: Construct, id: string, props: AuditDevicesProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.devices.length < MIN_AUDIT_DEVICES) problems.push(`devices: expected at least ${MIN_AUDIT_DEVICES} audit devices, got ${props.devices.length}`);
    const paths = props.devices.map((d) => d.path);
    paths.forEach((path, i) => {
      if (!MOUNT_PATH.test(path)) problems.push(`devices[${i}].path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
      if (paths.indexOf(path) !== i) problems.push(`devices[${i}].path: "${path}" is used by another device`);
    });
    props.devices.forEach((d, i) => {
      if (d.type === 'file' && d.filePath !== 'stdout' && !d.filePath.startsWith('/')) {
        problems.push(`devices[${i}].filePath: expected an absolute path or "stdout", got "${d.filePath}"`);
      }
      if (d.type === 'socket' && !/^[a-z0-9.-]+:\d{1,5}$/.test(d.address)) problems.push(`devices[${i}].address: expected host:port, got "${d.address}"`);
    });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.paths = paths;
    this.devices = props.devices.map(
      (d) =>
        new Audit(this, d.path, {
          type: d.type,
          path: d.path,
          description: `Audit device ${d.path} (${d.type})`,
          options: { ...auditOptions(d), log_raw: 'false', hmac_accessor: 'true' },
        }),
    );
  }
}

function auditOptions(device: AuditDeviceSpec): Record<string, string> {
  switch (device.type) {
    case 'file':
      return { file_path: device.filePath };
    case 'syslog':
      return { tag: device.tag ?? 'vault', facility: device.facility ?? 'AUTH' };
    case 'socket':
      return { address: device.address, socket_type: device.socketType ?? 'tcp' };
  }
}
