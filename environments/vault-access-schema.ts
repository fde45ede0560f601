import { z } from 'zod';
import {
  CLIENT_VPN_DEFAULTS,
  CLIENT_VPN_SESSION_TIMEOUT_HOURS,
  DEFAULT_CA_LIFETIME,
  DEFAULT_SERVER_CERTIFICATE_LIFETIME,
  LOGIN_BANNER_MAX_LENGTH,
  SUBJECT_ATTRIBUTE_MAX_LENGTH,
  certificateLifetimeProblems,
} from '../constructs/access/client-vpn-settings';
import { DNS_LABEL_RULE, DNS_NAME_RULE, MAX_DNS_NAME_LENGTH, isDnsLabel, isDnsName } from '../constructs/access/dns-names';
import { checkMinimumLogRetention, logRetentionDays } from './network-schema';
import { type ProblemSink } from './problems';

/** Largest number of AZs an environment has (see `AZ_COUNT_RANGE` in network-schema.ts). */
const MAX_ASSOCIATED_AZS = 3;

const hours = z.number().int({ error: 'expected a whole number of hours' }).positive({ error: 'expected a whole number of hours, at least 1' });

/** Text of 1-`max` characters that is not only white space (the value is kept as written). */
const text = (max: number) =>
  z.string().refine((s) => s.trim().length > 0 && s.length <= max, { error: `expected 1-${max} characters` });

const subjectAttribute = text(SUBJECT_ATTRIBUTE_MAX_LENGTH);

/**
 * How Vault is reached (stack `vault-access-<env>`): a private hosted zone with `vault.<zone>` pointing at an internal
 * load balancer, and a Client VPN with certificates of our own root CA. The VPN client range is
 * `network.vpnClientCidr` (validated with the network).
 */
export const vaultAccessSchema = z.strictObject({
  /** Private hosted zone of the environment, e.g. `dev.vault.internal`; associated with both VPCs. */
  privateZoneName: z.string().refine(isDnsName, { error: DNS_NAME_RULE }).meta({ examples: ['dev.vault.internal'] }),
  /** Label of Vault's alias record in the zone: Vault is `https://<vaultRecordName>.<privateZoneName>:8200`. @default 'vault' */
  vaultRecordName: z.string().refine(isDnsLabel, { error: DNS_LABEL_RULE }).default('vault'),
  vpn: z.strictObject({
    /** Private subnets (AZs) associated with the endpoint: 1 allowed in dev, at least 2 elsewhere. */
    associatedAzCount: z
      .number()
      .int({ error: `expected a whole number of AZs from 1 to ${MAX_ASSOCIATED_AZS}` })
      .min(1, { error: `expected a whole number of AZs from 1 to ${MAX_ASSOCIATED_AZS}` })
      .max(MAX_ASSOCIATED_AZS, { error: `expected a whole number of AZs from 1 to ${MAX_ASSOCIATED_AZS}` }),
    /** Retention of the connection logs; at least the tier minimum (dev 7, staging 90, prod 365). */
    logRetentionDays,
    /** @default 8 */
    sessionTimeoutHours: z
      .number()
      .refine((h) => (CLIENT_VPN_SESSION_TIMEOUT_HOURS as readonly number[]).includes(h), {
        error: `expected one of ${CLIENT_VPN_SESSION_TIMEOUT_HOURS.join(', ')} hours`,
      })
      .default(CLIENT_VPN_DEFAULTS.sessionTimeoutHours),
    /** Text the VPN client shows on connect. @default DEFAULT_LOGIN_BANNER (authorized use only, connections logged) */
    loginBanner: text(LOGIN_BANNER_MAX_LENGTH).default(CLIENT_VPN_DEFAULTS.loginBanner),
    /** Root CA subject and lifetime. */
    ca: z.strictObject({
      commonName: subjectAttribute,
      organization: subjectAttribute,
      /** @default 43800 (5 years) */
      validityHours: hours.default(DEFAULT_CA_LIFETIME.validityHours),
      /** The CA is re-issued (same key and subject) once this close to expiry. @default 8760 (1 year) */
      earlyRenewalHours: hours.default(DEFAULT_CA_LIFETIME.earlyRenewalHours),
    }),
    /** @default validityHours 8760 (1 year), earlyRenewalHours 720 (30 days) */
    serverCertificate: z
      .strictObject({
        validityHours: hours.default(DEFAULT_SERVER_CERTIFICATE_LIFETIME.validityHours),
        earlyRenewalHours: hours.default(DEFAULT_SERVER_CERTIFICATE_LIFETIME.earlyRenewalHours),
      })
      .default({ ...DEFAULT_SERVER_CERTIFICATE_LIFETIME }),
  }),
});

