import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { TfcAgentService } from '../constructs/delivery/tfc-agent-service';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps, agentTokenSecretName } from './platform-stack';
import { VAULT_PORT } from './vault-access-stack';

export interface TfcAgentsStackProps extends PlatformStackProps {
  /** The environment's network: the agents run in the tooling VPC's private subnets. */
  readonly network: NetworkStack;
}

/**
 * `tfc-agents-<env>`: the environment's HCP Terraform agents (ECS Fargate) in the tooling VPC's private subnets. Every
 * stack that talks to a private endpoint (Kubernetes, Helm, Vault) runs on them. This stack itself only calls AWS APIs,
 * so it runs HCP-hosted right after the network, before any cluster: no order problem, and an agent never has to
 * deploy itself. The agent token comes from the secret the bootstrap stack wrote (docs/hcp-terraform.md, "Agents").
 */
export class TfcAgentsStack extends PlatformStack {
  readonly agents: TfcAgentService;
  readonly logsKey: KmsKey;

  constructor(scope: Construct, props: TfcAgentsStackProps) {
    super(scope, 'tfc-agents', props);
    const env = props.environment;
    const tooling = props.network.tooling;
    const agentConfig = env.delivery.agents;

    this.logsKey = new KmsKey(this, 'logs-key', {
      alias: `${this.namePrefix}-tfc-agents`,
      description: `${this.namePrefix}: HCP Terraform agent logs`,
      serviceGrants: [cloudWatchLogsGrant(AwsContext.of(this))],
    });
    const secretName = agentTokenSecretName(env);
    const secret = new DataAwsSecretsmanagerSecret(this, 'agent-token-secret', { name: secretName });
    const tokenKey = new DataAwsKmsAlias(this, 'agent-token-key', { name: `alias/${secretName}` });

    this.agents = new TfcAgentService(this, 'agents', {
      name: `${this.namePrefix}-tfc-agent`,
      vpcId: tooling.vpcId,
      subnetIds: tooling.subnetIds('private'),
      tokenSecretArn: secret.arn,
      tokenKeyArn: tokenKey.targetKeyArn,
      logKmsKey: this.logsKey,
      logRetentionDays: env.network.flowLogs.retentionDays,
      egressTargets: [
        {
          description: 'Vault API on its internal load balancer',
          cidrs: tooling.availabilityZones.map((az) => tooling.subnetCidrs[az].private),
          port: VAULT_PORT,
        },
      ],
      desiredCount: agentConfig.desiredCount,
      cpu: agentConfig.cpu,
      memoryMiB: agentConfig.memoryMiB,
    });

    new TerraformOutput(this, 'agent-security-group-id', { value: this.agents.securityGroup.id, description: 'Security group of the HCP Terraform agents' });
    new TerraformOutput(this, 'agent-image', { value: this.agents.image, description: 'HCP Terraform agent image (tag and digest)' });
  }
}
