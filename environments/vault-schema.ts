import { z } from 'zod';
import { reservedNamespaceReason } from '../constructs/kubernetes/platform-namespaces';
import { VAULT_AUDIT_DIRECTORY, auditDeviceProblems } from '../constructs/vault/audit-devices';
import { baseDomainOverlapProblems, domainsOverlap, isAtOrBelow, isCertificateHostname, serviceCertificateProblems } from '../constructs/vault/certificate-names';
import { DATABASE_TTL_CEILING_SECONDS, schemaNameProblem, serviceSchemaName } from '../constructs/vault/database-role';
import { KV_MAX_VERSIONS_RANGE, MOUNT_PATH } from '../constructs/vault/kv-secrets-engine';
import { LEAF_TTL_DAYS_RANGE } from '../constructs/vault/pki-role';
import { reservedMountPathProblem } from '../constructs/vault/reserved-paths';
import { SECRET_ID_NUM_USES_RANGE, SECRET_ID_TTL_RANGE_SECONDS } from '../constructs/vault/service-app-role';
import { CLUSTER_NAMES } from '../constructs/vault/service-grants';
import { SERVICE_TOKEN_TTL_CEILING_SECONDS } from '../constructs/vault/service-kubernetes-role';
import { signingKeyProblems } from '../constructs/vault/signing-key-set';
import { MIN_JUSTIFICATION_LENGTH } from '../constructs/vault/vault-service';
import { RAFT_SNAPSHOT_ROLE } from '../constructs/vault-server/vault-server-names';
import { SECRET_ID_ISSUER } from '../constructs/vault/secret-id-issuer-grants';
import { type ConfigProblem, type ProblemSink } from './problems';
import { SHARD_MAX_LENGTH, TEAM_MAX_LENGTH, checkServiceShards } from './service-shards';
import { serviceWorkloadFields } from './workload-schema';

/**
 * The `vault` section: how Vault is configured for the environment, and the services declared once here. Each
 * service produces its policy and roles (see constructs/vault/vault-service.ts); secret values never appear here,
 * only key names and their purpose.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_KEY = /^[a-z][a-z0-9_]{0,63}$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const dns1123Label = (what: string, example: string) =>
  z
    .string({ error: `expected a ${what}` })
    .regex(DNS1123_LABEL, {
      error: `expected a ${what}: a DNS-1123 label of at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit`,
    })
    .meta({ examples: [example] });

/** A DNS-1123 label of at most `max` characters, with the reason for the limit. */
const shortLabel = (what: string, example: string, max: number, why: string) =>
  z
    .string({ error: `expected a ${what}` })
    .regex(DNS1123_LABEL, { error: `expected a ${what}: a DNS-1123 label (lower-case letters, digits or '-', starting and ending with a letter or digit)`, abort: true })
    .max(max, { error: `expected a ${what} of at most ${max} characters: ${why}` })
    .meta({ examples: [example] });

const intRange = (min: number, max: number, unit: string) =>
  z
    .number({ error: `expected a whole number of ${unit}` })
    .int({ error: `expected a whole number of ${unit}` })
    .min(min, { error: `expected ${min}-${max} ${unit}` })
    .max(max, { error: `expected ${min}-${max} ${unit}` });

const ttlSeconds = (max: number) => intRange(60, max, 'seconds');

/** A namespace a service may live in: not a Kubernetes system namespace, not one the platform runs in, not `default`. */
const serviceNamespace = (what: string) =>
  dns1123Label('Kubernetes namespace', 'payments').refine((ns) => reservedNamespaceReason(ns) === undefined, {
    error: (issue) => `${reservedNamespaceReason(String(issue.input))}; ${what}`,
  });

const purpose = z
  .string({ error: 'is required: a one-line purpose for this secret key' })
  .refine((text) => text.trim().length > 0 && !/[\r\n]/.test(text), { error: 'expected a one-line purpose for this secret key (what the value is used for)' });

export const SECRET_DELIVERIES = ['eso', 'direct'] as const;
export const DATABASE_ACCESS_LEVELS = ['read-only', 'read-write'] as const;

