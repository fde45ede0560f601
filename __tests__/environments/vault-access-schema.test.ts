import { DEFAULT_LOGIN_BANNER } from '../../constructs/access/client-vpn-settings';
import { type VaultAccessInput } from '../../environments/vault-access-schema';
import { problemsAfter, sampleConfig } from '../helpers';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type Input = Parameters<Parameters<typeof problemsAfter>[0]>[0];
const access = (i: Input) => i.vaultAccess as Mutable<VaultAccessInput> & Record<string, unknown>;
const vpn = (i: Input) => access(i).vpn as Mutable<VaultAccessInput['vpn']> & Record<string, unknown>;

const DNS_NAME_RULE =
  'expected a lower-case DNS name of at least two labels (e.g. dev.vault.internal): labels of 1-63 letters, digits or "-", no leading or trailing "-", at most 253 characters';

describe('vaultAccess schema', () => {
  it('applies the documented defaults', () => {
    const config = sampleConfig('prod').vaultAccess;
    expect(config.vaultRecordName).toBe('vault');
    expect(config.vpn.sessionTimeoutHours).toBe(8);
    expect(config.vpn.loginBanner).toBe(DEFAULT_LOGIN_BANNER);
    expect(config.vpn.ca).toMatchObject({ validityHours: 43800, earlyRenewalHours: 8760 });
    expect(config.vpn.serverCertificate).toEqual({ validityHours: 8760, earlyRenewalHours: 720 });
  });

  it('keeps the sample environments as configured: one VPN association in dev, two elsewhere', () => {
    expect(sampleConfig('dev').vaultAccess).toMatchObject({ privateZoneName: 'dev.vault.internal', vpn: { associatedAzCount: 1, logRetentionDays: 30, sessionTimeoutHours: 12 } });
    expect(sampleConfig('staging').vaultAccess).toMatchObject({ privateZoneName: 'staging.vault.internal', vpn: { associatedAzCount: 2, logRetentionDays: 90 } });
    expect(sampleConfig('prod').vaultAccess).toMatchObject({ privateZoneName: 'prod.vault.internal', vpn: { associatedAzCount: 2, logRetentionDays: 365 } });
  });

  it('accepts every allowed value set explicitly', () => {
    expect(
      problemsAfter((i) => {
        Object.assign(access(i), { vaultRecordName: 'secrets' });
        Object.assign(vpn(i), {
          sessionTimeoutHours: 24,
          loginBanner: 'Hi',
          ca: { commonName: 'CA', organization: 'Org', validityHours: 20000, earlyRenewalHours: 100 },
          serverCertificate: { validityHours: 20000, earlyRenewalHours: 19999 },
          associatedAzCount: 2,
        });
      }),
    ).toEqual([]);
  });

  describe('fails with a message naming environment, field, value and what is allowed when', () => {
    it('the section is missing', () => {
      expect(problemsAfter((i) => delete (i as Record<string, unknown>).vaultAccess)).toEqual([
        'dev.vaultAccess: is required (expected object)',
      ]);
    });

    it.each([['dev.vault.internal.'], ['Dev.Vault.Internal'], ['vault'], ['dev_vault.internal']])('the zone name is %s', (name) => {
      expect(problemsAfter((i) => (access(i).privateZoneName = name))).toEqual([`dev.vaultAccess.privateZoneName: ${DNS_NAME_RULE} (got "${name}")`]);
    });

    it('the record name is not one DNS label', () => {
      expect(problemsAfter((i) => (access(i).vaultRecordName = 'vault.api'))).toEqual([
        'dev.vaultAccess.vaultRecordName: expected one lower-case DNS label: 1-63 letters, digits or "-", no leading or trailing "-" (got "vault.api")',
      ]);
    });

    it('record and zone together are longer than 253 characters', () => {
      const zone = Array.from({ length: 4 }, () => 'z'.repeat(60)).join('.');
      expect(
        problemsAfter((i) => {
          access(i).privateZoneName = zone;
          access(i).vaultRecordName = 'a'.repeat(10);
        }),
      ).toEqual([`dev.vaultAccess.vaultRecordName: "${'a'.repeat(10)}.${zone}" is longer than 253 characters; shorten the record or the zone name (got "aaaaaaaaaa")`]);
    });

    it('an unknown field is set', () => {
      expect(problemsAfter((i) => (vpn(i).clientCidr = '10.0.0.0/22'))).toEqual([
        'dev.vaultAccess.vpn.clientCidr: unknown field; expected one of associatedAzCount, logRetentionDays, sessionTimeoutHours, loginBanner, ca, serverCertificate',
      ]);
    });

    it('the session timeout is not 8, 10, 12 or 24 hours', () => {
      expect(problemsAfter((i) => (vpn(i).sessionTimeoutHours = 6))).toEqual(['dev.vaultAccess.vpn.sessionTimeoutHours: expected one of 8, 10, 12, 24 hours (got 6)']);
    });

    it('the login banner is empty or longer than 1,400 characters', () => {
      expect(problemsAfter((i) => (vpn(i).loginBanner = '  '))).toEqual(['dev.vaultAccess.vpn.loginBanner: expected 1-1400 characters (got "  ")']);
      expect(problemsAfter((i) => (vpn(i).loginBanner = 'x'.repeat(1401)))).toEqual([
        `dev.vaultAccess.vpn.loginBanner: expected 1-1400 characters (got "${'x'.repeat(116)}...)`,
      ]);
    });

    it('the associated AZ count is not 1-3', () => {
      expect(problemsAfter((i) => (vpn(i).associatedAzCount = 0))).toEqual(['dev.vaultAccess.vpn.associatedAzCount: expected a whole number of AZs from 1 to 3 (got 0)']);
      expect(problemsAfter((i) => (vpn(i).associatedAzCount = 1.5))).toEqual(['dev.vaultAccess.vpn.associatedAzCount: expected a whole number of AZs from 1 to 3 (got 1.5)']);
    });

    it('a non-dev tier associates a single AZ', () => {
      expect(problemsAfter((i) => (vpn(i).associatedAzCount = 1), 'staging')).toEqual([
        'staging.vaultAccess.vpn.associatedAzCount: the staging tier associates the VPN with at least 2 AZs so it survives the loss of one; only dev may use 1 (got 1)',
      ]);
      expect(problemsAfter((i) => (vpn(i).associatedAzCount = 1), 'prod')).toEqual([
        'prod.vaultAccess.vpn.associatedAzCount: the prod tier associates the VPN with at least 2 AZs so it survives the loss of one; only dev may use 1 (got 1)',
      ]);
    });

    it('more AZs are associated than the network has', () => {
      expect(problemsAfter((i) => (vpn(i).associatedAzCount = 3))).toEqual([
        'dev.vaultAccess.vpn.associatedAzCount: expected at most 2, the number of network.availabilityZones (got 3)',
      ]);
    });

    it('the log retention is not a CloudWatch value', () => {
      expect(problemsAfter((i) => (vpn(i).logRetentionDays = 10))).toEqual([
        'dev.vaultAccess.vpn.logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 10)',
      ]);
    });

    it('the log retention is below the tier minimum', () => {
      expect(problemsAfter((i) => (vpn(i).logRetentionDays = 5))).toEqual(['dev.vaultAccess.vpn.logRetentionDays: the dev tier keeps VPN connection logs at least 7 days (got 5)']);
      expect(problemsAfter((i) => (vpn(i).logRetentionDays = 180), 'prod')).toEqual([
        'prod.vaultAccess.vpn.logRetentionDays: the prod tier keeps VPN connection logs at least 365 days (got 180)',
      ]);
    });

    it('a CA subject attribute is empty or too long', () => {
      expect(
        problemsAfter((i) => {
          vpn(i).ca.commonName = '';
          vpn(i).ca.organization = 'o'.repeat(65);
        }),
      ).toEqual(['dev.vaultAccess.vpn.ca.commonName: expected 1-64 characters (got "")', `dev.vaultAccess.vpn.ca.organization: expected 1-64 characters (got "${'o'.repeat(65)}")`]);
    });

    it('a lifetime is not a whole number of hours', () => {
      expect(problemsAfter((i) => (vpn(i).ca.validityHours = 0.5))).toEqual(['dev.vaultAccess.vpn.ca.validityHours: expected a whole number of hours (got 0.5)']);
      expect(problemsAfter((i) => (vpn(i).serverCertificate = { earlyRenewalHours: 0 }))).toEqual([
        'dev.vaultAccess.vpn.serverCertificate.earlyRenewalHours: expected a whole number of hours, at least 1 (got 0)',
      ]);
    });

    it('the CA early-renewal window is not shorter than its validity (the defaults count)', () => {
      expect(problemsAfter((i) => (vpn(i).ca.earlyRenewalHours = 43800))).toEqual([
        'dev.vaultAccess.vpn.ca.earlyRenewalHours: must be less than ca.validityHours (43800), or the certificate is renewed on every apply (got 43800)',
      ]);
    });

    it('the server early-renewal window is not shorter than its validity', () => {
      expect(problemsAfter((i) => (vpn(i).serverCertificate = { validityHours: 100, earlyRenewalHours: 200 }))).toEqual([
        'dev.vaultAccess.vpn.serverCertificate.earlyRenewalHours: must be less than serverCertificate.validityHours (100), or the certificate is renewed on every apply (got 200)',
      ]);
    });

    it('the server certificate outlives the CA', () => {
      expect(
        problemsAfter((i) => {
          vpn(i).ca.validityHours = 5000;
          vpn(i).ca.earlyRenewalHours = 500;
        }),
      ).toEqual([
        'dev.vaultAccess.vpn.serverCertificate.validityHours: must not exceed ca.validityHours (5000); a certificate cannot outlive the CA that signed it (got 8760)',
      ]);
    });

    it('several fields are wrong at once, reporting all of them together', () => {
      expect(
        problemsAfter((i) => {
          access(i).privateZoneName = 'internal';
          vpn(i).sessionTimeoutHours = 1;
          vpn(i).logRetentionDays = 1;
        }),
      ).toEqual([
        `dev.vaultAccess.privateZoneName: ${DNS_NAME_RULE} (got "internal")`,
        'dev.vaultAccess.vpn.sessionTimeoutHours: expected one of 8, 10, 12, 24 hours (got 1)',
        'dev.vaultAccess.vpn.logRetentionDays: the dev tier keeps VPN connection logs at least 7 days (got 1)',
      ]);
    });
  });
});
