import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { X509Certificate as NodeX509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { parseProfile } from '../../scripts/vpn-client/profile';
import { runVpnClient } from '../../scripts/vpn-client/run';
import { withChildSlot } from '../child-slot';
import {
  DAY_MS,
  ENDPOINT_ID,
  NOW,
  type TestCa,
  cdktfOutputsFile,
  createTestCa,
  makeTempDir,
  outputValues,
  terraformOutputJson,
  writeFile,
} from './vpn-client-helpers';

const ROOT = join(__dirname, '..', '..');
const ENDPOINT_HOST = `${ENDPOINT_ID}.prod.clientvpn.eu-west-1.amazonaws.com`;

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line), cwd, now: NOW } };
}

/** Checks that the profile's certificate chains to `ca` with the key in the profile; returns the parsed pieces. */
async function expectVerifiedProfile(file: string, ca: TestCa) {
  const profile = parseProfile(readFileSync(file, 'utf8'), file);
  const certificate = new x509.X509Certificate(profile.cert);
  const nodeCertificate = new NodeX509Certificate(profile.cert);
  const nodeCa = new NodeX509Certificate(ca.certificatePem);
  const key = createPrivateKey(profile.key);

  // Two independent implementations: @peculiar/x509 on WebCrypto, and Node's OpenSSL-backed X509Certificate.
  expect(await certificate.verify({ publicKey: ca.certificate.publicKey, date: NOW })).toBe(true);
  expect(nodeCertificate.checkIssued(nodeCa)).toBe(true);
  expect(nodeCertificate.verify(nodeCa.publicKey)).toBe(true);
  expect(nodeCertificate.checkPrivateKey(key)).toBe(true);
  expect(new NodeX509Certificate(profile.ca).fingerprint256).toBe(nodeCa.fingerprint256);
  return { profile, certificate, nodeCertificate, key };
}

