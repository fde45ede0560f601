/**
 * Mount paths Vault refuses or already uses, so a configured path that collides fails at synth instead of at apply.
 * Transcribed from the Vault source (hashicorp/vault, read 2026-12 at the commits named below; unchanged in this
 * respect since Vault 1.x):
 *
 * - Secrets engines (`sys/mounts/<path>`): `vault/mount.go` @37e3d0155644 `protectedMounts` is
 *   `audit/`, `auth/`, `sys/`, `cubbyhole/`, `identity/`, and `Core.mount` answers 403 "cannot mount" for any path
 *   starting with one of them. (`token` is a singleton *type*, not a path, for secrets engines.)
 * - Auth methods (`sys/auth/<path>`, routed at `auth/<path>`): the token auth method is always mounted at
 *   `auth/token/`; `vault/auth.go` @e62145be196a `enableCredentialInternal` answers 409 "path is already in use"
 *   for a path equal to (or a prefix of, or below) an existing auth mount, so `token` is taken.
 * - Audit devices (`sys/audit/<path>`) live in their own table: `enableAudit` (`vault/audit.go`) reserves no name and
 *   only refuses a path that is a prefix of (or below) another device's path. Our paths are one segment, so unique
 *   paths (checked with the devices) are all it takes.
 */

/** Single-segment paths no secrets engine can be mounted at. */
export const RESERVED_SECRETS_MOUNT_PATHS = ['audit', 'auth', 'cubbyhole', 'identity', 'sys'] as const;

/** Single-segment paths no auth method can be enabled at (already taken by the built-in token auth method). */
export const RESERVED_AUTH_MOUNT_PATHS = ['token'] as const;

export type MountKind = 'secrets' | 'auth';

/** Why `path` cannot be used for a mount of `kind`, or undefined when it can. */
export function reservedMountPathProblem(path: string, kind: MountKind): string | undefined {
  if (kind === 'secrets' && (RESERVED_SECRETS_MOUNT_PATHS as readonly string[]).includes(path)) {
    return `"${path}" is reserved by Vault (no secrets engine can be mounted at ${RESERVED_SECRETS_MOUNT_PATHS.join(', ')})`;
  }
  if (kind === 'auth' && (RESERVED_AUTH_MOUNT_PATHS as readonly string[]).includes(path)) {
    return `"${path}" is reserved by Vault (auth/token is the built-in token auth method)`;
  }
  return undefined;
}