export type VaultAccessInput = z.input<typeof vaultAccessSchema>;
export type VaultAccessConfig = z.output<typeof vaultAccessSchema>;

/** Default label of Vault's alias record in the private zone. */
export const DEFAULT_VAULT_RECORD_NAME = 'vault';

/** The Vault server's own hostname, `<vaultRecordName>.<privateZoneName>` (`vault.dev.vault.internal`). */
export function vaultHostname(access: { readonly privateZoneName: string; readonly vaultRecordName?: string }): string {
  return `${access.vaultRecordName ?? DEFAULT_VAULT_RECORD_NAME}.${access.privateZoneName}`;
}

interface VaultAccessContext {
  readonly tier: unknown;
  /** Raw `network.availabilityZones`. */
  readonly availabilityZones: unknown;
}

/**
 * Cross-field rules of `vaultAccess`, on the raw input (defaults applied here as the schema would) so that one run
 * reports every problem; values of the wrong type are skipped, their own error covers them.
 */
export function checkVaultAccess(raw: Partial<VaultAccessInput> | undefined, ctx: VaultAccessContext, sink: ProblemSink): void {
  if (!raw) return;
  const vpn = raw.vpn;

  const zone = raw.privateZoneName;
  const record = raw.vaultRecordName ?? 'vault';
  if (isDnsName(zone) && isDnsLabel(record) && record.length + 1 + zone.length > MAX_DNS_NAME_LENGTH) {
    sink.add('vaultAccess.vaultRecordName', `"${record}.${zone}" is longer than ${MAX_DNS_NAME_LENGTH} characters; shorten the record or the zone name`, record);
  }

  if (!vpn) return;
  const count = vpn.associatedAzCount;
  if (typeof count === 'number' && Number.isInteger(count)) {
    if (ctx.tier !== 'dev' && typeof ctx.tier === 'string' && count < 2) {
      sink.add('vaultAccess.vpn.associatedAzCount', `the ${ctx.tier} tier associates the VPN with at least 2 AZs so it survives the loss of one; only dev may use 1`, count);
    }
    const azCount = Array.isArray(ctx.availabilityZones) ? ctx.availabilityZones.length : undefined;
    if (azCount !== undefined && azCount > 0 && count > azCount) {
      sink.add('vaultAccess.vpn.associatedAzCount', `expected at most ${azCount}, the number of network.availabilityZones`, count);
    }
  }

  checkMinimumLogRetention(sink, 'vaultAccess.vpn.logRetentionDays', vpn.logRetentionDays, ctx.tier, 'VPN connection logs');

  const lifetime = (value: unknown, defaults: { validityHours: number; earlyRenewalHours: number }) => {
    const given = (value ?? {}) as Record<string, unknown>;
    const pick = (key: 'validityHours' | 'earlyRenewalHours') => {
      const v = given[key];
      // Values that are not whole positive hours have their own schema error; relations with them are skipped.
      return v === undefined ? defaults[key] : typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
    };
    return { validityHours: pick('validityHours'), earlyRenewalHours: pick('earlyRenewalHours') };
  };
  const problems = certificateLifetimeProblems(lifetime(vpn.ca, DEFAULT_CA_LIFETIME), lifetime(vpn.serverCertificate, DEFAULT_SERVER_CERTIFICATE_LIFETIME));
  for (const problem of problems) {
    sink.add(`vaultAccess.vpn.${problem.field}`, problem.message, problem.value);
  }
}
