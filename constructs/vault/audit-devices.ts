import { Audit } from '@cdktf/provider-vault/lib/audit';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';

/**
 * Where the Vault server deployment mounts its persistent audit volume (a PersistentVolumeClaim per Vault pod, see
 * the vault-server stack). File audit devices must write below it: anything else in the container is lost with the
 * pod.
 */
export const VAULT_AUDIT_DIRECTORY = '/vault/audit';

/** One audit device. Values are HMAC-ed by Vault (`log_raw` is never enabled). */
export type AuditDeviceSpec =
  | {
      readonly type: 'file';
      readonly path: string;
      /** A file below {@link VAULT_AUDIT_DIRECTORY}, or `stdout` (only in addition: container logs, shipped by Container Insights). */
      readonly filePath: string;
    }
  | {
      readonly type: 'socket';
      readonly path: string;
      /** `host:port` of a collector. */
      readonly address: string;
      /** Only `tcp`: UDP loses entries silently. @default 'tcp' */
      readonly socketType?: 'tcp';
    };

export interface AuditDevicesProps {
  /**
   * At least two devices, so one failing device does not block every request (Vault stops when none can log), and
   * at least one of them a file below `persistentDirectory`.
   */
  readonly devices: readonly AuditDeviceSpec[];
  /** The persistent audit volume of the Vault servers. @default VAULT_AUDIT_DIRECTORY */
  readonly persistentDirectory?: string;
}

export const MIN_AUDIT_DEVICES = 2;

export interface AuditDeviceProblem {
  /** Index of the device; unset when the problem is about the whole list. */
  readonly index?: number;
  /** Field of the device, e.g. `filePath`; unset for the device as a whole. */
  readonly field?: string;
  readonly message: string;
  readonly value?: unknown;
}

const hasField = (device: unknown, field: string): device is Record<string, unknown> =>
  typeof device === 'object' && device !== null && field in device;

/**
 * Durability problems of a list of audit devices (shared with the environment schema): every device must keep what
 * it is given. Vault's file device treats `stdout` and `discard` specially, case-insensitively (hashicorp/vault
 * `audit/backend_file.go` @871a0def75a3: `strings.EqualFold(filePath, stdout|discard)`); `discard` and `/dev/...`
 * sinks throw entries away, paths outside the audit volume vanish with the pod. (Sockets are TCP only, by type: UDP
 * drops entries silently.) At least one file device must write below the persistent directory; `stdout` and sockets only in addition.
 * Values of the wrong type are skipped (their own error covers them).
 */
export function auditDeviceProblems(devices: readonly unknown[], directory: string = VAULT_AUDIT_DIRECTORY): AuditDeviceProblem[] {
  const problems: AuditDeviceProblem[] = [];
  const durableFiles: number[] = [];
  const seenFiles = new Map<string, number>();
  let unreadable = false;
  devices.forEach((device, index) => {
    if (!hasField(device, 'type') || device.type !== 'file') return;
    if (typeof device.filePath !== 'string') {
      unreadable = true;
      return;
    }
    const filePath = device.filePath;
    const lower = filePath.toLowerCase();
    if (lower === 'stdout') return;
    if (lower === 'discard') {
      problems.push({ index, field: 'filePath', message: `"discard" throws every audit entry away; write a file below ${directory}/`, value: filePath });
    } else if (lower.startsWith('/dev/')) {
      problems.push({ index, field: 'filePath', message: `is a device, not a durable file (for the container log write "stdout"); write a file below ${directory}/`, value: filePath });
    } else if (!isFileBelow(filePath, directory)) {
      problems.push({
        index,
        field: 'filePath',
        message: `is not on the persistent audit volume; file devices write a file below ${directory}/ (the volume the Vault server deployment mounts), e.g. ${directory}/vault-audit.log, or "stdout"`,
        value: filePath,
      });
    } else {
      const first = seenFiles.get(filePath);
      if (first !== undefined) problems.push({ index, field: 'filePath', message: `is already written by device [${first}]; every file device needs its own file`, value: filePath });
      else seenFiles.set(filePath, index);
      durableFiles.push(index);
    }
  });
  // A file device whose path is missing or mistyped has its own error; whether the list is durable is judged once it is fixed.
  if (durableFiles.length === 0 && !unreadable) {
    problems.unshift({ message: `expected at least one file device writing below ${directory}/ (the persistent audit volume); stdout and sockets only in addition` });
  }
  return problems;
}

/** An absolute, normalized path strictly below `directory` (no `.`/`..` segments, no doubled slashes). */
function isFileBelow(path: string, directory: string): boolean {
  if (!path.startsWith(`${directory}/`) || path.endsWith('/')) return false;
  return path
    .slice(directory.length + 1)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Audit devices of the Vault cluster; at least two, with distinct paths, at least one a file on the audit volume. */
export class AuditDevices extends Construct {
  readonly devices: readonly Audit[];
  readonly paths: readonly string[];

  constructor(scope: Construct, id: string, props: AuditDevicesProps) {
    super(scope, id);
    const directory = props.persistentDirectory ?? VAULT_AUDIT_DIRECTORY;
    const problems: string[] = [];
    if (!/^\/[a-z0-9._-]+(\/[a-z0-9._-]+)*$/.test(directory)) problems.push(`persistentDirectory: expected an absolute path without a trailing slash, got "${directory}"`);
    if (props.devices.length < MIN_AUDIT_DEVICES) problems.push(`devices: expected at least ${MIN_AUDIT_DEVICES} audit devices, got ${props.devices.length}`);
    const paths = props.devices.map((d) => d.path);
    paths.forEach((path, i) => {
      if (!MOUNT_PATH.test(path)) problems.push(`devices[${i}].path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
      if (paths.indexOf(path) !== i) problems.push(`devices[${i}].path: "${path}" is used by another device`);
    });
    props.devices.forEach((d, i) => {
      if (d.type === 'socket' && !/^[a-z0-9.-]+:\d{1,5}$/.test(d.address)) problems.push(`devices[${i}].address: expected host:port, got "${d.address}"`);
    });
    for (const p of auditDeviceProblems(props.devices, directory)) {
      const where = p.index === undefined ? 'devices' : `devices[${p.index}]${p.field ? `.${p.field}` : ''}`;
      problems.push(`${where}: ${p.message}${'value' in p ? `, got ${JSON.stringify(p.value)}` : ''}`);
    }
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
    case 'socket':
      return { address: device.address, socket_type: device.socketType ?? 'tcp' };
  }
}
