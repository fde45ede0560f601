// @peculiar/x509 needs the Reflect metadata API before it loads (see pki.ts).
import 'reflect-metadata';
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { KNOWN_ENVIRONMENTS, parseCliArgs } from './args';
import { VpnClientError } from './errors';
import { readVpnOutputs, stackNameFor } from './outputs';
import { type CertificateAuthority, loadCertificateAuthority } from './pki';
import { parseProfile } from './profile';
import { assertAbsent, writePrivateFile } from './write';

/**
 * `npm run vpn:crl`: a certificate revocation list for the environment's Client VPN CA. The CRL currently imported
 * on the endpoint (`--previous`, exported with the AWS CLI) is carried forward, so no earlier revocation is lost.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CRL_DAYS = 180;
export const MAX_CRL_DAYS = 365;
/** AWS Client VPN accepts at most this many entries in a client CRL. */
export const MAX_CRL_ENTRIES = 20_000;

/**
 * Revocation reasons. Every new entry carries one: RFC 5280 discourages `unspecified`, and an entry without any
 * extension would be written with an empty extension list.
 */
export const REASONS = {
  'key-compromise': x509.X509CrlReason.keyCompromise,
  'affiliation-changed': x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  'cessation-of-operation': x509.X509CrlReason.cessationOfOperation,
} as const;
type Reason = keyof typeof REASONS;
const DEFAULT_REASON: Reason = 'cessation-of-operation';

export const CRL_USAGE = `Usage: npm run vpn:crl -- --env <environment> (--previous <crl.pem> | --initial) [--revoke <serial|profile.ovpn>]... [options]

Writes a CRL signed by the environment's Client VPN CA: the entries of --previous plus the certificates to revoke.

Options:
  --env <name>          environment: ${KNOWN_ENVIRONMENTS.map((e) => e.name).join(', ')} (required)
  --previous <file>     the CRL imported on the endpoint now ('aws ec2 export-client-vpn-client-certificate-revocation-list');
                        its entries are kept
  --initial             there is no CRL on the endpoint yet (instead of --previous)
  --revoke <target>     hexadecimal serial number (as printed by vpn:client or 'openssl x509 -serial') or a .ovpn
                        profile issued by vpn:client; repeat for several
  --reason <reason>     ${Object.keys(REASONS).join(', ')} (default: ${DEFAULT_REASON})
  --days <n>            days until the CRL's nextUpdate, 1-${MAX_CRL_DAYS}; re-import a new CRL before then (default: ${DEFAULT_CRL_DAYS})
  --outputs <file>      outputs of the vpn-<env> stack (default: vpn-outputs.<env>.json)
  --out <file>          CRL to write; never overwritten (default: crl-<env>.pem)
  --help                show this help`;

/** Where `vpn:crl` reads and writes; injectable for tests. */
export interface VpnCrlIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** @default - INIT_CWD, else the current directory */
  readonly cwd?: string;
  /** @default - the current time */
  readonly now?: Date;
}

export interface WrittenCrl {
  readonly file: string;
  readonly crlNumber: number;
  /** Serial numbers listed, lower-case hex. */
  readonly serialNumbers: readonly string[];
  readonly nextUpdate: Date;
}

