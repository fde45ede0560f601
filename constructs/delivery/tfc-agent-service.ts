import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type KmsKey } from '../security/kms-key';
import { policyDocument, serviceTrustPolicy } from '../security/policy-document';

/**
 * The HCP Terraform agent image, pinned by tag and digest. Tag: hashicorp/tfc-agent on Docker Hub (1.29.0 supports
 * dynamic credentials for AWS (>= 1.7) and Vault with a custom CA (>= 1.9)). The digest was learned from a public,
 * digest-pinned Dockerfile (exact-string search of public GitHub sources); it could not be pulled from this machine.
 * Check it before the first apply: `docker buildx imagetools inspect hashicorp/tfc-agent:1.29.0` (docs/hcp-terraform.md).
 */
export const TFC_AGENT_IMAGE = {
  repository: 'hashicorp/tfc-agent',
  tag: '1.29.0',
  digest: 'sha256:d53f16c18643e645eae1a6677396ccba5466e2251625e7b08171e7662fad12d8',
} as const;

/** Valid Fargate (Linux) task sizes this construct offers: CPU units -> memory range in MiB (step 1024). */
export const FARGATE_SIZES: Readonly<Record<number, readonly [number, number]>> = {
  512: [1024, 4096],
  1024: [2048, 8192],
  2048: [4096, 16384],
  4096: [8192, 30720],
};

export const FARGATE_SIZE_RULE = `expected a Fargate task size: memory in steps of 1024 MiB, ${Object.entries(FARGATE_SIZES)
  .map(([cpu, [min, max]]) => `${min}-${max} MiB for ${cpu} CPU units`)
  .join(', ')}`;

export function isFargateSize(cpu: number, memoryMiB: number): boolean {
  const range = FARGATE_SIZES[cpu];
  return range !== undefined && Number.isInteger(memoryMiB) && memoryMiB >= range[0] && memoryMiB <= range[1] && memoryMiB % 1024 === 0;
}

/** A private destination the agents' runs reach beyond HTTPS (e.g. Vault's load balancer on 8200). */
export interface AgentEgressTarget {
  readonly description: string;
  readonly cidrs: readonly string[];
  readonly port: number;
}

export interface TfcAgentServiceProps {
  /** Name prefix of every resource, e.g. `vaultplat-dev-tfc-agent`. */
  readonly name: string;
  readonly vpcId: string;
  /** Private subnets the tasks run in (no public IPs; the NAT gateway reaches HCP Terraform). */
  readonly subnetIds: string[];
  /** Secrets Manager secret holding the agent pool token (created by the bootstrap stack). */
  readonly tokenSecretArn: string;
  /** KMS key encrypting that secret. */
  readonly tokenKeyArn: string;
  /** Key of the agent log group (its policy must grant CloudWatch Logs). */
  readonly logKmsKey: KmsKey;
  readonly logRetentionDays: number;
  /** Further private destinations of the runs (Vault on 8200). @default - none */
  readonly egressTargets?: readonly AgentEgressTarget[];
  /** @default 2 */
  readonly desiredCount?: number;
  /** Fargate CPU units. @default 1024 */
  readonly cpu?: number;
  /** @default 2048 */
  readonly memoryMiB?: number;
  /** @default TFC_AGENT_IMAGE */
  readonly image?: { readonly repository: string; readonly tag: string; readonly digest: string };
}

/**
 * HCP Terraform agents as an ECS Fargate service in private subnets.
 *
 * - The token is injected by ECS from Secrets Manager (`secrets`), never in the task definition or the state of this
 *   stack; the execution role may read that one secret (through Secrets Manager only) and write its log group.
 * - No task role: runs get AWS credentials from HCP Terraform dynamic credentials (the workspace's plan/apply role),
 *   so the container itself holds no AWS identity a run could borrow.
 * - Single mode (`TFC_AGENT_SINGLE`): each agent handles one run and exits, ECS starts a fresh one, so no run sees
 *   another's files. Auto-update is off: the image digest is the version.
 * - No ingress. Egress: HTTPS anywhere (HCP Terraform, provider registry and releases, AWS APIs, the clusters' API
 *   endpoints) and the listed private destinations.
 */