const serviceSchema = z.strictObject({
  /** DNS-1123 label, unique in the environment; part of every Vault path and role of the service. */
  name: dns1123Label('service name', 'payments-api'),
  /**
   * The owning team: the shard key of the service catalog. The service's Vault and Kubernetes resources live in the
   * service stack `services-<team>[-<shard>]-<env>` (docs/service-catalog.md).
   */
  team: shortLabel(
    'team name',
    'payments',
    TEAM_MAX_LENGTH,
    'it is part of the service stack and HCP Terraform workspace names (`<project>-services-<team>-<shard>-<env>`, at most 90 characters)',
  ),
  /**
   * Splits a team's services over several stacks (`services-<team>-<shard>-<env>`), when one stack would outgrow the
   * size limit. Moving a service between shards is a state move (docs/service-catalog.md). @default - the team's stack
   */
  shard: shortLabel(
    'shard name',
    'batch',
    SHARD_MAX_LENGTH,
    'it is part of the service stack and HCP Terraform workspace names (`<project>-services-<team>-<shard>-<env>`, at most 90 characters)',
  ).optional(),
  /** The cluster the service runs on. */
  cluster: z.enum(CLUSTER_NAMES, { error: `unknown cluster; expected one of ${CLUSTER_NAMES.join(', ')}` }),
  /**
   * Kubernetes namespace, created by the service stack of its team (shared by the services declared in it, all of one team);
   * never a system or platform namespace (constructs/kubernetes/platform-namespaces.ts) or `default`.
   */
  namespace: serviceNamespace('a service needs a namespace of its own'),
  /**
   * The service account the service (and ESO on its behalf) authenticates as: its own (no other service uses the same
   * cluster, namespace and name), never `default`.
   */
  serviceAccount: dns1123Label('service account name', 'payments-api').refine((name) => name !== 'default', {
    error: '"default" is the service account of every pod that names none, so Vault could not tell the service from its neighbours; give the service its own, e.g. its name',
  }),
  /** Static secret keys (snake_case) and a one-line purpose each. Values never live in code or config. @default [] */
  secrets: z
    .array(
      z.strictObject({
        key: z.string({ error: 'expected a secret key' }).regex(SECRET_KEY, { error: 'expected a secret key in snake_case (a-z, 0-9, _), starting with a letter' }),
        purpose,
      }),
    )
    .default([]),
  /** `eso` (default): synced to a Kubernetes Secret by External Secrets Operator; `direct`: the app logs in to Vault. */
  delivery: z.enum(SECRET_DELIVERIES, { error: 'expected "eso" (default) or "direct"' }).default('eso'),
  /** Why ESO is not enough; required for (and only for) `direct` delivery. */
  justification: z.string().optional(),
  /** Service token TTL. @default vault.tokens.ttlSeconds */
  tokenTtlSeconds: ttlSeconds(SERVICE_TOKEN_TTL_CEILING_SECONDS).optional(),
  /** Service token max TTL. @default vault.tokens.maxTtlSeconds */
  tokenMaxTtlSeconds: ttlSeconds(SERVICE_TOKEN_TTL_CEILING_SECONDS).optional(),
  /** Dynamic PostgreSQL credentials; needs the environment's `database` section. */
  database: z
    .strictObject({
      access: z.enum(DATABASE_ACCESS_LEVELS, { error: 'expected "read-only" or "read-write"' }),
      /**
       * Schema the service owns: the only schema its generated users can touch. Not `public`, `information_schema` or
       * `pg_*`, not another service's schema or default schema. @default - the service name with '-' replaced by '_'
       */
      schema: z
        .string()
        .regex(PG_IDENTIFIER, { error: 'expected a PostgreSQL identifier: lower-case letters, digits or _', abort: true })
        .refine((schema) => schemaNameProblem(schema) === undefined, { error: (issue) => schemaNameProblem(String(issue.input)) })
        .optional(),
      /** @default vault.databaseCredentials.defaultTtlSeconds */
      defaultTtlSeconds: ttlSeconds(DATABASE_TTL_CEILING_SECONDS).optional(),
      /** @default vault.databaseCredentials.maxTtlSeconds */
      maxTtlSeconds: ttlSeconds(DATABASE_TTL_CEILING_SECONDS).optional(),
    })
    .optional(),
  /**
   * Certificates from the intermediate CA, for exactly these names: each `<service>.<base>` or a name below it, with
   * `<base>` one of `vault.pki.allowedBaseDomains`.
   */
  certificates: z
    .strictObject({
      allowedDomains: z.array(z.string({ error: 'expected a DNS name' }).meta({ examples: ['payments-api.dev.vaultplat.internal'] }), {
        error: 'expected a list of DNS names',
      }),
      /** Also names below the listed ones (which lie below the service's own name). @default false */
      allowSubdomains: z.boolean().default(false),
      /** Leaf lifetime. @default vault.pki.leafTtlDays */
      ttlDays: intRange(LEAF_TTL_DAYS_RANGE.min, LEAF_TTL_DAYS_RANGE.max, 'days').optional(),
      /** Also usable for client authentication (mTLS). @default false */
      clientAuth: z.boolean().default(false),
    })
    .optional(),
  /** A signing key-set: key ids with `primary` (exactly one) or `verifying` status; values written by operators. */
  signingKeys: z
    .strictObject({
      keys: z.array(z.strictObject({ id: z.string(), status: z.enum(['primary', 'verifying'], { error: 'expected "primary" or "verifying"' }) })),
    })
    .optional(),
  /** Egress, secret refresh and quota of the service's pods (environments/workload-schema.ts). */
  ...serviceWorkloadFields,
  /** AppRole limits of a `direct` service. @default secret_id 7 days, 50 uses */
  appRole: z
    .strictObject({
      secretIdTtlSeconds: intRange(SECRET_ID_TTL_RANGE_SECONDS.min, SECRET_ID_TTL_RANGE_SECONDS.max, 'seconds').optional(),
      secretIdNumUses: intRange(SECRET_ID_NUM_USES_RANGE.min, SECRET_ID_NUM_USES_RANGE.max, 'uses').optional(),
    })
    .optional(),
});

