import { TerraformOutput, TerraformVariable } from 'cdktf';
import { type Construct } from 'constructs';
import { POSTGRES_PORT } from '../constructs/data/postgres-database';
import { ClusterProviders } from '../constructs/kubernetes/cluster-providers';
import { SecretIdIssuerJob, issuerTargets } from '../constructs/kubernetes/secret-id-issuer-job';
import { type DeliveryContext, type NamespaceDelivery, type WorkloadServiceDeclaration, deliveryModel } from '../constructs/kubernetes/delivery-model';
import { ServiceNamespace } from '../constructs/kubernetes/service-namespace';
import { ServiceWorkload } from '../constructs/kubernetes/service-workload';
import { DEFAULT_SUBNET_PREFIX_LENGTHS, type SubnetTier, planSubnets } from '../constructs/network/subnet-layout';
import { SECRET_ID_ISSUER } from '../constructs/vault/secret-id-issuer-grants';
import { DEFAULT_SECRET_ID_TTL_SECONDS } from '../constructs/vault/service-app-role';
import { type ClusterRole } from '../environments/clusters-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { vaultHostname } from '../environments/vault-access-schema';
import { type ClusterStack } from './cluster-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { STACK_KINDS, type StackKind } from './stack-kinds';
import { VAULT_PORT } from './vault-access-stack';
import { serviceSpecs, vaultMountPaths } from './vault-config-stack';

export interface WorkloadsStackProps extends PlatformStackProps {
  /** Which of the environment's clusters. */
  readonly role: ClusterRole;
  /** The cluster stack of `role`: endpoint and CA for the providers. */
  readonly cluster: ClusterStack;
  /**
   * PEM of the CA of Vault's listener certificate (vault-server's `vault-ca-certificate-pem` output), for the
   * `vault-ca` ConfigMaps of the application cluster's service namespaces. Unused on the tooling cluster, where
   * trust-manager publishes the ConfigMap. @default - a Terraform variable `vault_ca_certificate_pem`
   */
  readonly vaultCaCertificatePem?: string;
}

/**
 * `workloads-<role>-<env>`: the Kubernetes side of every service declared on the cluster of `role`, generated from
 * the declarations by the delivery model (constructs/kubernetes/delivery-model.ts): per namespace the namespace,
 * default-deny and DNS NetworkPolicies, quota, container defaults (and on the application cluster the `vault-ca`
 * ConfigMap); per service its ServiceAccount, ESO token-request RBAC, NetworkPolicy, SecretStore and ExternalSecrets.
 * The tooling stack also runs the AppRole secret-ID issuer (SecretIdIssuerJob) when a service uses `direct` delivery.
 * Planned after cluster-addons (the ESO CRDs) and vault-config (the roles the stores log in with). Runs on an HCP
 * Terraform agent in the tooling VPC (docs/kubernetes-platform.md).
 */
export class WorkloadsStack extends PlatformStack {
  readonly role: ClusterRole;
  readonly providers: ClusterProviders;
  readonly model: readonly NamespaceDelivery[];
  readonly namespaces: Readonly<Record<string, ServiceNamespace>>;
  readonly services: Readonly<Record<string, ServiceWorkload>>;
  /** The AppRole secret-ID issuer CronJob; on the tooling cluster when a service uses `direct` delivery. */
  readonly secretIdIssuer?: SecretIdIssuerJob;

