import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { AgentPool } from '@cdktf/provider-tfe/lib/agent-pool';
import { AgentPoolAllowedWorkspaces } from '@cdktf/provider-tfe/lib/agent-pool-allowed-workspaces';
import { AgentToken } from '@cdktf/provider-tfe/lib/agent-token';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { KmsKey } from '../security/kms-key';
import { type HcpTerraformWorkspace } from './hcp-terraform-workspace';

export interface HcpTerraformAgentPoolProps {
  readonly organization: string;
  /** Agent pool name, e.g. `vaultplat-dev-agents`. */
  readonly name: string;
  /** Secrets Manager secret name of the token, read by the agents' ECS tasks (`agentTokenSecretName`). */
  readonly tokenSecretName: string;
  /** Alias (without `alias/`) of the KMS key that encrypts the secret. */
  readonly tokenKeyAlias: string;
  /** Days Secrets Manager keeps a deleted token recoverable, 7-30. @default 7 */
  readonly recoveryWindowDays?: number;
}

/**
 * An HCP Terraform agent pool usable only by the workspaces added with {@link allow} (not organization-scoped), and
 * its agent token, written to a Secrets Manager secret encrypted with a key of its own.
 *
 * The token is in the state of the stack that holds this construct (the bootstrap, whose workspace no other workspace
 * may read and no team but the organization owners can open) and in the secret, never in Git or in a workspace
 * variable. The agents' ECS tasks receive it from Secrets Manager at start. Rotate: `terraform apply
 * -replace=<agent token address>`, then redeploy the agents (docs/hcp-terraform.md).
 */
export class HcpTerraformAgentPool extends Construct {
  readonly pool: AgentPool;
  readonly allowed: AgentPoolAllowedWorkspaces;
  /** The pool ID, read from the allowed-workspaces resource so a workspace is assigned only after it is allowed. */
  readonly poolId: string;
  readonly secret: SecretsmanagerSecret;
  readonly key: KmsKey;
  private readonly workspaceIds: string[] = [];

  constructor(scope: Construct, id: string, props: HcpTerraformAgentPoolProps) {
    super(scope, id);
    const recovery = props.recoveryWindowDays ?? 7;
    if (!Number.isInteger(recovery) || recovery < 7 || recovery > 30) throw new Error(`${this.node.path}: recoveryWindowDays: expected 7-30, got ${recovery}`);

    this.pool = new AgentPool(this, 'pool', { name: props.name, organization: props.organization, organizationScoped: false });
    this.allowed = new AgentPoolAllowedWorkspaces(this, 'allowed-workspaces', {
      agentPoolId: this.pool.id,
      allowedWorkspaceIds: Lazy.listValue({ produce: () => [...this.workspaceIds] }),
    });
    this.poolId = this.allowed.agentPoolId;
    const token = new AgentToken(this, 'token', { agentPoolId: this.pool.id, description: `${props.name}: ECS agents (Secrets Manager ${props.tokenSecretName})` });

    this.key = new KmsKey(this, 'token-key', { alias: props.tokenKeyAlias, description: `${props.name}: HCP Terraform agent token in Secrets Manager` });
    this.secret = new SecretsmanagerSecret(this, 'token-secret', {
      name: props.tokenSecretName,
      description: `HCP Terraform agent token of pool ${props.name}; read only by the agents' ECS execution role`,
      kmsKeyId: this.key.arn,
      recoveryWindowInDays: recovery,
      tags: { Name: props.tokenSecretName },
    });
    new SecretsmanagerSecretVersion(this, 'token-secret-value', { secretId: this.secret.id, secretString: token.token });
  }

  /** Lets `workspace` run on this pool (set its execution mode to `agent` with {@link poolId}). */
  allow(workspace: HcpTerraformWorkspace): void {
    if (!this.workspaceIds.includes(workspace.id)) this.workspaceIds.push(workspace.id);
  }
}
