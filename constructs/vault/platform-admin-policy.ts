import { Construct } from 'constructs';
import { PLATFORM_ADMIN_POLICY, type PlatformAdminOptions, type VaultMountPaths, platformAdminGrants } from './service-grants';
import { VaultPolicy } from './vault-policy';

export interface PlatformAdminPolicyProps {
  /** Mounts and auth methods the policy may manage (and nothing else). */
  readonly mounts: VaultMountPaths;
  /** @default - every engine, including the database one */
  readonly options?: PlatformAdminOptions;
}

/**
 * `platform-admin`: the scoped policy Terraform runs use instead of a root token. It manages exactly this
 * configuration's mounts, auth methods, audit devices, policies and roles; it is the only policy holding `sudo`
 * (on the auth and audit endpoints that require it) and it never grants `path "*"` or reads service secrets.
 */
export class PlatformAdminPolicy extends Construct {
  readonly policy: VaultPolicy;

  constructor(scope: Construct, id: string, props: PlatformAdminPolicyProps) {
    super(scope, id);
    this.policy = new VaultPolicy(this, 'policy', {
      name: PLATFORM_ADMIN_POLICY,
      grants: platformAdminGrants(props.mounts, props.options),
      allowSudo: true,
    });
  }
}
