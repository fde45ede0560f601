import 'reflect-metadata';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { normalizeSerial, runVpnCrl } from '../../scripts/vpn-client/crl';
import { VpnClientError } from '../../scripts/vpn-client/errors';
import { runVpnClient } from '../../scripts/vpn-client/run';
import { DAY_MS, ENDPOINT_ID, NOW, type TestCa, createTestCa, makeTempDir, outputValues, terraformOutputJson, writeFile } from './vpn-client-helpers';

function capture(cwd: string, now = NOW) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), cwd, now } };
}

function readCrl(path: string) {
  const pem = readFileSync(path, 'utf8');
  expect(pem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n?$/);
  const crl = new x509.X509Crl(pem);
  const ext = crl.getExtension(id_ce_cRLNumber);
  return { crl, crlNumber: ext ? AsnConvert.parse(ext.value, CRLNumber).value : undefined };
}

describe('vpn:crl', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let dir: string;
  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([createTestCa(), createTestCa({ commonName: 'Other CA' })]);
  }, 60_000);
  beforeEach(() => {
    dir = makeTempDir();
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('revokes an issued profile, then carries it forward when revoking a serial number', async () => {
    const issued = await runVpnClient(['--env', 'dev', '--name', 'alice'], capture(dir).io);
    const first = capture(dir);
    await runVpnCrl(['--env', 'dev', '--initial', '--revoke', 'alice-dev.ovpn'], first.io);

    const { crl, crlNumber } = readCrl(join(dir, 'crl-dev.pem'));
    expect(await crl.verify({ publicKey: ca.certificate.publicKey })).toBe(true);
    expect(crl.issuer).toBe('CN=Test Client VPN CA');
    expect(crlNumber).toBe(1);
    expect(crl.thisUpdate.getTime()).toBe(NOW.getTime());
    expect(crl.nextUpdate?.getTime()).toBe(NOW.getTime() + 180 * DAY_MS);
    expect(crl.entries.map((e) => [e.serialNumber, e.reason])).toEqual([[issued?.serialNumber, x509.X509CrlReason.cessationOfOperation]]);
    const clientCert = new x509.X509Certificate(readFileSync(join(dir, 'alice-dev.ovpn'), 'utf8').split('<cert>\n')[1].split('</cert>')[0]);
    expect(crl.findRevoked(clientCert)).not.toBeNull();
    const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(crl.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caKeyId);
    expect(first.out).toEqual([
      'Wrote crl-dev.pem: CRL number 1 of vpn-dev, 1 revoked certificate(s), 1 new.',
      `nextUpdate ${new Date(NOW.getTime() + 180 * DAY_MS).toISOString()}: import a new CRL before then. Import it (this resets current VPN connections):`,
      `  aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id ${ENDPOINT_ID} --certificate-revocation-list file://crl-dev.pem --region eu-west-1`,
    ]);

    const later = new Date(NOW.getTime() + DAY_MS);
    const second = capture(dir, later);
    const argv = ['--env', 'dev', '--previous', 'crl-dev.pem', '--revoke', 'serial=0A:BC:DE', '--reason', 'key-compromise'];
    await runVpnCrl([...argv, '--revoke', 'alice-dev.ovpn', '--days', '30', '--out', 'crl-2.pem'], second.io);

    const next = readCrl(join(dir, 'crl-2.pem'));
    expect(await next.crl.verify({ publicKey: ca.certificate.publicKey })).toBe(true);
    expect(next.crlNumber).toBe(2);
    expect(next.crl.nextUpdate?.getTime()).toBe(later.getTime() + 30 * DAY_MS);
    expect(next.crl.entries.map((e) => [e.serialNumber, e.reason, e.revocationDate.getTime()])).toEqual([
      [issued?.serialNumber, x509.X509CrlReason.cessationOfOperation, NOW.getTime()],
      ['0abcde', x509.X509CrlReason.keyCompromise, later.getTime()],
    ]);
    expect(second.err).toEqual([`note: alice-dev.ovpn: serial ${issued?.serialNumber} is already revoked`]);
  }, 60_000);

  async function failureOf(argv: string[]): Promise<string> {
    const error = await runVpnCrl(argv, capture(dir).io).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VpnClientError);
    return (error as Error).message;
  }

  it('fails without --previous or --initial, so no earlier revocation is dropped by accident', async () => {
    expect(await failureOf(['--env', 'dev', '--revoke', '0abc'])).toBe(
      '--previous <crl.pem> is required so that earlier revocations are kept (or --initial when the endpoint has no CRL yet)\nRun with --help for usage.',
    );
  });

  it('reports every bad option together', async () => {
    expect(await failureOf(['--env', 'qa', '--initial', '--revoke', 'alice', '--reason', 'bored', '--days', '400'])).toBe(
      [
        '--env: unknown environment "qa"; expected one of dev, staging, prod',
        '--reason: expected one of key-compromise, affiliation-changed, superseded, cessation-of-operation, got "bored"',
        '--days: expected a whole number of days from 1 to 365, got "400"',
        '--revoke: "alice" is neither a hexadecimal serial number nor a .ovpn profile',
        'Run with --help for usage.',
      ].join('\n'),
    );
  });

  it('fails when the previous CRL is missing', async () => {
    expect(await failureOf(['--env', 'dev', '--previous', 'current.pem'])).toBe(
      "current.pem: no such file; export the current CRL with 'aws ec2 export-client-vpn-client-certificate-revocation-list' (see docs/vpn-clients.md)",
    );
  });

  it('fails when the previous CRL was signed by another CA', async () => {
    writeFile(dir, 'other-outputs.json', terraformOutputJson(outputValues(otherCa)));
    await runVpnCrl(['--env', 'dev', '--initial', '--outputs', 'other-outputs.json', '--out', 'other.pem', '--revoke', '01'], capture(dir).io);
    expect(await failureOf(['--env', 'dev', '--previous', 'other.pem'])).toBe(
      'other.pem: not signed by the Client VPN CA of vpn-dev (CN=Test Client VPN CA); is it the CRL of another environment?',
    );
  }, 60_000);

  it('fails when a profile to revoke was issued by another CA', async () => {
    writeFile(dir, 'other-outputs.json', terraformOutputJson(outputValues(otherCa)));
    await runVpnClient(['--env', 'dev', '--name', 'mallory', '--outputs', 'other-outputs.json'], capture(dir).io);
    expect(await failureOf(['--env', 'dev', '--initial', '--revoke', 'mallory-dev.ovpn'])).toBe(
      'mallory-dev.ovpn: its certificate (CN=mallory) was not issued by the Client VPN CA of vpn-dev',
    );
  }, 60_000);

  it('refuses to overwrite an existing CRL file', async () => {
    writeFile(dir, 'crl-dev.pem', 'old\n');
    expect(await failureOf(['--env', 'dev', '--initial', '--revoke', '01'])).toMatch(/^crl-dev\.pem already exists; refusing to overwrite it\./);
  });

  it.each([
    ['15FA63A4DFACBC9732933164D45EC522', '15fa63a4dfacbc9732933164d45ec522'],
    ['serial=0A:BC:DE', '0abcde'],
    ['abcde', '0abcde'],
    ['00:80', '80'],
    ['0001', '01'],
    ['xyz', undefined],
    ['', undefined],
  ])('normalizes the serial %j to %j', (input, expected) => {
    expect(normalizeSerial(input)).toBe(expected);
  });
});
