import { readFileSync, statSync } from 'node:fs';
import { VpnClientError } from './errors';

/**
 * Reads the outputs of the `vpn-<env>` stack that a client profile needs, from either
 * `terraform output -json` (`{ "<name>": { "value": ..., "type": ..., "sensitive": ... } }`) or
 * `cdktf output --outputs-file` (`{ "<stack>": { "<name>": value } }`, names possibly camelCased).
 */

/** Terraform output names of the `vpn-<env>` stack (the contract with the stack). */
export const OUTPUT_NAMES = {
  endpointId: 'vpn-endpoint-id',
  dnsName: 'vpn-endpoint-dns-name',
  caCertificatePem: 'vpn-ca-certificate-pem',
  caPrivateKeyPem: 'vpn-ca-private-key-pem',
} as const;

type OutputKey = keyof typeof OUTPUT_NAMES;

export type OutputsFormat = 'terraform' | 'cdktf';

/** The stack outputs a profile is built from. `caPrivateKeyPem` is secret: never print it. */
export interface VpnStackOutputs {
  /** Which tool produced the file. */
  readonly format: OutputsFormat;
  /** The file, as named by the operator: prefix of every later error about these outputs. */
  readonly source: string;
  /** Client VPN endpoint ID, `cvpn-endpoint-...`. */
  readonly endpointId: string;
  /** Endpoint DNS name without the leading `*.`: `cvpn-endpoint-<id>.prod.clientvpn.<region>.amazonaws.com`. */
  readonly dnsName: string;
  /** AWS region of the endpoint, from its DNS name. */
  readonly region: string;
  readonly caCertificatePem: string;
  readonly caPrivateKeyPem: string;
}

export const ENDPOINT_ID = /^cvpn-endpoint-[0-9a-f]{8,17}$/;
/** AWS publishes the endpoint as a wildcard name; `*.` is optional here and stripped. */
export const ENDPOINT_DNS_NAME = /^(?:\*\.)?(cvpn-endpoint-[0-9a-f]{8,17})\.prod\.clientvpn\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com$/;

/** Which environment the outputs must belong to. */
export interface OutputsTarget {
  readonly environment: string;
  /** The environment's AWS region; the endpoint DNS name must be in it. */
  readonly region: string;
}

export function stackNameFor(environment: string): string {
  return `vpn-${environment}`;
}

/** The command that (re)creates the outputs file, for error messages. */
export function fetchHint(file: string, environment: string, format: OutputsFormat = 'cdktf'): string {
  return format === 'terraform'
    ? `run 'terraform output -json > ${file}' in the ${stackNameFor(environment)} workspace (cdktf.out/stacks/${stackNameFor(environment)})`
    : `run 'cdktf output ${stackNameFor(environment)} --outputs-file ${file} --outputs-file-include-sensitive-outputs'`;
}

/** Reads and validates the outputs file at `path`; warns (via `warn`) when the file, which holds the CA key, is readable by others. */
export function readVpnOutputs(
  path: string,
  target: OutputsTarget,
  warn: (message: string) => void = () => {},
  /** The path as the operator wrote it: prefix of every message. */
  file: string = path,
): VpnStackOutputs {
  const { environment } = target;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : `cannot read it (${code ?? String(error)})`;
    throw new VpnClientError(`${file}: ${why}; export the stack outputs first: ${fetchHint(file, environment)}`);
  }
  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warn(
        `warning: ${file} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}) and holds the CA private key; ` +
          `run 'chmod 600 ${file}' and delete it when done`,
      );
    }
  }
  return parseVpnOutputs(text, file, target);
}

