import { Fn, TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsLoadBalancerController } from '../constructs/kubernetes/aws-load-balancer-controller';
import { CertManager } from '../constructs/kubernetes/cert-manager';
import { ClusterProviders } from '../constructs/kubernetes/cluster-providers';
import { EncryptedStorageClass } from '../constructs/kubernetes/encrypted-storage-class';
import { ExternalSecrets } from '../constructs/kubernetes/external-secrets';
import { type ClusterNetworkEndpoints } from '../constructs/kubernetes/network-allows';
import { PlatformNamespace } from '../constructs/kubernetes/platform-namespace';
import { POD_READINESS_GATE_LABEL } from '../constructs/kubernetes/platform-names';
import { PLATFORM_NAMESPACES } from '../constructs/kubernetes/platform-namespaces';
import { SecretIdIssuerNamespace } from '../constructs/kubernetes/secret-id-issuer-namespace';
import { SECRET_ID_ISSUER } from '../constructs/vault/secret-id-issuer-grants';
import { TerraformPlanAccess } from '../constructs/kubernetes/terraform-plan-access';
import { TrustManager } from '../constructs/kubernetes/trust-manager';
import { type ClusterRole } from '../environments/clusters-schema';
import { terraformPlanClients } from './cluster-clients';
import { type ClusterStack } from './cluster-stack';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { STACK_KINDS, type StackKind } from './stack-kinds';
import { type VaultAccessStack } from './vault-access-stack';

/** The platform controllers a cluster role gets (besides the StorageClass and the plan RBAC every cluster gets). */
export type ClusterAddon = 'awsLoadBalancerController' | 'certManager' | 'trustManager' | 'externalSecrets';

/**
 * Add-ons per cluster role. The tooling cluster runs Vault: the load balancer controller registers Vault's pods in
 * the NLB's target group, cert-manager issues Vault's TLS certificate, trust-manager spreads its CA. External Secrets
 * Operator runs on both clusters, whether or not services are declared there today: a team's first service on a
 * cluster then changes its service stack only (docs/service-catalog.md).
 */
export const CLUSTER_ADDONS: Readonly<Record<ClusterRole, readonly ClusterAddon[]>> = {
  tooling: ['awsLoadBalancerController', 'certManager', 'trustManager', 'externalSecrets'],
  application: ['externalSecrets'],
};

export interface ClusterAddonsStackProps extends PlatformStackProps {
  /** Which of the environment's clusters. */
  readonly role: ClusterRole;
  readonly network: NetworkStack;
  /** The cluster stack of `role`: endpoint, CA, OIDC provider, EBS CSI role. */
  readonly cluster: ClusterStack;
  /**
   * Vault's load balancer: its target group where the load balancer controller runs, its subnets where External
   * Secrets Operator runs (the controller's egress).
   */
  readonly vaultAccess?: VaultAccessStack;
}

/**
 * `cluster-addons-<role>-<env>`: the Helm controllers and cluster-wide objects later stacks stand on, one stack per
 * cluster, planned after the cluster stack and before anything that creates their custom resources (vault-server):
 * a `kubernetes_manifest` needs its CRD at plan time, and these releases install the CRDs.
 *
 * Every cluster: an encrypted default StorageClass (`gp3-encrypted`, customer-managed key) and the read-only RBAC of
 * the HCP Terraform plan roles of the stacks that talk to it (stacks/cluster-clients.ts). The controllers come from
 * {@link CLUSTER_ADDONS}; the tooling cluster also gets the `vault` namespace (trust-manager's trust namespace,
 * labelled for pod readiness gates) and the `vault-secret-id-issuer` namespace of the shards' AppRole secret-ID
 * issuers. Runs on an HCP Terraform agent in the tooling VPC (docs/kubernetes-platform.md).
 */
export class ClusterAddonsStack extends PlatformStack {
  readonly role: ClusterRole;
  readonly providers: ClusterProviders;
  readonly storageClass: EncryptedStorageClass;
  readonly namespaces: Readonly<Record<string, PlatformNamespace>>;
  readonly loadBalancerController?: AwsLoadBalancerController;
  readonly certManager?: CertManager;
  readonly trustManager?: TrustManager;
  readonly externalSecrets?: ExternalSecrets;
  /** The namespace of the shards' AppRole secret-ID issuers (tooling cluster). */
  readonly secretIdIssuerNamespace?: SecretIdIssuerNamespace;

