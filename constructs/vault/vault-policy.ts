import { Policy } from '@cdktf/provider-vault/lib/policy';
import { Construct } from 'constructs';
import { CAPABILITIES, type PolicyGrant, renderPolicy } from './service-grants';

export interface VaultPolicyProps {
  /** Policy name, lower-case letters, digits and `-`. */
  readonly name: string;
  /** The `path` blocks, rendered with {@link renderPolicy}. */
  readonly grants: readonly PolicyGrant[];
  /**
   * Whether `sudo` may appear. Only the platform-admin policy sets this.
   * @default false
   */
  readonly allowSudo?: boolean;
}

const POLICY_NAME = /^[a-z0-9][a-z0-9-]{0,126}[a-z0-9]$/;
const GRANT_PATH = /^[a-z0-9][a-z0-9._/+-]*\*?$/;

/**
 * A Vault ACL policy rendered from typed grants. Refuses the patterns that break least privilege: `path "*"`,
 * a grant with no capabilities, unknown capabilities, `sudo` outside the policy allowed to hold it, duplicate paths.
 */
export class VaultPolicy extends Construct {
  readonly name: string;
  /** The rendered HCL (the exact text Vault receives). */
  readonly hcl: string;
  readonly grants: readonly PolicyGrant[];
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: VaultPolicyProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!POLICY_NAME.test(props.name)) problems.push(`name: expected lower-case letters, digits or '-' (2-128), got "${props.name}"`);
    if (props.grants.length === 0) problems.push('grants: expected at least one path');
    const seen = new Set<string>();
    props.grants.forEach((grant, i) => {
      const where = `grants[${i}]`;
      if (!GRANT_PATH.test(grant.path) || grant.path.replace(/[*+/]/g, '') === '') {
        problems.push(`${where}.path: expected a concrete path such as "kv/data/app/x" (a trailing * only), got "${grant.path}"`);
      }
      if (grant.path.split('/').some((segment) => segment.includes('+') && segment !== '+' && segment !== '+*') || grant.path.includes('+*')) {
        problems.push(`${where}.path: "+" matches one whole segment ("a/+/b"); Vault reads it literally inside a segment and rejects "+*", got "${grant.path}"`);
      }
      if (seen.has(grant.path)) problems.push(`${where}.path: "${grant.path}" is granted twice; merge the capabilities`);
      seen.add(grant.path);
      if (grant.capabilities.length === 0) problems.push(`${where}.capabilities: expected at least one capability for "${grant.path}"`);
      for (const c of grant.capabilities) {
        if (!(CAPABILITIES as readonly string[]).includes(c)) problems.push(`${where}.capabilities: unknown capability "${c}"; expected ${CAPABILITIES.join(', ')}`);
        if (c === 'sudo' && !props.allowSudo) problems.push(`${where}.capabilities: "sudo" on "${grant.path}" is reserved for the platform-admin policy`);
      }
    });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.name = props.name;
    this.grants = props.grants;
    this.hcl = renderPolicy(props.grants);
    this.policy = new Policy(this, 'policy', { name: props.name, policy: this.hcl });
  }
}
