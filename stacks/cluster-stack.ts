import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { EksCluster, type NodeTrafficRule } from '../constructs/compute/eks-cluster';
import { serviceEgressNodeRules } from '../constructs/kubernetes/delivery-model';
import { SignalAlarms } from '../constructs/observability/signal-alarms';
import { type SignalOwner } from '../constructs/observability/signals';
import { type ClusterRole } from '../environments/clusters-schema';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { runRoleAccessEntries } from './cluster-clients';
import { alarmsOwnedBy, signalCatalog } from './signal-catalog';
import { type VaultAccessStack } from './vault-access-stack';

/** PostgreSQL port: the database lives in the application VPC's isolated subnets (data-<env>). */
const POSTGRES_PORT = 5432;

export interface ClusterStackProps extends PlatformStackProps {
  /** Which of the environment's two clusters this stack holds. */
  readonly role: ClusterRole;
  /** The environment's network stack: VPCs, private subnets. */
  readonly network: NetworkStack;
  /** Vault's internal load balancer: its security group and subnets open the node paths to and from Vault. */
  readonly vaultAccess: VaultAccessStack;
}

/**
 * `cluster-tooling-<env>` and `cluster-application-<env>`: one stack, one HCP Terraform workspace and one state per
 * cluster, so a plan or an upgrade of the application cluster can never touch the tooling cluster that runs Vault
 * (see docs/eks.md for the decision and the deploy order).
 *
 * Node paths beyond the cluster itself:
 * - tooling nodes admit the Vault load balancer on 8200 (Vault pods are its IP targets);
 * - all nodes may reach the Vault load balancer's subnets on 8200 (applications and tools call Vault);
 * - with a database: application nodes may reach the isolated subnets of their VPC on 5432, tooling nodes those of
 *   the application VPC over the peering (Vault's database secrets engine);
 * - the destinations the cluster opens for its services (`clusters.<role>.serviceEgress`, one rule per protocol, port
 *   and CIDR), which the services' own egress declarations must stay within.
 * Both clusters' APIs admit the tooling VPC's private subnets: the HCP Terraform agents (tfc-agents-<env>) run there
 * (docs/kubernetes-platform.md).
 * Vault does not need the application cluster's API: it verifies that cluster's service account tokens against the
 * cluster's public OIDC issuer (JWT auth); its only TokenReview calls go to its own (tooling) cluster.
 *
 * Access entries: the environment's `clusters.<role>.accessEntries` (people) plus the HCP Terraform run roles of the
 * stacks that talk to this cluster (stacks/cluster-clients.ts: apply role cluster admin, plan role a Kubernetes group
 * bound to read-only RBAC by the cluster's add-ons stack).
 */
export class ClusterStack extends PlatformStack {
  readonly role: ClusterRole;
  readonly cluster: EksCluster;
  readonly clusterName: string;
  /** API server URL. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  readonly oidcIssuerUrl: string;
  readonly oidcProviderArn: string;
  /** Security group of the nodes: databases and load balancers admit this one. */
  readonly nodeSecurityGroupId: string;
  /** The security group EKS created for the cluster. */
  readonly clusterSecurityGroupId: string;
  /** Additional security group of the control plane (private API endpoint). */
  readonly controlPlaneSecurityGroupId: string;
  /** IRSA role of the EBS CSI driver add-on (the encrypted StorageClass's key policy names it). */
  readonly ebsCsiRoleArn: string;
  /** The catalog's Container Insights alarms of this cluster. */
  readonly alarms: SignalAlarms;

