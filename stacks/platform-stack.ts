import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { type Construct } from 'constructs';
import { PolicyPack } from '../constructs/policy/policy-pack';
import { policyOptions } from '../environments/guardrails-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { type DeploymentSettings } from './deployment';
import { type StackKind } from './stack-kinds';

export interface PlatformStackProps {
  readonly environment: EnvironmentConfig;
  readonly deployment: DeploymentSettings;
}

/**
 * Base of every stack: names it `<kind>-<env>`, gives it an HCP Terraform workspace `<project>-<kind>-<env>` (or
 * local state) and an AWS provider locked to the environment's region and accounts, tagging everything it creates.
 */
export abstract class PlatformStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly kind: StackKind;
  readonly stackName: string;
  /** HCP Terraform workspace name, also used when local state is chosen (for messages and docs). */
  readonly workspaceName: string;
  /** `<project>-<env>`: prefix of resource names in this stack. */
  readonly namePrefix: string;
  readonly awsProvider: AwsProvider;

  protected constructor(scope: Construct, kind: StackKind, props: PlatformStackProps) {
    const { environment, deployment } = props;
    const stackName = `${kind}-${environment.name}`;
    super(scope, stackName);
    this.environment = environment;
    this.kind = kind;
    this.stackName = stackName;
    this.workspaceName = workspaceName(environment, kind);
    this.namePrefix = `${environment.project}-${environment.name}`;

    if (deployment.state === 'local') {
      new LocalBackend(this, { path: `terraform.${stackName}.tfstate` });
    } else {
      new CloudBackend(this, {
        organization: deployment.organization ?? environment.hcpTerraform.organization,
        workspaces: new NamedCloudWorkspace(this.workspaceName, deployment.project ?? environment.hcpTerraform.project),
      });
    }

    this.awsProvider = new AwsProvider(this, 'aws', {
      region: environment.aws.region,
      allowedAccountIds: [...environment.aws.allowedAccountIds],
      defaultTags: [{ tags: defaultTags(environment, stackName) }],
    });

    // The policy pack checks every element of this stack at synth (docs/policy-pack.md); Aspects on the App are not applied.
    PolicyPack.apply(this, { options: policyOptions(environment) });
  }
}

export function workspaceName(environment: EnvironmentConfig, kind: StackKind): string {
  return `${environment.project}-${kind}-${environment.name}`;
}

/** Tags every AWS resource of a stack carries (provider `default_tags`). */
export function defaultTags(environment: EnvironmentConfig, stackName: string): Record<string, string> {
  return {
    ...environment.tags.extra,
    Environment: environment.name,
    Tier: environment.tier,
    Project: environment.project,
    Owner: environment.tags.owner,
    CostCenter: environment.tags.costCenter,
    DataClassification: environment.tags.dataClassification,
    ManagedBy: 'cdktf',
    Stack: stackName,
  };
}
