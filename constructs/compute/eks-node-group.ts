import { EksNodeGroup as AwsEksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { type KmsKey } from '../security/kms-key';

/** AMI types a node group may use: Amazon Linux 2023 only (its root device is `/dev/xvda`). */
export const NODE_AMI_TYPES = ['AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD'] as const;
export type NodeAmiType = (typeof NODE_AMI_TYPES)[number];

/** Root volume size range, GiB. */
export const NODE_DISK_SIZE_RANGE = { min: 20, max: 1000 } as const;

/** `m7i.large`, `t3.medium`, `c7g.2xlarge`, ... */
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** Graviton families have a `g` right after the generation digit (`m7g`, `c7gn`, `t4g`). */
export const ARM_INSTANCE_TYPE_PATTERN = /^[a-z]+\d+g[a-z]*\./;

/** Sizing and placement of one managed node group. */
export interface NodeGroupSpec {
  /** Instance types, first preferred. */
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Root volume size in GiB. @default 50 */
  readonly diskSizeGib?: number;
  /** @default 'AL2023_x86_64_STANDARD' */
  readonly amiType?: NodeAmiType;
  /** Kubernetes node labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The cluster a node group joins. */
export interface NodeGroupCluster {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
}

export interface EksNodeGroupProps extends NodeGroupSpec {
  readonly cluster: NodeGroupCluster;
  /** Short name, e.g. `system`; the node group is named `<name>-<suffix>` (unique per cluster), its launch template `<cluster>-<name>`. */
  readonly name: string;
  /** ARN of the node IAM role. */
  readonly nodeRoleArn: string;
  /** Private subnets only: nodes never get a public IP. */
  readonly subnetIds: readonly string[];
  /** Security groups of the nodes (replace the EKS cluster security group when a launch template sets them). */
  readonly securityGroupIds: readonly string[];
  /** Customer-managed key of the root volumes. */
  readonly rootVolumeKmsKey: KmsKey;
  /**
   * IMDSv2 response hop limit. 1 keeps pods on the pod network from reaching node credentials (their requests take
   * one more hop); host-network agents (aws-node, kube-proxy, CloudWatch agent) still reach IMDS. @default 1
   */
  readonly metadataHopLimit?: 1 | 2;
  /** Resources that must exist before nodes launch (CNI add-on, key grants). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A managed node group launched from its own launch template: IMDSv2 required with a hop limit of 1 by default,
 * encrypted gp3 root volume with a customer-managed key, no SSH key and no remote access, private subnets only.
 * Instances follow the cluster's Kubernetes version. The node group is replaced create-before-destroy (name prefix)
 * when a change forces replacement, so capacity never drops to zero.
 */
export class EksNodeGroup extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly nodeGroup: AwsEksNodeGroup;

  constructor(scope: Construct, id: string, props: EksNodeGroupProps) {
    super(scope, id);
    const diskSizeGib = props.diskSizeGib ?? 50;
    const amiType = props.amiType ?? 'AL2023_x86_64_STANDARD';
    const hopLimit = props.metadataHopLimit ?? 1;
    const problems = nodeGroupProblems({ ...props, diskSizeGib, amiType });
    if (hopLimit !== 1 && hopLimit !== 2) problems.push(`metadataHopLimit: expected 1 or 2, got ${String(hopLimit)}`);
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(props.name)) problems.push(`name: expected 1-20 lower-case letters, digits or '-', got "${props.name}"`);
    if (props.subnetIds.length === 0) problems.push('subnetIds: expected at least one private subnet');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const fullName = `${props.cluster.clusterName}-${props.name}`;
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: fullName,
      description: `Nodes of ${fullName}: IMDSv2 only, encrypted root volume, no SSH`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: hopLimit,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: diskSizeGib,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.rootVolumeKmsKey.arn,
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags: { Name: fullName } })),
      tags: { Name: fullName },
    });

    this.nodeGroup = new AwsEksNodeGroup(this, 'node-group', {
      clusterName: props.cluster.clusterName,
      nodeGroupNamePrefix: `${props.name}-`,
      version: props.cluster.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      amiType,
      capacityType: 'ON_DEMAND',
      instanceTypes: [...props.instanceTypes],
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: props.labels ? { ...props.labels } : undefined,
      tags: { Name: fullName },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}

/** Sizing problems of a node group spec (shared by the construct and, as plain strings, by callers' checks). */
export function nodeGroupProblems(spec: NodeGroupSpec): string[] {
  const problems: string[] = [];
  const { minSize, desiredSize, maxSize } = spec;
  for (const [field, value] of Object.entries({ minSize, desiredSize, maxSize })) {
    if (!Number.isInteger(value) || value < 0) problems.push(`${field}: expected a whole number >= 0, got ${value}`);
  }
  if (maxSize < 1) problems.push(`maxSize: expected at least 1, got ${maxSize}`);
  if (!(minSize <= desiredSize && desiredSize <= maxSize)) {
    problems.push(`expected minSize <= desiredSize <= maxSize, got ${minSize} / ${desiredSize} / ${maxSize}`);
  }
  if (spec.instanceTypes.length === 0) problems.push('instanceTypes: expected at least one instance type');
  for (const type of spec.instanceTypes) {
    if (!INSTANCE_TYPE_PATTERN.test(type)) problems.push(`instanceTypes: expected an EC2 instance type such as m7i.large, got "${type}"`);
  }
  const disk = spec.diskSizeGib ?? 50;
  if (!Number.isInteger(disk) || disk < NODE_DISK_SIZE_RANGE.min || disk > NODE_DISK_SIZE_RANGE.max) {
    problems.push(`diskSizeGib: expected ${NODE_DISK_SIZE_RANGE.min}-${NODE_DISK_SIZE_RANGE.max} GiB, got ${disk}`);
  }
  const amiType = spec.amiType ?? 'AL2023_x86_64_STANDARD';
  if (!(NODE_AMI_TYPES as readonly string[]).includes(amiType)) problems.push(`amiType: expected one of ${NODE_AMI_TYPES.join(', ')}, got "${amiType}"`);
  const arm = amiType.includes('ARM');
  const mismatched = spec.instanceTypes.filter((type) => INSTANCE_TYPE_PATTERN.test(type) && ARM_INSTANCE_TYPE_PATTERN.test(type) !== arm);
  if (mismatched.length > 0) {
    problems.push(`instanceTypes: ${mismatched.join(', ')} ${arm ? 'are not Graviton (arm64) types' : 'are Graviton (arm64) types'}; amiType ${amiType} needs ${arm ? 'arm64' : 'x86_64'} instances`);
  }
  return problems;
}