  constructor(scope: Construct, props: ClusterStackProps) {
    super(scope, `cluster-${props.role}`, props);
    const env = props.environment;
    const config = env.clusters[props.role];
    const { tooling, application } = props.network;
    const network = props.role === 'tooling' ? tooling : application;
    const loadBalancer = props.vaultAccess.loadBalancer;

    const nodeIngress: NodeTrafficRule[] =
      props.role === 'tooling'
        ? [{ key: 'vault-lb', description: 'Vault API (8200) from its internal load balancer (IP targets)', port: loadBalancer.port, securityGroupId: loadBalancer.securityGroupId }]
        : [];
    const nodeEgress: NodeTrafficRule[] = loadBalancer.subnetCidrs.map((cidr, i) => ({
      key: `vault-lb-${tooling.availabilityZones[i]}`,
      description: `Vault API (8200) on its internal load balancer in ${cidr}`,
      port: loadBalancer.port,
      cidrIpv4: cidr,
    }));
    if (env.database) {
      for (const az of application.availabilityZones) {
        const cidr = application.subnetCidrs[az].isolated;
        nodeEgress.push({
          key: `postgres-${az}`,
          description:
            props.role === 'tooling'
              ? `Vault database secrets engine to PostgreSQL in ${cidr} (application VPC, over the peering)`
              : `Applications to PostgreSQL in ${cidr}`,
          port: POSTGRES_PORT,
          cidrIpv4: cidr,
        });
      }
    }

    // Destinations the cluster opens for its services (clusters.<role>.serviceEgress): pods leave through their node's
    // security group, so a service's NetworkPolicy allow needs a matching node rule (skipped when a platform rule
    // already covers it). The services' declarations must stay within these (environments/workload-schema.ts).
    for (const rule of serviceEgressNodeRules(config.serviceEgress)) {
      const covered = nodeEgress.some((r) => r.cidrIpv4 === rule.cidr && r.port === rule.port && (r.protocol ?? 'tcp') === rule.protocol);
      if (!covered) nodeEgress.push({ key: rule.key, description: rule.description, port: rule.port, protocol: rule.protocol, cidrIpv4: rule.cidr });
    }

    this.role = props.role;
    this.cluster = new EksCluster(this, 'cluster', {
      name: `${this.namePrefix}-${props.role}`,
      kubernetesVersion: config.kubernetesVersion,
      network,
      nodeGroups: config.nodeGroups,
      addonVersions: config.addons,
      logRetentionDays: config.logRetentionDays,
      endpointPublicAccess: config.endpoint.publicAccess,
      publicAccessCidrs: config.endpoint.publicAccessCidrs,
      // Both control planes admit the tooling VPC's private subnets: HCP Terraform agents run there (the stacks that
      // talk to a cluster). Vault needs no path to the application API (JWT auth against the cluster's OIDC issuer).
      apiAccessCidrs: tooling.availabilityZones.map((az) => tooling.subnetCidrs[az].private),
      accessEntries: [...config.accessEntries, ...runRoleAccessEntries(env, props.role)],
      // Outside dev, only roles of the environment's own accounts (also checked by the environment schema).
      accessEntryAccountIds: env.tier === 'dev' ? undefined : env.aws.allowedAccountIds,
      deletionProtection: env.tier !== 'dev',
      nodeIngress,
      nodeEgress,
    });

    this.clusterName = this.cluster.name;
    // Container Insights alarms (node CPU and memory, platform pod restarts and readiness): the cluster and its
    // amazon-cloudwatch-observability add-on live here (docs/observability.md).
    this.alarms = new SignalAlarms(this, 'alarms', { topicArn: props.network.alarmTopic.arn, specs: alarmsOwnedBy(signalCatalog(env), this.kind as SignalOwner) });
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthorityData;
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    this.oidcProviderArn = this.cluster.oidcProviderArn;
    this.nodeSecurityGroupId = this.cluster.nodeSecurityGroupId;
    this.clusterSecurityGroupId = this.cluster.clusterSecurityGroupId;
    this.controlPlaneSecurityGroupId = this.cluster.controlPlaneSecurityGroup.id;
    const ebsCsiRole = this.cluster.addonRoles.ebsCsiDriver;
    if (!ebsCsiRole) throw new Error(`${this.node.path}: the aws-ebs-csi-driver add-on has no IRSA role`);
    this.ebsCsiRoleArn = ebsCsiRole.arn;

    const outputs: [string, string, string][] = [
      ['cluster-name', this.clusterName, `Name of the ${props.role} EKS cluster`],
      ['cluster-endpoint', this.endpoint, 'Kubernetes API server URL (private endpoint)'],
      ['cluster-certificate-authority-data', this.certificateAuthorityData, 'Base64 PEM of the cluster CA (public)'],
      ['oidc-issuer-url', this.oidcIssuerUrl, 'Issuer of service account tokens (Vault Kubernetes auth, IRSA)'],
      ['oidc-provider-arn', this.oidcProviderArn, 'IAM OIDC provider for IRSA roles'],
      ['node-security-group-id', this.nodeSecurityGroupId, 'Security group of every node; admit it on a service port to let workloads in'],
      ['cluster-security-group-id', this.clusterSecurityGroupId, 'Security group EKS created for the cluster'],
      ['control-plane-security-group-id', this.controlPlaneSecurityGroupId, 'Additional security group of the control plane ENIs'],
      ['ebs-csi-role-arn', this.ebsCsiRoleArn, 'IRSA role of the EBS CSI driver (key policy of the encrypted StorageClass)'],
    ];
    for (const [id, value, description] of outputs) new TerraformOutput(this, id, { value, description });
  }
}
