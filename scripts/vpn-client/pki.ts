// @peculiar/x509 resolves its algorithms with tsyringe, which needs the Reflect metadata API: load it first.
import 'reflect-metadata';
import { KeyObject, X509Certificate as NodeX509Certificate, createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { VpnClientError } from './errors';
import { OUTPUT_NAMES, type VpnStackOutputs } from './outputs';

/**
 * Client certificates for AWS Client VPN mutual authentication, issued with @peculiar/x509 on Node's WebCrypto.
 * AWS Client VPN accepts RSA 1024/2048 client keys; we issue RSA 2048 signed with SHA-256.
 */

x509.cryptoProvider.set(webcrypto);

const DAY_MS = 24 * 60 * 60 * 1000;
/** Clients with a slightly slow clock must still accept a certificate issued just now. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const RSA_SIGNING: webcrypto.RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
export const CLIENT_KEY_BITS = 2048;

/** The environment's CA: its certificate and its private key imported for signing only. */
export interface CertificateAuthority {
  readonly certificate: x509.X509Certificate;
  readonly certificatePem: string;
  readonly signingKey: webcrypto.CryptoKey;
}

/** A freshly issued client certificate and its key. `privateKeyPem` is secret: never print or log it. */
export interface ClientCredentials {
  readonly certificatePem: string;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`). */
  readonly privateKeyPem: string;
  /** Hexadecimal serial number, as listed in a CRL (`openssl x509 -serial` prints it in upper case). */
  readonly serialNumber: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Loads and checks the CA from the stack outputs: one X.509 certificate with basic constraints CA:TRUE (and
 * keyCertSign when key usage is present), valid now, with an RSA key matching `vpn-ca-private-key-pem`
 * (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`). Reports every problem at once.
 */
export async function loadCertificateAuthority(outputs: VpnStackOutputs, now: Date): Promise<CertificateAuthority> {
  const certName = OUTPUT_NAMES.caCertificatePem;
  const keyName = OUTPUT_NAMES.caPrivateKeyPem;
  const problems: string[] = [];

  let certificate: x509.X509Certificate | undefined;
  let nodeCertificate: NodeX509Certificate | undefined;
  const certificateCount = outputs.caCertificatePem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (certificateCount !== 1) {
    problems.push(`output "${certName}" must hold exactly one PEM certificate (-----BEGIN CERTIFICATE-----), found ${certificateCount}`);
  } else {
    try {
      certificate = new x509.X509Certificate(outputs.caCertificatePem);
      nodeCertificate = new NodeX509Certificate(outputs.caCertificatePem);
    } catch (error) {
      problems.push(`output "${certName}" is not a valid X.509 certificate (${(error as Error).message})`);
      certificate = undefined;
    }
  }

  if (certificate && nodeCertificate) {
    const subject = certificate.subject;
    const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) {
      problems.push(
        `output "${certName}" (${subject}) is not a CA certificate: basic constraints CA:TRUE is ${constraints ? 'false' : 'missing'}`,
      );
    }
    const usages = certificate.getExtension(x509.KeyUsagesExtension);
    if (usages && (usages.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
      problems.push(`output "${certName}" (${subject}) may not sign certificates: its key usage lacks keyCertSign`);
    }
    if (certificate.notAfter.getTime() <= now.getTime()) {
      problems.push(`output "${certName}" (${subject}) expired on ${certificate.notAfter.toISOString()}; rotate the Client VPN CA`);
    } else if (certificate.notBefore.getTime() > now.getTime()) {
      problems.push(`output "${certName}" (${subject}) is not valid before ${certificate.notBefore.toISOString()}; check the clock`);
    }
    if (nodeCertificate.publicKey.asymmetricKeyType !== 'rsa') {
      problems.push(`output "${certName}" (${subject}) has a ${nodeCertificate.publicKey.asymmetricKeyType} key; expected RSA`);
    }
  }

  // The key is secret: messages describe it, never quote it (nor OpenSSL's messages, which may echo parts of it).
  let privateKey: KeyObject | undefined;
  try {
    privateKey = createPrivateKey({ key: outputs.caPrivateKeyPem, format: 'pem' });
  } catch {
    problems.push(
      `output "${keyName}" is not an unencrypted PEM private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)`,
    );
  }
  if (privateKey && privateKey.asymmetricKeyType !== 'rsa') {
    problems.push(`output "${keyName}" is a ${privateKey.asymmetricKeyType} key; expected RSA`);
  } else if (privateKey && nodeCertificate?.publicKey.asymmetricKeyType === 'rsa') {
    const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const fromCertificate = nodeCertificate.publicKey.export({ type: 'spki', format: 'der' });
    if (!fromKey.equals(fromCertificate)) {
      problems.push(
        `output "${keyName}" does not match the public key of "${certName}" (${certificate?.subject}); both must come from the same apply of the stack`,
      );
    }
  }

  if (problems.length > 0 || !certificate || !privateKey) {
    throw new VpnClientError(problems.map((p) => `${outputs.source}: ${p}`).join('\n'));
  }
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const signingKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, RSA_SIGNING, false, ['sign']);
  return { certificate, certificatePem: certificate.toString('pem'), signingKey };
}

/** What to put in a client certificate. */
export interface ClientCertificateRequest {
  /** Client name: the certificate's common name. */
  readonly name: string;
  /** Validity in days from `now`. */
  readonly days: number;
  readonly now: Date;
}

/**
 * Generates an RSA 2048 key and a certificate for it signed by `ca`: random 128-bit serial, CN=<name>,
 * basicConstraints CA:FALSE, keyUsage digitalSignature+keyEncipherment, extendedKeyUsage clientAuth,
 * subject and authority key identifiers. Fails when the certificate would outlive the CA.
 */
export async function issueClientCertificate(ca: CertificateAuthority, request: ClientCertificateRequest): Promise<ClientCredentials> {
  const { now } = request;
  const notBefore = new Date(Math.max(now.getTime() - CLOCK_SKEW_MS, ca.certificate.notBefore.getTime()));
  const notAfter = new Date(now.getTime() + request.days * DAY_MS);
  if (notAfter.getTime() > ca.certificate.notAfter.getTime()) {
    const maxDays = Math.floor((ca.certificate.notAfter.getTime() - now.getTime()) / DAY_MS);
    const advice = maxDays >= 1 ? `use --days ${maxDays} or less, or rotate the CA` : 'rotate the CA first';
    throw new VpnClientError(
      `--days ${request.days}: the client certificate would expire on ${notAfter.toISOString()}, after the CA certificate ` +
        `(${ca.certificate.subject}, expires ${ca.certificate.notAfter.toISOString()}); ${advice}`,
    );
  }

  const keys = await webcrypto.subtle.generateKey(
    { ...RSA_SIGNING, modulusLength: CLIENT_KEY_BITS, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  // 128 random bits; the top bit cleared keeps the DER INTEGER positive without a leading zero byte.
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;

  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: `CN=${request.name}`,
    issuer: ca.certificate.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: RSA_SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      caKeyId !== undefined
        ? new x509.AuthorityKeyIdentifierExtension(caKeyId)
        : await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
    ],
  });
  if (!(await certificate.verify({ publicKey: ca.certificate.publicKey, date: now }))) {
    throw new VpnClientError('internal error: the issued client certificate does not verify against the CA');
  }

  const privateKeyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem,
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}
