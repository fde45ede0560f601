import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as AwsEksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsGrant } from '@cdktf/provider-aws/lib/kms-grant';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { explainInvalidCidr, isPrivateCidr, parseCidr } from '../network/cidr';
import { type Network } from '../network/network';
import { KmsKey, cloudWatchLogsGrant } from '../security/kms-key';
import { policyDocument } from '../security/policy-document';
import { ClusterOidcProvider } from './cluster-oidc-provider';
import { EksNodeGroup, type NodeGroupSpec, nodeGroupProblems } from './eks-node-group';
import { IrsaRole, NAMESPACE_PATTERN } from './irsa-role';
import { LOG_RETENTION_EXPECTATION, isLogRetentionDays } from '../observability/log-retention';

/**
 * Kubernetes versions accepted for new pins: those in EKS standard support on 2026-11-22 (EKS release calendar).
 * 1.34 leaves standard support on 2026-12-02 and is no longer accepted; 1.35 is supported until 2027-03-27.
 */
export const EKS_KUBERNETES_VERSIONS = ['1.35', '1.36'] as const;
export type EksKubernetesVersion = (typeof EKS_KUBERNETES_VERSIONS)[number];

/** The five control-plane log types, all always on. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** Retention values CloudWatch Logs accepts. */

/** An EKS add-on version as published by `aws eks describe-addon-versions`, e.g. `v1.20.1-eksbuild.3`. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** EKS access policies that may be associated (cluster-wide or per namespace). */
export const EKS_ACCESS_POLICIES = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy'] as const;
export type EksAccessPolicy = (typeof EKS_ACCESS_POLICIES)[number];

/** An IAM role ARN (access entries are for roles only: no IAM users). */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Pinned versions of the managed add-ons, one per add-on. */
export interface EksAddonVersions {
  /** `vpc-cni`: pod networking with network policy enforcement; IRSA role; installed before the nodes. */
  readonly vpcCni: string;
  /** `kube-proxy`: must match the cluster's minor version; installed before the nodes. */
  readonly kubeProxy: string;
  /** `eks-pod-identity-agent`; installed before the nodes. */
  readonly podIdentityAgent: string;
  /** `coredns`: a Deployment, installed once nodes exist. */
  readonly coredns: string;
  /** `aws-ebs-csi-driver`: IRSA role. */
  readonly ebsCsiDriver: string;
  /** `amazon-cloudwatch-observability`: Container Insights; IRSA role. */
  readonly cloudwatchObservability: string;
}
export type EksAddonKey = keyof EksAddonVersions;

interface AddonDefinition {
  readonly name: string;
  /** DaemonSets that must run before nodes can become Ready (or that need no running pods to become ACTIVE). */
  readonly beforeNodes: boolean;
  readonly irsa?: { readonly namespace: string; readonly serviceAccount: string; readonly roleSuffix: string; readonly managedPolicies: readonly string[] };
  readonly configuration?: Readonly<Record<string, unknown>>;
}

