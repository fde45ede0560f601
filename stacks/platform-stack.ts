import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Aspects, CloudBackend, LocalBackend, NamedCloudWorkspace } from 'cdktf';
import { type Construct, type IConstruct } from 'constructs';
import { type RunPhase } from '../constructs/delivery/workspace-run-roles';
import { PolicyPack } from '../constructs/policy/policy-pack';
import { PermissionsBoundaryAspect } from '../constructs/security/permissions-boundary-aspect';
import { policyOptions } from '../environments/guardrails-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { type DeploymentSettings } from './deployment';
import { ResolveOnceStack } from './resolve-once-stack';
import { type AnyStackKind, type RunRoleKey } from './stack-kinds';

export interface PlatformStackProps {
  readonly environment: EnvironmentConfig;
  readonly deployment: DeploymentSettings;
}

/**
 * Base of every stack: names it `<kind>-<env>`, gives it an HCP Terraform workspace `<project>-<kind>-<env>` (or
 * local state) and an AWS provider locked to the environment's region and accounts, tagging everything it creates.
 */
export abstract class PlatformStack extends ResolveOnceStack {
  readonly environment: EnvironmentConfig;
  readonly kind: AnyStackKind;
  readonly stackName: string;
  /** HCP Terraform workspace name, also used when local state is chosen (for messages and docs). */
  readonly workspaceName: string;
  /**
   * Organization, project and workspace of this stack in HCP Terraform (the `cloud` block names them; the bootstrap
   * stack creates them). Set in local-state mode too, where the bootstrap is first applied.
   */
  readonly hcpTerraform: HcpTerraformWorkspaceRef;
  /** `<project>-<env>`: prefix of resource names in this stack. */
  readonly namePrefix: string;
  readonly awsProvider: AwsProvider;

  protected constructor(scope: Construct, kind: AnyStackKind, props: PlatformStackProps) {
    const { environment, deployment } = props;
    const stackName = `${kind}-${environment.name}`;
    super(scope, stackName);
    this.environment = environment;
    this.kind = kind;
    this.stackName = stackName;
    this.workspaceName = workspaceName(environment, kind);
    this.hcpTerraform = { ...hcpTerraformLocation(environment, deployment), workspace: this.workspaceName };
    this.namePrefix = `${environment.project}-${environment.name}`;

    if (deployment.state === 'local') {
      // cdktf's default: `<project root>/terraform.<stack>.tfstate`, an absolute path, so that the remote state of a
      // producer resolves from every consumer's working directory and `cdktf synth` never deletes a state file.
      new LocalBackend(this);
    } else {
      const backend = new CloudBackend(this, {
        organization: this.hcpTerraform.organization,
        workspaces: new NamedCloudWorkspace(this.workspaceName, this.hcpTerraform.project),
      });
      dropLocalTerraformVersionCheck(backend);
      // Delivered through HCP Terraform, the apply roles may only create roles that carry the workload boundary
      // (docs/hcp-terraform.md, "Permission boundaries"); local-state experiments run with the operator's own rights.
      Aspects.of(this).add(new PermissionsBoundaryAspect(workloadBoundaryArn(environment)));
    }
    // Terraform itself enforces the version at init/plan (HCP Terraform workspaces and local runs alike). 1.11 for
    // write-only attributes (vault-config's database bootstrap password); the cloud block needs 1.1.
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);

    this.awsProvider = new AwsProvider(this, 'aws', {
      region: environment.aws.region,
      allowedAccountIds: [...environment.aws.allowedAccountIds],
      defaultTags: [{ tags: defaultTags(environment, stackName) }],
    });

    // The policy pack checks every element of this stack at synth (docs/policy-pack.md); Aspects on the App are not applied.
    PolicyPack.apply(this, { options: policyOptions(environment) });
  }
}

