import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Construct } from 'constructs';
import { MOUNT_PATH } from './kv-secrets-engine';
import { reservedMountPathProblem } from './reserved-paths';

export interface AppRoleAuthProps {
  /** @default 'approle' */
  readonly path?: string;
}

/** The AppRole auth method, used only by `direct` services (see {@link ServiceAppRole}). */
export class AppRoleAuth extends Construct {
  readonly path: string;
  readonly backend: AuthBackend;

  constructor(scope: Construct, id: string, props: AppRoleAuthProps = {}) {
    super(scope, id);
    const path = props.path ?? 'approle';
    if (!MOUNT_PATH.test(path)) throw new Error(`${this.node.path}: path: expected 2-64 lower-case letters, digits or '-', got "${path}"`);
    const reserved = reservedMountPathProblem(path, 'auth');
    if (reserved) throw new Error(`${this.node.path}: path: ${reserved}`);
    this.path = path;
    this.backend = new AuthBackend(this, 'backend', { type: 'approle', path, description: 'AppRole logins of Direct-Vault services' });
  }
}
