import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { TerraformDataSource, TerraformResource, TerraformVariable } from 'cdktf';
import { type Construct, type IConstruct } from 'constructs';
import { ClusterProviders } from '../constructs/kubernetes/cluster-providers';
import { type NamespaceDelivery, deliveryModel } from '../constructs/kubernetes/delivery-model';
import { SecretIdIssuerJob, issuerTargets } from '../constructs/kubernetes/secret-id-issuer-job';
import { ServiceNamespace } from '../constructs/kubernetes/service-namespace';
import { ServiceWorkload } from '../constructs/kubernetes/service-workload';
import { SecretIdIssuer } from '../constructs/vault/secret-id-issuer';
import { SECRET_ID_ISSUER, secretIdIssuerNames } from '../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_SECRET_ID_TTL_SECONDS } from '../constructs/vault/service-app-role';
import { CLUSTER_NAMES, type ClusterName, type VaultMountPaths } from '../constructs/vault/service-grants';
import { DEFAULT_CONNECTION_NAME } from '../constructs/vault/database-secrets-engine';
import { VaultService } from '../constructs/vault/vault-service';
import { type ShardKey } from '../environments/service-shards';
import { clusterName } from './signal-catalog';
import { type CatalogService, deliveryContext, vaultAddress, vaultMountPaths } from './service-catalog';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { type ServiceStackKind } from './stack-kinds';

/**
 * Most Terraform resources and data sources a service stack may hold, counted after composition. A plan refreshes
 * every object of its workspace, so plan time grows with the stack; beyond this the team splits its services with
 * `shard` (docs/service-catalog.md, "Splitting a team").
 */
export const SERVICE_STACK_RESOURCE_LIMIT = 500;

/**
 * Every resource and data source type a service stack may hold. The service stacks' shared run roles are derived from
 * this list, not from the stacks composed today, so a team's first service of a new kind needs no bootstrap change;
 * the bootstrap fails when a service stack holds a type outside it (stacks/bootstrap-stack.ts).
 */
export const SERVICE_STACK_TERRAFORM_TYPES = {
  resources: [
    'kubernetes_config_map_v1',
    'kubernetes_cron_job_v1',
    'kubernetes_limit_range_v1',
    'kubernetes_manifest',
    'kubernetes_namespace_v1',
    'kubernetes_network_policy_v1',
    'kubernetes_resource_quota_v1',
    'kubernetes_role_binding_v1',
    'kubernetes_role_v1',
    'kubernetes_service_account_v1',
    'vault_approle_auth_backend_role',
    'vault_database_secret_backend_role',
    'vault_generic_endpoint',
    'vault_jwt_auth_backend_role',
    'vault_kubernetes_auth_backend_role',
    'vault_pki_secret_backend_role',
    'vault_policy',
  ] as readonly string[],
  dataSources: ['aws_eks_cluster'] as readonly string[],
} as const;

/** Terraform variable of a service stack with the PEM of Vault's listener CA (set by the bootstrap). */
export const VAULT_CA_PEM_VARIABLE = 'vault_ca_certificate_pem';

export interface ServiceStackProps extends PlatformStackProps {
  readonly shard: ShardKey;
  /** The shard's services, with the environment defaults applied (`catalogShards`). At least one. */
  readonly services: readonly CatalogService[];
}

/**
 * `services-<team>[-<shard>]-<env>`: every resource of the services of one shard of the catalog (docs/service-catalog.md),
 * both sides:
 * - in Vault (VaultService): per service its policy, its role on its cluster's auth method, and as declared its
 *   AppRole and bootstrap policy, database role, certificate role and signing key-set structure; and the shard's
 *   AppRole secret-ID issuer (policy and Kubernetes role) when it has `direct` services;
 * - in each cluster its services run on (the delivery model): per namespace the namespace, default-deny and DNS
 *   policies, quota, container defaults and, on the application cluster, the `vault-ca` ConfigMap; per service its
 *   ServiceAccount, token-request RBAC, NetworkPolicy, SecretStore and ExternalSecrets; and in the tooling cluster the
 *   shard's secret-ID issuer CronJob.
 *
 * It reads no other stack's state: mounts, auth paths, the database connection, Vault's address and the clusters'
 * names come from the configuration, the clusters' endpoints from `aws_eks_cluster` data sources, Vault's CA from the
 * variables the bootstrap sets. So adding, changing or removing a service changes this stack's JSON and no other.
 * Runs on an agent with the environment's shared service run roles (stacks/stack-kinds.ts `SERVICE_STACKS_GROUP`);
 * deploys after vault-config and both add-ons stacks (compose.ts `SERVICE_STACK_DEPENDENCIES`).
 */