/** What each add-on is, in creation order. Managed policy names are relative to `arn:<partition>:iam::aws:policy/`. */
export const EKS_ADDONS: Readonly<Record<EksAddonKey, AddonDefinition>> = {
  vpcCni: {
    name: 'vpc-cni',
    beforeNodes: true,
    irsa: { namespace: 'kube-system', serviceAccount: 'aws-node', roleSuffix: 'vpc-cni', managedPolicies: ['AmazonEKS_CNI_Policy'] },
    configuration: { enableNetworkPolicy: 'true' },
  },
  kubeProxy: { name: 'kube-proxy', beforeNodes: true },
  podIdentityAgent: { name: 'eks-pod-identity-agent', beforeNodes: true },
  coredns: { name: 'coredns', beforeNodes: false },
  ebsCsiDriver: {
    name: 'aws-ebs-csi-driver',
    beforeNodes: false,
    irsa: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleSuffix: 'ebs-csi', managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'] },
  },
  cloudwatchObservability: {
    name: 'amazon-cloudwatch-observability',
    beforeNodes: false,
    irsa: { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent', roleSuffix: 'cloudwatch', managedPolicies: ['CloudWatchAgentServerPolicy'] },
  },
};

/** Log groups the CloudWatch observability add-on writes to; created here so they are encrypted and expire. */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ['application', 'dataplane', 'host', 'performance'] as const;

export type AccessScope = { readonly type: 'cluster' } | { readonly type: 'namespace'; readonly namespaces: readonly string[] };

/**
 * One IAM role allowed into the cluster: with one EKS access policy (and its scope), with Kubernetes groups bound to
 * RBAC inside the cluster, or both. At least one of `policy` and `kubernetesGroups`.
 */
export interface AccessEntrySpec {
  /** IAM role ARN, e.g. `arn:aws:iam::111111111111:role/platform-admin`. */
  readonly principalArn: string;
  /** EKS access policy associated with the entry. @default - none: only the Kubernetes groups' RBAC applies */
  readonly policy?: EksAccessPolicy;
  /** Scope of `policy`; required with it. */
  readonly scope?: AccessScope;
  /**
   * Kubernetes groups the role is mapped to (RBAC subjects of kind Group); none may start with `system:`, `eks:`,
   * `amazon:`, `aws:` or `iam:`. @default - none
   */
  readonly kubernetesGroups?: readonly string[];
}

/** A Kubernetes group name EKS accepts in an access entry. */
export const ACCESS_ENTRY_GROUP_PATTERN = /^(?!(system|eks|amazon|aws|iam):)[A-Za-z0-9][A-Za-z0-9:._@-]{0,62}$/;

/** One extra node security group rule: a port from/to one CIDR or one security group. */
export interface NodeTrafficRule {
  /** Stable key, part of the Terraform address (`node-ingress-<key>`), e.g. `vault-lb`. */
  readonly key: string;
  /** Why the path exists; becomes the rule description. */
  readonly description: string;
  readonly port: number;
  /** @default 'tcp' */
  readonly protocol?: 'tcp' | 'udp';
  /** Peer range (never /0). Exactly one of `cidrIpv4` and `securityGroupId`. */
  readonly cidrIpv4?: string;
  /** Peer security group. */
  readonly securityGroupId?: string;
}

export interface EksClusterProps {
  /** Cluster name and prefix of every resource name, e.g. `vaultplat-dev-tooling` (1-40 characters). */
  readonly name: string;
  /** One of {@link EKS_KUBERNETES_VERSIONS}. */
  readonly kubernetesVersion: string;
  /** VPC of the cluster; control plane ENIs and nodes go into its private subnets. */
  readonly network: Network;
  /** Managed node groups by short name (stable Terraform addresses); at least one. */
  readonly nodeGroups: Readonly<Record<string, NodeGroupSpec>>;
  /** Pinned add-on versions. */
  readonly addonVersions: EksAddonVersions;
  /** Retention of the control-plane and Container Insights log groups (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Public API endpoint. Insecure: only with an explicit `publicAccessCidrs` allow-list (no /0). The private
   * endpoint is always on. @default false
   */
  readonly endpointPublicAccess?: boolean;
  /** Public ranges allowed to reach the public endpoint; required when it is on. @default - none */
  readonly publicAccessCidrs?: readonly string[];
  /** Private ranges (beyond the nodes) allowed to reach the private endpoint on 443, e.g. a peered VPC. @default - none */
  readonly apiAccessCidrs?: readonly string[];
  /** Extra ingress to the nodes (e.g. a load balancer in front of pods). @default - none */
  readonly nodeIngress?: readonly NodeTrafficRule[];
  /** Extra egress from the nodes beyond HTTPS (e.g. a database port, Vault across the peering). @default - none */
  readonly nodeEgress?: readonly NodeTrafficRule[];
  /** IAM roles allowed into the cluster. The cluster creator gets no implicit admin. @default - none */
  readonly accessEntries?: readonly AccessEntrySpec[];
  /**
   * The only AWS accounts whose roles may have an access entry (the environment's own accounts outside dev).
   * @default - roles of any account (dev only)
   */
  readonly accessEntryAccountIds?: readonly string[];
  /** Key for Kubernetes secrets, logs and node volumes. @default - a new customer-managed key (rotation on) */
  readonly kmsKey?: KmsKey;
  /** EKS deletion protection. @default true */
  readonly deletionProtection?: boolean;
  /** IMDSv2 hop limit of the nodes (see `EksNodeGroup`). @default 1 */
  readonly nodeMetadataHopLimit?: 1 | 2;
  /**
   * `STANDARD`: the control plane is upgraded when standard support ends (no extended-support charges);
   * `EXTENDED`: stays on the version for 12 more months at extra cost. @default 'STANDARD'
   */
  readonly supportType?: 'STANDARD' | 'EXTENDED';
}

/**
 * An EKS cluster with private nodes, hardened for a secret-management platform:
 * - Kubernetes secrets envelope-encrypted with a customer-managed key (rotation on).
 * - All five control-plane log types into a KMS-encrypted log group this construct creates before the cluster, so
 *   EKS never auto-creates it (a recreated cluster never collides with a leftover group).
 * - Private endpoint always; public endpoint only when asked for, with an explicit allow-list.
 * - Authentication mode `API` with no cluster-creator admin: access only through the given access entries.
 * - An IAM OIDC provider for IRSA; the add-ons that call AWS get their own IRSA role.
 * - No self-managed bootstrap add-ons: vpc-cni (network policy on), kube-proxy and the pod identity agent are
 *   managed add-ons created before the nodes, coredns, the EBS CSI driver and CloudWatch observability after them.
 * - Own security groups for the control plane and the nodes, with narrow rules (see docs/eks.md).
 */
export class EksCluster extends Construct {
  readonly cluster: AwsEksCluster;
  readonly name: string;
  readonly arn: string;
  readonly kubernetesVersion: string;
  /** API server URL (`https://...`). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** OIDC issuer URL, the issuer of service account tokens. */
  readonly oidcIssuerUrl: string;
  readonly oidcProvider: ClusterOidcProvider;
  readonly oidcProviderArn: string;
  /** The security group EKS creates for the cluster (managed by EKS). */
  readonly clusterSecurityGroupId: string;
  /** Additional security group of the control plane ENIs (managed here). */
  readonly controlPlaneSecurityGroup: SecurityGroup;
  /** Security group of every node; reference it to admit cluster workloads (e.g. a database on 5432). */
  readonly nodeSecurityGroup: SecurityGroup;
  readonly nodeSecurityGroupId: string;
  readonly clusterRole: IamRole;
  readonly nodeRole: IamRole;
  readonly kmsKey: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  readonly nodeGroups: Readonly<Record<string, EksNodeGroup>>;
  readonly addons: Readonly<Record<EksAddonKey, EksAddon>>;
  /** IRSA roles of the add-ons that call AWS APIs. */
  readonly addonRoles: Readonly<Partial<Record<EksAddonKey, IrsaRole>>>;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const retentionDays = props.logRetentionDays ?? 365;
    this.validate(props, retentionDays);
    const context = AwsContext.of(this);
    const name = props.name;
    const network = props.network;
    const privateSubnetIds = network.subnetIds('private');
    const policyArn = (policy: string) => `arn:${context.partition}:iam::aws:policy/${policy}`;

    this.name = name;
    this.kubernetesVersion = props.kubernetesVersion;
    this.kmsKey =
      props.kmsKey ??
      new KmsKey(this, 'key', {
        alias: `${name}-eks`,
        description: `${name}: Kubernetes secrets, control-plane and Container Insights logs, node volumes`,
        serviceGrants: [cloudWatchLogsGrant(context)],
      });

    // Created before the cluster so that EKS writes into it instead of creating an unmanaged, unencrypted one.
    this.logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: retentionDays,
      kmsKeyId: this.kmsKey.arn,
      tags: { Name: `${name}-control-plane-logs` },
    });

    this.clusterRole = new IamRole(this, 'cluster-role', {
      name: `${name}-cluster`,
      description: `EKS control plane of ${name}`,
      assumeRolePolicy: policyDocument([
        { Sid: 'EksControlPlane', Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
      ]),
      tags: { Name: `${name}-cluster` },
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', { role: this.clusterRole.name, policyArn: policyArn('AmazonEKSClusterPolicy') });
    const clusterKeyPolicy = new IamRolePolicy(this, 'cluster-key-policy', {
      name: 'secrets-envelope-encryption',
      role: this.clusterRole.id,
      policy: policyDocument([
        {
          Sid: 'EnvelopeEncryptionWithTheClusterKey',
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
          Resource: this.kmsKey.arn,
        },
      ]),
    });

    this.controlPlaneSecurityGroup = new SecurityGroup(this, 'control-plane-sg', {
      name: `${name}-control-plane`,
      description: `EKS control plane of ${name}: Kubernetes API (443) from the nodes and listed private ranges`,
      vpcId: network.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: `${name}-control-plane` },
    });
    this.nodeSecurityGroup = new SecurityGroup(this, 'node-sg', {
      name: `${name}-nodes`,
      description: `EKS nodes of ${name}: node-to-node, control plane to kubelet and webhooks`,
      vpcId: network.vpcId,
      revokeRulesOnDelete: true,
      // The AWS Load Balancer Controller adds target rules to the one node security group tagged for the cluster.
      tags: { Name: `${name}-nodes`, [`kubernetes.io/cluster/${name}`]: 'owned' },
    });
    this.nodeSecurityGroupId = this.nodeSecurityGroup.id;
    this.securityGroupRules(props);

    this.cluster = new AwsEksCluster(this, 'cluster', {
      name,
      version: props.kubernetesVersion,
      roleArn: this.clusterRole.arn,
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection ?? true,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.kmsKey.arn } },
      upgradePolicy: { supportType: props.supportType ?? 'STANDARD' },
      vpcConfig: {
        subnetIds: privateSubnetIds,
        securityGroupIds: [this.controlPlaneSecurityGroup.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: props.endpointPublicAccess ?? false,
        publicAccessCidrs: props.endpointPublicAccess ? [...(props.publicAccessCidrs ?? [])] : undefined,
      },
      tags: { Name: name },
      dependsOn: [this.logGroup, clusterPolicy, clusterKeyPolicy],
    });
    this.arn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    this.oidcProvider = new ClusterOidcProvider(this, 'oidc', { issuerUrl: this.oidcIssuerUrl, name });
    this.oidcProviderArn = this.oidcProvider.arn;

    for (const entry of props.accessEntries ?? []) {
      const key = entry.principalArn.split('/').pop() ?? entry.principalArn;
      const accessEntry = new EksAccessEntry(this, `access-${key}`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        type: 'STANDARD',
        kubernetesGroups: entry.kubernetesGroups && entry.kubernetesGroups.length > 0 ? [...entry.kubernetesGroups] : undefined,
      });
      if (entry.policy && entry.scope) {
        new EksAccessPolicyAssociation(this, `access-${key}-${entry.policy}`, {
          clusterName: this.cluster.name,
          principalArn: entry.principalArn,
          policyArn: `arn:${context.partition}:eks::aws:cluster-access-policy/${entry.policy}`,
          accessScope: entry.scope.type === 'cluster' ? { type: 'cluster' } : { type: 'namespace', namespaces: [...entry.scope.namespaces] },
          dependsOn: [accessEntry],
        });
      }
    }

    // Nodes: only the worker and ECR pull policies; the CNI policy is on the vpc-cni IRSA role, not on every node.
    this.nodeRole = new IamRole(this, 'node-role', {
      name: `${name}-node`,
      description: `EKS nodes of ${name}`,
      assumeRolePolicy: policyDocument([{ Sid: 'Ec2Instances', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      tags: { Name: `${name}-node` },
    });
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'].map(
      (policy) => new IamRolePolicyAttachment(this, `node-policy-${policy}`, { role: this.nodeRole.name, policyArn: policyArn(policy) }),
    );
    // Node root volumes use the cluster key; the Auto Scaling service-linked role launches the instances.
    const volumeGrant = new KmsGrant(this, 'node-volume-grant', {
      name: `${name}-node-volumes`,
      keyId: this.kmsKey.keyId,
      granteePrincipal: `arn:${context.partition}:iam::${context.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      operations: ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'DescribeKey', 'CreateGrant'],
    });

    const insightsLogGroups = CONTAINER_INSIGHTS_LOG_GROUPS.map(
      (group) =>
        new CloudwatchLogGroup(this, `container-insights-${group}`, {
          name: `/aws/containerinsights/${name}/${group}`,
          retentionInDays: retentionDays,
          kmsKeyId: this.kmsKey.arn,
          tags: { Name: `${name}-container-insights-${group}` },
        }),
    );

    const addonRoles: Partial<Record<EksAddonKey, IrsaRole>> = {};
    const addons = {} as Record<EksAddonKey, EksAddon>;
    const createAddon = (key: EksAddonKey, dependsOn: ITerraformDependable[]) => {
      const definition = EKS_ADDONS[key];
      let role: IrsaRole | undefined;
      if (definition.irsa) {
        role = new IrsaRole(this, `${definition.irsa.roleSuffix}-role`, {
          name: `${name}-${definition.irsa.roleSuffix}`,
          oidcProvider: this.oidcProvider,
          namespace: definition.irsa.namespace,
          serviceAccount: definition.irsa.serviceAccount,
          description: `${definition.name} add-on of ${name}`,
          managedPolicyArns: definition.irsa.managedPolicies.map(policyArn),
        });
        addonRoles[key] = role;
      }
      addons[key] = new EksAddon(this, `addon-${definition.name}`, {
        clusterName: this.cluster.name,
        addonName: definition.name,
        addonVersion: props.addonVersions[key],
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        serviceAccountRoleArn: role?.arn,
        configurationValues: definition.configuration ? JSON.stringify(definition.configuration) : undefined,
        tags: { Name: `${name}-${definition.name}` },
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      });
    };

    const addonKeys = Object.keys(EKS_ADDONS) as EksAddonKey[];
    for (const key of addonKeys.filter((k) => EKS_ADDONS[k].beforeNodes)) createAddon(key, []);

    const nodeGroups: Record<string, EksNodeGroup> = {};
    for (const [groupName, spec] of Object.entries(props.nodeGroups)) {
      nodeGroups[groupName] = new EksNodeGroup(this, `node-group-${groupName}`, {
        ...spec,
        name: groupName,
        cluster: { clusterName: this.cluster.name, kubernetesVersion: props.kubernetesVersion },
        nodeRoleArn: this.nodeRole.arn,
        subnetIds: privateSubnetIds,
        securityGroupIds: [this.nodeSecurityGroup.id],
        rootVolumeKmsKey: this.kmsKey,
        metadataHopLimit: props.nodeMetadataHopLimit,
        dependsOn: [...addonKeys.filter((k) => EKS_ADDONS[k].beforeNodes).map((k) => addons[k]), ...nodePolicies, volumeGrant],
      });
    }
    this.nodeGroups = nodeGroups;

    const afterNodes = Object.values(nodeGroups).map((group) => group.nodeGroup);
    for (const key of addonKeys.filter((k) => !EKS_ADDONS[k].beforeNodes)) {
      createAddon(key, key === 'cloudwatchObservability' ? [...afterNodes, ...insightsLogGroups] : afterNodes);
    }
    this.addons = addons;
    this.addonRoles = addonRoles;
  }

  /**
   * Security group rules. Nodes: all traffic among themselves (pod-to-pod, DNS), kubelet and webhooks from the
   * control plane, HTTPS to the control plane and HTTPS out (AWS APIs without a VPC endpoint and container
   * registries, through the NAT gateway). Control plane: 443 from the nodes and the listed private ranges, kubelet
   * and webhooks to the nodes. No rule admits 0.0.0.0/0.
   */
  private securityGroupRules(props: EksClusterProps): void {
    const nodes = this.nodeSecurityGroup.id;
    const controlPlane = this.controlPlaneSecurityGroup.id;
    const ingress = (id: string, securityGroupId: string, description: string, rule: { ipProtocol: string; fromPort?: number; toPort?: number; referencedSecurityGroupId?: string; cidrIpv4?: string }) =>
      new VpcSecurityGroupIngressRule(this, id, { securityGroupId, description, ...rule });
    const egress = (id: string, securityGroupId: string, description: string, rule: { ipProtocol: string; fromPort?: number; toPort?: number; referencedSecurityGroupId?: string; cidrIpv4?: string }) =>
      new VpcSecurityGroupEgressRule(this, id, { securityGroupId, description, ...rule });

    ingress('node-ingress-self', nodes, 'All traffic between nodes: pod-to-pod and DNS across nodes', { ipProtocol: '-1', referencedSecurityGroupId: nodes });
    ingress('node-ingress-control-plane-https', nodes, 'Control plane to webhooks on 443', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: controlPlane });
    ingress('node-ingress-control-plane-high-ports', nodes, 'Control plane to kubelet (10250) and webhooks/metrics on 1025-65535', {
      ipProtocol: 'tcp',
      fromPort: 1025,
      toPort: 65535,
      referencedSecurityGroupId: controlPlane,
    });
    egress('node-egress-self', nodes, 'All traffic between nodes: pod-to-pod and DNS across nodes', { ipProtocol: '-1', referencedSecurityGroupId: nodes });
    egress('node-egress-control-plane', nodes, 'Kubernetes API on the control plane', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: controlPlane });
    egress('node-egress-https', nodes, 'HTTPS to AWS APIs without a VPC endpoint (ec2, eks, eks-auth, monitoring) and container registries, via NAT', {
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });

    for (const [direction, rules] of [['ingress', props.nodeIngress ?? []], ['egress', props.nodeEgress ?? []]] as const) {
      for (const rule of rules) {
        const peer = rule.cidrIpv4 !== undefined ? { cidrIpv4: rule.cidrIpv4 } : { referencedSecurityGroupId: rule.securityGroupId };
        const spec = { ipProtocol: rule.protocol ?? 'tcp', fromPort: rule.port, toPort: rule.port, ...peer };
        if (direction === 'ingress') ingress(`node-ingress-${rule.key}`, nodes, rule.description, spec);
        else egress(`node-egress-${rule.key}`, nodes, rule.description, spec);
      }
    }

    ingress('control-plane-ingress-nodes', controlPlane, 'Kubernetes API from the nodes', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: nodes });
    (props.apiAccessCidrs ?? []).forEach((cidr, i) => {
      ingress(`control-plane-ingress-cidr-${i}`, controlPlane, `Kubernetes API from ${cidr}`, { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: cidr });
    });
    egress('control-plane-egress-nodes-https', controlPlane, 'Webhooks on the nodes on 443', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: nodes });
    egress('control-plane-egress-nodes-high-ports', controlPlane, 'Kubelet (10250) and webhooks/metrics on the nodes on 1025-65535', {
      ipProtocol: 'tcp',
      fromPort: 1025,
      toPort: 65535,
      referencedSecurityGroupId: nodes,
    });
  }

  private validate(props: EksClusterProps, retentionDays: number): void {
    const problems: string[] = [];
    if (!Token.isUnresolved(props.name) && !/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(props.name)) {
      problems.push(`name: expected 1-40 letters, digits or '-', starting with a letter, got "${props.name}"`);
    }
    if (!(EKS_KUBERNETES_VERSIONS as readonly string[]).includes(props.kubernetesVersion)) {
      problems.push(`kubernetesVersion: expected a version in EKS standard support (${EKS_KUBERNETES_VERSIONS.join(', ')}), got "${props.kubernetesVersion}"`);
    }
    if (!isLogRetentionDays(retentionDays)) problems.push(`logRetentionDays: ${LOG_RETENTION_EXPECTATION}, got ${retentionDays}`);

    const publicCidrs = props.publicAccessCidrs ?? [];
    if (props.endpointPublicAccess && publicCidrs.length === 0) {
      problems.push('publicAccessCidrs: a public endpoint needs an explicit allow-list of CIDRs, got none');
    }
    if (!props.endpointPublicAccess && publicCidrs.length > 0) {
      problems.push(`publicAccessCidrs: only used with endpointPublicAccess: true, got ${JSON.stringify(publicCidrs)}`);
    }
    problems.push(...cidrProblems('publicAccessCidrs', publicCidrs, 'public'), ...cidrProblems('apiAccessCidrs', props.apiAccessCidrs ?? [], 'private'));

    for (const [field, rules] of [['nodeIngress', props.nodeIngress ?? []], ['nodeEgress', props.nodeEgress ?? []]] as const) {
      const keys = new Set<string>();
      rules.forEach((rule, i) => {
        const where = `${field}[${i}]`;
        if (!/^[a-z][a-z0-9-]{0,30}$/.test(rule.key)) problems.push(`${where}.key: expected 1-31 lower-case letters, digits or '-', got "${rule.key}"`);
        if (keys.has(rule.key)) problems.push(`${where}.key: keys must not repeat, got "${rule.key}" twice`);
        keys.add(rule.key);
        if (!Number.isInteger(rule.port) || rule.port < 1 || rule.port > 65535) problems.push(`${where}.port: expected 1-65535, got ${rule.port}`);
        if (rule.description.trim() === '') problems.push(`${where}.description: say why the path exists`);
        if ((rule.cidrIpv4 === undefined) === (rule.securityGroupId === undefined)) {
          problems.push(`${where}: expected exactly one of cidrIpv4 and securityGroupId`);
        } else if (rule.cidrIpv4 !== undefined) {
          problems.push(...cidrProblems(`${where}.cidrIpv4`, [rule.cidrIpv4], 'private').map((p) => p.replace(`${where}.cidrIpv4[0]`, `${where}.cidrIpv4`)));
        }
      });
    }

    const groups = Object.entries(props.nodeGroups);
    if (groups.length === 0) problems.push('nodeGroups: expected at least one node group');
    for (const [groupName, spec] of groups) problems.push(...nodeGroupProblems(spec).map((p) => `nodeGroups.${groupName}: ${p}`));

    for (const key of Object.keys(EKS_ADDONS) as EksAddonKey[]) {
      const version = props.addonVersions[key];
      if (typeof version !== 'string' || !ADDON_VERSION_PATTERN.test(version)) {
        problems.push(`addonVersions.${key}: expected an EKS add-on version like v1.20.1-eksbuild.3, got ${JSON.stringify(version)}`);
      }
    }
    const kubeProxyMinor = /^v(\d+\.\d+)\./.exec(props.addonVersions.kubeProxy ?? '')?.[1];
    if (kubeProxyMinor && kubeProxyMinor !== props.kubernetesVersion) {
      problems.push(`addonVersions.kubeProxy: must match the cluster's minor version ${props.kubernetesVersion}, got "${props.addonVersions.kubeProxy}"`);
    }

    const principals = new Set<string>();
    (props.accessEntries ?? []).forEach((entry, i) => {
      if (!Token.isUnresolved(entry.principalArn) && !IAM_ROLE_ARN_PATTERN.test(entry.principalArn)) {
        problems.push(`accessEntries[${i}].principalArn: expected an IAM role ARN (arn:aws:iam::<account>:role/<name>), got "${entry.principalArn}"`);
      }
      if (principals.has(entry.principalArn)) problems.push(`accessEntries[${i}].principalArn: each role may have one access entry, got "${entry.principalArn}" twice`);
      const account = Token.isUnresolved(entry.principalArn) ? undefined : entry.principalArn.split(':')[4];
      if (props.accessEntryAccountIds && account !== undefined && !props.accessEntryAccountIds.includes(account)) {
        problems.push(`accessEntries[${i}].principalArn: account ${account} is not one of ${props.accessEntryAccountIds.join(', ')}, got "${entry.principalArn}"`);
      }
      principals.add(entry.principalArn);
      const groups = entry.kubernetesGroups ?? [];
      if (entry.policy === undefined && groups.length === 0) {
        problems.push(`accessEntries[${i}]: expected an access policy or Kubernetes groups (an entry with neither grants nothing)`);
      }
      if (entry.policy !== undefined && !(EKS_ACCESS_POLICIES as readonly string[]).includes(entry.policy)) {
        problems.push(`accessEntries[${i}].policy: expected one of ${EKS_ACCESS_POLICIES.join(', ')}, got "${entry.policy}"`);
      }
      if ((entry.policy === undefined) !== (entry.scope === undefined)) {
        problems.push(`accessEntries[${i}].scope: a scope goes with an access policy and only with one`);
      }
      for (const group of groups) {
        if (!ACCESS_ENTRY_GROUP_PATTERN.test(group)) {
          problems.push(`accessEntries[${i}].kubernetesGroups: expected a group name not starting with system:, eks:, amazon:, aws: or iam:, got "${group}"`);
        }
      }
      if (entry.scope?.type === 'namespace') {
        if (entry.scope.namespaces.length === 0) problems.push(`accessEntries[${i}].scope.namespaces: a namespace scope needs at least one namespace`);
        for (const ns of entry.scope.namespaces) {
          if (!NAMESPACE_PATTERN.test(ns)) problems.push(`accessEntries[${i}].scope.namespaces: expected a Kubernetes namespace name, got "${ns}"`);
        }
      }
    });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
  }
}

/** CIDR problems of an allow-list: invalid, `/0` (anywhere), or the wrong kind of range (public vs private). */
export function cidrProblems(field: string, cidrs: readonly string[], kind: 'public' | 'private'): string[] {
  const problems: string[] = [];
  cidrs.forEach((text, i) => {
    if (Token.isUnresolved(text)) return;
    const cidr = parseCidr(text);
    if (!cidr) problems.push(`${field}[${i}]: ${explainInvalidCidr(text)}, got "${text}"`);
    else if (cidr.prefixLength === 0) problems.push(`${field}[${i}]: a /0 range admits the whole internet; list the ranges that need access, got "${text}"`);
    else if (kind === 'public' && isPrivateCidr(cidr)) problems.push(`${field}[${i}]: private ranges never reach the public endpoint; expected a public range, got "${text}"`);
    else if (kind === 'private' && !isPrivateCidr(cidr)) problems.push(`${field}[${i}]: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10), got "${text}"`);
  });
  return problems;
}
