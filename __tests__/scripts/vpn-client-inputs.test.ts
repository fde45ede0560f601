import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { parseVpnClientArgs } from '../../scripts/vpn-client/args';
import { VpnClientError } from '../../scripts/vpn-client/errors';
import { parseProfile } from '../../scripts/vpn-client/profile';
import { runVpnClient } from '../../scripts/vpn-client/run';
import { writePrivateFile } from '../../scripts/vpn-client/write';
import {
  DAY_MS,
  DNS_NAME,
  ENDPOINT_ID,
  NOW,
  type OutputValues,
  type TestCa,
  cdktfOutputsFile,
  createTestCa,
  makeTempDir,
  outputValues,
  terraformOutputJson,
  writeFile,
} from './vpn-client-helpers';

const CDKTF_HINT = (file: string, env = 'dev') =>
  `run 'cdktf output vpn-${env} --outputs-file ${file} --outputs-file-include-sensitive-outputs'`;
const TERRAFORM_HINT = "run 'terraform output -json > outputs.json' in the vpn-dev workspace (cdktf.out/stacks/vpn-dev)";

describe('vpn:client input validation', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let dir: string;
  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([createTestCa(), createTestCa({ commonName: 'Other CA' })]);
  }, 60_000);
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `--env dev --name alice --outputs outputs.json` on `content` and returns the error message. */
  async function failureOf(content: string, extraArgs: string[] = [], now = NOW): Promise<string> {
    writeFile(dir, 'outputs.json', content);
    const io = { out: () => {}, err: () => {}, cwd: dir, now };
    const error = await runVpnClient(['--env', 'dev', '--name', 'alice', '--outputs', 'outputs.json', ...extraArgs], io).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VpnClientError);
    expect(readdirSync(dir)).toEqual(['outputs.json']); // no profile, not even a partial one
    return (error as Error).message;
  }
  const terraform = (overrides: OutputValues) => terraformOutputJson(outputValues(ca, overrides));

  describe('outputs file', () => {
    it('fails when the file does not exist', async () => {
      const io = { out: () => {}, err: () => {}, cwd: dir, now: NOW };
      await expect(runVpnClient(['--env', 'dev', '--name', 'alice'], io)).rejects.toThrow(
        `vpn-outputs.dev.json: no such file; export the stack outputs first: ${CDKTF_HINT('vpn-outputs.dev.json')}`,
      );
    });

    it('fails when the file is not JSON', async () => {
      let parseError = '';
      try {
        JSON.parse('{"vpn-endpoint-id": ');
      } catch (e) {
        parseError = (e as Error).message;
      }
      expect(parseError).not.toBe('');
      expect(await failureOf('{"vpn-endpoint-id": ')).toBe(`outputs.json: not valid JSON (${parseError}); ${CDKTF_HINT('outputs.json')}`);
    });

    it('fails when the JSON is not an object', async () => {
      expect(await failureOf('[]')).toBe(`outputs.json: expected a JSON object of stack outputs, got an array; ${CDKTF_HINT('outputs.json')}`);
    });

    it('fails when a cdktf outputs file lacks the stack of the environment', async () => {
      const content = cdktfOutputsFile({ 'vpn-prod': outputValues(ca), 'network-dev': { 'vpc-id': 'vpc-1' } });
      expect(await failureOf(content)).toBe(
        'outputs.json: stack "vpn-dev" not found (it has stack(s) vpn-prod, network-dev); ' +
          `expected the output of 'terraform output -json' or 'cdktf output --outputs-file' for vpn-dev; ${CDKTF_HINT('outputs.json')}`,
      );
    });

    it('says where the VPN went when the file holds the outputs of vault-access, its stack before issue 9', async () => {
      const content = cdktfOutputsFile({ 'vault-access-dev': outputValues(ca) });
      expect(await failureOf(content)).toBe(
        'outputs.json: stack "vpn-dev" not found (it has stack(s) vault-access-dev); the VPN outputs moved from vault-access-dev to vpn-dev (docs/vault-access.md); ' +
          `expected the output of 'terraform output -json' or 'cdktf output --outputs-file' for vpn-dev; ${CDKTF_HINT('outputs.json')}`,
      );
    });

    it('fails when the file has no stacks and no outputs', async () => {
      expect(await failureOf('{}')).toBe(
        'outputs.json: stack "vpn-dev" not found (it has no stack entries); ' +
          `expected the output of 'terraform output -json' or 'cdktf output --outputs-file' for vpn-dev; ${CDKTF_HINT('outputs.json')}`,
      );
    });

    it('fails when cdktf left out the sensitive CA key, naming the flag that includes it', async () => {
      const content = cdktfOutputsFile({ 'vpn-dev': outputValues(ca, { 'vpn-ca-private-key-pem': undefined }) });
      expect(await failureOf(content)).toBe(
        "outputs.json: output \"vpn-ca-private-key-pem\" is missing; run 'cdktf output vpn-dev --outputs-file outputs.json --outputs-file-include-sensitive-outputs'",
      );
    });

    it('fails when terraform output -json lacks an output, naming the terraform command', async () => {
      expect(await failureOf(terraform({ 'vpn-endpoint-dns-name': undefined }))).toBe(
        `outputs.json: output "vpn-endpoint-dns-name" is missing; ${TERRAFORM_HINT}`,
      );
    });

    it('reports every malformed output of the file together', async () => {
      expect(await failureOf(terraform({ 'vpn-endpoint-id': 42, 'vpn-endpoint-dns-name': 'vpn.example.com', 'vpn-ca-certificate-pem': '' }))).toBe(
        [
          'outputs.json: output "vpn-endpoint-id" must be a non-empty string, got a number',
          'outputs.json: output "vpn-ca-certificate-pem" must be a non-empty string, got an empty string',
          'outputs.json: output "vpn-endpoint-dns-name" is not a Client VPN endpoint DNS name: got "vpn.example.com"; expected *.cvpn-endpoint-<hex>.prod.clientvpn.<region>.amazonaws.com',
        ].join('\n'),
      );
    });

    it('fails when the endpoint ID is malformed', async () => {
      expect(await failureOf(terraform({ 'vpn-endpoint-id': 'vpn-123' }))).toBe(
        'outputs.json: output "vpn-endpoint-id" is not a Client VPN endpoint ID: got "vpn-123"; expected cvpn-endpoint-<hex>',
      );
    });

    it('fails when the DNS name belongs to another endpoint', async () => {
      const dnsName = '*.cvpn-endpoint-0fedcba9876543210.prod.clientvpn.eu-west-1.amazonaws.com';
      expect(await failureOf(terraform({ 'vpn-endpoint-dns-name': dnsName }))).toBe(
        `outputs.json: output "vpn-endpoint-dns-name" (${dnsName}) belongs to endpoint cvpn-endpoint-0fedcba9876543210, not to "vpn-endpoint-id" ${ENDPOINT_ID}; the file mixes two stacks`,
      );
    });

    it('fails when the endpoint is in another region than the environment', async () => {
      const dnsName = DNS_NAME.replace('eu-west-1', 'us-east-1');
      expect(await failureOf(terraform({ 'vpn-endpoint-dns-name': dnsName }))).toBe(
        'outputs.json: output "vpn-endpoint-dns-name" is in region us-east-1, but environment dev deploys to eu-west-1; is this the outputs file of another environment?',
      );
    });

    it('fails when one output appears twice with different values', async () => {
      const stack = { ...outputValues(ca), nested: { vpn_endpoint_id: 'cvpn-endpoint-0fedcba9876543210' } };
      expect(await failureOf(JSON.stringify({ 'vpn-dev': stack }))).toBe(
        'outputs.json: output "vpn-endpoint-id" appears 2 times with different values; expected one',
      );
    });

    it('fails when the CA outputs are not PEM, without echoing them', async () => {
      const message = await failureOf(terraform({ 'vpn-ca-certificate-pem': 'MIIB...', 'vpn-ca-private-key-pem': 'secret-key-bytes' }));
      expect(message).toBe(
        [
          'outputs.json: output "vpn-ca-certificate-pem" is not PEM: expected text starting with -----BEGIN ...-----',
          'outputs.json: output "vpn-ca-private-key-pem" is not PEM: expected text starting with -----BEGIN ...-----',
        ].join('\n'),
      );
    });
  });

  describe('certificate authority', () => {
    it('fails when the CA key does not match the CA certificate, without printing the key', async () => {
      const message = await failureOf(terraform({ 'vpn-ca-private-key-pem': otherCa.keyPkcs1Pem }));
      expect(message).toBe(
        'outputs.json: output "vpn-ca-private-key-pem" does not match the public key of "vpn-ca-certificate-pem" (CN=Test Client VPN CA); both must come from the same apply of the stack',
      );
    });

    it('fails when the CA key is not a readable private key, without quoting it', async () => {
      const garbage = '-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----\n';
      const message = await failureOf(terraform({ 'vpn-ca-private-key-pem': garbage }));
      expect(message).toBe(
        'outputs.json: output "vpn-ca-private-key-pem" is not an unencrypted PEM private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)',
      );
    });

    it('fails when the certificate is not a CA (basic constraints CA:FALSE)', async () => {
      const leaf = await createTestCa({ commonName: 'leaf', ca: false });
      const values = { 'vpn-ca-certificate-pem': leaf.certificatePem, 'vpn-ca-private-key-pem': leaf.keyPkcs8Pem };
      expect(await failureOf(terraform(values))).toBe(
        'outputs.json: output "vpn-ca-certificate-pem" (CN=leaf) is not a CA certificate: basic constraints CA:TRUE is false',
      );
    }, 60_000);

    it('fails when the certificate has no basic constraints and may not sign certificates', async () => {
      const plain = await createTestCa({ commonName: 'plain', ca: undefined, keyUsage: x509.KeyUsageFlags.digitalSignature });
      const values = { 'vpn-ca-certificate-pem': plain.certificatePem, 'vpn-ca-private-key-pem': plain.keyPkcs1Pem };
      expect(await failureOf(terraform(values))).toBe(
        [
          'outputs.json: output "vpn-ca-certificate-pem" (CN=plain) is not a CA certificate: basic constraints CA:TRUE is missing',
          'outputs.json: output "vpn-ca-certificate-pem" (CN=plain) may not sign certificates: its key usage lacks keyCertSign',
        ].join('\n'),
      );
    }, 60_000);

    it('fails when the output holds more than one certificate', async () => {
      const bundle = ca.certificatePem + otherCa.certificatePem;
      expect(await failureOf(terraform({ 'vpn-ca-certificate-pem': bundle }))).toBe(
        'outputs.json: output "vpn-ca-certificate-pem" must hold exactly one PEM certificate (-----BEGIN CERTIFICATE-----), found 2',
      );
    });

    it('fails when the CA certificate has expired', async () => {
      const later = new Date(ca.certificate.notAfter.getTime() + DAY_MS);
      expect(await failureOf(terraform({}), [], later)).toBe(
        `outputs.json: output "vpn-ca-certificate-pem" (CN=Test Client VPN CA) expired on ${ca.certificate.notAfter.toISOString()}; rotate the Client VPN CA`,
      );
    });

    it('fails when the client certificate would outlive the CA, saying how many days are possible', async () => {
      const shortCa = await createTestCa({ commonName: 'Short CA', notAfter: new Date(NOW.getTime() + 100.5 * DAY_MS) });
      const values = { 'vpn-ca-certificate-pem': shortCa.certificatePem, 'vpn-ca-private-key-pem': shortCa.keyPkcs1Pem };
      const expires = new Date(NOW.getTime() + 365 * DAY_MS).toISOString();
      expect(await failureOf(terraform(values))).toBe(
        `--days 365: the client certificate would expire on ${expires}, after the CA certificate (CN=Short CA, expires ${shortCa.certificate.notAfter.toISOString()}); use --days 100 or less, or rotate the CA`,
      );
    }, 60_000);
  });

  describe('command-line options', () => {
    const HELP = 'Run with --help for usage.';
    const failure = (argv: string[]) => {
      try {
        parseVpnClientArgs(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(VpnClientError);
        return (error as Error).message;
      }
      throw new Error(`expected ${argv.join(' ')} to fail`);
    };

    it('applies the documented defaults', () => {
      expect(parseVpnClientArgs(['--env', 'prod', '--name', 'alice'])).toEqual({
        help: false,
        environment: 'prod',
        region: 'eu-west-1',
        name: 'alice',
        outputsFile: 'vpn-outputs.prod.json',
        outFile: 'alice-prod.ovpn',
        days: 365,
        transport: 'udp',
        port: 443,
      });
    });

    it('fails when --env and --name are missing, reporting both', () => {
      expect(failure([])).toBe(
        ['--env is required: one of dev, staging, prod', '--name is required: the client name, e.g. --name alice', HELP].join('\n'),
      );
    });

    it('fails on an unknown environment', () => {
      expect(failure(['--env', 'qa', '--name', 'alice'])).toBe(
        `--env: unknown environment "qa"; expected one of dev, staging, prod\n${HELP}`,
      );
    });

    it.each(['Alice', 'a', 'alice/../x', 'alice-', `a${'b'.repeat(63)}`, 'al ice'])('fails on the client name %j', (name) => {
      expect(failure(['--env', 'dev', '--name', name])).toBe(
        `--name: invalid client name ${JSON.stringify(name)}; expected 2-63 lower-case letters, digits, '.' or '-', starting with a letter and ending with a letter or digit\n${HELP}`,
      );
    });

    it.each(['0', '826', '1.5', 'ten', '-1'])('fails on --days %s', (days) => {
      expect(failure(['--env', 'dev', '--name', 'alice', `--days=${days}`])).toBe(
        `--days: expected a whole number of days from 1 to 825, got ${JSON.stringify(days)}\n${HELP}`,
      );
    });

    it('fails on an unsupported transport and port, reporting both', () => {
      expect(failure(['--env', 'dev', '--name', 'alice', '--transport', 'quic', '--port', '8443'])).toBe(
        [
          '--transport: expected udp or tcp (the endpoint\'s transport protocol), got "quic"',
          '--port: expected 443 or 1194 (the endpoint\'s VPN port), got "8443"',
          HELP,
        ].join('\n'),
      );
    });

    it('fails on an empty --out', () => {
      expect(failure(['--env', 'dev', '--name', 'alice', '--out', ''])).toBe(`--out: expected a file path, got an empty string\n${HELP}`);
    });

    it('fails on an unknown option', () => {
      expect(failure(['--env', 'dev', '--name', 'alice', '--force'])).toMatch(/^Unknown option '--force'.*\nRun with --help for usage\.$/s);
    });
  });

  describe('profile files', () => {
    it('writePrivateFile never replaces a file that appears after the early check', () => {
      const path = writeFile(dir, 'race.ovpn', 'first\n');
      expect(() => writePrivateFile(path, 'second\n', 'race.ovpn')).toThrow('race.ovpn already exists; refusing to overwrite it.');
      expect(readFileSync(path, 'utf8')).toBe('first\n');
    });

    it('parseProfile fails on a profile without inline credentials', () => {
      expect(() => parseProfile('client\n<ca>\nX\n</ca>\n', 'old.ovpn')).toThrow(
        'old.ovpn: not a client profile with inline credentials: missing <cert>, <key>',
      );
      expect(existsSync(join(dir, 'old.ovpn'))).toBe(false);
    });
  });
});
