/**
 * The delivery model: what one declared service gets in its cluster, as pure data computed from its declaration
 * (`vault.services[]`) and a few facts about the environment. The service stacks render it with constructs
 * (ServiceNamespace, ServiceDelivery), the access matrix documents it (scripts/generate-access-matrix.ts) and the
 * tests check it, so the three cannot drift apart. Adding a service to an environment file is the only change needed:
 * everything below follows from it.
 *
 * Per namespace (shared by the services declared in it, created once):
 * - the namespace, Pod Security `restricted` (enforce, audit, warn) at the cluster's version;
 * - `default-deny` (every pod, ingress and egress) and `allow-dns` NetworkPolicies;
 * - a ResourceQuota (the sum of its services' quotas; no LoadBalancer or NodePort Services) and a LimitRange
 *   (container defaults, so the quota applies to every pod);
 * - on the application cluster, the `vault-ca` ConfigMap (on the tooling cluster trust-manager publishes it).
 * Per service:
 * - its ServiceAccount (no token automount), and a Role + RoleBinding that let ESO's controller request tokens for
 *   that account only (`serviceaccounts/token`, `resourceNames`);
 * - a NetworkPolicy for its pods (`app.kubernetes.io/name=<service>`): Vault, PostgreSQL with database access, and the
 *   egress it declares;
 * - a SecretStore that logs in to Vault as the service (its role on its cluster's auth method, its account, the
 *   configured audience) and the ExternalSecrets of its delivery mode.
 */
import { cidrContains, parseCidr } from '../network/cidr';
import { type AddonTier } from './addon-sizing';
import { type ClusterNetworkEndpoints, type NetworkAllow, type NetworkProtocol, dnsAllow, vaultAllow } from './network-allows';
import { EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT, VAULT_CA_BUNDLE } from './platform-names';
import { PLATFORM_NAMESPACES } from './platform-namespaces';
import { CONTAINER_DEFAULTS, SECRET_REFRESH, SERVICE_QUOTA_DEFAULTS, type ServiceQuota, refreshInterval } from './workload-sizing';
import { type ClusterAuthMethod, type ClusterName, type ServiceDeclaration, type VaultMountPaths, clusterLoginPath, serviceNames } from '../vault/service-grants';

/** API version of the ESO resources (external-secrets 2.9.0 serves v1 only). */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';

/** Label the pods of a service carry: the service's per-service NetworkPolicy selects them by it. */
export const SERVICE_POD_LABEL = 'app.kubernetes.io/name';

/** Labels of every object the service stacks create. */
export const WORKLOAD_LABELS = {
  managedBy: { key: 'app.kubernetes.io/managed-by', value: 'terraform' },
  /** On a namespace created for declared services (policy rules VP-K8S-5 check these namespaces). */
  workloadNamespace: { key: 'platform.vaultplat.io/workload-namespace', value: 'true' },
  /** On per-service objects: the service they belong to (policy rule VP-K8S-7 ties a store's role to it). */
  service: 'platform.vaultplat.io/service',
} as const;

/** Lifetime ESO asks for the service account tokens it logs in with (ESO 2.9.0 default for both auth methods). */
export const ESO_LOGIN_TOKEN_SECONDS = 600;

/** A service declaration with the workload fields (environments/workload-schema.ts). */
export interface WorkloadServiceDeclaration extends ServiceDeclaration {
  /** Egress beyond DNS, Vault and PostgreSQL. @default [] */
  readonly egress?: readonly DeclaredEgress[];
  /** @default SECRET_REFRESH.defaultSeconds */
  readonly secretRefreshSeconds?: number;
  /** @default SERVICE_QUOTA_DEFAULTS of the tier */
  readonly quota?: Partial<ServiceQuota>;
}

export interface DeclaredEgress {
  readonly name: string;
  readonly purpose: string;
  readonly cidrs: readonly string[];
  readonly ports: readonly { readonly port: number; readonly protocol?: NetworkProtocol }[];
}

/** Facts about the environment and the cluster the model needs; all known at synth (no Terraform references). */
export interface DeliveryContext {
  readonly cluster: ClusterName;
  readonly tier: AddonTier;
  /** `https://vault.<zone>:8200`. */
  readonly vaultAddress: string;
  /** Audience every service role expects (`vault.kubernetes.audience`). */
  readonly audience: string;
  readonly mounts: VaultMountPaths;
  /** API server and Vault, as CIDRs. */
  readonly network: ClusterNetworkEndpoints;
  /** PostgreSQL (the application VPC's isolated subnets); undefined when the environment has no database. */
  readonly postgres?: { readonly cidrs: readonly string[]; readonly port: number };
  /** Pod Security admission version of the cluster, `v<major>.<minor>`. */
  readonly podSecurityVersion: string;
}

