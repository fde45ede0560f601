import { type PolicyRule, allOf } from '../rule';
import { describeValue, isExpression, numberValue } from '../terraform-values';

/** Auth-method roles that issue Vault tokens. */
export const VAULT_AUTH_ROLE_TYPES = [
  'vault_kubernetes_auth_backend_role',
  'vault_jwt_auth_backend_role',
  'vault_approle_auth_backend_role',
  'vault_aws_auth_backend_role',
  'vault_cert_auth_backend_role',
  'vault_token_auth_backend_role',
] as const;

function bounded(field: string, value: unknown, max: number): string | false {
  if (isExpression(value)) return false;
  const seconds = numberValue(value);
  if (seconds === undefined || seconds === 0) return `${field} is ${describeValue(value)}, so the mount default (32 days unless tuned) applies`;
  return seconds > max && `${field} is ${seconds} s, above the ${max} s limit`;
}

export const vaultTokenTtlBounded: PolicyRule = {
  name: 'vault-token-ttl-bounded',
  description: 'Every Vault auth role sets `token_ttl` and `token_max_ttl`, both within the pack limits (1 h / 24 h by default).',
  appliesTo: [...VAULT_AUTH_ROLE_TYPES],
  evaluate(element, { options }) {
    const c = element.config;
    const maxTtl = c.token_max_ttl ?? c.token_explicit_max_ttl;
    return allOf([
      bounded('token_ttl', c.token_ttl, options.maxVaultTokenTtlSeconds),
      bounded('token_max_ttl', maxTtl, options.maxVaultTokenMaxTtlSeconds),
    ]);
  },
};