describe('vpn:client', () => {
  let ca: TestCa;
  let dir: string;
  beforeAll(async () => {
    ca = await createTestCa();
  }, 60_000);
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a profile whose certificate verifies against the CA, from terraform output -json with a PKCS#1 CA key', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
    const { io, out, err } = capture(dir);

    const issued = await runVpnClient(['--env', 'dev', '--name', 'alice'], io);

    const file = join(dir, 'alice-dev.ovpn');
    expect(issued?.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { profile, certificate, nodeCertificate, key } = await expectVerifiedProfile(file, ca);

    expect(profile.options).toEqual([
      ['client'],
      ['dev', 'tun'],
      ['proto', 'udp'],
      ['remote', expect.stringMatching(new RegExp(`^[0-9a-f]{8}\\.${ENDPOINT_HOST.replace(/\./g, '\\.')}$`)), '443'],
      ['remote-random-hostname'],
      ['resolv-retry', 'infinite'],
      ['nobind'],
      ['remote-cert-tls', 'server'],
      ['cipher', 'AES-256-GCM'],
      ['verb', '3'],
      ['reneg-sec', '0'],
    ]);
    expect(profile.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);

    expect(certificate.subject).toBe('CN=alice');
    expect(certificate.issuer).toBe('CN=Test Client VPN CA');
    expect(certificate.serialNumber).toMatch(/^[0-9a-f]{32}$/);
    expect(certificate.serialNumber).toBe(issued?.serialNumber);
    expect(certificate.notBefore.getTime()).toBe(NOW.getTime() - 5 * 60 * 1000);
    expect(certificate.notAfter.getTime()).toBe(NOW.getTime() + 365 * DAY_MS);
    expect(certificate.signatureAlgorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });
    expect(certificate.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true });
    expect(certificate.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    );
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(nodeCertificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caKeyId);
    const ownKeyId = (await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey)).keyId;
    expect(certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toBe(ownKeyId);

    expect(out).toEqual([
      'Wrote alice-dev.ovpn (mode 0600) for client alice in dev:',
      `  certificate CN=alice, serial ${certificate.serialNumber}, valid until ${certificate.notAfter.toISOString()}`,
      `  endpoint ${ENDPOINT_ID} (udp/443, eu-west-1)`,
      'The profile holds the client private key: hand it over through a secure channel and delete other copies.',
      'Record the serial to revoke it later (docs/vpn-clients.md). vpn-outputs.dev.json holds the CA private key: delete it when done.',
    ]);
    expect(err).toEqual([]);
    expect(readFileSync(file, 'utf8')).toContain(`# Client certificate serial ${certificate.serialNumber}, valid until`);
  }, 60_000);

  it('reads cdktf output --outputs-file with camelCased keys and a PKCS#8 CA key, and honours every option', async () => {
    const other = outputValues(ca, { 'vpn-endpoint-id': 'cvpn-endpoint-fedcba9876543210f', 'vpn-endpoint-dns-name': 'nonsense' });
    const content = cdktfOutputsFile({
      'network-staging': { 'vpc-id': 'vpc-0123' },
      'vpn-prod': other,
      'vpn-staging': outputValues(ca, { 'vpn-ca-private-key-pem': ca.keyPkcs8Pem }),
    });
    expect(content).toContain('"vpnEndpointDnsName"');
    writeFile(dir, 'outputs.json', content);
    const { io } = capture(dir);

    const argv = ['--env', 'staging', '--name', 'ci.bot-2', '--outputs', 'outputs.json', '--out', 'bot.ovpn'];
    await runVpnClient([...argv, '--days', '30', '--transport', 'tcp', '--port', '1194'], io);

    const { profile, certificate } = await expectVerifiedProfile(join(dir, 'bot.ovpn'), ca);
    expect(profile.options).toContainEqual(['proto', 'tcp']);
    expect(profile.options).toContainEqual(['remote', expect.stringMatching(new RegExp(`\\.${ENDPOINT_ID}\\.`)), '1194']);
    expect(certificate.subject).toBe('CN=ci.bot-2');
    expect(certificate.notAfter.getTime()).toBe(NOW.getTime() + 30 * DAY_MS);
    expect(statSync(join(dir, 'bot.ovpn')).mode & 0o777).toBe(0o600);
  }, 60_000);

  it.each(['snake', 'kebab'] as const)('accepts %s-case output names in a cdktf outputs file', async (spelling) => {
    writeFile(dir, 'vpn-outputs.prod.json', cdktfOutputsFile({ 'vpn-prod': outputValues(ca) }, spelling));
    await runVpnClient(['--env', 'prod', '--name', 'bob'], capture(dir).io);
    await expectVerifiedProfile(join(dir, 'bob-prod.ovpn'), ca);
  }, 60_000);

  it('finds outputs that cdktf nests under a construct id', async () => {
    const nested = JSON.parse(cdktfOutputsFile({ vpn: outputValues(ca) })) as Record<string, unknown>;
    writeFile(dir, 'vpn-outputs.dev.json', JSON.stringify({ 'vpn-dev': nested }));
    await runVpnClient(['--env', 'dev', '--name', 'carol'], capture(dir).io);
    await expectVerifiedProfile(join(dir, 'carol-dev.ovpn'), ca);
  }, 60_000);

  it('issues from a CA without subject key identifier, as the Terraform TLS provider creates by default', async () => {
    const tlsProviderCa = await createTestCa({ commonName: 'TLS provider CA', subjectKeyId: false });
    expect(tlsProviderCa.certificate.getExtension(x509.SubjectKeyIdentifierExtension)).toBeNull();
    const values = { 'vpn-ca-certificate-pem': tlsProviderCa.certificatePem, 'vpn-ca-private-key-pem': tlsProviderCa.keyPkcs1Pem };
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca, values)));
    await runVpnClient(['--env', 'dev', '--name', 'frank'], capture(dir).io);
    const { certificate } = await expectVerifiedProfile(join(dir, 'frank-dev.ovpn'), tlsProviderCa);
    const caKeyId = (await x509.SubjectKeyIdentifierExtension.create(tlsProviderCa.certificate.publicKey)).keyId;
    expect(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caKeyId);
  }, 60_000);

  it('gives every profile a new key and serial', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
    const first = await runVpnClient(['--env', 'dev', '--name', 'dave', '--out', 'one.ovpn'], capture(dir).io);
    const second = await runVpnClient(['--env', 'dev', '--name', 'dave', '--out', 'two.ovpn'], capture(dir).io);
    expect(first?.serialNumber).not.toBe(second?.serialNumber);
    const keyOf = (name: string) => parseProfile(readFileSync(join(dir, name), 'utf8'), name).key;
    expect(keyOf('one.ovpn')).not.toBe(keyOf('two.ovpn'));
  }, 60_000);

  it('refuses to overwrite an existing profile and leaves it untouched', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
    writeFile(dir, 'alice-dev.ovpn', 'the old profile\n', 0o600);

    await expect(runVpnClient(['--env', 'dev', '--name', 'alice'], capture(dir).io)).rejects.toThrow(
      'alice-dev.ovpn already exists; refusing to overwrite it. Choose another --out, or delete the old profile (and revoke its certificate if nobody uses it any more)',
    );
    expect(readFileSync(join(dir, 'alice-dev.ovpn'), 'utf8')).toBe('the old profile\n');
  }, 60_000);

  it('fails when the output directory does not exist', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
    await expect(runVpnClient(['--env', 'dev', '--name', 'alice', '--out', 'nope/alice.ovpn'], capture(dir).io)).rejects.toThrow(
      'nope/alice.ovpn: directory nope does not exist',
    );
  }, 60_000);

  it('warns when the outputs file, which holds the CA key, is readable by others', async () => {
    writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)), 0o644);
    const { io, err } = capture(dir);
    await runVpnClient(['--env', 'dev', '--name', 'alice'], io);
    expect(err).toEqual([
      "warning: vpn-outputs.dev.json is readable by other users (mode 0644) and holds the CA private key; run 'chmod 600 vpn-outputs.dev.json' and delete it when done",
    ]);
  }, 60_000);

  it('prints the usage for --help and writes nothing', async () => {
    const { io, out } = capture(dir);
    expect(await runVpnClient(['--help'], io)).toBeUndefined();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^Usage: npm run vpn:client -- --env <environment> --name <client> \[options\]\n/);
    expect(out[0]).toContain('--days <n>            certificate validity in days, 1-825 (default: 365)');
  });

  describe('command line (node scripts/run-ts.cjs scripts/vpn-client.ts, as npm run vpn:client runs it)', () => {
    const run = (args: string[], cwd: string) =>
      withChildSlot(() =>
        spawnSync(process.execPath, ['scripts/run-ts.cjs', 'scripts/vpn-client.ts', ...args], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, INIT_CWD: cwd },
          encoding: 'utf8',
        }),
      );

    it('writes a verified profile relative to the directory npm was started in, printing no key material', async () => {
      writeFile(dir, 'vpn-outputs.dev.json', terraformOutputJson(outputValues(ca)));
      const result = run(['--env', 'dev', '--name', 'erin'], dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Wrote erin-dev\.ovpn \(mode 0600\) for client erin in dev:\n/);
      expect(result.stdout).not.toMatch(/BEGIN|PRIVATE KEY/);
      expect(statSync(join(dir, 'erin-dev.ovpn')).mode & 0o777).toBe(0o600);
      await expectVerifiedProfile(join(dir, 'erin-dev.ovpn'), ca);
    }, 60_000);

    it('exits 1 with the reason on stderr and nothing on stdout', () => {
      const result = run(['--env', 'dev', '--name', 'erin', '--outputs', 'missing.json'], dir);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        "missing.json: no such file; export the stack outputs first: run 'cdktf output vpn-dev --outputs-file missing.json --outputs-file-include-sensitive-outputs'\n",
      );
    }, 60_000);
  });
});
