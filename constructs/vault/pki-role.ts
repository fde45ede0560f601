import { PkiSecretBackendRole } from '@cdktf/provider-vault/lib/pki-secret-backend-role';
import { Construct } from 'constructs';
import { type PkiHierarchy } from './pki-hierarchy';

export interface PkiRoleProps {
  readonly pki: PkiHierarchy;
  /** Role name, `<cluster>-<service>`. */
  readonly name: string;
  /** Exact DNS names the service may request; no wildcards, never empty. */
  readonly allowedDomains: readonly string[];
  /**
   * Also allow names below the allowed domains (`x.<domain>`).
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
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Problems of a list of allowed PKI domains (shared with the environment schema); `index` is unset for the list. */
export function pkiDomainProblems(domains: readonly unknown[]): { readonly index?: number; readonly message: string }[] {
  if (domains.length === 0) return [{ message: 'expected at least one domain; an empty list would let the role issue nothing (or anything, depending on flags)' }];
  return domains.flatMap((d, index) => {
    if (typeof d !== 'string' || d.trim() === '') return [{ index, message: 'expected a DNS name, got an empty value' }];
    if (d.includes('*')) return [{ index, message: 'wildcards are not allowed, list exact names instead' }];
    if (!HOSTNAME.test(d)) return [{ index, message: 'expected a lower-case DNS name with at least two labels' }];
    return [];
  });
}

/**
 * A certificate issue role on the intermediate CA for one service: only its allowed names (no wildcards, globs,
 * IP SANs, localhost or arbitrary names), EC P-256 keys, leaf lifetime 30-90 days.
 */
export class PkiRole extends Construct {
  readonly name: string;
  readonly role: PkiSecretBackendRole;

  constructor(scope: Construct, id: string, props: PkiRoleProps) {
    super(scope, id);
    const ttlDays = props.ttlDays ?? LEAF_TTL_DAYS_RANGE.min;
    const problems = pkiDomainProblems(props.allowedDomains).map((p) =>
      p.index === undefined ? `allowedDomains: ${p.message}` : `allowedDomains[${p.index}]: ${p.message} (got "${props.allowedDomains[p.index]}")`,
    );
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.name)) problems.push(`name: expected lower-case letters, digits or '-', got "${props.name}"`);
    if (!Number.isInteger(ttlDays) || ttlDays < LEAF_TTL_DAYS_RANGE.min || ttlDays > LEAF_TTL_DAYS_RANGE.max) {
      problems.push(`ttlDays: expected ${LEAF_TTL_DAYS_RANGE.min}-${LEAF_TTL_DAYS_RANGE.max}, got ${ttlDays}`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.name = props.name;
    const ttl = `${ttlDays * 24}h`;
    this.role = new PkiSecretBackendRole(this, 'role', {
      backend: props.pki.intermediateMount.path,
      name: props.name,
      issuerRef: 'default',
      allowedDomains: [...props.allowedDomains],
      allowBareDomains: true,
      allowSubdomains: props.allowSubdomains ?? false,
      allowGlobDomains: false,
      allowWildcardCertificates: false,
      allowAnyName: false,
      allowLocalhost: false,
      allowIpSans: false,
      enforceHostnames: true,
      serverFlag: true,
      clientFlag: props.clientAuth ?? false,
      keyType: 'ec',
      keyBits: 256,
      ttl,
      maxTtl: ttl,
      dependsOn: [props.pki.intermediateSigned],
    });
  }
}