/**
 * Audit devices must keep what they are given (see `auditDeviceProblems`): files below the persistent audit volume
 * (at least one), `stdout` and TCP sockets only in addition. No `syslog`: the Vault server pods run no syslog daemon,
 * so enabling the device would fail at apply. No UDP sockets: they drop entries silently.
 */
const auditDeviceSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('file'),
      path: z.string().regex(MOUNT_PATH, { error: 'expected an audit path' }),
      /** A file below /vault/audit (the persistent audit volume), or `stdout` in addition to one. */
      filePath: z.string().meta({ examples: ['/vault/audit/vault-audit.log'] }),
    }),
    z.strictObject({
      type: z.literal('socket'),
      path: z.string().regex(MOUNT_PATH, { error: 'expected an audit path' }),
      address: z.string(),
      /** @default 'tcp' */
      socketType: z.literal('tcp', { error: 'expected "tcp" (the default): UDP drops audit entries silently' }).optional(),
    }),
  ],
  { error: 'expected an audit device of type "file" or "socket" (no "syslog": the Vault server pods run no syslog daemon)' },
);


export const vaultSchema = z.strictObject({
  /** KV v2 mount for static secrets. */
  kv: z
    .strictObject({
      /** Not a path Vault reserves (sys, auth, audit, cubbyhole, identity). @default 'kv' */
      path: z
        .string()
        .regex(MOUNT_PATH, { error: "expected a mount path of 2-64 lower-case letters, digits or '-'" })
        .refine((path) => reservedMountPathProblem(path, 'secrets') === undefined, {
          error: (issue) => `${reservedMountPathProblem(String(issue.input), 'secrets')}; choose another path such as "kv"`,
        })
        .default('kv'),
      /** @default 10 */
      maxVersions: intRange(KV_MAX_VERSIONS_RANGE.min, KV_MAX_VERSIONS_RANGE.max, 'versions').default(10),
    })
    .default({ path: 'kv', maxVersions: 10 }),
  /** Token TTL defaults and maxima of service identities. */
  tokens: z
    .strictObject({
      /** @default 900 */
      ttlSeconds: ttlSeconds(SERVICE_TOKEN_TTL_CEILING_SECONDS).default(900),
      /** Ceiling for every service in the environment. @default 3600 */
      maxTtlSeconds: ttlSeconds(SERVICE_TOKEN_TTL_CEILING_SECONDS).default(3600),
    })
    .default({ ttlSeconds: 900, maxTtlSeconds: 3600 }),
  /** Dynamic database credentials (used when the environment has a `database` section). */
  databaseCredentials: z
    .strictObject({
      /** Vault's own PostgreSQL user (created with CREATEROLE by the database administrator). @default 'vault_admin' */
      username: z.string().regex(PG_IDENTIFIER, { error: 'expected a PostgreSQL identifier: lower-case letters, digits or _' }).default('vault_admin'),
      /** @default 3600 */
      defaultTtlSeconds: ttlSeconds(DATABASE_TTL_CEILING_SECONDS).default(3600),
      /** @default 86400 */
      maxTtlSeconds: ttlSeconds(DATABASE_TTL_CEILING_SECONDS).default(DATABASE_TTL_CEILING_SECONDS),
    })
    .default({ username: 'vault_admin', defaultTtlSeconds: 3600, maxTtlSeconds: DATABASE_TTL_CEILING_SECONDS }),
  pki: z.strictObject({
    /** Organization (O) of the root and intermediate CAs. */
    organization: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 .,&-]{1,63}$/, { error: 'expected an organization name of 2-64 letters, digits, spaces or .,&-' }),
    /** Default leaf lifetime. @default 30 */
    leafTtlDays: intRange(LEAF_TTL_DAYS_RANGE.min, LEAF_TTL_DAYS_RANGE.max, 'days').default(LEAF_TTL_DAYS_RANGE.min),
    /**
     * Base domains service certificates are issued under (`<service>.<base>` and below). None inside another; never
     * containing the Vault server's hostname; disjoint from every other environment's base domains.
     */
    allowedBaseDomains: z
      .array(
        z
          .string({ error: 'expected a DNS name' })
          .refine(isCertificateHostname, { error: 'expected a lower-case DNS name with at least two labels, such as dev.vaultplat.internal (no wildcards)' })
          .meta({ examples: ['dev.vaultplat.internal'] }),
      )
      .min(1, { error: 'expected at least one base domain that service certificates are issued under' }),
  }),
  kubernetes: z.strictObject({
    /** Audience service account tokens must carry. @default 'vault' */
    audience: z.string().regex(/^[a-z0-9][a-z0-9.:/-]{1,62}$/, { error: 'expected a fixed audience such as "vault"' }).default('vault'),
  }),
  /** At least two audit devices, at least one a file below /vault/audit. */
  audit: z.array(auditDeviceSchema).min(2, { error: 'expected at least two audit devices, so one failing device does not block Vault' }),
  /** The services, each declared once. */
  services: z.array(serviceSchema).default([]),
});