  constructor(scope: Construct, props: WorkloadsStackProps) {
    super(scope, workloadsStackKind(props.role), props);
    const env = props.environment;
    this.role = props.role;
    this.providers = new ClusterProviders(this, 'cluster', {
      cluster: { clusterName: props.cluster.clusterName, endpoint: props.cluster.endpoint, certificateAuthorityData: props.cluster.certificateAuthorityData },
    });
    const provider = this.providers.kubernetes;

    this.model = deliveryModel(workloadServices(env), deliveryContext(env, props.role));
    const needsCa = this.model.some((ns) => ns.vaultCa.source === 'workloads-stack');
    const vaultCaCertificatePem = needsCa
      ? (props.vaultCaCertificatePem ??
        new TerraformVariable(this, 'vault_ca_certificate_pem', {
          type: 'string',
          description: "PEM of the CA that signed Vault's listener certificate (public): the vault-ca ConfigMap of every service namespace",
        }).stringValue)
      : undefined;

    const namespaces: Record<string, ServiceNamespace> = {};
    const services: Record<string, ServiceWorkload> = {};
    for (const ns of this.model) {
      const namespace = (namespaces[ns.name] = new ServiceNamespace(this, `namespace-${ns.name}`, { provider, model: ns, vaultCaCertificatePem }));
      for (const service of ns.services) {
        services[service.service] = new ServiceWorkload(this, `service-${service.service}`, {
          provider,
          model: service,
          namespace: namespace.name,
          dependsOn: namespace.vaultCa ? [namespace.vaultCa] : [],
        });
      }
    }
    this.namespaces = namespaces;
    this.services = services;

    const context = deliveryContext(env, props.role);
    const targets = issuerTargets(serviceSpecs(env), context.mounts, DEFAULT_SECRET_ID_TTL_SECONDS);
    if (props.role === SECRET_ID_ISSUER.cluster && targets.length > 0) {
      this.secretIdIssuer = new SecretIdIssuerJob(this, 'secret-id-issuer', {
        provider,
        targets,
        mounts: context.mounts,
        vaultAddress: context.vaultAddress,
        audience: context.audience,
        network: context.network,
        podSecurityVersion: context.podSecurityVersion,
      });
    }

    new TerraformOutput(this, 'service-namespaces', {
      value: this.model.map((ns) => ns.name),
      description: `Namespaces of the services declared on the ${props.role} cluster`,
    });
  }
}

/** `workloads-<role>`, which must be a composed stack kind. */
export function workloadsStackKind(role: ClusterRole): StackKind {
  const kind = `workloads-${role}`;
  if (!(STACK_KINDS as readonly string[]).includes(kind)) throw new Error(`stack kind "${kind}" is not in STACK_KINDS (stacks/stack-kinds.ts)`);
  return kind as StackKind;
}

/** The environment's service declarations as the delivery model reads them (Vault defaults applied). */
export function workloadServices(env: EnvironmentConfig): WorkloadServiceDeclaration[] {
  return serviceSpecs(env);
}

/** CIDRs of one subnet tier of a VPC, from the deterministic layout the network stack builds (no Terraform reference). */
export function subnetCidrs(env: EnvironmentConfig, vpc: ClusterRole, tier: SubnetTier): string[] {
  const layout = planSubnets(env.network.vpcs[vpc].cidr, env.network.availabilityZones, { ...DEFAULT_SUBNET_PREFIX_LENGTHS, ...env.network.subnetPrefixLengths });
  return env.network.availabilityZones.map((az) => layout[az][tier]);
}

/**
 * What the delivery model needs to know about an environment and one of its clusters, all from the configuration: the
 * Vault address (vault-access), the audience and mounts (vault-config), the API server's subnets (the cluster VPC's
 * private subnets, where the control plane ENIs are), Vault's load balancer subnets (the tooling VPC's private
 * subnets) and PostgreSQL's (the application VPC's isolated subnets).
 */
export function deliveryContext(env: EnvironmentConfig, cluster: ClusterRole): DeliveryContext {
  return {
    cluster,
    tier: env.tier,
    vaultAddress: `https://${vaultHostname(env.vaultAccess)}:${VAULT_PORT}`,
    audience: env.vault.kubernetes.audience,
    mounts: vaultMountPaths(env),
    network: { apiServerCidrs: subnetCidrs(env, cluster, 'private'), vaultCidrs: subnetCidrs(env, 'tooling', 'private'), vaultPort: VAULT_PORT },
    postgres: env.database ? { cidrs: subnetCidrs(env, 'application', 'isolated'), port: POSTGRES_PORT } : undefined,
    podSecurityVersion: `v${env.clusters[cluster].kubernetesVersion}`,
  };
}
