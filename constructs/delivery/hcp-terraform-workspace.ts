import { Variable } from '@cdktf/provider-tfe/lib/variable';
import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';

export type WorkspaceExecutionMode = 'remote' | 'agent' | 'local';

/** An environment variable of the workspace (HCP Terraform category `env`). */
export interface WorkspaceEnvVariable {
  readonly value: string;
  readonly description: string;
  /** @default false */
  readonly sensitive?: boolean;
}

export interface HcpTerraformWorkspaceProps {
  readonly organization: string;
  readonly projectId: string;
  readonly name: string;
  readonly description: string;
  /** Exact Terraform version of every run. */
  readonly terraformVersion: string;
  /** `remote` (HCP-hosted), `agent` (needs `agentPoolId`) or `local` (state only; runs on the caller's machine). */
  readonly executionMode: WorkspaceExecutionMode;
  /** The agent pool, from its allowed-workspaces resource so the allowance exists first. Only with `agent`. */
  readonly agentPoolId?: string;
  /** Key-value tags of the workspace. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Environment variables. @default - none */
  readonly envVariables?: Readonly<Record<string, WorkspaceEnvVariable>>;
  /** Terraform input variables (HCP Terraform category `terraform`, string values). @default - none */
  readonly terraformVariables?: Readonly<Record<string, WorkspaceEnvVariable>>;
  /** Health assessments (drift detection, continuous validation). @default true (not available with `local`) */
  readonly assessments?: boolean;
  /** Destroy plans may be queued. @default false */
  readonly allowDestroyPlan?: boolean;
}

/**
 * One HCP Terraform workspace with the settings this project expects of every workspace:
 * - auto-apply off (a person with apply permission confirms every run), speculative plans on, health assessments on;
 * - no VCS connection (configuration versions are uploaded by CI), runs queued only by uploads and run triggers, and
 *   run-trigger runs never auto-applied;
 * - remote state shared with no workspace unless {@link addStateConsumer} names it (never global);
 * - execution mode and agent pool through `tfe_workspace_settings`, the non-deprecated resource at tfe 0.71.0
 *   (hashicorp/terraform-provider-tfe v0.71.0, website/docs/r/workspace.html.markdown and workspace_settings.markdown).
 *   Settings that both resources can manage are set only on `tfe_workspace_settings` to avoid permanent drift.
 */
export class HcpTerraformWorkspace extends Construct {
  readonly workspace: Workspace;
  readonly settings: WorkspaceSettings;
  readonly id: string;
  readonly name: string;
  private readonly consumers: string[] = [];

  constructor(scope: Construct, id: string, props: HcpTerraformWorkspaceProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_-]{1,90}$/.test(props.name)) problems.push(`name: expected 1-90 letters, digits, _ or -, got "${props.name}"`);
    if (!/^\d+\.\d+\.\d+$/.test(props.terraformVersion)) problems.push(`terraformVersion: expected an exact version such as 1.13.5, got "${props.terraformVersion}"`);
    if ((props.executionMode === 'agent') !== (props.agentPoolId !== undefined)) {
      problems.push(`agentPoolId: required with execution mode "agent" and only then (execution mode "${props.executionMode}")`);
    }
    const assessments = props.assessments ?? props.executionMode !== 'local';
    if (assessments && props.executionMode === 'local') problems.push('assessments: health assessments need runs in HCP Terraform, not execution mode "local"');
    for (const key of Object.keys(props.envVariables ?? {})) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) problems.push(`envVariables: "${key}" is not an environment variable name`);
    for (const key of Object.keys(props.terraformVariables ?? {})) if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) problems.push(`terraformVariables: "${key}" is not a Terraform variable name`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    this.name = props.name;
    this.workspace = new Workspace(this, 'workspace', {
      name: props.name,
      organization: props.organization,
      projectId: props.projectId,
      terraformVersion: props.terraformVersion,
      speculativeEnabled: true,
      queueAllRuns: false,
      fileTriggersEnabled: false,
      autoApplyRunTrigger: false,
      allowDestroyPlan: props.allowDestroyPlan ?? false,
      // Safe delete: HCP Terraform refuses to delete a workspace that still manages resources.
      forceDelete: false,
    });
    this.id = this.workspace.id;
    this.settings = new WorkspaceSettings(this, 'settings', {
      workspaceId: this.workspace.id,
      description: props.description,
      executionMode: props.executionMode,
      ...(props.agentPoolId !== undefined ? { agentPoolId: props.agentPoolId } : {}),
      autoApply: false,
      assessmentsEnabled: assessments,
      globalRemoteState: false,
      remoteStateConsumerIds: Lazy.listValue({ produce: () => [...this.consumers] }),
      ...(props.tags ? { tags: { ...props.tags } } : {}),
    });
    for (const [key, variable] of Object.entries(props.envVariables ?? {})) {
      new Variable(this, `env-${key}`, {
        workspaceId: this.workspace.id,
        category: 'env',
        key,
        value: variable.value,
        description: variable.description,
        sensitive: variable.sensitive ?? false,
      });
    }
    for (const [key, variable] of Object.entries(props.terraformVariables ?? {})) {
      new Variable(this, `var-${key}`, {
        workspaceId: this.workspace.id,
        category: 'terraform',
        key,
        value: variable.value,
        description: variable.description,
        sensitive: variable.sensitive ?? false,
      });
    }
  }

  /** Lets the runs of `consumer` read this workspace's state (outputs through `terraform_remote_state`). */
  addStateConsumer(consumer: HcpTerraformWorkspace): void {
    if (consumer === this) throw new Error(`${this.node.path}: a workspace does not need to share its state with itself`);
    if (!this.consumers.includes(consumer.id)) this.consumers.push(consumer.id);
  }
}
