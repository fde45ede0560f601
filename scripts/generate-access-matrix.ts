import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { raftSnapshotIdentity } from '../constructs/vault/raft-snapshot-identity';
import { type IdentityGrants, accessModel, serviceNames } from '../constructs/vault/service-grants';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { type EnvironmentConfig, validateEnvironments } from '../environments/schema';
import { staging } from '../environments/staging';
import { workspaceName } from '../stacks/platform-stack';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { serviceSpecs, vaultMountPaths } from '../stacks/vault-config-stack';

/**
 * Writes docs/access-matrix.md: every Vault identity of every environment with the paths and capabilities it is
 * granted, from the same model the vault-config stacks render their policies from (constructs/vault/service-grants.ts).
 *
 *   npm run docs:access-matrix            regenerate
 *   npm run docs:access-matrix -- --check fail when the committed file is out of date
 */

export const ACCESS_MATRIX_PATH = join(__dirname, '..', 'docs', 'access-matrix.md');

/** The access model of one environment, exactly as its vault-config stack deploys it. */
export function environmentAccessModel(env: EnvironmentConfig): IdentityGrants[] {
  return [
    ...accessModel(serviceSpecs(env), vaultMountPaths(env), workspaceName(env, 'vault-config'), { database: env.database !== undefined }),
    raftSnapshotIdentity(vaultMountPaths(env)),
  ];
}

const code = (text: string) => `\`${text}\``;

function identityTable(identities: readonly IdentityGrants[]): string[] {
  const lines = ['| Identity (login path) | Used by | Policy | Path | Capabilities |', '| --- | --- | --- | --- | --- |'];
  for (const identity of identities) {
    for (const policy of identity.policies) {
      for (const grant of policy.grants) {
        lines.push(`| ${code(identity.loginPath)} | ${identity.subject} | ${code(policy.name)} | ${code(grant.path)} | ${grant.capabilities.join(', ')} |`);
      }
    }
  }
  return lines;
}

function environmentSection(env: EnvironmentConfig): string[] {
  const identities = environmentAccessModel(env);
  const services = identities.filter((i) => i.service !== undefined);
  const platform = identities.filter((i) => i.service === undefined);
  const mounts = vaultMountPaths(env);
  const serviceRows = serviceSpecs(env).map((s) => {
    const names = serviceNames(s, mounts);
    const extras = [
      s.database ? `database ${s.database.access} (${code(names.databaseCredsPath)})` : undefined,
      s.certificates ? `certificates ${s.certificates.allowedDomains.map(code).join(', ')}` : undefined,
      s.signingKeys ? `signing keys ${s.signingKeys.keys.map((k) => `${k.id} (${k.status})`).join(', ')}` : undefined,
    ].filter((x): x is string => x !== undefined);
    return `| ${code(s.name)} | ${s.cluster} | ${code(`${s.namespace}/${s.serviceAccount}`)} | ${s.delivery} | ${code(`${mounts.kv}/${names.kvPath}`)} | ${extras.join('; ') || '-'} |`;
  });
  const secretRows = serviceSpecs(env).flatMap((s) => {
    const path = code(`${mounts.kv}/${serviceNames(s, mounts).kvPath}`);
    const rows = s.secrets.map((secret) => `| ${code(s.name)} | ${path} | ${code(secret.key)} | ${secret.purpose} |`);
    if (s.signingKeys) {
      const keyPath = code(`${mounts.kv}/${serviceNames(s, mounts).signingKeysPath}`);
      rows.push(...s.signingKeys.keys.map((k) => `| ${code(s.name)} | ${keyPath} | ${code(k.id)} | signing key (${k.status}) |`));
    }
    if (s.delivery === 'direct') {
      const bootstrap = code(`${mounts.kv}/${serviceNames(s, mounts).bootstrapKvPath}`);
      rows.push(`| ${code(s.name)} | ${bootstrap} | ${code('role_id')} | AppRole role ID, synced by ESO to the pod |`);
      rows.push(`| ${code(s.name)} | ${bootstrap} | ${code('secret_id')} | AppRole secret ID, synced by ESO to the pod |`);
    }
    return rows;
  });
  const deliveryRows = serviceSpecs(env).map(
    (s) => `| ${code(s.name)} | ${s.delivery === 'eso' ? 'ESO bridge (default)' : 'Direct-Vault (AppRole)'} | ${s.delivery === 'eso' ? 'default: static secrets synced to a Kubernetes Secret' : (s.justification ?? '')} |`,
  );
  return [
    `## ${env.name}`,
    '',
    `Workspace ${code(workspaceName(env, 'vault-config'))}, KV mount ${code(mounts.kv)} (max ${env.vault.kv.maxVersions} versions, check-and-set required).`,
    '',
    '| Service | Cluster | Namespace/service account | Delivery | KV path | Also |',
    '| --- | --- | --- | --- | --- | --- |',
    ...serviceRows,
    '',
    '### Secret keys and their purpose',
    '',
    '| Service | Vault path | Key | Purpose |',
    '| --- | --- | --- | --- |',
    ...secretRows,
    '',
    '### Delivery mode and why',
    '',
    '| Service | Delivery | Why |',
    '| --- | --- | --- |',
    ...deliveryRows,
    '',
    '### Service identities',
    '',
    ...identityTable(services),
    '',
    '### Platform identities',
    '',
    ...identityTable(platform),
    '',
  ];
}

/** The whole document. */
export function accessMatrixDocument(environments: readonly EnvironmentConfig[]): string {
  return [
    '# Vault access matrix',
    '',
    '<!-- Generated by `npm run docs:access-matrix` from the environment configs; do not edit by hand. -->',
    '',
    'Every identity that can log in to Vault, per environment, with each path its policies grant. Service identities',
    'reach only their own paths (enforced by `__tests__/constructs/vault/access-isolation.test.ts`); every token',
    "also carries Vault's built-in `default` policy (token self-lookup/renewal, cubbyhole). Conventions and procedures:",
    '[secrets-architecture.md](secrets-architecture.md).',
    '',
    ...environments.flatMap(environmentSection),
  ].join('\n');
}

/** The document for the committed sample environments. */
export function sampleAccessMatrix(): string {
  return accessMatrixDocument(validateEnvironments([dev, staging, prod], STACK_KINDS));
}

function main(argv: readonly string[]): number {
  const text = sampleAccessMatrix();
  if (argv.includes('--check')) {
    if (readFileSync(ACCESS_MATRIX_PATH, 'utf8') === text) return 0;
    console.error('docs/access-matrix.md is out of date: run npm run docs:access-matrix');
    return 1;
  }
  writeFileSync(ACCESS_MATRIX_PATH, text);
  console.log(`wrote ${ACCESS_MATRIX_PATH}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