export class TfcAgentService extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly cluster: EcsCluster;
  readonly service: EcsService;
  readonly executionRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly image: string;

  constructor(scope: Construct, id: string, props: TfcAgentServiceProps) {
    super(scope, id);
    const cpu = props.cpu ?? 1024;
    const memory = props.memoryMiB ?? 2048;
    const desiredCount = props.desiredCount ?? 2;
    const image = props.image ?? TFC_AGENT_IMAGE;
    const problems: string[] = [];
    if (!isFargateSize(cpu, memory)) problems.push(`cpu/memoryMiB: ${FARGATE_SIZE_RULE}, got ${cpu} CPU units with ${memory} MiB`);
    if (!Number.isInteger(desiredCount) || desiredCount < 1 || desiredCount > 10) problems.push(`desiredCount: expected 1-10 agents, got ${desiredCount}`);
    if (!/^sha256:[0-9a-f]{64}$/.test(image.digest)) problems.push(`image.digest: expected sha256:<64 hex digits>, got "${image.digest}"`);
    if (!/^\d+\.\d+\.\d+$/.test(image.tag)) problems.push(`image.tag: expected an exact version such as 1.29.0, got "${image.tag}"`);
    for (const target of props.egressTargets ?? []) {
      if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) problems.push(`egressTargets: port ${target.port} is not a TCP port`);
      if (target.cidrs.length === 0) problems.push(`egressTargets: "${target.description}" needs at least one CIDR`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const context = AwsContext.of(this);
    this.image = `${image.repository}:${image.tag}@${image.digest}`;

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/ecs/${props.name}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKey.arn,
      tags: { Name: `/ecs/${props.name}` },
    });

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.name,
      description: `HCP Terraform agents ${props.name}: no ingress; HTTPS out and the private destinations of their runs`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS to HCP Terraform, the Terraform registry and releases, AWS APIs and the EKS API endpoints',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    (props.egressTargets ?? []).forEach((target, t) =>
      target.cidrs.forEach((cidr, i) => {
        new VpcSecurityGroupEgressRule(this, `egress-${t}-${i}`, {
          securityGroupId: this.securityGroup.id,
          description: `${target.description} (${cidr}:${target.port})`,
          ipProtocol: 'tcp',
          fromPort: target.port,
          toPort: target.port,
          cidrIpv4: cidr,
        });
      }),
    );

    this.executionRole = new IamRole(this, 'execution-role', {
      name: `${props.name}-execution`,
      description: `ECS execution role of ${props.name}: pulls the agent token from Secrets Manager and writes the log group`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', context.accountId, context.arn('ecs', '*')),
      tags: { Name: `${props.name}-execution` },
    });
    new IamRolePolicy(this, 'execution-policy', {
      name: 'agent-token-and-logs',
      role: this.executionRole.id,
      policy: policyDocument([
        { Sid: 'ReadAgentToken', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: props.tokenSecretArn },
        {
          Sid: 'DecryptAgentTokenThroughSecretsManager',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.tokenKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${context.region}.amazonaws.com` } },
        },
        { Sid: 'WriteAgentLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.logGroup.arn}:*` },
      ]),
    });

    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      tags: { Name: props.name },
    });

    const containerDefinitions = [
      {
        name: 'tfc-agent',
        image: this.image,
        essential: true,
        environment: [
          { name: 'TFC_AGENT_SINGLE', value: 'true' },
          { name: 'TFC_AGENT_AUTO_UPDATE', value: 'disabled' },
          { name: 'TFC_AGENT_LOG_LEVEL', value: 'info' },
        ],
        secrets: [{ name: 'TFC_AGENT_TOKEN', valueFrom: props.tokenSecretArn }],
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': this.logGroup.name, 'awslogs-region': context.region, 'awslogs-stream-prefix': 'tfc-agent' },
        },
      },
    ];
    const task = new EcsTaskDefinition(this, 'task', {
      family: props.name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: this.executionRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      containerDefinitions: JSON.stringify(containerDefinitions),
      tags: { Name: props.name },
    });

    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: this.cluster.arn,
      taskDefinition: task.arn,
      desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: false,
      propagateTags: 'SERVICE',
      tags: { Name: props.name },
    });
  }
}