/** Terraform version constraint of every stack. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11.0';

/**
 * cdktf's `CloudBackend` adds a validation that runs `terraform version` during synth: one child process per stack
 * (~25 ms each, ~0.45 s for this app) and a failed synth on any machine without a Terraform binary, although synth
 * never runs Terraform. The constraint it guards belongs to Terraform (`required_version`, set on every stack), so
 * that one validation is removed; every other validation, the policy pack included, still runs. It is recognised by
 * what it runs, `terraform version` (cdktf 0.21.0, lib/validations/validate-binary-version.js), not by its class
 * name: the dependency pre-bundle of `npm run synth` (scripts/prebundle.cjs) does not keep class names, and no deep
 * cdktf import is needed. A test fails if a cdktf upgrade changes how validations are stored or what they hold.
 */
export function dropLocalTerraformVersionCheck(construct: IConstruct): void {
  const validations = (construct.node as unknown as { _validations?: { binary?: unknown; versionCommand?: unknown }[] })._validations;
  if (!Array.isArray(validations)) {
    throw new Error(`${construct.node.path}: cannot find the validations of this construct (constructs internals changed); update dropLocalTerraformVersionCheck`);
  }
  const terraform = process.env.TERRAFORM_BINARY_NAME || 'terraform'; // cdktf's terraformBinaryName (lib/util.js)
  const runsTerraformVersion = (v: { binary?: unknown; versionCommand?: unknown }) => v.binary === terraform && v.versionCommand === `${terraform} version`;
  const kept = validations.filter((validation) => !runsTerraformVersion(validation));
  validations.splice(0, validations.length, ...kept);
}

/** An HCP Terraform workspace: organization, project and name. */
export interface HcpTerraformWorkspaceRef {
  readonly organization: string;
  readonly project: string;
  readonly workspace: string;
}

/** The organization and project of an environment's workspaces: the deployment overrides, else the environment's. */
export function hcpTerraformLocation(environment: EnvironmentConfig, deployment: DeploymentSettings): { organization: string; project: string } {
  return {
    organization: deployment.organization ?? environment.hcpTerraform.organization,
    project: deployment.project ?? environment.hcpTerraform.project,
  };
}

export function workspaceName(environment: EnvironmentConfig, kind: AnyStackKind): string {
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

/** HCP Terraform run phase: dynamic provider credentials use a read-only role to plan and another to apply. */
export type { RunPhase };

/**
 * Name of the IAM role an HCP Terraform run assumes (dynamic provider credentials), in the environment's first allowed
 * account: `<project>-<env>-tfc-<kind>-<phase>` for a platform stack, `<project>-<env>-tfc-services-<phase>` for every
 * service stack ({@link RunRoleKey}). The bootstrap stack creates these roles; other stacks refer to them by this name
 * (for example EKS access entries for the stacks that talk to a cluster).
 */
export function runRoleName(environment: EnvironmentConfig, key: RunRoleKey, phase: RunPhase): string {
  return `${environment.project}-${environment.name}-tfc-${key}-${phase}`;
}

export function runRoleArn(environment: EnvironmentConfig, key: RunRoleKey, phase: RunPhase): string {
  return `arn:aws:iam::${environment.aws.allowedAccountIds[0]}:role/${runRoleName(environment, key, phase)}`;
}

/** The environment's account, where its run roles and boundaries live. */
export function deliveryAccountId(environment: EnvironmentConfig): string {
  return environment.aws.allowedAccountIds[0];
}

/** `<project>-<env>-tfc-run-boundary`: the permissions boundary of every run role. */
export function runBoundaryName(environment: EnvironmentConfig): string {
  return `${environment.project}-${environment.name}-tfc-run-boundary`;
}

/** `<project>-<env>-workload-boundary`: the permissions boundary of every role the platform stacks create. */
export function workloadBoundaryName(environment: EnvironmentConfig): string {
  return `${environment.project}-${environment.name}-workload-boundary`;
}

export function workloadBoundaryArn(environment: EnvironmentConfig): string {
  return `arn:aws:iam::${deliveryAccountId(environment)}:policy/${workloadBoundaryName(environment)}`;
}

/** Secrets Manager secret (and KMS alias) of the environment's HCP Terraform agent token, written by the bootstrap. */
export function agentTokenSecretName(environment: EnvironmentConfig): string {
  return `${environment.project}-${environment.name}-tfc-agent-token`;
}