/** Parses the outputs file content; `file` labels the messages. Reports every missing or malformed output at once. */
export function parseVpnOutputs(text: string, file: string, target: OutputsTarget): VpnStackOutputs {
  const { environment } = target;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VpnClientError(`${file}: not valid JSON (${(error as Error).message}); ${fetchHint(file, environment)}`);
  }
  if (!isObject(json)) {
    throw new VpnClientError(
      `${file}: expected a JSON object of stack outputs, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}; ${fetchHint(file, environment)}`,
    );
  }

  const stack = stackNameFor(environment);
  let format: OutputsFormat;
  let outputs: Record<string, unknown>;
  if (isTerraformOutputJson(json)) {
    format = 'terraform';
    outputs = Object.fromEntries(Object.entries(json).map(([key, entry]) => [key, (entry as { value: unknown }).value]));
  } else if (isObject(json[stack])) {
    format = 'cdktf';
    outputs = json[stack];
  } else {
    const stacks = Object.keys(json).filter((key) => isObject(json[key]));
    const found = stacks.length > 0 ? `it has stack(s) ${stacks.join(', ')}` : 'it has no stack entries';
    // Before issue 9 the VPN lived in vault-access-<env>: say where it went rather than only that it is missing.
    const moved = stacks.includes(`vault-access-${environment}`) ? `; the VPN outputs moved from vault-access-${environment} to ${stack} (docs/vault-access.md)` : '';
    throw new VpnClientError(
      `${file}: stack "${stack}" not found (${found})${moved}; expected the output of 'terraform output -json' or 'cdktf output --outputs-file' for ${stack}; ${fetchHint(file, environment)}`,
    );
  }

  const problems: string[] = [];
  let missing = false;
  const values = {} as Record<OutputKey, string>;
  for (const key of Object.keys(OUTPUT_NAMES) as OutputKey[]) {
    const name = OUTPUT_NAMES[key];
    const found = findOutput(outputs, name);
    if (found.length === 0) {
      missing = true;
      problems.push(`output "${name}" is missing`);
    } else if (new Set(found.map((v) => JSON.stringify(v))).size > 1) {
      problems.push(`output "${name}" appears ${found.length} times with different values; expected one`);
    } else if (typeof found[0] !== 'string' || found[0].trim() === '') {
      problems.push(`output "${name}" must be a non-empty string, got ${describe(found[0])}`);
    } else {
      values[key] = found[0].trim();
    }
  }

  let region = '';
  let dnsName = '';
  if (values.endpointId !== undefined && !ENDPOINT_ID.test(values.endpointId)) {
    problems.push(`output "${OUTPUT_NAMES.endpointId}" is not a Client VPN endpoint ID: got ${JSON.stringify(values.endpointId)}; expected cvpn-endpoint-<hex>`);
  }
  if (values.dnsName !== undefined) {
    const match = ENDPOINT_DNS_NAME.exec(values.dnsName);
    if (!match) {
      problems.push(
        `output "${OUTPUT_NAMES.dnsName}" is not a Client VPN endpoint DNS name: got ${JSON.stringify(values.dnsName)}; ` +
          'expected *.cvpn-endpoint-<hex>.prod.clientvpn.<region>.amazonaws.com',
      );
    } else {
      dnsName = values.dnsName.replace(/^\*\./, '');
      region = match[2];
      if (region !== target.region) {
        problems.push(
          `output "${OUTPUT_NAMES.dnsName}" is in region ${region}, but environment ${environment} deploys to ${target.region}; is this the outputs file of another environment?`,
        );
      }
      if (ENDPOINT_ID.test(values.endpointId ?? '') && match[1] !== values.endpointId) {
        problems.push(
          `output "${OUTPUT_NAMES.dnsName}" (${values.dnsName}) belongs to endpoint ${match[1]}, not to "${OUTPUT_NAMES.endpointId}" ${values.endpointId}; the file mixes two stacks`,
        );
      }
    }
  }
  for (const key of ['caCertificatePem', 'caPrivateKeyPem'] as const) {
    const value = values[key];
    // Never echo these values: the key is secret and both are long.
    if (value !== undefined && !/^-----BEGIN [A-Z0-9 ]+-----\r?\n/.test(value)) {
      problems.push(`output "${OUTPUT_NAMES[key]}" is not PEM: expected text starting with -----BEGIN ...-----`);
    }
  }

  if (problems.length > 0) {
    const hint = missing ? `; ${fetchHint(file, environment, format)}` : '';
    throw new VpnClientError(`${problems.map((p) => `${file}: ${p}`).join('\n')}${hint}`);
  }
  return {
    format,
    source: file,
    endpointId: values.endpointId,
    dnsName,
    region,
    caCertificatePem: values.caCertificatePem,
    caPrivateKeyPem: values.caPrivateKeyPem,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `terraform output -json`: every entry is `{ value, type, sensitive }` (an empty object has no outputs at all). */
function isTerraformOutputJson(json: Record<string, unknown>): boolean {
  const entries = Object.values(json);
  return entries.length > 0 && entries.every((entry) => isObject(entry) && 'value' in entry && 'sensitive' in entry);
}

/** kebab, snake and camel spellings of one name compare equal: `vpn-endpoint-id` = `vpn_endpoint_id` = `vpnEndpointId`. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** Values stored under `name` (any spelling) in `outputs`, also inside nested objects (cdktf nests outputs of constructs). */
function findOutput(outputs: Record<string, unknown>, name: string, depth = 0): unknown[] {
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(outputs)) {
    if (normalize(key) === normalize(name)) found.push(value);
    else if (isObject(value) && depth < 4) found.push(...findOutput(value, name, depth + 1));
  }
  return found;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'an empty string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
