import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { type NamespaceDelivery, deliveryModel } from '../constructs/kubernetes/delivery-model';
import { describeAllow } from '../constructs/kubernetes/network-allows';
import { modelledCalls } from '../constructs/vault/platform-admin-grants';
import { policyPath } from '../constructs/vault/provider-calls';
import { type IdentityGrants, serviceNames } from '../constructs/vault/service-grants';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { type EnvironmentConfig, validateEnvironments } from '../environments/schema';
import { shardOf } from '../environments/service-shards';
import { staging } from '../environments/staging';
import { workspaceName } from '../stacks/platform-stack';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { catalogShards, deliveryContext, environmentAccessModel, platformAdminInputs, serviceSpecs, vaultMountPaths } from '../stacks/service-catalog';
import { CLUSTER_NAMES } from '../constructs/vault/service-grants';
import { issuerSchedule, issuerTargets } from '../constructs/kubernetes/secret-id-issuer-job';
import { SECRET_ID_ISSUER, secretIdIssuerNames } from '../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_SECRET_ID_TTL_SECONDS } from '../constructs/vault/service-app-role';

/**
 * Writes docs/access-matrix.md: every Vault identity of every environment with the paths and capabilities it is
 * granted, from the same model the vault-config and service stacks render their policies from
 * (constructs/vault/access-model.ts), and the Kubernetes side of every service from the delivery model the service
 * stacks render (constructs/kubernetes/delivery-model.ts).
 *
 *   npm run docs:access-matrix            regenerate
 *   npm run docs:access-matrix -- --check fail when the committed file is out of date
 */

export const ACCESS_MATRIX_PATH = join(__dirname, '..', 'docs', 'access-matrix.md');

export { environmentAccessModel };

const code = (text: string) => `\`${text}\``;

function identityTable(identities: readonly IdentityGrants[]): string[] {
  const lines = ['| Identity (login path) | Used by | Policy | Path | Capabilities | Why |', '| --- | --- | --- | --- | --- | --- |'];
  for (const identity of identities) {
    for (const policy of identity.policies) {
      for (const grant of policy.grants) {
        const constraints = grant.allowedParameters
          ? ` (allowed parameters: ${Object.entries(grant.allowedParameters).map(([k, v]) => `${code(k)} = ${v.length === 0 ? 'any' : v.map((x) => code(JSON.stringify(x))).join(', ')}`).join('; ')})`
          : '';
        lines.push(`| ${code(identity.loginPath)} | ${identity.subject} | ${code(policy.name)} | ${code(grant.path)} | ${grant.capabilities.join(', ')}${constraints} | ${grant.purpose} |`);
      }
    }
  }
  return lines;
}

/** The writes the provider would make that platform-admin may not: each with the rule that makes it break-glass. */
function breakGlassRows(env: EnvironmentConfig): string[] {
  const rows = new Map<string, string>();
  for (const { call, label, breakGlass } of modelledCalls(platformAdminInputs(env))) {
    if (!breakGlass) continue;
    const key = `${call.method} ${policyPath(call.segments)}`;
    if (!rows.has(key)) rows.set(key, `| ${code(key)} | ${label} (${call.resourceType} ${call.operation}) | ${breakGlass.reason} |`);
  }
  return ['| Call | Resource | Why it needs a break-glass root token |', '| --- | --- | --- |', ...rows.values()];
}

/** The delivery model of both clusters of an environment, exactly as its service stacks render it (shard by shard). */
export function environmentDeliveryModel(env: EnvironmentConfig): NamespaceDelivery[] {
  return CLUSTER_NAMES.flatMap((cluster) => catalogShards(env).flatMap((shard) => deliveryModel(shard.services, deliveryContext(env, cluster))));
}

