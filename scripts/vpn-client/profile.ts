import { randomBytes } from 'node:crypto';
import { type Port, type Transport } from './args';
import { VpnClientError } from './errors';

/**
 * OpenVPN profiles for AWS Client VPN with mutual (certificate) authentication: the options of the file the AWS
 * console exports, plus the client's certificate and key inline, so one file is all a client needs.
 */

/** Everything a profile holds. `privateKeyPem` is secret. */
export interface ProfileInput {
  readonly environment: string;
  readonly clientName: string;
  readonly endpointId: string;
  /** Endpoint DNS name without the leading `*.`. */
  readonly dnsName: string;
  readonly transport: Transport;
  readonly port: Port;
  readonly caCertificatePem: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly serialNumber: string;
  readonly notAfter: Date;
  /**
   * Label prepended to the wildcard endpoint name (`*.cvpn-endpoint-...`), as the AWS setup guide asks.
   * @default - 8 random hex characters
   */
  readonly hostPrefix?: string;
}

/** Renders the `.ovpn` text. */
export function renderProfile(input: ProfileInput): string {
  const hostPrefix = input.hostPrefix ?? randomBytes(4).toString('hex');
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(hostPrefix)) {
    throw new VpnClientError(`hostPrefix: expected a DNS label, got ${JSON.stringify(hostPrefix)}`);
  }
  const block = (tag: string, pem: string) => [`<${tag}>`, pem.trim(), `</${tag}>`];
  return [
    `# AWS Client VPN profile for client ${input.clientName}, environment ${input.environment}, endpoint ${input.endpointId}.`,
    `# Client certificate serial ${input.serialNumber}, valid until ${input.notAfter.toISOString()}.`,
    '# Contains the client private key: keep this file private, never commit or share it. Issued by npm run vpn:client.',
    'client',
    'dev tun',
    `proto ${input.transport}`,
    `remote ${hostPrefix}.${input.dnsName} ${input.port}`,
    'remote-random-hostname',
    'resolv-retry infinite',
    'nobind',
    'remote-cert-tls server',
    'cipher AES-256-GCM',
    'verb 3',
    'reneg-sec 0',
    ...block('ca', input.caCertificatePem),
    ...block('cert', input.certificatePem),
    ...block('key', input.privateKeyPem),
    '',
  ].join('\n');
}

/** A parsed profile: its options in order and its inline blocks. */
export interface ParsedProfile {
  /** Option lines outside inline blocks and comments, as `[name, ...arguments]`. */
  readonly options: readonly (readonly string[])[];
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Parses an `.ovpn` profile with inline `<ca>`, `<cert>` and `<key>` blocks; `file` labels the messages. */
export function parseProfile(text: string, file: string): ParsedProfile {
  const blocks: Record<string, string> = {};
  const blockPattern = /^<(\w[\w-]*)>\r?\n([\s\S]*?)\r?\n<\/\1>\s*$/gm;
  for (const match of text.matchAll(blockPattern)) {
    if (match[1] in blocks) throw new VpnClientError(`${file}: inline block <${match[1]}> appears twice`);
    blocks[match[1]] = `${match[2].trim()}\n`;
  }
  const missing = ['ca', 'cert', 'key'].filter((tag) => !(tag in blocks));
  if (missing.length > 0) {
    throw new VpnClientError(`${file}: not a client profile with inline credentials: missing ${missing.map((t) => `<${t}>`).join(', ')}`);
  }
  const options = text
    .replace(blockPattern, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';'))
    .map((line) => line.split(/\s+/));
  return { options, ca: blocks.ca, cert: blocks.cert, key: blocks.key };
}
