import { type LineRule } from '../types';

/** Values that are credentials wherever they appear, whatever they are assigned to. */
const FORMATS: readonly (readonly [string, RegExp])[] = [
  // A PEM header that ends its line (a key file, a block scalar, a template literal) or is followed by an escaped
  // newline and key material (a key inside a JSON or code string); a header inside a regex or followed by a few
  // bytes of test garbage is not a key.
  ['a PEM private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:["'`,;]*\s*$|\\n[A-Za-z0-9+/=]{40})/],
  ['an AWS access key ID', /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/],
  ['a Vault token', /(?<![A-Za-z0-9])hv[sbr]\.[A-Za-z0-9_-]{20,}/],
  ['an HCP Terraform API token', /(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}/],
  ['a GitHub token', /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})/],
  ['a Slack token', /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/],
  ['a JSON Web Token', /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

/** `scheme://user:<password>@host` with a literal password (not `${...}`, `$VAR` or a `<placeholder>`). */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"`]+:([^\s/@'"`]+)@/gi;

export const credentialFormat: LineRule = {
  id: 'SECRETS-005',
  title: 'Well-known credential format',
  check(line) {
    const messages = FORMATS.filter(([, pattern]) => pattern.test(line.text)).map(([what]) => `line contains ${what}; keep it in Vault`);
    for (const match of line.text.matchAll(URL_CREDENTIALS)) {
      if (!/^(?:\$|<|%|\{\{)/.test(match[1])) messages.push('URL with an embedded password (scheme://user:<password>@host); pass credentials separately, from Vault');
    }
    return messages;
  },
};