/** The Kubernetes side: per namespace its shared objects, per service what it gets in its cluster. */
function kubernetesRows(env: EnvironmentConfig): string[] {
  const model = environmentDeliveryModel(env);
  const namespaceRows = model.map(
    (ns) =>
      `| ${ns.cluster} | ${code(ns.name)} | ${ns.services.map((s) => code(s.service)).join(', ')} | restricted (${ns.podSecurityVersion}) | ${code('default-deny')}; ${code('allow-dns')}: ${ns.egress.map(describeAllow).join('; ')} | ${Object.entries(ns.quotaHard).map(([k, v]) => `${k} ${v}`).join(', ')} | ${code(ns.vaultCa.configMap)} from ${ns.vaultCa.source} |`,
  );
  const serviceRows = model.flatMap((ns) =>
    ns.services.map((s) => {
      const secrets = s.externalSecrets.map((es) => `${code(es.name)} (${es.secretKeys.map(code).join(', ')}; every ${es.refreshSeconds} s)`).join('; ') || '-';
      const login = `${s.vaultLogin.method} ${code(s.vaultLogin.loginPath)}, audience ${code(s.vaultLogin.audience)}`;
      return `| ${code(s.service)} | ${code(`${s.namespace}/${s.names.serviceAccount}`)} | ${code(s.names.secretStore)}: ${login} | ${secrets} | ${s.egress.map(describeAllow).join('; ')} |`;
    }),
  );
  const issuers = catalogShards(env).flatMap((shard) => {
    const targets = issuerTargets(shard.services, vaultMountPaths(env), DEFAULT_SECRET_ID_TTL_SECONDS);
    if (targets.length === 0) return [];
    const names = secretIdIssuerNames(shard.key.id);
    return [
      `| ${code(`${shard.key.kind}-${env.name}`)} | ${code(`${SECRET_ID_ISSUER.namespace}/${names.name}`)} | ${code(issuerSchedule(Math.min(...targets.map((t) => t.secretIdTtlSeconds))).cron)} UTC | ` +
        `${targets.map((t) => code(`${t.mount}/${t.path}`)).join(', ')} |`,
    ];
  });
  const issuer =
    issuers.length === 0
      ? []
      : [
          '',
          `AppRole secret-ID issuers: one CronJob per service stack with direct services, in the ${SECRET_ID_ISSUER.cluster} cluster's ${code(SECRET_ID_ISSUER.namespace)} namespace (egress DNS and Vault only).`,
          '',
          '| Service stack | CronJob (namespace/service account) | Schedule | Writes |',
          '| --- | --- | --- | --- |',
          ...issuers,
        ];
  return [
    '### Kubernetes side',
    '',
    'What the service stacks create for the services (the delivery model, `constructs/kubernetes/delivery-model.ts`).',
    'Pods of a service are selected by `app.kubernetes.io/name=<service>`; ESO may request tokens only for the service',
    'accounts listed here (one Role per account, `resourceNames`).',
    '',
    '| Cluster | Namespace | Services | Pod Security | NetworkPolicies (every pod) | ResourceQuota | Vault CA |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...namespaceRows,
    '',
    '| Service | Namespace/service account | SecretStore: Vault login | Secrets (ExternalSecret = Secret name: keys) | Egress of its pods besides DNS |',
    '| --- | --- | --- | --- | --- |',
    ...serviceRows,
    ...issuer,
  ];
}

function environmentSection(env: EnvironmentConfig): string[] {
  const identities = environmentAccessModel(env);
  const services = identities.filter((i) => i.service !== undefined);
  const platform = identities.filter((i) => i.service === undefined);
  const mounts = vaultMountPaths(env);
  const serviceRows = serviceSpecs(env).map((s) => {
    const names = serviceNames(s, mounts);
    const stack = code(`${shardOf(s).kind}-${env.name}`);
    const extras = [
      s.database ? `database ${s.database.access} (${code(names.databaseCredsPath)})` : undefined,
      s.certificates ? `certificates ${s.certificates.allowedDomains.map(code).join(', ')}` : undefined,
      s.signingKeys ? `signing keys ${s.signingKeys.keys.map((k) => `${k.id} (${k.status})`).join(', ')}` : undefined,
    ].filter((x): x is string => x !== undefined);
    return `| ${code(s.name)} | ${code(s.team)} | ${stack} | ${s.cluster} | ${code(`${s.namespace}/${s.serviceAccount}`)} | ${s.delivery} | ${code(`${mounts.kv}/${names.kvPath}`)} | ${extras.join('; ') || '-'} |`;
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
    '| Service | Team | Service stack | Cluster | Namespace/service account | Delivery | KV path | Also |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
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
    ...kubernetesRows(env),
    '',
    '### Service identities',
    '',
    ...identityTable(services),
    '',
    '### Platform identities',
    '',
    ...identityTable(platform),
    '',
    '### Break-glass only',
    '',
    'Calls the pinned Vault provider makes for this configuration that `platform-admin` does not allow (denied by the',
    'tests); the change they belong to is applied with a generated root token (docs/secrets-architecture.md, "Break-glass',
    'changes").',
    '',
    ...breakGlassRows(env),
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
    "also carries Vault's built-in `default` policy (token self-lookup/renewal, cubbyhole). The `platform-admin` policy",
    'is generated from the calls the pinned Vault provider makes (`constructs/vault/provider-contract.ts`), and each row',
    'says which resource and provider operation needs it; `+` is one path segment. The Kubernetes side of each service',
    '(namespace, service account, SecretStore, Secrets, network allows) comes from the same declarations. Conventions',
    'and procedures: [secrets-architecture.md](secrets-architecture.md).',
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
