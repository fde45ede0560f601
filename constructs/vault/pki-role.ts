import { PkiSecretBackendRole } from '@cdktf/provider-vault/lib/pki-secret-backend-role';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { serviceCertificateProblems } from './certificate-names';

export interface PkiRoleProps {
  /** Mount path of the intermediate CA (`pki-int`). */
  readonly intermediatePath: string;
  /** The base domains the hierarchy issues under (`vault.pki.allowedBaseDomains`). */
  readonly allowedBaseDomains: readonly string[];
  /** What must exist first (the signed intermediate, in the hierarchy's own stack). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Role name, `<cluster>-<service>`. */
  readonly name: string;
  /**
   * The service's DNS label. The role may only list names the service owns: `<serviceName>.<base>` or names below it,
   * with `<base>` one of the hierarchy's `allowedBaseDomains`.
   */
  readonly serviceName: string;
  /** Exact DNS names the service may request, each at or below a name it owns; no wildcards, never empty. */
  readonly allowedDomains: readonly string[];
  /**
   * Also allow names below the allowed domains (`x.<domain>`), which stay below the service's own name.
   * @default false
   */
  readonly allowSubdomains?: boolean;
  /** Leaf certificate lifetime, 30-90 days. @default 30 */
  readonly ttlDays?: number;
  /**
   * Also mark certificates for client authentication (mTLS clients).
   * @default false
   */
  readonly clientAuth?: boolean;
}

export const LEAF_TTL_DAYS_RANGE = { min: 30, max: 90 } as const;

/**
 * A certificate issue role on the intermediate CA for one service, issuing only names the service owns.
 *
 * How Vault matches names (hashicorp/vault `builtin/logical/pki/issuing/cert_verify.go` `ValidateNames`): a requested
 * name passes when it equals an `allowed_domains` entry and `allow_bare_domains` is on, or ends in `.<entry>` and
 * `allow_subdomains` is on, or matches an entry as a glob with `allow_glob_domains`; `allow_any_name`,
 * `allow_localhost`, `allow_token_displayname` and `allowed_domains_template` widen it further. So:
 * - `allowed_domains` holds the exact names the service asked for (all at or below `<service>.<base>`), never a base
 *   domain: `allow_bare_domains` must be on for exactly those names to be issuable, and it cannot reach anything else;
 * - `allow_subdomains` is on only when the service asks for it, and then reaches only below its own names;
 * - the hierarchy's base domains contain no reserved name (the Vault server's), so no owned name is reserved;
 * - globs, any-name, localhost, templates, IP/URI/other SANs, wildcard certificates are off; hostnames are enforced
 *   and the CN must be a hostname (no e-mail CNs);
 * - EC P-256 keys, server auth (client auth on request), leaf lifetime 30-90 days; issued certificates are stored so
 *   they can be listed and revoked.
 */
export class PkiRole extends Construct {
  readonly name: string;
  readonly role: PkiSecretBackendRole;

  constructor(scope: Construct, id: string, props: PkiRoleProps) {
    super(scope, id);
    const ttlDays = props.ttlDays ?? LEAF_TTL_DAYS_RANGE.min;
    const allowSubdomains = props.allowSubdomains ?? false;
    const nameProblems = serviceCertificateProblems({ serviceName: props.serviceName, domains: props.allowedDomains, baseDomains: props.allowedBaseDomains });
    const problems = nameProblems.map((p) =>
      p.index === undefined ? `allowedDomains: ${p.message}` : `allowedDomains[${p.index}]: ${p.message} (got "${props.allowedDomains[p.index]}")`,
    );
    if (props.allowedBaseDomains.length === 0) problems.push('allowedBaseDomains: expected the base domains of the hierarchy, got none');
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.name)) problems.push(`name: expected lower-case letters, digits or '-', got "${props.name}"`);
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.serviceName)) problems.push(`serviceName: expected a DNS label, got "${props.serviceName}"`);
    if (!Number.isInteger(ttlDays) || ttlDays < LEAF_TTL_DAYS_RANGE.min || ttlDays > LEAF_TTL_DAYS_RANGE.max) {
      problems.push(`ttlDays: expected ${LEAF_TTL_DAYS_RANGE.min}-${LEAF_TTL_DAYS_RANGE.max}, got ${ttlDays}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.name = props.name;
    const ttl = `${ttlDays * 24}h`;
    this.role = new PkiSecretBackendRole(this, 'role', {
      backend: props.intermediatePath,
      name: props.name,
      issuerRef: 'default',
      allowedDomains: [...props.allowedDomains],
      allowBareDomains: true,
      allowSubdomains,
      allowGlobDomains: false,
      allowWildcardCertificates: false,
      allowAnyName: false,
      allowLocalhost: false,
      allowIpSans: false,
      allowedDomainsTemplate: false,
      allowedUriSans: [],
      allowedOtherSans: [],
      enforceHostnames: true,
      cnValidations: ['hostname'],
      serverFlag: true,
      clientFlag: props.clientAuth ?? false,
      codeSigningFlag: false,
      emailProtectionFlag: false,
      basicConstraintsValidForNonCa: false,
      noStore: false,
      keyType: 'ec',
      keyBits: 256,
      ttl,
      maxTtl: ttl,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