export class ServiceStack extends PlatformStack {
  readonly shard: ShardKey;
  readonly vaultProvider: VaultProvider;
  readonly mounts: VaultMountPaths;
  /** Per service name: its Vault side (the Kubernetes side is added below it with the id `Default`, see below). */
  readonly vaultServices: Readonly<Record<string, VaultService>>;
  readonly workloads: Readonly<Record<string, ServiceWorkload>>;
  readonly namespaces: readonly ServiceNamespace[];
  /** The kubernetes provider of each cluster the stack talks to, aliased by cluster (no helm provider: a service stack installs no chart). */
  readonly clusters: Readonly<Partial<Record<ClusterName, ClusterProviders>>>;
  /** The delivery model of each cluster the shard's services run on. */
  readonly models: Readonly<Partial<Record<ClusterName, readonly NamespaceDelivery[]>>>;
  readonly secretIdIssuer?: { readonly vault: SecretIdIssuer; readonly job: SecretIdIssuerJob };

  constructor(scope: Construct, props: ServiceStackProps) {
    super(scope, props.shard.kind as ServiceStackKind, props);
    const env = props.environment;
    const services = props.services;
    if (services.length === 0) throw new Error(`${this.node.path}: a service stack needs at least one service`);
    this.shard = props.shard;
    this.mounts = vaultMountPaths(env);
    const audience = env.vault.kubernetes.audience;

    // The CA is vault-server's output vault-ca-certificate-pem. With dynamic credentials HCP Terraform writes
    // TFC_VAULT_ENCODED_CACERT (set by the bootstrap) to a file for the provider, so this stays null (as vault-config).
    const caCertFile = new TerraformVariable(this, 'vault_ca_cert_file', {
      type: 'string',
      nullable: true,
      description: 'Path, on the HCP Terraform agent, of the Vault listener CA (vault-server output vault-ca-certificate-pem). Leave null when TFC_VAULT_ENCODED_CACERT is set.',
    });
    caCertFile.addOverride('default', null);
    this.vaultProvider = new VaultProvider(this, 'vault', { address: vaultAddress(env), caCertFile: caCertFile.stringValue, skipChildToken: true });
    // Declared by every service stack, used by those with application-cluster namespaces: the bootstrap sets it on
    // every service workspace alike, so a shard's first application service changes no other stack.
    const vaultCaPem = new TerraformVariable(this, VAULT_CA_PEM_VARIABLE, {
      type: 'string',
      description: "PEM of the CA that signed Vault's listener certificate (public; vault-server output vault-ca-certificate-pem, set by the bootstrap): the vault-ca ConfigMap of the application cluster's service namespaces",
    });

    const vaultServices: Record<string, VaultService> = {};
    for (const service of services) {
      vaultServices[service.name] = new VaultService(this, `service-${service.name}`, {
        service,
        mounts: this.mounts,
        kvMaxVersions: env.vault.kv.maxVersions,
        audience,
        appRoleBoundCidrs: [env.network.vpcs[service.cluster].cidr],
        databaseConnection: env.database ? DEFAULT_CONNECTION_NAME : undefined,
        pkiBaseDomains: env.vault.pki.allowedBaseDomains,
      });
    }
    this.vaultServices = vaultServices;

    const direct = services.filter((s) => s.delivery === 'direct');
    const usedClusters = CLUSTER_NAMES.filter((cluster) => services.some((s) => s.cluster === cluster) || (cluster === SECRET_ID_ISSUER.cluster && direct.length > 0));
    const clusters: Partial<Record<ClusterName, ClusterProviders>> = {};
    for (const cluster of usedClusters) {
      const eks = new DataAwsEksCluster(this, `eks-${cluster}`, { name: clusterName(env, cluster) });
      clusters[cluster] = new ClusterProviders(this, `cluster-${cluster}`, {
        cluster: { clusterName: clusterName(env, cluster), endpoint: eks.endpoint, certificateAuthorityData: eks.certificateAuthority.get(0).data },
        alias: cluster,
        helm: false,
      });
    }
    this.clusters = clusters;

    const models: Partial<Record<ClusterName, NamespaceDelivery[]>> = {};
    const namespaces: ServiceNamespace[] = [];
    const workloads: Record<string, ServiceWorkload> = {};
    for (const cluster of CLUSTER_NAMES) {
      const onCluster = services.filter((s) => s.cluster === cluster);
      if (onCluster.length === 0) continue;
      const provider = clusters[cluster]!.kubernetes;
      const model = (models[cluster] = deliveryModel(onCluster, deliveryContext(env, cluster)));
      for (const ns of model) {
        const pem = ns.vaultCa.source === 'service-stack' ? vaultCaPem.stringValue : undefined;
        const namespace = new ServiceNamespace(this, `namespace-${ns.name}`, { provider, model: ns, vaultCaCertificatePem: pem });
        namespaces.push(namespace);
        for (const delivery of ns.services) {
          // The Kubernetes side goes below the service's Vault construct with the id `Default`, which cdktf leaves out of
          // Terraform addresses (cdktf 0.21 lib/private/unique.js, HIDDEN_ID): both sides keep the addresses they had in
          // vault-config-<env> and workloads-<cluster>-<env> (`service-<name>_<child>_<hash>`), so the migration
          // moves state without renaming anything (docs/service-catalog.md, "Migration").
          workloads[delivery.service] = new ServiceWorkload(vaultServices[delivery.service], 'Default', {
            provider,
            model: delivery,
            namespace: namespace.name,
            dependsOn: namespace.vaultCa ? [namespace.vaultCa] : [],
          });
        }
      }
    }
    this.models = models;
    this.namespaces = namespaces;
    this.workloads = workloads;

    if (direct.length > 0) {
      const names = secretIdIssuerNames(props.shard.id);
      const vault = new SecretIdIssuer(this, 'secret-id-issuer', { names, services, mounts: this.mounts, audience });
      const job = new SecretIdIssuerJob(this, 'secret-id-issuer-job', {
        provider: clusters[SECRET_ID_ISSUER.cluster]!.kubernetes,
        names,
        targets: issuerTargets(services, this.mounts, DEFAULT_SECRET_ID_TTL_SECONDS),
        mounts: this.mounts,
        vaultAddress: vaultAddress(env),
        audience,
      });
      this.secretIdIssuer = { vault, job };
    }
  }
}

