import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VpnClientError } from './errors';

export const PRIVATE_FILE_MODE = 0o600;

function alreadyExists(label: string): VpnClientError {
  return new VpnClientError(
    `${label} already exists; refusing to overwrite it. Choose another --out, or delete the old profile (and revoke its certificate if nobody uses it any more)`,
  );
}

/** Fails early, before any key is generated, when `path` exists. {@link writePrivateFile} checks again atomically. */
export function assertAbsent(path: string, label: string = path): void {
  if (existsSync(path)) throw alreadyExists(label);
}

/**
 * Creates `path` readable and writable by its owner only (0600, whatever the umask) and writes `content`.
 * Never overwrites: an existing file is an error. `label` is the path as the operator wrote it, for messages.
 * Removes the file again when writing or the mode check fails, so no half-written key is left behind.
 */
export function writePrivateFile(path: string, content: string, label: string = path): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(label);
    if (code === 'ENOENT') throw new VpnClientError(`${label}: directory ${dirname(label)} does not exist`);
    throw new VpnClientError(`${label}: cannot create the file (${code ?? String(error)})`);
  }
  try {
    try {
      if (process.platform !== 'win32') fchmodSync(fd, PRIVATE_FILE_MODE);
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (process.platform !== 'win32') {
      const mode = statSync(path).mode & 0o777;
      if (mode !== PRIVATE_FILE_MODE) {
        throw new VpnClientError(`${label}: the file system gave mode ${mode.toString(8)} instead of 600; write the profile to a local disk`);
      }
    }
  } catch (error) {
    unlinkSync(path);
    if (error instanceof VpnClientError) throw error;
    throw new VpnClientError(`${label}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
