import { resolve } from 'node:path';
import { USAGE, parseVpnClientArgs } from './args';
import { readVpnOutputs } from './outputs';
import { issueClientCertificate, loadCertificateAuthority } from './pki';
import { renderProfile } from './profile';
import { assertAbsent, writePrivateFile } from './write';

/** Where `vpn:client` reads and writes; injectable for tests. */
export interface VpnClientIo {
  /** Prints a line of the report (stdout). Never receives key material. */
  readonly out: (line: string) => void;
  /** Prints a warning (stderr). */
  readonly err: (line: string) => void;
  /**
   * Base of relative paths.
   * @default - INIT_CWD (the directory `npm run` was started in), else the current directory
   */
  readonly cwd?: string;
  /** @default - the current time */
  readonly now?: Date;
}

/** What was issued: enough to find and revoke it later, nothing secret. */
export interface IssuedProfile {
  /** Absolute path of the profile written. */
  readonly file: string;
  readonly subject: string;
  readonly serialNumber: string;
  readonly notAfter: Date;
  readonly endpointId: string;
}

/**
 * `npm run vpn:client`: issues a client certificate from the environment's Client VPN CA and writes an OpenVPN
 * profile with CA, certificate and key inline. Returns undefined after `--help`. Throws `VpnClientError` with an
 * actionable message on bad options or outputs, and never leaves a partial profile behind.
 */
export async function runVpnClient(argv: readonly string[], io: VpnClientIo): Promise<IssuedProfile | undefined> {
  const args = parseVpnClientArgs(argv);
  if (args.help) {
    io.out(USAGE);
    return undefined;
  }
  const cwd = io.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const now = io.now ?? new Date();

  const file = resolve(cwd, args.outFile);
  assertAbsent(file, args.outFile);
  const target = { environment: args.environment, region: args.region };
  const outputs = readVpnOutputs(resolve(cwd, args.outputsFile), target, io.err, args.outputsFile);
  const ca = await loadCertificateAuthority(outputs, now);
  const client = await issueClientCertificate(ca, { name: args.name, days: args.days, now });
  const profile = renderProfile({
    environment: args.environment,
    clientName: args.name,
    endpointId: outputs.endpointId,
    dnsName: outputs.dnsName,
    transport: args.transport,
    port: args.port,
    caCertificatePem: ca.certificatePem,
    certificatePem: client.certificatePem,
    privateKeyPem: client.privateKeyPem,
    serialNumber: client.serialNumber,
    notAfter: client.notAfter,
  });
  writePrivateFile(file, profile, args.outFile);

  io.out(`Wrote ${args.outFile} (mode 0600) for client ${args.name} in ${args.environment}:`);
  io.out(`  certificate ${client.subject}, serial ${client.serialNumber}, valid until ${client.notAfter.toISOString()}`);
  io.out(`  endpoint ${outputs.endpointId} (${args.transport}/${args.port}, ${outputs.region})`);
  io.out('The profile holds the client private key: hand it over through a secure channel and delete other copies.');
  io.out(`Record the serial to revoke it later (docs/vpn-clients.md). ${args.outputsFile} holds the CA private key: delete it when done.`);
  return { file, subject: client.subject, serialNumber: client.serialNumber, notAfter: client.notAfter, endpointId: outputs.endpointId };
}
