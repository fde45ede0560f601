/**
 * Which names hold credentials: `DB_PASSWORD`, `masterUserPassword`, `passwordWo`, `api-key`, `client_secret`,
 * `private_key_pem`, `vault.token`. Names are split into lower-case words (camelCase, snake_case, kebab-case, dots)
 * and judged on their last words, so `token_ttl`, `secret_arn`, `password_length`, `secretName` and
 * `token_policies` are not credentials while `manage_master_user_password` is (its value decides: `true` is fine).
 */

/**
 * A name whose last word is one of these holds a credential. Joined all-caps names cannot be split into words, so
 * the common ones are listed whole (`CLIENTSECRET`, `AUTHTOKEN`); any last word ending in `password` / `passwd`
 * counts too (`PGPASSWORD`, `MYSQLPASSWORD`).
 */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'clientsecret', 'authtoken', 'accesstoken', 'apitoken']);

/** `<qualifier> key` holds a credential (`api_key`, `private_key`); a bare `key` (tags, S3 objects, maps) does not. */
const CREDENTIAL_KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'client', 'unseal', 'recovery', 'hmac', 'auth']);

/** Trailing words that describe how a credential is carried, not what it is: `password_wo`, `secret_string`. */
const CARRIER_WORDS = new Set(['wo', 'value', 'string', 'plaintext', 'plain', 'text', 'pem', 'b64', 'base64', 'hash', 'binary']);

/** `<word> token` names that are identifiers, not credentials (EFS `creation_token`, paging tokens). */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set(['creation', 'idempotency', 'next', 'continuation', 'pagination', 'page', 'csrf']);

/** `masterUserPassword` -> ['master', 'user', 'password']; `API_KEY` -> ['api', 'key']; `x-api-key` -> ['x', 'api', 'key']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** True when `name` (a key, variable or property name) holds a credential. */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && CARRIER_WORDS.has(words[words.length - 1])) words.pop();
  const last = words[words.length - 1];
  const previous = words.length > 1 ? words[words.length - 2] : undefined;
  if (last === undefined) return false;
  // Helm's `existingSecret` / `existing_secret_name` name a Kubernetes Secret that holds the value.
  if (previous === 'existing') return false;
  // External Secrets Operator's `secretKey` (ExternalSecret `spec.data[].secretKey`, spelt exactly so) names the key
  // of the Kubernetes Secret a value is written to; the value comes from Vault (`remoteRef`). `secret_key` still counts.
  if (name === 'secretKey') return false;
  if (last === 'token' && previous !== undefined && NON_CREDENTIAL_TOKEN_QUALIFIERS.has(previous)) return false;
  if (CREDENTIAL_WORDS.has(last) || /(?:password|passwd)$/.test(last)) return true;
  // `token_reviewer_jwt` is a credential; a bare `jwt` is usually Vault's JWT auth method (a mount path, a role).
  if (last === 'jwt') return previous !== undefined;
  return last === 'key' && previous !== undefined && CREDENTIAL_KEY_QUALIFIERS.has(previous);
}