/** Names of one service's objects; the workload conventions (docs/secrets-architecture.md) refer to these. */
export interface WorkloadNames {
  readonly serviceAccount: string;
  readonly secretStore: string;
  /** ExternalSecret and Secret with the declared keys. */
  readonly secrets: string;
  /** ExternalSecret and Secret with the signing key-set (`keys.json`). */
  readonly signingKeys: string;
  /** ExternalSecret and Secret with the AppRole `role_id` / `secret_id` of a direct service. */
  readonly vaultAuth: string;
  /** Role and RoleBinding that let ESO request tokens for the service account. */
  readonly tokenRequestRole: string;
  /** The service's own NetworkPolicy. */
  readonly networkPolicy: string;
}

export function workloadNames(service: Pick<ServiceDeclaration, 'name' | 'serviceAccount'>): WorkloadNames {
  return {
    serviceAccount: service.serviceAccount,
    secretStore: `${service.name}-vault`,
    secrets: `${service.name}-secrets`,
    signingKeys: `${service.name}-signing-keys`,
    vaultAuth: `${service.name}-vault-auth`,
    tokenRequestRole: `external-secrets-token-${service.serviceAccount}`,
    networkPolicy: `${service.name}-egress`,
  };
}

/** Key of the signing key-set's file in its Secret, meant to be mounted as `/…/keys.json`. */
export const SIGNING_KEYS_FILE = 'keys.json';

/** What an ExternalSecret delivers. */
export type ExternalSecretPurpose = 'secrets' | 'signing-keys' | 'vault-auth';

export interface ExternalSecretDelivery {
  readonly purpose: ExternalSecretPurpose;
  /** Name of the ExternalSecret and of the Secret it owns. */
  readonly name: string;
  /** Keys of the Secret. */
  readonly secretKeys: readonly string[];
  /** Vault KV path it reads, relative to the mount. */
  readonly vaultPath: string;
  readonly refreshSeconds: number;
  /** The custom resource, as applied. */
  readonly manifest: Readonly<Record<string, unknown>>;
}

export interface ServiceDelivery {
  readonly service: string;
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly delivery: ServiceDeclaration['delivery'];
  readonly names: WorkloadNames;
  /** Labels the service's pods carry (its NetworkPolicy selects them). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Labels of the service's objects. */
  readonly labels: Readonly<Record<string, string>>;
  /** How the store logs in. */
  readonly vaultLogin: { readonly method: ClusterAuthMethod; readonly mountPath: string; readonly role: string; readonly loginPath: string; readonly audience: string };
  readonly secretStore: Readonly<Record<string, unknown>>;
  readonly externalSecrets: readonly ExternalSecretDelivery[];
  /** Egress of the service's pods besides DNS (which every pod of the namespace gets). */
  readonly egress: readonly NetworkAllow[];
  /** ESO's controller may request tokens for the service account (and nothing else) in this namespace. */
  readonly tokenRequester: { readonly namespace: string; readonly serviceAccount: string };
  /** The service's share of the namespace quota, defaults applied. */
  readonly quota: ServiceQuota;
}

export interface NamespaceDelivery {
  readonly name: string;
  readonly cluster: ClusterName;
  /** The services of the namespace, sorted by name. */
  readonly services: readonly ServiceDelivery[];
  /** Labels besides Pod Security (which PlatformNamespace sets). */
  readonly labels: Readonly<Record<string, string>>;
  readonly podSecurityVersion: string;
  /** Egress every pod of the namespace gets. */
  readonly egress: readonly NetworkAllow[];
  /** `spec.hard` of the ResourceQuota. */
  readonly quotaHard: Readonly<Record<string, string>>;
  /** The container defaults (LimitRange). */
  readonly containerDefaults: { readonly defaultRequest: Readonly<Record<string, string>>; readonly default: Readonly<Record<string, string>> };
  /** Who puts the `vault-ca` ConfigMap into the namespace: trust-manager (tooling) or the service stack of the namespace (application). */
  readonly vaultCa: { readonly configMap: string; readonly key: string; readonly source: 'trust-manager' | 'service-stack' };
}

