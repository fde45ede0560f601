import { isCredentialName, nameWords } from '../names';
import { type LineRule, type SourceLine, type ValueSyntax } from '../types';

/**
 * A credential-named key assigned a literal, written here as <literal>: `password: '<literal>'`, `"token": "<literal>"`,
 * `DB_PASSWORD=<literal>`, `const apiKey: string = '<literal>'`, `password = "<literal>"` (HCL, Python),
 * `--password=<literal>`, and a credential that falls back to a literal (`process.env.DB_PASSWORD ?? '<literal>'`).
 *
 * Not findings: references and expressions in code (`password: props.password`, `passwordWo: variable.value`,
 * `password = var.db_password`), interpolations (`"${var.x}"`, `"$DB_PASSWORD"`, `"$(vault read ...)"`,
 * `{{ .Values.x }}`), booleans, numbers and null (`manage_master_user_password = true`), empty strings,
 * `<placeholders>`, `***`, `...`, comparisons (`===`, `!=`), names that are not credentials (`token_ttl`, `secret_arn`) and
 * literals that name the credential rather than hold it (see `namesTheCredential`).
 */

/** `key<op>` where key may be quoted; `${KEY` (a shell expansion) and `$key` (a variable read) are not keys. */
const ASSIGNMENT = /(?<![\w$]|\$\{)(["']?)([A-Za-z_][\w.-]*)\1\s*(:=|\??:(?![:=])|=(?![=~>]))/g;

/** `name ?? 'x'`, `name || "x"`, `env['NAME'] ?? 'x'`: the identifier before a fallback to a string literal. */
const FALLBACK = /([A-Za-z_]\w*)["']?\]?\s*(?:\?\?|\|\|)\s*(["'`])((?:\\.|(?!\2).)*)\2/g;

/** Words that are never a secret value, quoted or not. */
const NON_SECRET_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'none', 'undefined', '~', 'read', 'write', 'inherit', 'required', 'optional']);

interface Value {
  readonly quoted: boolean;
  readonly text: string;
}

/** Reads the value that starts `rest`: a quoted string (to its closing quote) or an unquoted token / expression. */
function readValue(rest: string): Value | undefined {
  const text = rest.trimStart();
  if (text === '') return undefined;
  const quote = text[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = 1;
    while (end < text.length && text[end] !== quote) end += text[end] === '\\' ? 2 : 1;
    return { quoted: true, text: text.slice(1, end) };
  }
  return { quoted: false, text };
}

/** A non-empty value that is not a reference, an interpolation, a placeholder or a non-secret word. */
function isLiteral(value: string, quoted: boolean): boolean {
  const text = value.trim();
  if (text === '' || NON_SECRET_WORDS.has(text.toLowerCase())) return false;
  if (/\$\{|\$\(|\{\{|%\{|#\{/.test(text) || /^\$[A-Za-z_]\w*$/.test(text)) return false;
  if (/^<[^<>]*>$/.test(text) || /^\*+$/.test(text) || text === '...' || text === '…') return false;
  if (!quoted && (/^[$!&*[{|>(<]/.test(text) || /^-?\d+(?:\.\d+)?$/.test(text))) return false;
  return true;
}

/**
 * The literal assigned after an operator, if any. In `code` an unquoted value is an expression, except a type
 * annotation followed by an initialiser (`token: string = '<literal>'`), whose initialiser is read instead.
 */
function assignedLiteral(rest: string, operator: string, syntax: ValueSyntax): string | undefined {
  const value = readValue(rest);
  if (value === undefined) return undefined;
  if (value.quoted) return isLiteral(value.text, true) ? value.text : undefined;
  if (syntax === 'config') {
    const token = /^[^\s#,;]+/.exec(value.text)?.[0] ?? '';
    return isLiteral(token, false) ? token : undefined;
  }
  const initialiser = operator.endsWith(':') ? /^[\w$.<>[\]| ]+?\s*=(?![=>])/.exec(value.text) : null;
  return initialiser ? assignedLiteral(value.text.slice(initialiser[0].length), '=', 'code') : undefined;
}

/**
 * A literal that is an identifier ending with the key's own words names the credential (an output name, a secret's
 * name, a mapping): `caPrivateKeyPem: 'vpn-ca-private-key-pem'`, `"vpn-ca-private-key-pem": "vpn-ca-private-key-pem"`
 * (cdktf output metadata), `password: 'db-password'`. A one-word literal equal to a one-word key (the word
 * "password" as a password) is still a finding.
 */
export function namesTheCredential(key: string, literal: string): boolean {
  if (!/^[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)*$/.test(literal)) return false;
  const keyWords = nameWords(key);
  const literalWords = nameWords(literal);
  if (literalWords.length < keyWords.length || (keyWords.length === 1 && literalWords.length === 1)) return false;
  return keyWords.every((word, i) => literalWords[literalWords.length - keyWords.length + i] === word);
}

/**
 * A `*_pem` / `*Pem` field holds a key only as PEM text: its literal is judged by its format (SECRETS-005 flags PEM
 * private keys), and a string that is not PEM (`'not-pem'` test input) cannot be a working key.
 */
function isNonPemInPemField(name: string, literal: string): boolean {
  return nameWords(name).pop() === 'pem' && !literal.includes('-----BEGIN');
}

function describe(key: string, literal: string): string {
  return `"${key}" is assigned a literal value (${literal.length} characters); reference it from Vault or a sensitive variable instead`;
}

/** `name: DB_PASSWORD` (a Kubernetes env entry, a Helm `set`), alone on its line: the next line's `value:` holds it. */
const NAME_LINE = /^\s*(?:-\s*)?["']?name["']?\s*:\s*(["']?)([A-Za-z_][\w.-]*)\1\s*(?:#.*)?$/;
const VALUE_LINE = /^\s*["']?value["']?\s*:/;

/** `{ name: 'DB_PASSWORD', value: '<literal>' }` or `- { name: DB_PASSWORD, value: <literal> }` on one line. */
const NAME_VALUE = /\bname["']?\s*[:=]\s*(["']?)([A-Za-z_][\w.-]*)\1\s*,\s*["']?value["']?\s*([:=])/g;

/** Dockerfile `ENV DB_PASSWORD <literal>`: the legacy form without `=`. */
const DOCKERFILE_ENV = /^\s*ENV\s+([A-Za-z_]\w*)\s+(?!\S*=)(\S.*)$/i;

function isDockerfile(path: string): boolean {
  return /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]*)?$/.test(path);
}

/** The messages for credentials given as a `name` / `value` pair, on one line or over two. */
function nameValuePairs(line: SourceLine): string[] {
  const messages: string[] = [];
  const pair = (name: string, literal: string | undefined) => {
    if (literal !== undefined && isCredentialName(name) && !namesTheCredential(name, literal)) {
      messages.push(`"${name}" is given a literal value (${literal.length} characters) in a name/value pair; use a secretKeyRef or a reference instead`);
    }
  };
  for (const match of line.text.matchAll(NAME_VALUE)) {
    pair(match[2], assignedLiteral(line.text.slice((match.index ?? 0) + match[0].length), match[3], line.syntax));
  }
  const name = NAME_LINE.exec(line.previous);
  const value = VALUE_LINE.exec(line.text);
  if (name && value) pair(name[2], assignedLiteral(line.text.slice(value[0].length), ':', line.syntax));
  return messages;
}

export const hardcodedCredential: LineRule = {
  id: 'SECRETS-002',
  title: 'Hard-coded credential',
  check(line) {
    const messages: string[] = [];
    for (const match of line.text.matchAll(ASSIGNMENT)) {
      const [whole, , key, operator] = match;
      const name = key.slice(key.lastIndexOf('.') + 1);
      if (!isCredentialName(name)) continue;
      const literal = assignedLiteral(line.text.slice((match.index ?? 0) + whole.length), operator, line.syntax);
      if (literal !== undefined && !namesTheCredential(name, literal) && !isNonPemInPemField(name, literal)) messages.push(describe(key, literal));
    }
    messages.push(...nameValuePairs(line));
    const env = isDockerfile(line.path) ? DOCKERFILE_ENV.exec(line.text) : null;
    if (env && isCredentialName(env[1])) {
      const literal = assignedLiteral(env[2], '=', 'config');
      if (literal !== undefined && !namesTheCredential(env[1], literal)) messages.push(describe(env[1], literal));
    }
    for (const match of line.text.matchAll(FALLBACK)) {
      const [, name, , literal] = match;
      if (isCredentialName(name) && isLiteral(literal, true) && !namesTheCredential(name, literal)) {
        messages.push(`"${name}" falls back to a literal value (${literal.length} characters); a missing secret must fail, not default`);
      }
    }
    return messages;
  },
};
