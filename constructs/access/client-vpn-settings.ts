/**
 * Defaults and rules of the Client VPN construct, shared with the environment schema so that both check the same
 * thing with the same numbers. Pure values and functions: importing this file loads no provider modules.
 */

/** Maximum VPN session lengths AWS Client VPN accepts. */
export const CLIENT_VPN_SESSION_TIMEOUT_HOURS = [8, 10, 12, 24] as const;

/** Client VPN accepts client ranges from /12 to /22. */
export const CLIENT_VPN_PREFIX_RANGE = { min: 12, max: 22 } as const;

/** Client VPN limits the login banner to 1,400 UTF-8 characters. */
export const LOGIN_BANNER_MAX_LENGTH = 1400;

/** X.509 upper bound of a subject attribute (RFC 5280 ub-common-name, ub-organization-name). */
export const SUBJECT_ATTRIBUTE_MAX_LENGTH = 64;

/** Client VPN accepts RSA 1024 or 2048 certificates only; 2048 is the only secure choice of the two. */
export const CLIENT_VPN_RSA_BITS = 2048;

export const DEFAULT_LOGIN_BANNER =
  'Authorized use only. This VPN gives access to the secret-management platform; connections are logged and monitored.';

/** Validity and early-renewal window of a certificate, in hours. */
export interface CertificateLifetime {
  readonly validityHours: number;
  readonly earlyRenewalHours: number;
}

/** Root CA: 5 years, re-issued (same key, same subject) in its last year so client certificates keep validating. */
export const DEFAULT_CA_LIFETIME: CertificateLifetime = { validityHours: 43800, earlyRenewalHours: 8760 };
/** Server certificate: 1 year, re-issued in its last 30 days. */
export const DEFAULT_SERVER_CERTIFICATE_LIFETIME: CertificateLifetime = { validityHours: 8760, earlyRenewalHours: 720 };

export const CLIENT_VPN_DEFAULTS = {
  sessionTimeoutHours: 8,
  associatedAzCount: 2,
  logRetentionDays: 365,
  loginBanner: DEFAULT_LOGIN_BANNER,
} as const;

/** A problem with one field; callers add their own path prefix and formatting. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  readonly value: unknown;
}

/**
 * Lifetime rules of the CA and server certificates: whole positive hours, an early-renewal window shorter than the
 * validity, and a server certificate that does not outlive the CA that signed it. Non-numbers are skipped (their
 * own type check reports them).
 */
export function certificateLifetimeProblems(ca: Partial<CertificateLifetime>, server: Partial<CertificateLifetime>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const lifetimes = [
    ['ca', ca],
    ['serverCertificate', server],
  ] as const;
  for (const [name, lifetime] of lifetimes) {
    for (const key of ['validityHours', 'earlyRenewalHours'] as const) {
      const value = lifetime[key];
      if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) {
        problems.push({ field: `${name}.${key}`, message: 'expected a whole number of hours, at least 1', value });
      }
    }
    const { validityHours, earlyRenewalHours } = lifetime;
    if (typeof validityHours === 'number' && typeof earlyRenewalHours === 'number' && earlyRenewalHours >= validityHours) {
      problems.push({
        field: `${name}.earlyRenewalHours`,
        message: `must be less than ${name}.validityHours (${validityHours}), or the certificate is renewed on every apply`,
        value: earlyRenewalHours,
      });
    }
  }
  if (typeof ca.validityHours === 'number' && typeof server.validityHours === 'number' && server.validityHours > ca.validityHours) {
    problems.push({
      field: 'serverCertificate.validityHours',
      message: `must not exceed ca.validityHours (${ca.validityHours}); a certificate cannot outlive the CA that signed it`,
      value: server.validityHours,
    });
  }
  return problems;
}