/** Runs `vpn:crl`; returns undefined after `--help`; throws `VpnClientError` on bad input. */
export async function runVpnCrl(argv: readonly string[], io: VpnCrlIo): Promise<WrittenCrl | undefined> {
  const values = parseCliArgs(argv, {
    env: { type: 'string' },
    previous: { type: 'string' },
    initial: { type: 'boolean' },
    revoke: { type: 'string', multiple: true },
    reason: { type: 'string' },
    days: { type: 'string' },
    outputs: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help === true) {
    io.out(CRL_USAGE);
    return undefined;
  }

  const problems: string[] = [];
  const envName = values.env as string | undefined;
  const environment = KNOWN_ENVIRONMENTS.find((e) => e.name === envName);
  const envList = KNOWN_ENVIRONMENTS.map((e) => e.name).join(', ');
  if (envName === undefined) problems.push(`--env is required: one of ${envList}`);
  else if (!environment) problems.push(`--env: unknown environment ${JSON.stringify(envName)}; expected one of ${envList}`);
  const previous = values.previous as string | undefined;
  if (previous === undefined && values.initial !== true) {
    problems.push('--previous <crl.pem> is required so that earlier revocations are kept (or --initial when the endpoint has no CRL yet)');
  } else if (previous !== undefined && values.initial === true) {
    problems.push('--previous and --initial exclude each other');
  }
  const reason = (values.reason as string | undefined) ?? DEFAULT_REASON;
  if (!(reason in REASONS)) problems.push(`--reason: expected one of ${Object.keys(REASONS).join(', ')}, got ${JSON.stringify(reason)}`);
  const daysText = (values.days as string | undefined) ?? String(DEFAULT_CRL_DAYS);
  const days = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
  if (!(days >= 1 && days <= MAX_CRL_DAYS)) {
    problems.push(`--days: expected a whole number of days from 1 to ${MAX_CRL_DAYS}, got ${JSON.stringify(daysText)}`);
  }
  const targets = (values.revoke as string[] | undefined) ?? [];
  for (const target of targets) {
    if (!target.endsWith('.ovpn') && normalizeSerial(target) === undefined) {
      problems.push(`--revoke: ${JSON.stringify(target)} is neither a hexadecimal serial number nor a .ovpn profile`);
    }
  }
  if (problems.length > 0 || !environment) throw new VpnClientError(`${problems.join('\n')}\nRun with --help for usage.`);

  const cwd = io.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const now = io.now ?? new Date();
  const outLabel = (values.out as string | undefined) ?? `crl-${environment.name}.pem`;
  const outFile = resolve(cwd, outLabel);
  assertAbsent(outFile, outLabel);
  const outputsLabel = (values.outputs as string | undefined) ?? `vpn-outputs.${environment.name}.json`;
  const outputs = readVpnOutputs(resolve(cwd, outputsLabel), { environment: environment.name, region: environment.region }, io.err, outputsLabel);
  const ca = await loadCertificateAuthority(outputs, now);
  const stack = stackNameFor(environment.name);

  const kept = previous === undefined ? { entries: [], crlNumber: 0 } : await readPreviousCrl(resolve(cwd, previous), previous, ca, stack);
  const listed = new Set(kept.entries.map((e) => e.serialNumber));
  const added: x509.X509CrlEntryParams[] = [];
  for (const target of targets) {
    const serialNumber = target.endsWith('.ovpn') ? serialOfProfile(resolve(cwd, target), target, ca, stack) : normalizeSerial(target)!;
    if (listed.has(serialNumber)) {
      io.err(`note: ${target}: serial ${serialNumber} is already revoked`);
      continue;
    }
    listed.add(serialNumber);
    added.push({ serialNumber, revocationDate: now, reason: REASONS[reason as Reason] });
  }
  if (listed.size > MAX_CRL_ENTRIES) {
    throw new VpnClientError(`the CRL would list ${listed.size} certificates; AWS Client VPN accepts at most ${MAX_CRL_ENTRIES}: rotate the CA`);
  }

  const crlNumber = kept.crlNumber + 1;
  const nextUpdate = new Date(now.getTime() + days * DAY_MS);
  const caKeyId = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: now,
    nextUpdate,
    entries: [...kept.entries, ...added],
    signingKey: ca.signingKey,
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    extensions: [
      caKeyId !== undefined
        ? new x509.AuthorityKeyIdentifierExtension(caKeyId)
        : await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
      new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(crlNumber))),
    ],
  });
  // OpenSSL, OpenVPN and the AWS CLI expect the PEM label X509 CRL (the library writes CRL).
  writePrivateFile(outFile, x509.PemConverter.encode(crl.rawData, 'X509 CRL'), outLabel);

  io.out(`Wrote ${outLabel}: CRL number ${crlNumber} of ${stack}, ${listed.size} revoked certificate(s), ${added.length} new.`);
  io.out(`nextUpdate ${nextUpdate.toISOString()}: import a new CRL before then. Import it (this resets current VPN connections):`);
  io.out(
    `  aws ec2 import-client-vpn-client-certificate-revocation-list --client-vpn-endpoint-id ${outputs.endpointId} ` +
      `--certificate-revocation-list file://${outLabel} --region ${outputs.region}`,
  );
  return { file: outFile, crlNumber, serialNumbers: [...listed], nextUpdate };
}

/** Lower-case hex without separators or leading zero bytes, or undefined when `text` is not a serial number. */
export function normalizeSerial(text: string): string | undefined {
  const hex = text.trim().replace(/^serial=/i, '').replace(/:/g, '').toLowerCase();
  if (!/^[0-9a-f]{1,40}$/.test(hex)) return undefined;
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return even.replace(/^(00)+(?=[0-9a-f]{2})/, '') || '00';
}

interface PreviousCrl {
  readonly entries: x509.X509CrlEntry[];
  readonly crlNumber: number;
}

async function readPreviousCrl(path: string, label: string, ca: CertificateAuthority, stack: string): Promise<PreviousCrl> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VpnClientError(
      code === 'ENOENT'
        ? `${label}: no such file; export the current CRL with 'aws ec2 export-client-vpn-client-certificate-revocation-list' (see docs/vpn-clients.md)`
        : `${label}: not a PEM certificate revocation list (${(error as Error).message})`,
    );
  }
  if (!(await crl.verify({ publicKey: ca.certificate.publicKey }))) {
    throw new VpnClientError(`${label}: not signed by the Client VPN CA of ${stack} (${ca.certificate.subject}); is it the CRL of another environment?`);
  }
  const ext = crl.getExtension(id_ce_cRLNumber);
  const crlNumber = ext ? AsnConvert.parse(ext.value, CRLNumber).value : 0;
  return { entries: [...crl.entries], crlNumber };
}

function serialOfProfile(path: string, label: string, ca: CertificateAuthority, stack: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new VpnClientError(`${label}: cannot read the profile (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const certificate = new NodeX509Certificate(parseProfile(text, label).cert);
  if (!certificate.checkIssued(new NodeX509Certificate(ca.certificatePem)) || !certificate.verify(new NodeX509Certificate(ca.certificatePem).publicKey)) {
    throw new VpnClientError(`${label}: its certificate (${certificate.subject}) was not issued by the Client VPN CA of ${stack}`);
  }
  return normalizeSerial(certificate.serialNumber)!;
}