const managed = { [WORKLOAD_LABELS.managedBy.key]: WORKLOAD_LABELS.managedBy.value };

/** The effective quota of a service: its declaration over the tier defaults. */
export function serviceQuota(service: WorkloadServiceDeclaration, tier: AddonTier): ServiceQuota {
  return { ...SERVICE_QUOTA_DEFAULTS[tier], ...Object.fromEntries(Object.entries(service.quota ?? {}).filter(([, v]) => v !== undefined)) };
}

/** Seconds between ESO refreshes of a service's secrets. */
export function secretRefreshSeconds(service: WorkloadServiceDeclaration): number {
  return service.secretRefreshSeconds ?? SECRET_REFRESH.defaultSeconds;
}

function secretStoreManifest(service: WorkloadServiceDeclaration, ctx: DeliveryContext, names: WorkloadNames, labels: Record<string, string>): Record<string, unknown> {
  const { method, path } = ctx.mounts.clusterAuth[service.cluster];
  const serviceAccountRef = { name: service.serviceAccount, audiences: [ctx.audience] };
  const auth =
    method === 'kubernetes'
      ? { kubernetes: { mountPath: path, role: service.name, serviceAccountRef } }
      : // ESO 2.9.0 (providers/v1/vault/auth_jwt.go) appends kubernetesServiceAccountToken.audiences to the account's
        // audiences and defaults it to ["vault"] when absent; the empty list keeps exactly the configured audience.
        { jwt: { path, role: service.name, kubernetesServiceAccountToken: { serviceAccountRef, audiences: [] } } };
  return {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'SecretStore',
    metadata: { name: names.secretStore, namespace: service.namespace, labels },
    spec: {
      provider: {
        vault: {
          server: ctx.vaultAddress,
          path: ctx.mounts.kv,
          version: 'v2',
          caProvider: { type: 'ConfigMap', name: VAULT_CA_BUNDLE.name, key: VAULT_CA_BUNDLE.configMapKey },
          auth,
        },
      },
    },
  };
}

function externalSecret(
  service: WorkloadServiceDeclaration,
  names: WorkloadNames,
  labels: Record<string, string>,
  purpose: ExternalSecretPurpose,
  name: string,
  vaultPath: string,
  data: { secretKey: string; property?: string }[],
  template?: Record<string, unknown>,
): ExternalSecretDelivery {
  const refreshSeconds = secretRefreshSeconds(service);
  const manifest = {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { name, namespace: service.namespace, labels },
    spec: {
      refreshInterval: refreshInterval(refreshSeconds),
      refreshPolicy: 'Periodic',
      secretStoreRef: { kind: 'SecretStore', name: names.secretStore },
      target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain', ...(template ? { template } : {}) },
      data: data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: vaultPath, ...(d.property ? { property: d.property } : {}) } })),
    },
  };
  const secretKeys = template ? Object.keys(template.data as Record<string, string>) : data.map((d) => d.secretKey);
  return { purpose, name, secretKeys, vaultPath, refreshSeconds, manifest };
}

/**
 * `keys.json` of a signing key-set: the key ids and their status come from the declaration (the same source as the
 * KV metadata Terraform writes), the key values from Vault (`{{ .keys }}`: the whole secret as JSON, ESO's GetSecret
 * without a property). A key listed before its value is written is simply absent from `keys`.
 */
export function signingKeysTemplate(keys: NonNullable<ServiceDeclaration['signingKeys']>['keys']): string {
  const primary = keys.find((k) => k.status === 'primary')?.id ?? '';
  const verifying = keys.filter((k) => k.status === 'verifying').map((k) => k.id);
  return `{"primary":${JSON.stringify(primary)},"verifying":${JSON.stringify(verifying)},"keys":{{ .keys }}}`;
}