/** Terraform resources and data sources of a stack (`terraform_remote_state` included; ephemeral blocks are not). */
export function terraformElementCount(stack: IConstruct): number {
  return stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c)).length;
}

/**
 * Fails when a service stack holds more than {@link SERVICE_STACK_RESOURCE_LIMIT} resources and data sources, naming
 * every such stack with its count and how to split it. Called once the app is composed.
 */
export function checkServiceStackSizes(stacks: readonly ServiceStack[], limit = SERVICE_STACK_RESOURCE_LIMIT): void {
  const problems = stacks.flatMap((stack) => {
    const count = terraformElementCount(stack);
    if (count <= limit) return [];
    const env = stack.environment.name;
    return [
      `${env}: stack ${stack.stackName} holds ${count} Terraform resources and data sources, above the limit of ${limit} per service stack ` +
        `(SERVICE_STACK_RESOURCE_LIMIT, stacks/service-stack.ts; a plan refreshes every one of them). Split team "${stack.shard.team}": declare ` +
        `shard: '<name>' on some of its services in environments/${env}.ts (vault.services[].shard, e.g. shard: 'batch' puts them in ` +
        `services-${stack.shard.team}-batch-${env}). Services already applied move with their state: docs/service-catalog.md#moving-a-service-between-shards`,
    ];
  });
  if (problems.length > 0) throw new Error(`Service stacks over their size limit:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
