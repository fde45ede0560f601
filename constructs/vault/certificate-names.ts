/**
 * Which DNS names a service may get certificates for, as pure functions shared by the PKI constructs and the
 * environment schema (so synth and the constructs enforce one rule).
 *
 * An environment declares base domains (`vault.pki.allowedBaseDomains`). A service `<svc>` owns `<svc>.<base>` and
 * every name below it, nothing else: two services never own a common name (service names are unique DNS labels), the
 * base domain itself is never issuable, and `allowSubdomains` can only widen a role below names the service owns.
 * Names Vault must never issue to a service (its own server hostname) may not lie inside a base domain, so no service
 * can own them.
 */

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A lower-case DNS name with at least two labels and an alphabetic top-level label (no wildcards, no IPs). */
export function isCertificateHostname(value: unknown): value is string {
  return typeof value === 'string' && HOSTNAME.test(value);
}

/** True when `name` equals `domain` or lies below it (`a.b.example` is below `b.example`, `ab.example` is not). */
export function isAtOrBelow(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** True when one domain equals or contains the other. */
export function domainsOverlap(a: string, b: string): boolean {
  return isAtOrBelow(a, b) || isAtOrBelow(b, a);
}

export interface NameProblem {
  /** Index in the list the problem is about; unset when it is about the whole list. */
  readonly index?: number;
  readonly message: string;
}

/** Format problems of a list of allowed PKI domains: never empty, no wildcards, lower-case hostnames. */
export function pkiDomainProblems(domains: readonly unknown[]): NameProblem[] {
  if (domains.length === 0) return [{ message: 'expected at least one domain; an empty list would let the role issue nothing (or anything, depending on flags)' }];
  return domains.flatMap((d, index) => {
    if (typeof d !== 'string' || d.trim() === '') return [{ index, message: 'expected a DNS name, got an empty value' }];
    if (d.includes('*')) return [{ index, message: 'wildcards are not allowed, list exact names instead' }];
    if (!isCertificateHostname(d)) return [{ index, message: 'expected a lower-case DNS name with at least two labels' }];
    return [];
  });
}

/** Problems of an environment's base domains on their own: hostnames, listed once, none inside another. */
export function baseDomainProblems(baseDomains: readonly unknown[]): NameProblem[] {
  if (baseDomains.length === 0) return [{ message: 'expected at least one base domain that service certificates are issued under' }];
  const format = baseDomains.flatMap((base, index) =>
    isCertificateHostname(base) ? [] : [{ index, message: 'expected a lower-case DNS name with at least two labels, such as dev.vaultplat.internal (no wildcards)' }],
  );
  return [...format, ...baseDomainOverlapProblems(baseDomains)].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}

/** Base domains that repeat or lie inside another of the list (entries that are not hostnames are skipped). */
export function baseDomainOverlapProblems(baseDomains: readonly unknown[]): NameProblem[] {
  const problems: NameProblem[] = [];
  baseDomains.forEach((base, index) => {
    if (!isCertificateHostname(base)) return;
    const first = baseDomains.findIndex((other, j) => j < index && isCertificateHostname(other) && domainsOverlap(base, other));
    if (first < 0) return;
    const other = baseDomains[first] as string;
    const relation = base === other ? 'repeats' : isAtOrBelow(base, other) ? 'lies below' : 'contains';
    problems.push({ index, message: `${relation} base domain [${first}] ${other}; list each base domain once and none inside another` });
  });
  return problems;
}

/** The names a service owns: `<service>.<base>` for every base domain. */
export function ownNames(serviceName: string, baseDomains: readonly string[]): string[] {
  return baseDomains.map((base) => `${serviceName}.${base}`);
}

export interface ServiceCertificateNames {
  /** The service's DNS label. */
  readonly serviceName: string;
  /** Names the role lists (`allowed_domains`). */
  readonly domains: readonly unknown[];
  /** The environment's base domains. @default - ownership is not checked, only the format of the names */
  readonly baseDomains?: readonly string[];
}

/**
 * Problems of the names one service's role would issue: format ({@link pkiDomainProblems}) and each listed name at or
 * below a name the service owns. (Reserved names, such as the Vault server's, are kept out by the base domains, which
 * may not contain them: then no owned name, nor any name below one, can be reserved.)
 */
export function serviceCertificateProblems(spec: ServiceCertificateNames): NameProblem[] {
  const problems = pkiDomainProblems(spec.domains);
  if (problems.some((p) => p.index === undefined)) return problems;
  const owned = spec.baseDomains && ownNames(spec.serviceName, spec.baseDomains);
  spec.domains.forEach((domain, index) => {
    if (!isCertificateHostname(domain)) return;
    if (owned && !owned.some((own) => isAtOrBelow(domain, own))) {
      problems.push({ index, message: `${spec.serviceName} may only get certificates for ${owned.join(' or ')} and names below it` });
    }
  });
  return problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}