/** What one service gets in its cluster. */
export function serviceDelivery(service: WorkloadServiceDeclaration, ctx: DeliveryContext): ServiceDelivery {
  if (service.cluster !== ctx.cluster) throw new Error(`service ${service.name} runs on the ${service.cluster} cluster, not ${ctx.cluster}`);
  const names = workloadNames(service);
  const vaultNames = serviceNames(service, ctx.mounts);
  const labels = { ...managed, [WORKLOAD_LABELS.service]: service.name };
  const { method, path } = ctx.mounts.clusterAuth[service.cluster];

  const externalSecrets: ExternalSecretDelivery[] = [];
  if (service.delivery === 'direct') {
    // The app talks to Vault itself: ESO delivers only its AppRole credentials (issued by the secret-ID issuer).
    externalSecrets.push(
      externalSecret(service, names, labels, 'vault-auth', names.vaultAuth, vaultNames.bootstrapKvPath, [
        { secretKey: 'role_id', property: 'role_id' },
        { secretKey: 'secret_id', property: 'secret_id' },
      ]),
    );
  } else {
    if (service.secrets.length > 0) {
      externalSecrets.push(
        externalSecret(
          service,
          names,
          labels,
          'secrets',
          names.secrets,
          vaultNames.kvPath,
          service.secrets.map((s) => ({ secretKey: s.key, property: s.key })),
        ),
      );
    }
    if (service.signingKeys) {
      externalSecrets.push(
        externalSecret(service, names, labels, 'signing-keys', names.signingKeys, vaultNames.signingKeysPath, [{ secretKey: 'keys' }], {
          engineVersion: 'v2',
          mergePolicy: 'Replace',
          type: 'Opaque',
          data: { [SIGNING_KEYS_FILE]: signingKeysTemplate(service.signingKeys.keys) },
        }),
      );
    }
  }

  const egress: NetworkAllow[] = [vaultAllow(ctx.network)];
  if (service.database) {
    if (!ctx.postgres) throw new Error(`service ${service.name} declares database access but the environment has no database`);
    egress.push({
      name: 'postgres',
      description: `PostgreSQL (${service.database.access} credentials from Vault)`,
      peers: ctx.postgres.cidrs.map((cidr) => ({ cidr })),
      ports: [{ protocol: 'TCP', port: ctx.postgres.port }],
    });
  }
  for (const rule of service.egress ?? []) {
    egress.push({
      name: `egress-${rule.name}`,
      description: rule.purpose,
      peers: rule.cidrs.map((cidr) => ({ cidr })),
      ports: rule.ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.port })),
    });
  }

  return {
    service: service.name,
    cluster: service.cluster,
    namespace: service.namespace,
    delivery: service.delivery,
    names,
    podLabels: { [SERVICE_POD_LABEL]: service.name },
    labels,
    vaultLogin: { method, mountPath: path, role: service.name, loginPath: clusterLoginPath(ctx.mounts, service.cluster, service.name), audience: ctx.audience },
    secretStore: secretStoreManifest(service, ctx, names, labels),
    externalSecrets,
    egress,
    tokenRequester: { namespace: PLATFORM_NAMESPACES.externalSecrets, serviceAccount: EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT },
    quota: serviceQuota(service, ctx.tier),
  };
}

/** The namespaces of the services of `ctx.cluster`, each with its services, sorted by name. */
export function deliveryModel(services: readonly WorkloadServiceDeclaration[], ctx: DeliveryContext): NamespaceDelivery[] {
  const onCluster = services.filter((s) => s.cluster === ctx.cluster);
  const namespaces = [...new Set(onCluster.map((s) => s.namespace))].sort();
  return namespaces.map((name) => {
    const deliveries = onCluster
      .filter((s) => s.namespace === name)
      .map((s) => serviceDelivery(s, ctx))
      .sort((a, b) => a.service.localeCompare(b.service));
    const sum = (key: keyof ServiceQuota) => deliveries.reduce((total, d) => total + d.quota[key], 0);
    return {
      name,
      cluster: ctx.cluster,
      services: deliveries,
      labels: { ...managed, [WORKLOAD_LABELS.workloadNamespace.key]: WORKLOAD_LABELS.workloadNamespace.value },
      podSecurityVersion: ctx.podSecurityVersion,
      egress: [dnsAllow()],
      quotaHard: {
        'requests.cpu': `${sum('requestsCpuMillicores')}m`,
        'requests.memory': `${sum('requestsMemoryMiB')}Mi`,
        'limits.memory': `${sum('limitsMemoryMiB')}Mi`,
        pods: String(sum('pods')),
        'services.loadbalancers': '0',
        'services.nodeports': '0',
      },
      containerDefaults: {
        defaultRequest: { cpu: `${CONTAINER_DEFAULTS.defaultRequest.cpuMillicores}m`, memory: `${CONTAINER_DEFAULTS.defaultRequest.memoryMiB}Mi` },
        default: { memory: `${CONTAINER_DEFAULTS.defaultLimit.memoryMiB}Mi` },
      },
      vaultCa: { configMap: VAULT_CA_BUNDLE.name, key: VAULT_CA_BUNDLE.configMapKey, source: ctx.cluster === 'tooling' ? 'trust-manager' : 'service-stack' },
    };
  });
}

