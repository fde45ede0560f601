import { PrivateDnsZone, type PrivateDnsZoneProps } from '../../../constructs/access/private-dns-zone';
import { type TerraformJson, resourceAt, resourcesOf, synthStack } from '../../helpers';
import { type AccessFixture, accessFixture } from './access-fixture';

const VPC_ID = /^\$\{aws_vpc\.(tooling|application)_vpc_\w+\.id\}$/;
const TARGET = { dnsName: 'internal-vault-123.elb.eu-west-1.amazonaws.com', zoneId: 'Z2IFOLAFXWLO4F' };

function zoneFailure(props: (f: AccessFixture) => Partial<PrivateDnsZoneProps>): string {
  const fixture = accessFixture(['eu-west-1a']);
  try {
    new PrivateDnsZone(fixture.stack, 'zone', { zoneName: 'dev.vault.internal', networks: [fixture.tooling], ...props(fixture) });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the construct to fail');
}

function aliasFailure(recordName: string, zoneName = 'dev.vault.internal'): string {
  const fixture = accessFixture(['eu-west-1a']);
  const zone = new PrivateDnsZone(fixture.stack, 'zone', { zoneName, networks: [fixture.tooling] });
  zone.addAlias('vault', TARGET);
  try {
    zone.addAlias(recordName, TARGET);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected addAlias to fail');
}

describe('PrivateDnsZone', () => {
  describe('creates a private zone with minimal props', () => {
    let json: TerraformJson;
    let fqdn: string;
    let zone: PrivateDnsZone;
    beforeAll(() => {
      const fixture = accessFixture(['eu-west-1a']);
      zone = new PrivateDnsZone(fixture.stack, 'zone', { zoneName: 'dev.vault.internal', networks: [fixture.tooling, fixture.application] });
      fqdn = zone.addAlias('vault', TARGET);
      json = synthStack(fixture.stack);
    });

    it('associated with every given VPC through inline vpc blocks, without force_destroy', () => {
      const resource = resourceAt(json, 'aws_route53_zone', 'zone/zone');
      expect(resource).toMatchObject({ name: 'dev.vault.internal', comment: 'Private names of dev.vault.internal', force_destroy: false, tags: { Name: 'dev.vault.internal' } });
      expect(resource.vpc).toHaveLength(2);
      expect(resource.vpc.map((v: { vpc_id: string }) => VPC_ID.exec(v.vpc_id)?.[1])).toEqual(['tooling', 'application']);
      expect(resource.lifecycle).toBeUndefined();
      expect(resourcesOf(json, 'aws_route53_zone_association')).toEqual({});
    });

    it('with an A alias record evaluating the target health', () => {
      expect(fqdn).toBe('vault.dev.vault.internal');
      expect(resourceAt(json, 'aws_route53_record', 'zone/alias-vault')).toMatchObject({
        name: 'vault.dev.vault.internal',
        type: 'A',
        zone_id: expect.stringMatching(/^\$\{aws_route53_zone\.zone_\w+\.zone_id\}$/),
        alias: { name: TARGET.dnsName, zone_id: TARGET.zoneId, evaluate_target_health: true },
      });
    });

    it('exposes the zone name and ID', () => {
      expect(zone.zoneName).toBe('dev.vault.internal');
      expect(zone.zoneId).toMatch(/\$\{TfToken/);
    });
  });

  it('creates the zone from all props', () => {
    const fixture = accessFixture(['eu-west-1a']);
    new PrivateDnsZone(fixture.stack, 'zone', { zoneName: 'a.b', networks: [fixture.application], comment: 'Vault names', forceDestroy: true });
    const resource = resourceAt(synthStack(fixture.stack), 'aws_route53_zone', 'zone/zone');
    expect(resource).toMatchObject({ name: 'a.b', comment: 'Vault names', force_destroy: true });
    expect(resource.vpc.map((v: { vpc_id: string }) => VPC_ID.exec(v.vpc_id)?.[1])).toEqual(['application']);
  });

  describe('fails', () => {
    it.each([['Dev.Vault.Internal'], ['internal'], ['-dev.vault.internal'], ['dev..internal'], ['dev.vault.internal.'], ['10.0.0.1'], [`${'a'.repeat(64)}.internal`]])(
      'when the zone name is %s',
      (zoneName) => {
        expect(zoneFailure(() => ({ zoneName }))).toBe(
          `test/zone: zoneName: expected a lower-case DNS name of at least two labels (e.g. dev.vault.internal): labels of 1-63 letters, digits or "-", no leading or trailing "-", at most 253 characters, got "${zoneName}"`,
        );
      },
    );

    it('when no network is given, reporting every problem together', () => {
      expect(zoneFailure(() => ({ zoneName: 'x', networks: [] }))).toBe(
        'test/zone: zoneName: expected a lower-case DNS name of at least two labels (e.g. dev.vault.internal): labels of 1-63 letters, digits or "-", no leading or trailing "-", at most 253 characters, got "x"; networks: expected at least one VPC to associate, got none',
      );
    });

    it('when a network is given twice', () => {
      expect(zoneFailure((f) => ({ networks: [f.tooling, f.tooling] }))).toBe('test/zone: networks: each VPC may be associated once, got ["test-tooling","test-tooling"]');
    });

    it('when an alias record name is not one DNS label', () => {
      expect(aliasFailure('vault.api')).toBe('test/zone: recordName: expected one lower-case DNS label: 1-63 letters, digits or "-", no leading or trailing "-", got "vault.api"');
    });

    it('when an alias record already exists', () => {
      expect(aliasFailure('vault')).toBe('test/zone: recordName: "vault" already has an alias record in this zone');
    });

    it('when the record name makes the name longer than 253 characters', () => {
      const zoneName = Array.from({ length: 4 }, () => 'z'.repeat(60)).join('.');
      expect(aliasFailure('a'.repeat(10), zoneName)).toBe(`test/zone: recordName: "${'a'.repeat(10)}.${zoneName}" is longer than 253 characters`);
    });
  });
});
