import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** Test-only PKI for vpn:client: a locally generated CA, like the one the vpn stack creates. */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Certificate times have one-second precision. */
export const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
export const ENDPOINT_ID = 'cvpn-endpoint-0123456789abcdef0';
export const DNS_NAME = `*.${ENDPOINT_ID}.prod.clientvpn.eu-west-1.amazonaws.com`;

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

export interface TestCa {
  readonly certificate: x509.X509Certificate;
  readonly certificatePem: string;
  /** PKCS#1 (`BEGIN RSA PRIVATE KEY`), as `tls_private_key.private_key_pem`. */
  readonly keyPkcs1Pem: string;
  /** PKCS#8 (`BEGIN PRIVATE KEY`), as `tls_private_key.private_key_pem_pkcs8`. */
  readonly keyPkcs8Pem: string;
}

export interface TestCaOptions {
  /** @default 'Test Client VPN CA' */
  readonly commonName?: string;
  /** Basic constraints CA flag; `undefined` leaves the extension out. @default true */
  readonly ca?: boolean | undefined;
  /** @default keyCertSign | cRLSign */
  readonly keyUsage?: x509.KeyUsageFlags;
  /** Adds a subject key identifier (the Terraform TLS provider leaves it out unless `set_subject_key_id`). @default true */
  readonly subjectKeyId?: boolean;
  /** @default NOW - 1 day */
  readonly notBefore?: Date;
  /** @default NOW + 3650 days */
  readonly notAfter?: Date;
}

/** A self-signed RSA 2048 certificate (a CA unless told otherwise) and its key in both PEM encodings. */
export async function createTestCa(options: TestCaOptions = {}): Promise<TestCa> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ca = 'ca' in options ? options.ca : true;
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(options.keyUsage ?? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ];
  if (options.subjectKeyId ?? true) extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  if (ca !== undefined) extensions.push(new x509.BasicConstraintsExtension(ca, undefined, true));
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${options.commonName ?? 'Test Client VPN CA'}`,
    keys,
    notBefore: options.notBefore ?? new Date(NOW.getTime() - DAY_MS),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 3650 * DAY_MS),
    signingAlgorithm: RSA,
    extensions,
  });
  const key = KeyObject.from(keys.privateKey);
  return {
    certificate,
    certificatePem: certificate.toString('pem'),
    keyPkcs1Pem: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    keyPkcs8Pem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Output values of the vpn stack, by Terraform output name. */
export type OutputValues = Record<string, unknown>;

export function outputValues(ca: TestCa, overrides: OutputValues = {}): OutputValues {
  const values: OutputValues = {
    'vpn-endpoint-id': ENDPOINT_ID,
    'vpn-endpoint-dns-name': DNS_NAME,
    'vpn-ca-certificate-pem': ca.certificatePem,
    'vpn-ca-private-key-pem': ca.keyPkcs1Pem,
    'vault-address': 'https://vault.dev.internal:8200',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** `terraform output -json` of the values. */
export function terraformOutputJson(values: OutputValues): string {
  const entries = Object.entries(values).map(([name, value]) => [
    name,
    { sensitive: name === 'vpn-ca-private-key-pem', type: 'string', value },
  ]);
  return JSON.stringify(Object.fromEntries(entries), null, 2);
}

const camel = (name: string) => name.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (name: string) => name.replace(/-/g, '_');

/** `cdktf output --outputs-file` of several stacks, keys spelled as cdktf writes them (camelCase) unless told. */
export function cdktfOutputsFile(stacks: Record<string, OutputValues>, spelling: 'camel' | 'snake' | 'kebab' = 'camel'): string {
  const spell = spelling === 'camel' ? camel : spelling === 'snake' ? snake : (name: string) => name;
  const entries = Object.entries(stacks).map(([stack, values]) => [
    stack,
    Object.fromEntries(Object.entries(values).map(([name, value]) => [spell(name), value])),
  ]);
  return JSON.stringify(Object.fromEntries(entries), null, 2);
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vpn-client-'));
}

/** Writes `content` to `dir/name` with `mode` and returns the path. */
export function writeFile(dir: string, name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}