/** A node security group egress rule opened for the services of a cluster (`clusters.<role>.serviceEgress`). */
export interface ServiceEgressNodeRule {
  /** Stable key: protocol, port and CIDR (`svc-tcp587-198-51-100-25-32`). */
  readonly key: string;
  /** The destination names that open it (no free text: security group descriptions are restricted). */
  readonly description: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly cidr: string;
}

/** The nodes reach HTTPS anywhere already (EksCluster `node-egress-https`): declared HTTPS needs no node rule. */
const HTTPS_PORT = 443;

const protocolOf = (p: { readonly protocol?: NetworkProtocol }): 'tcp' | 'udp' => ((p.protocol ?? 'TCP') === 'UDP' ? 'udp' : 'tcp');

/**
 * The node security group egress rules a cluster opens for its services: one per distinct protocol, port and CIDR of
 * its `serviceEgress` destinations (two destinations naming the same one share a rule; AWS refuses duplicates),
 * sorted by key. HTTPS needs none (the nodes reach 443 anywhere). A platform declaration, not the services': a
 * service change never changes the cluster stack (docs/service-catalog.md).
 */
export function serviceEgressNodeRules(destinations: readonly DeclaredEgress[]): ServiceEgressNodeRule[] {
  const rules = new Map<string, { protocol: 'tcp' | 'udp'; port: number; cidr: string; owners: string[] }>();
  for (const destination of destinations) {
    for (const cidr of destination.cidrs) {
      for (const p of destination.ports) {
        const protocol = protocolOf(p);
        if (protocol === 'tcp' && p.port === HTTPS_PORT) continue;
        const key = `svc-${protocol}${p.port}-${cidr.replace(/[./]/g, '-')}`;
        const rule = rules.get(key) ?? { protocol, port: p.port, cidr, owners: [] };
        if (!rule.owners.includes(destination.name)) rule.owners.push(destination.name);
        rules.set(key, rule);
      }
    }
  }
  return [...rules.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, r]) => ({ key, description: `Service egress destination: ${r.owners.join(', ')}`, protocol: r.protocol, port: r.port, cidr: r.cidr }));
}

/** A service egress destination its cluster does not open: which rule and CIDR, and the port. */
export interface UncoveredEgress {
  /** Index of the service's egress rule. */
  readonly rule: number;
  /** Index of the CIDR in that rule. */
  readonly cidr: number;
  readonly value: string;
  readonly protocol: NetworkProtocol;
  readonly port: number;
}

/**
 * The (CIDR, port) pairs of a service's egress that no cluster destination covers: a destination covers one when it
 * lists the same port and protocol and a CIDR containing the service's. HTTPS is always covered; CIDRs that do not
 * parse are skipped (their own error).
 */
export function uncoveredServiceEgress(egress: readonly DeclaredEgress[], opened: readonly DeclaredEgress[]): UncoveredEgress[] {
  const gaps: UncoveredEgress[] = [];
  egress.forEach((rule, r) => {
    (Array.isArray(rule.cidrs) ? rule.cidrs : []).forEach((text, c) => {
      const cidr = parseCidr(text);
      if (!cidr) return;
      for (const p of Array.isArray(rule.ports) ? rule.ports : []) {
        const protocol = protocolOf(p);
        if (protocol === 'tcp' && p.port === HTTPS_PORT) continue;
        const covered = opened.some(
          (d) =>
            (Array.isArray(d.ports) ? d.ports : []).some((q) => q.port === p.port && protocolOf(q) === protocol) &&
            (Array.isArray(d.cidrs) ? d.cidrs : []).some((outer) => {
              const parsed = parseCidr(outer);
              return parsed !== undefined && cidrContains(parsed, cidr);
            }),
        );
        if (!covered) gaps.push({ rule: r, cidr: c, value: text, protocol: protocol === 'udp' ? 'UDP' : 'TCP', port: p.port });
      }
    });
  });
  return gaps;
}
