import { type PolicyRule, allOf } from '../rule';
import { isRecord } from '../terraform-values';

/**
 * Field names whose value is a secret (matched on the last snake_case segment(s), case-insensitive). A name ending in
 * `password` / `passwd` counts even without a separator (`PGPASSWORD` in a Kubernetes secret's `data`).
 */
const SECRET_FIELD =
  /(password|passwd)$|(^|_)(passphrase|secret|secret_string|secret_binary|secret_key|secret_access_key|client_secret|token|auth_token|api_key|access_key|private_key|private_key_pem|jwt|credentials)$/;

/** Values that are secrets wherever they appear. */
const SECRET_VALUES: readonly (readonly [string, RegExp])[] = [
  ['a PEM private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/],
  ['an AWS access key ID', /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/],
  ['a Vault token', /(?<![A-Za-z0-9])hv[sbr]\.[A-Za-z0-9_-]{20,}/],
  ['a GitHub token', /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}/],
  ['a Slack token', /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/],
  ['a JSON Web Token', /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

/** `scheme://user:<password>@host` with a literal password (a `{{password}}` template or `${...}` is fine). */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi;

/** `masterUserPassword`, `DB_PASSWORD`, `auth.token` -> snake_case lower-case last segment. */
function fieldName(key: string): string {
  const last = key.split(/[./]/).pop() ?? key;
  return last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

export function isSecretField(key: string): boolean {
  let secret = secretFields.get(key);
  if (secret === undefined) {
    secret = SECRET_FIELD.test(fieldName(key));
    secretFields.set(key, secret);
  }
  return secret;
}

/** Memo of {@link isSecretField}: a synth asks about the same few hundred keys hundreds of thousands of times. */
const secretFields = new Map<string, boolean>();

/**
 * A non-empty string that is not (and does not contain) a Terraform expression or a template placeholder, is not a
 * boolean (a switch such as `createPushSecret: false` names a secret-related feature, not a secret) and is not a shell
 * command substitution or variable (`VAULT_TOKEN="$(vault write ...)"` in a script reads the value at run time).
 */
function isLiteral(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const text = value.trim().replace(/^["']|["']$/g, '');
  if (text === '' || text.includes('${') || text.includes('{{') || text === 'null' || text === '~' || /^(true|false)$/i.test(text)) return false;
  return !/^\$\(/.test(text) && !/^\$[A-Za-z_]\w*$/.test(text);
}

/**
 * Fields whose name looks secret but whose value is the *name* of a key: External Secrets Operator's
 * `ExternalSecret.spec.data[]` items `{ secretKey, remoteRef }`, where `secretKey` names the key of the Kubernetes
 * Secret the value is written to (the value itself comes from `remoteRef` at run time).
 */
function isKeyName(object: Readonly<Record<string, unknown>>, key: string): boolean {
  return key === 'secretKey' && isRecord(object.remoteRef);
}

/** Finds literal secrets in a synthesized value; reports where, never the secret itself. */
export function findLiteralSecrets(value: unknown, where: string, found: string[] = []): string[] {
  scan(value, [where], found);
  return found;
}

/**
 * The walk behind {@link findLiteralSecrets}. The location of a value is kept as path segments and joined only for a
 * finding (`a.b[2].c`): building a string for each of the hundreds of thousands of values a synth holds cost more than
 * the checks.
 */
function scan(value: unknown, path: string[], found: string[]): void {
  if (typeof value === 'string') {
    const where = path.join('');
    for (const [what, pattern] of SECRET_VALUES) if (pattern.test(value)) found.push(`${where} contains ${what}`);
    if ([...value.matchAll(URL_CREDENTIALS)].some((m) => !/^(?:\$|\{\{|<|%)/.test(m[1]))) found.push(`${where} contains a URL with an embedded password`);
    scanEmbedded(value, where, found);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(`[${i}]`);
      scan(item, path, found);
      path.pop();
    });
  } else if (isRecord(value)) {
    if (typeof value.name === 'string' && isSecretField(value.name) && isLiteral(value.value)) {
      const where = path.join('');
      found.push(`${where ? `${where}: ` : ''}"${value.name}" is given a literal value (${value.value.length} characters)`);
    }
    for (const key of Object.keys(value)) {
      const item = value[key];
      path.push(path.length === 1 && path[0] === '' ? key : `.${key}`);
      if (isSecretField(key) && isLiteral(item) && !isKeyName(value, key)) found.push(`${path.join('')} is a literal value (${item.length} characters)`);
      else scan(item, path, found);
      path.pop();
    }
  }
}

/**
 * Documents inside strings: JSON (policies, values) is parsed; YAML-like `key: value` and shell `[export ]KEY=value`
 * lines are checked per line.
 */
function scanEmbedded(text: string, where: string, found: string[]): void {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      findLiteralSecrets(JSON.parse(trimmed), `${where}(json)`, found);
      return;
    } catch {
      // not JSON
    }
  }
  if (!text.includes('\n')) return;
  text.split('\n').forEach((line, i) => {
    const match = /^\s*-?\s*(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.+?)\s*$/.exec(line);
    if (match && isSecretField(match[1]) && isLiteral(match[2]) && !/^[|>{[]/.test(match[2])) {
      found.push(`${where} line ${i + 1}: ${match[1]} is a literal value`);
    }
  });
}

export const noLiteralSecrets: PolicyRule = {
  name: 'no-literal-secrets',
  description:
    'No literal secret anywhere in the synthesized configuration: password/secret/token/key fields hold references, never values; no PEM private keys, AWS access keys, Vault, GitHub, Slack or JWT tokens, or URLs with an embedded password.',
  appliesTo: ['*'],
  evaluate(element) {
    const found = findLiteralSecrets(element.config, '');
    if (element.block === 'variable' && isSecretField(element.name) && isLiteral(element.config.default)) {
      found.push(`the default of secret variable "${element.name}" is a literal value`);
    }
    return allOf(found);
  },
};
