import { type ParseArgsConfig, parseArgs } from 'node:util';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import { staging } from '../../environments/staging';
import { VpnClientError } from './errors';

/** Environments a profile can be issued for (the same list main.ts composes), with their AWS region. */
export const KNOWN_ENVIRONMENTS: readonly { readonly name: string; readonly region: string }[] = [dev, staging, prod].map((e) => ({
  name: e.name,
  region: e.aws.region,
}));

/** Client names become the certificate CN and the default file name: 2-63 of a-z 0-9 . - */
export const CLIENT_NAME = /^[a-z][a-z0-9.-]{0,61}[a-z0-9]$/;
export const MIN_DAYS = 1;
/** The CA/Browser Forum's former TLS maximum: long enough for a contractor, short enough to force re-issue. */
export const MAX_DAYS = 825;
export const DEFAULT_DAYS = 365;
export const TRANSPORTS = ['udp', 'tcp'] as const;
/** The only ports an AWS Client VPN endpoint listens on (`vpn_port`). */
export const PORTS = [443, 1194] as const;

export type Transport = (typeof TRANSPORTS)[number];
export type Port = (typeof PORTS)[number];

export const USAGE = `Usage: npm run vpn:client -- --env <environment> --name <client> [options]

Issues a client certificate signed by the environment's Client VPN CA and writes an OpenVPN profile (mode 0600).

Options:
  --env <name>          environment: ${KNOWN_ENVIRONMENTS.map((e) => e.name).join(', ')} (required)
  --name <client>       client name, the certificate CN: 2-63 of a-z 0-9 . - starting with a letter (required)
  --outputs <file>      outputs of the vpn-<env> stack, from 'terraform output -json' or
                        'cdktf output --outputs-file' (default: vpn-outputs.<env>.json)
  --out <file>          profile to write; never overwritten (default: <name>-<env>.ovpn)
  --days <n>            certificate validity in days, ${MIN_DAYS}-${MAX_DAYS} (default: ${DEFAULT_DAYS})
  --transport <proto>   ${TRANSPORTS.join(' or ')}: the endpoint's transport protocol (default: udp)
  --port <port>         ${PORTS.join(' or ')}: the endpoint's VPN port (default: 443)
  --help                show this help`;

const HELP_HINT = 'Run with --help for usage.';

/** Validated command-line options of `vpn:client`. */
export interface VpnClientOptions {
  /** Environment name, e.g. `dev`; the stack read is `vpn-<environment>`. */
  readonly environment: string;
  /** AWS region of the environment, checked against the endpoint's DNS name. */
  readonly region: string;
  /** Client name: certificate CN and default file name. */
  readonly name: string;
  /** Stack outputs JSON file. */
  readonly outputsFile: string;
  /** Profile to write. */
  readonly outFile: string;
  /** Certificate validity in days. */
  readonly days: number;
  readonly transport: Transport;
  readonly port: Port;
}

/**
 * `node:util` parseArgs in strict mode (no positionals) for the vpn commands; an unknown or malformed option becomes
 * a `VpnClientError` with the usage hint.
 */
export function parseCliArgs(argv: readonly string[], options: ParseArgsConfig['options']): Record<string, string | boolean | string[] | undefined> {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    // parseArgs throws TypeError [ERR_PARSE_ARGS_*]; read the message without instanceof (fails across realms).
    const message = (error as { message?: unknown }).message;
    throw new VpnClientError(`${typeof message === 'string' ? message : String(error)}\n${HELP_HINT}`);
  }
}

/** `help: true` when `--help` was given: print {@link USAGE} and exit 0. */
export type ParsedArgs = { readonly help: true } | ({ readonly help: false } & VpnClientOptions);

/** Parses and validates `argv` (without `node` and the script); reports every problem in one error. */
export function parseVpnClientArgs(argv: readonly string[]): ParsedArgs {
  const values = parseCliArgs(argv, {
    env: { type: 'string' },
    name: { type: 'string' },
    outputs: { type: 'string' },
    out: { type: 'string' },
    days: { type: 'string' },
    transport: { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean' },
  }) as Record<string, string | boolean | undefined>;
  if (values.help === true) return { help: true };

  const problems: string[] = [];
  const text = (key: string): string | undefined => values[key] as string | undefined;

  const envName = text('env');
  const environment = KNOWN_ENVIRONMENTS.find((e) => e.name === envName);
  if (envName === undefined) problems.push(`--env is required: one of ${KNOWN_ENVIRONMENTS.map((e) => e.name).join(', ')}`);
  else if (!environment) {
    problems.push(`--env: unknown environment ${JSON.stringify(envName)}; expected one of ${KNOWN_ENVIRONMENTS.map((e) => e.name).join(', ')}`);
  }

  const name = text('name');
  if (name === undefined) problems.push('--name is required: the client name, e.g. --name alice');
  else if (!CLIENT_NAME.test(name)) {
    problems.push(
      `--name: invalid client name ${JSON.stringify(name)}; expected 2-63 lower-case letters, digits, '.' or '-', starting with a letter and ending with a letter or digit`,
    );
  }

  const daysText = text('days') ?? String(DEFAULT_DAYS);
  const days = /^\d{1,4}$/.test(daysText) ? Number(daysText) : NaN;
  if (!(days >= MIN_DAYS && days <= MAX_DAYS)) {
    problems.push(`--days: expected a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}, got ${JSON.stringify(daysText)}`);
  }

  const transport = text('transport') ?? 'udp';
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    problems.push(`--transport: expected ${TRANSPORTS.join(' or ')} (the endpoint's transport protocol), got ${JSON.stringify(transport)}`);
  }

  const portText = text('port') ?? '443';
  const port = Number(portText);
  if (!(PORTS as readonly number[]).includes(port) || !/^\d+$/.test(portText)) {
    problems.push(`--port: expected ${PORTS.join(' or ')} (the endpoint's VPN port), got ${JSON.stringify(portText)}`);
  }

  for (const key of ['outputs', 'out']) {
    if (text(key) === '') problems.push(`--${key}: expected a file path, got an empty string`);
  }

  if (problems.length > 0 || !environment || name === undefined) {
    throw new VpnClientError(`${problems.join('\n')}\n${HELP_HINT}`);
  }
  return {
    help: false,
    environment: environment.name,
    region: environment.region,
    name,
    outputsFile: text('outputs') ?? `vpn-outputs.${environment.name}.json`,
    outFile: text('out') ?? `${name}-${environment.name}.ovpn`,
    days,
    transport: transport as Transport,
    port: port as Port,
  };
}