  constructor(scope: Construct, props: ClusterAddonsStackProps) {
    super(scope, addonsStackKind(props.role), props);
    const env = props.environment;
    const addons = CLUSTER_ADDONS[props.role];
    const clusterName = props.cluster.clusterName;
    const prefix = `${this.namePrefix}-${props.role}`;
    this.role = props.role;

    this.providers = new ClusterProviders(this, 'cluster', {
      cluster: { clusterName, endpoint: props.cluster.endpoint, certificateAuthorityData: props.cluster.certificateAuthorityData },
      helm: true,
    });
    const kubernetes = this.providers.kubernetes;
    const helm = this.providers.requireHelm();

    this.storageClass = new EncryptedStorageClass(this, 'storage', { provider: kubernetes, namePrefix: prefix, ebsCsiRoleArn: props.cluster.ebsCsiRoleArn });

    const namespaces: Record<string, PlatformNamespace> = {};
    const namespace = (key: keyof typeof PLATFORM_NAMESPACES, labels?: Record<string, string>) =>
      (namespaces[key] = new PlatformNamespace(this, `namespace-${PLATFORM_NAMESPACES[key]}`, {
        name: PLATFORM_NAMESPACES[key],
        provider: kubernetes,
        podSecurityVersion: `v${env.clusters[props.role].kubernetesVersion}`,
        labels,
      }));
    const tier = env.tier;

    if (addons.includes('certManager')) {
      const ns = namespace('certManager');
      this.certManager = new CertManager(this, 'cert-manager', { provider: helm, namespace: PLATFORM_NAMESPACES.certManager, tier, dependsOn: [ns.namespace] });
    }
    const certManagerRelease = this.certManager ? [this.certManager.release.release] : [];

    if (addons.includes('trustManager')) {
      if (!this.certManager) throw new Error(`${this.node.path}: trust-manager needs cert-manager (its webhook certificate) in the same cluster`);
      const ns = namespace('trustManager');
      const vault = namespace('vault', { [POD_READINESS_GATE_LABEL.key]: POD_READINESS_GATE_LABEL.value });
      this.trustManager = new TrustManager(this, 'trust-manager', {
        provider: helm,
        namespace: PLATFORM_NAMESPACES.trustManager,
        trustNamespace: PLATFORM_NAMESPACES.vault,
        tier,
        dependsOn: [ns.namespace, vault.namespace, ...certManagerRelease],
      });
    }

    if (addons.includes('awsLoadBalancerController')) {
      if (!props.vaultAccess) throw new Error(`${this.node.path}: vaultAccess: the load balancer controller needs the Vault target group, got none`);
      if (!this.certManager) throw new Error(`${this.node.path}: the load balancer controller needs cert-manager (its webhook certificate) in the same cluster`);
      const ns = namespace('awsLoadBalancerController');
      const network = props.role === 'tooling' ? props.network.tooling : props.network.application;
      this.loadBalancerController = new AwsLoadBalancerController(this, 'aws-load-balancer-controller', {
        provider: helm,
        namespace: PLATFORM_NAMESPACES.awsLoadBalancerController,
        clusterName,
        vpcId: network.vpcId,
        oidcProvider: { arn: props.cluster.oidcProviderArn, issuerHost: Fn.replace(props.cluster.oidcIssuerUrl, 'https://', '') },
        roleName: `${prefix}-aws-load-balancer-controller`,
        targetGroupArns: [props.vaultAccess.loadBalancer.targetGroupArn],
        tier,
        dependsOn: [ns.namespace, ...certManagerRelease],
      });
    }
    if (addons.includes('externalSecrets')) {
      if (!props.vaultAccess) throw new Error(`${this.node.path}: vaultAccess: External Secrets Operator needs the Vault load balancer's subnets, got none`);
      const ns = namespace('externalSecrets');
      this.externalSecrets = new ExternalSecrets(this, 'external-secrets', {
        provider: helm,
        namespace: PLATFORM_NAMESPACES.externalSecrets,
        tier,
        network: clusterNetworkEndpoints(props.network, props.role, props.vaultAccess),
        dependsOn: [ns.namespace],
      });
    }
    this.namespaces = namespaces;

    // The namespace every shard's secret-ID issuer runs in, with its policies: created once here, whatever the number
    // of issuers (the service stacks add their ServiceAccount and CronJob). The construct id keeps the addresses these
    // objects had in workloads-tooling (docs/service-catalog.md, "Migration").
    if (props.role === SECRET_ID_ISSUER.cluster) {
      if (!props.vaultAccess) throw new Error(`${this.node.path}: vaultAccess: the secret-ID issuers' egress policy needs the Vault load balancer's subnets, got none`);
      this.secretIdIssuerNamespace = new SecretIdIssuerNamespace(this, 'secret-id-issuer', {
        provider: kubernetes,
        network: clusterNetworkEndpoints(props.network, props.role, props.vaultAccess),
        podSecurityVersion: `v${env.clusters[props.role].kubernetesVersion}`,
      });
    }

    new TerraformPlanAccess(this, 'terraform-plan-access', {
      provider: kubernetes,
      clients: terraformPlanClients(props.role),
      dependsOn: [...Object.values(namespaces).map((ns) => ns.namespace), ...(this.secretIdIssuerNamespace ? [this.secretIdIssuerNamespace.namespace.namespace] : [])],
    });

    new TerraformOutput(this, 'storage-class-name', { value: this.storageClass.name, description: 'Encrypted gp3 StorageClass (default class of the cluster)' });
    new TerraformOutput(this, 'ebs-key-arn', { value: this.storageClass.key.arn, description: 'KMS key of the EBS volumes of the encrypted StorageClass' });
    if (this.loadBalancerController) {
      new TerraformOutput(this, 'aws-load-balancer-controller-role-arn', {
        value: this.loadBalancerController.role.arn,
        description: 'IRSA role of the AWS Load Balancer Controller (target registration only)',
      });
    }
  }
}

/**
 * Where a pod of the cluster of `role` finds the API server (its VPC's private subnets, where the control plane ENIs
 * are) and Vault (its load balancer's subnets). Plain CIDRs from the network layout: no cross-stack reference.
 */
export function clusterNetworkEndpoints(network: NetworkStack, role: ClusterRole, vaultAccess: VaultAccessStack): ClusterNetworkEndpoints {
  const vpc = role === 'tooling' ? network.tooling : network.application;
  return {
    apiServerCidrs: vpc.availabilityZones.map((az) => vpc.subnetCidrs[az].private),
    vaultCidrs: [...vaultAccess.loadBalancer.subnetCidrs],
    vaultPort: vaultAccess.loadBalancer.port,
  };
}

/** `cluster-addons-<role>`, which must be a composed stack kind. */
export function addonsStackKind(role: ClusterRole): StackKind {
  const kind = `cluster-addons-${role}`;
  if (!(STACK_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`stack kind "${kind}" is not in STACK_KINDS (stacks/stack-kinds.ts); add it there, in deploy order, to compose the ${role} add-ons`);
  }
  return kind as StackKind;
}