export type VaultInput = z.input<typeof vaultSchema>;
export type VaultConfig = z.output<typeof vaultSchema>;
export type VaultServiceInput = z.input<typeof serviceSchema>;
export type VaultServiceConfig = z.output<typeof serviceSchema>;

interface VaultContext {
  /** The raw `database` section of the environment (undefined when the environment has no database). */
  readonly database: unknown;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Cross-field rules of the `vault` section, on the raw input so that one run reports every problem: unique service
 * names, one Kubernetes identity per service, Direct-Vault justification, database access only
 * with a database and only on the service's own schema, TTLs under their maxima, certificate names the service owns,
 * durable audit devices, signing key statuses. The caller skips this check when the section has values of the wrong
 * type (their own errors come first).
 */
export function checkVault(raw: Partial<VaultInput> | undefined, ctx: VaultContext, sink: ProblemSink): void {
  if (!raw) return;
  const tokens = { ttl: num(raw.tokens?.ttlSeconds) ?? 900, max: num(raw.tokens?.maxTtlSeconds) ?? 3600 };
  if (tokens.ttl > tokens.max) sink.add('vault.tokens.ttlSeconds', `is above the maximum vault.tokens.maxTtlSeconds (${tokens.max})`, tokens.ttl);
  const dbCreds = { ttl: num(raw.databaseCredentials?.defaultTtlSeconds) ?? 3600, max: num(raw.databaseCredentials?.maxTtlSeconds) ?? DATABASE_TTL_CEILING_SECONDS };
  if (dbCreds.ttl > dbCreds.max) {
    sink.add('vault.databaseCredentials.defaultTtlSeconds', `is above the maximum vault.databaseCredentials.maxTtlSeconds (${dbCreds.max})`, dbCreds.ttl);
  }

  const audit = Array.isArray(raw.audit) ? raw.audit : [];
  audit.forEach((device, i) => {
    const path = (device as { path?: unknown } | undefined)?.path;
    if (typeof path === 'string' && audit.findIndex((d) => (d as { path?: unknown } | undefined)?.path === path) !== i) {
      sink.add(`vault.audit[${i}].path`, 'is already used by another audit device; every device needs its own path', path);
    }
  });
  if (Array.isArray(raw.audit)) {
    for (const problem of auditDeviceProblems(audit, VAULT_AUDIT_DIRECTORY)) {
      if (problem.index === undefined) sink.add('vault.audit', problem.message);
      else sink.add(`vault.audit[${problem.index}]${problem.field ? `.${problem.field}` : ''}`, problem.message, problem.value);
    }
  }

  const bases = Array.isArray(raw.pki?.allowedBaseDomains) ? raw.pki.allowedBaseDomains : [];
  for (const problem of baseDomainOverlapProblems(bases)) {
    sink.add(`vault.pki.allowedBaseDomains[${problem.index}]`, problem.message, bases[problem.index!]);
  }
  const baseDomains = bases.length > 0 && bases.every(isCertificateHostname) ? bases : undefined;

  const services = Array.isArray(raw.services) ? raw.services : [];
  const firstByName = new Map<string, number>();
  const firstByIdentity = new Map<string, number>();
  services.forEach((service, i) => {
    if (!service || typeof service !== 'object') return;
    const at = `vault.services[${i}]`;
    if (typeof service.name === 'string') {
      const first = firstByName.get(service.name);
      if (first !== undefined) sink.add(`${at}.name`, `is already declared by vault.services[${first}]; service names must be unique in an environment`, service.name);
      else firstByName.set(service.name, i);
      // A service's Kubernetes auth role is named after it; on the tooling cluster's mount the platform has roles too.
      if (service.cluster === 'tooling' && (service.name === RAFT_SNAPSHOT_ROLE || service.name.startsWith(SECRET_ID_ISSUER.namePrefix))) {
        sink.add(
          `${at}.name`,
          `is reserved on the tooling cluster: its Kubernetes auth roles "${RAFT_SNAPSHOT_ROLE}" (raft snapshots) and "${SECRET_ID_ISSUER.namePrefix}<shard>" (AppRole secret-ID issuers) belong to the platform; rename the service`,
          service.name,
        );
      }
    }

    const identity = [service.cluster, service.namespace, service.serviceAccount];
    if (identity.every((part) => typeof part === 'string') && service.serviceAccount !== 'default') {
      const key = identity.join('/');
      const first = firstByIdentity.get(key);
      if (first !== undefined) {
        sink.add(
          `${at}.serviceAccount`,
          `${key} is already the identity of vault.services[${first}] (${String(services[first].name)}); every service needs its own service account, or Vault gives both the same access`,
          service.serviceAccount,
        );
      } else firstByIdentity.set(key, i);
    }

    const secrets = Array.isArray(service.secrets) ? service.secrets : [];
    secrets.forEach((secret, j) => {
      const key = (secret as { key?: unknown } | undefined)?.key;
      if (typeof key === 'string' && secrets.findIndex((s) => (s as { key?: unknown } | undefined)?.key === key) !== j) {
        sink.add(`${at}.secrets[${j}].key`, 'is declared twice; every secret key is listed once with its purpose', key);
      }
    });

    const justification = typeof service.justification === 'string' ? service.justification.trim() : '';
    if (service.delivery === 'direct') {
      if (justification.length < MIN_JUSTIFICATION_LENGTH) {
        sink.add(
          `${at}.justification`,
          `"direct" delivery needs a written justification of at least ${MIN_JUSTIFICATION_LENGTH} characters (why ESO is not enough); otherwise use "eso"`,
          service.justification,
        );
      }
    } else {
      if (service.justification !== undefined) sink.add(`${at}.justification`, 'is only for "direct" delivery; remove it or set delivery: "direct"', service.justification);
      if (service.appRole !== undefined) sink.add(`${at}.appRole`, 'is only for "direct" delivery; ESO services have no AppRole', service.appRole);
    }

    const tokenTtl = num(service.tokenTtlSeconds);
    const tokenMax = num(service.tokenMaxTtlSeconds);
    if (tokenTtl !== undefined && tokenTtl > tokens.max) sink.add(`${at}.tokenTtlSeconds`, `is above the maximum vault.tokens.maxTtlSeconds (${tokens.max})`, tokenTtl);
    if (tokenMax !== undefined && tokenMax > tokens.max) sink.add(`${at}.tokenMaxTtlSeconds`, `is above the maximum vault.tokens.maxTtlSeconds (${tokens.max})`, tokenMax);
    if (tokenTtl !== undefined && tokenMax !== undefined && tokenTtl <= tokens.max && tokenTtl > tokenMax) {
      sink.add(`${at}.tokenTtlSeconds`, `is above the service's tokenMaxTtlSeconds (${tokenMax})`, tokenTtl);
    }

    if (service.database !== undefined) {
      if (ctx.database === undefined) {
        sink.add(`${at}.database`, 'the environment has no database section; remove the database access or add a database to the environment', service.database);
      }
      const dbTtl = num(service.database?.defaultTtlSeconds);
      const dbMax = num(service.database?.maxTtlSeconds);
      const ceiling = Math.min(dbMax ?? dbCreds.max, dbCreds.max);
      if (dbMax !== undefined && dbMax > dbCreds.max && dbMax <= DATABASE_TTL_CEILING_SECONDS) {
        sink.add(`${at}.database.maxTtlSeconds`, `is above the maximum vault.databaseCredentials.maxTtlSeconds (${dbCreds.max})`, dbMax);
      }
      if (dbTtl !== undefined && dbTtl > ceiling) sink.add(`${at}.database.defaultTtlSeconds`, `is above the maximum TTL of its credentials (${ceiling})`, dbTtl);
    }

    const domains = service.certificates?.allowedDomains;
    if (Array.isArray(domains) && typeof service.name === 'string' && DNS1123_LABEL.test(service.name)) {
      // Without valid base domains (their own error is reported) only the format of the names is checked. The Vault
      // hostname needs no check here: no base domain may contain it (checkPkiAcrossEnvironments), so no service owns it.
      const problems = serviceCertificateProblems({ serviceName: service.name, domains, baseDomains });
      for (const problem of problems) {
        if (problem.index === undefined) sink.add(`${at}.certificates.allowedDomains`, problem.message, domains);
        else sink.add(`${at}.certificates.allowedDomains[${problem.index}]`, problem.message, domains[problem.index]);
      }
    }

    const keys = service.signingKeys?.keys;
    if (Array.isArray(keys)) {
      for (const problem of signingKeyProblems(keys)) {
        const index = /^\[(\d+)\]\.id: /.exec(problem);
        if (index) sink.add(`${at}.signingKeys.keys[${index[1]}].id`, problem.slice(index[0].length));
        else sink.add(`${at}.signingKeys.keys`, problem);
      }
    }
  });

  checkSchemaOwnership(services, sink);
  checkServiceShards(services, sink);
}

/**
 * Every service with database access owns one schema, and only its own: no two services resolve to the same schema,
 * and no service declares a schema that is another declared service's default (`<name>` with `_` for `-`), so the
 * schema named after a service always belongs to that service.
 */
function checkSchemaOwnership(services: readonly unknown[], sink: ProblemSink): void {
  const names = services.map((s) => (s && typeof s === 'object' ? (s as { name?: unknown }).name : undefined));
  const owners = new Map<string, number>();
  // Default schema -> the services whose name gives it, in order (one lookup per service, not one scan per pair).
  const defaultSchemaOf = new Map<string, number[]>();
  names.forEach((other, j) => {
    if (typeof other !== 'string') return;
    const schema = serviceSchemaName(other);
    defaultSchemaOf.set(schema, [...(defaultSchemaOf.get(schema) ?? []), j]);
  });
  services.forEach((service, i) => {
    const { name, database } = (service ?? {}) as { name?: unknown; database?: unknown };
    if (typeof name !== 'string' || !database || typeof database !== 'object') return;
    const declared = (database as { schema?: unknown }).schema;
    if (declared !== undefined && (typeof declared !== 'string' || schemaNameProblem(declared) !== undefined)) return;
    const schema = serviceSchemaName(name, declared as string | undefined);
    const path = `vault.services[${i}].database.schema`;
    const defaultOwner = defaultSchemaOf.get(schema)?.find((j) => j !== i) ?? -1;
    if (declared !== undefined && defaultOwner >= 0) {
      sink.add(path, `is the default schema of vault.services[${defaultOwner}] (${String(names[defaultOwner])}); a service's generated grants touch only its own schema, choose another`, declared);
      return;
    }
    // Default schemas are unique when service names are (checked above); declared ones may collide with each other.
    const first = owners.get(schema);
    if (first !== undefined && declared !== undefined) {
      sink.add(path, `already belongs to vault.services[${first}] (${String(names[first])}); every service with database access owns its own schema`, declared);
    } else if (first === undefined) owners.set(schema, i);
  });
}

/** What the cross-environment certificate check needs from one environment. */
export interface EnvironmentCertificateDomains {
  /** Environment label for messages (its name). */
  readonly environment: string;
  /** `vault.pki.allowedBaseDomains` when every entry is a valid hostname; undefined otherwise (its own error). */
  readonly baseDomains?: readonly string[];
  /** The environment's Vault server hostname, when its vaultAccess section is valid. */
  readonly vaultHostname?: string;
}

/**
 * Certificate domains across environments: no base domain contains any environment's Vault server hostname (its own
 * or another's), and no two environments' base domains overlap, so no service can ever get a certificate for a Vault
 * server or for a name another environment issues. Reported on the later environment of a pair.
 */
export function checkPkiAcrossEnvironments(environments: readonly EnvironmentCertificateDomains[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  environments.forEach((env, e) => {
    (env.baseDomains ?? []).forEach((base, i) => {
      const path = `vault.pki.allowedBaseDomains[${i}]`;
      for (const other of environments) {
        if (other.vaultHostname === undefined || !isAtOrBelow(other.vaultHostname, base)) continue;
        const whose = other === env ? 'the Vault server hostname of this environment' : `the Vault server hostname of ${other.environment}`;
        problems.push({
          environment: env.environment,
          path,
          message: `contains ${other.vaultHostname}, ${whose} (vaultAccess); Vault's own name must never be issuable to a service, choose a base domain that does not contain it`,
          value: base,
        });
      }
      environments.slice(0, e).forEach((other) => {
        for (const otherBase of other.baseDomains ?? []) {
          if (!domainsOverlap(base, otherBase)) continue;
          problems.push({
            environment: env.environment,
            path,
            message: `overlaps ${otherBase}, a base domain of ${other.environment}; environments issue certificates under disjoint domains`,
            value: base,
          });
        }
      });
    });
  });
  return problems;
}
