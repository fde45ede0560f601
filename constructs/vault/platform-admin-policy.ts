import { Construct } from 'constructs';
import { type PlatformAdminInputs, platformAdminGrants } from './platform-admin-grants';
import { PLATFORM_ADMIN_POLICY } from './service-grants';
import { VaultPolicy } from './vault-policy';

export interface PlatformAdminPolicyProps {
  /** What the stack configures: mounts, services, workspaces, database connection. */
  readonly inputs: PlatformAdminInputs;
}

/**
 * `platform-admin`: the policy Terraform runs use instead of a root token, generated from the pinned provider's
 * contract (platform-admin-grants.ts): exactly the calls the provider makes for this configuration's resources,
 * minus the break-glass ones. It is the only policy with `sudo` (on the root-protected endpoints it calls), never
 * grants `path "*"`, reads no service secret, and cannot change itself, its login or the audit devices.
 */
export class PlatformAdminPolicy extends Construct {
  readonly policy: VaultPolicy;

  constructor(scope: Construct, id: string, props: PlatformAdminPolicyProps) {
    super(scope, id);
    this.policy = new VaultPolicy(this, 'policy', {
      name: PLATFORM_ADMIN_POLICY,
      grants: platformAdminGrants(props.inputs),
      allowSudo: true,
    });
  }
}
