import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { DataTfeOutputs } from '@cdktf/provider-tfe/lib/data-tfe-outputs';
import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { DataTfeTeam } from '@cdktf/provider-tfe/lib/data-tfe-team';
import { Project } from '@cdktf/provider-tfe/lib/project';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { RunTrigger } from '@cdktf/provider-tfe/lib/run-trigger';
import { Team } from '@cdktf/provider-tfe/lib/team';
import { TeamAccess, type TeamAccessPermissions } from '@cdktf/provider-tfe/lib/team-access';
import { type App, CloudBackend, Fn, LocalBackend, NamedCloudWorkspace, TerraformOutput, Token } from 'cdktf';
import { type Construct, type IConstruct } from 'constructs';
import { HcpTerraformAgentPool } from '../constructs/delivery/hcp-terraform-agent-pool';
import { HcpTerraformOidcProvider } from '../constructs/delivery/hcp-terraform-oidc-provider';
import { HcpTerraformWorkspace, type WorkspaceEnvVariable } from '../constructs/delivery/hcp-terraform-workspace';
import { PermissionBoundaries } from '../constructs/delivery/permission-boundaries';
import { runRolePolicies } from '../constructs/delivery/run-role-permissions';
import { WorkspaceRunRoles } from '../constructs/delivery/workspace-run-roles';
import { PolicyPack } from '../constructs/policy/policy-pack';
import { HcpTerraformJwtAuth } from '../constructs/vault/hcp-terraform-jwt-auth';
import { policyOptions } from '../environments/guardrails-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { type DeploymentSettings } from './deployment';
import {
  PlatformStack,
  REQUIRED_TERRAFORM_VERSION,
  agentTokenSecretName,
  defaultTags,
  deliveryAccountId,
  dropLocalTerraformVersionCheck,
  hcpTerraformLocation,
  runBoundaryName,
  runRoleName,
  workloadBoundaryName,
} from './platform-stack';
import { SERVICE_STACK_PREFIX } from '../environments/service-shards';
import { ResolveOnceStack } from './resolve-once-stack';
import { SERVICE_STACK_TERRAFORM_TYPES, VAULT_CA_PEM_VARIABLE } from './service-stack';
import { SERVICE_STACKS_GROUP, type StackKind, isServiceStackKind } from './stack-kinds';
import { type StackGraph, type StackNode, describeStacks, deriveStackGraph, prepareStacks } from './stack-graph';

/** Stacks named `bootstrap-<env>` are applied by bootstrap admins from their machine, never by CI (docs/hcp-terraform.md). */
export const BOOTSTRAP_STACK_PREFIX = 'bootstrap-';

/** Name of the output of the vault-server stack holding the PEM of the CA that signed Vault's listener certificate. */
export const VAULT_CA_OUTPUT = 'vault-ca-certificate-pem';

/** `<project>-bootstrap-<env>`: the workspace holding the bootstrap's own state (local execution). */
export function bootstrapWorkspaceName(environment: EnvironmentConfig): string {
  return `${environment.project}-bootstrap-${environment.name}`;
}

/** How a Vault-provider workspace logs in to Vault with HCP Terraform workload identity. */
export interface VaultLogin {
  readonly stack: string;
  /** `https://vault.<zone>:8200`, the stack's Vault provider address. */
  readonly address: string;
  /** Mount path of the HCP Terraform JWT auth method. */
  readonly authPath: string;
  /** JWT role: named after the workspace, or the service stacks' shared role. */
  readonly role: string;
}

/** Which organization-wide or account-wide objects this environment's bootstrap creates (the others look them up). */
export interface BootstrapOwnership {
  /** The HCP Terraform project (shared by several environments: the first one creates it). */
  readonly project: boolean;
  /** The account's IAM OIDC provider for HCP Terraform (one per account and issuer). */
  readonly oidcProvider: boolean;
  /** The organization's CI teams (`<project>-ci-speculative`, `<project>-ci-deliver`). */
  readonly ciTeams: boolean;
}

export interface BootstrapStackProps {
  readonly environment: EnvironmentConfig;
  readonly deployment: DeploymentSettings;
  /** The delivery graph of this environment's platform stacks. */
  readonly graph: StackGraph;
  readonly ownership: BootstrapOwnership;
  /**
   * Vault logins of the Vault-provider stacks, where the Vault CA is published (stack workspace), and the stacks that
   * take its PEM as the Terraform variable `vault_ca_certificate_pem` (the service stacks).
   */
  readonly vault?: { readonly logins: readonly VaultLogin[]; readonly caWorkspace?: string; readonly caPemStacks?: readonly string[] };
}

/** HCP Terraform team permissions on a workspace (custom workspace permissions). */
const APPROVER_ACCESS: TeamAccessPermissions = { runs: 'apply', variables: 'read', stateVersions: 'read-outputs', sentinelMocks: 'none', workspaceLocking: true, runTasks: false };
const CI_ACCESS: TeamAccessPermissions = { runs: 'plan', variables: 'none', stateVersions: 'none', sentinelMocks: 'none', workspaceLocking: false, runTasks: false };

/**
 * `bootstrap-<env>`: everything HCP Terraform and AWS need before the first run of any stack of the environment, all
 * derived from the composed app (docs/hcp-terraform.md):
 *
 * - the project and one workspace per platform stack (`<project>-<kind>-<env>`), with auto-apply off, speculative
 *   plans and health assessments on, the execution mode the stack needs (agents for private endpoints), remote state
 *   shared with exactly the stacks that read it, and run triggers along the stack dependencies;
 * - dynamic provider credentials: the HCP Terraform IAM OIDC provider, per workspace a plan and an apply role (trust
 *   pinned to the workspace and run phase, permissions derived from the stack's resource types, run boundary) and the
 *   `TFC_AWS_*` variables; the service stacks share one plan and one apply role (trust: the workspace group
 *   `<project>-services-*-<env>`, permissions derived from SERVICE_STACK_TERRAFORM_TYPES), created whether or not a
 *   shard exists, so adding a team adds a workspace and its run triggers, never an IAM role or an EKS access entry;
 *   the `TFC_VAULT_*` variables of Vault-provider workspaces (and the service stacks' `vault_ca_certificate_pem`) once
 *   `delivery.vaultDynamicCredentials`;
 * - the agent pool, its token in Secrets Manager (read by the `tfc-agents-<env>` stack's ECS tasks);
 * - teams: `<project>-<env>-approvers` (confirm runs) and the CI teams (queue plans, nothing else).
 *
 * Applied by a bootstrap admin with an organization owner token and an AWS administrator session; its own workspace
 * `<project>-bootstrap-<env>` has local execution and shares its state with nobody.
 */
export class BootstrapStack extends ResolveOnceStack {
  readonly environment: EnvironmentConfig;
  readonly stackName: string;
  readonly workspaces: ReadonlyMap<string, HcpTerraformWorkspace>;
  readonly runRoles: ReadonlyMap<string, WorkspaceRunRoles>;
  readonly runTriggers: readonly RunTrigger[];
  readonly agentPool?: HcpTerraformAgentPool;
  readonly boundaries: PermissionBoundaries;
  readonly oidcProvider: HcpTerraformOidcProvider;
  readonly selfWorkspace: HcpTerraformWorkspace;

  constructor(scope: Construct, props: BootstrapStackProps) {
    const env = props.environment;
    const stackName = `${BOOTSTRAP_STACK_PREFIX}${env.name}`;
    super(scope, stackName);
    this.environment = env;
    this.stackName = stackName;
    const { organization, project } = hcpTerraformLocation(env, props.deployment);
    const namePrefix = `${env.project}-${env.name}`;
    const accountId = deliveryAccountId(env);
    const delivery = env.delivery;
    const selfName = bootstrapWorkspaceName(env);

    const foreign = props.graph.nodes.filter((n) => n.environment !== env.name || n.organization !== organization || n.project !== project);
    if (foreign.length > 0) {
      throw new Error(`${stackName}: the delivery graph holds stacks of another environment or organization: ${foreign.map((n) => n.stack).join(', ')}`);
    }

    if (props.deployment.state === 'local') {
      new LocalBackend(this);
    } else {
      const backend = new CloudBackend(this, { organization, workspaces: new NamedCloudWorkspace(selfName, project) });
      dropLocalTerraformVersionCheck(backend);
    }
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    new AwsProvider(this, 'aws', {
      region: env.aws.region,
      allowedAccountIds: [...env.aws.allowedAccountIds],
      defaultTags: [{ tags: defaultTags(env, stackName) }],
    });
    // The token comes from TFE_TOKEN (an organization owner's), never from code or config.
    new TfeProvider(this, 'tfe', { organization });
    PolicyPack.apply(this, { options: policyOptions(env) });

    const projectId = props.ownership.project
      ? new Project(this, 'project', { name: project, organization, description: `Vault platform (${env.project}): one workspace per stack and environment` }).id
      : new DataTfeProject(this, 'project', { name: project, organization }).id;

    this.oidcProvider = new HcpTerraformOidcProvider(this, 'hcp-terraform-oidc', { existing: !props.ownership.oidcProvider });
    this.boundaries = new PermissionBoundaries(this, 'boundaries', {
      accountId,
      namePrefix,
      runBoundaryName: runBoundaryName(env),
      workloadBoundaryName: workloadBoundaryName(env),
      runRoleNamePattern: `${namePrefix}-tfc-*`,
      oidcProviderArn: `arn:aws:iam::${accountId}:oidc-provider/${this.oidcProvider.hostname}`,
    });

    const needsAgents = props.graph.nodes.some((n) => props.graph.executionModes.get(n.stack) === 'agent');
    if (needsAgents) {
      this.agentPool = new HcpTerraformAgentPool(this, 'agent-pool', {
        organization,
        name: `${namePrefix}-agents`,
        tokenSecretName: agentTokenSecretName(env),
        tokenKeyAlias: agentTokenSecretName(env),
      });
    }

    // Organization-wide teams whose tokens CI uses (created in the UI by an owner, never in state): they may queue
    // plans on the platform workspaces and nothing else.
    const ciTeams = (['speculative', 'deliver'] as const).map((kind) => {
      const name = `${env.project}-ci-${kind}`;
      const team = props.ownership.ciTeams
        ? new Team(this, `team-ci-${kind}`, { name, organization, visibility: 'secret', allowMemberTokenManagement: false })
        : new DataTfeTeam(this, `team-ci-${kind}`, { name, organization });
      return { kind, id: team.id };
    });
    const approvers = new Team(this, 'team-approvers', {
      name: `${namePrefix}-approvers`,
      organization,
      visibility: 'organization',
      allowMemberTokenManagement: false,
    });

    this.selfWorkspace = new HcpTerraformWorkspace(this, 'workspace-bootstrap', {
      organization,
      projectId,
      name: selfName,
      description: `${stackName}: state of the bootstrap (local execution by bootstrap admins; shared with no workspace)`,
      terraformVersion: delivery.terraformVersion,
      executionMode: 'local',
      assessments: false,
      tags: { environment: env.name, stack: 'bootstrap' },
    });

    const vaultCa = this.vaultCaCertificate(props, organization);
    const workspaces = new Map<string, HcpTerraformWorkspace>();
    const runRoles = new Map<string, WorkspaceRunRoles>();
    const serviceRoles = this.serviceStackRunRoles(props, { organization, project, accountId, namePrefix });
    for (const node of props.graph.nodes) {
      let roles: WorkspaceRunRoles;
      if (isServiceStackKind(node.kind)) {
        checkServiceStackTypes(node);
        roles = serviceRoles;
      } else {
        const kind = node.kind as StackKind;
        const policies = runRolePolicies({
          stack: node.stack,
          resourceTypes: node.resourceTypes,
          dataSourceTypes: node.dataSourceTypes,
          regions: node.awsRegions,
          accountId,
          namePrefix,
          iamRoleNames: node.iamRoleNames,
        });
        roles = new WorkspaceRunRoles(this, `roles-${node.kind}`, {
          organization,
          project,
          workspace: node.workspace,
          oidcProvider: this.oidcProvider,
          roleNames: { plan: runRoleName(env, kind, 'plan'), apply: runRoleName(env, kind, 'apply') },
          statements: { plan: policies.plan, apply: policies.apply },
          permissionsBoundaryArn: this.boundaries.runBoundary.arn,
        });
      }
      runRoles.set(node.stack, roles);

      const mode = props.graph.executionModes.get(node.stack) ?? 'remote';
      const reasons = props.graph.agentReasons.get(node.stack) ?? [];
      const envVariables: Record<string, WorkspaceEnvVariable> = {
        TFC_AWS_PROVIDER_AUTH: { value: 'true', description: 'AWS dynamic provider credentials (OIDC), no static keys' },
        TFC_AWS_PLAN_ROLE_ARN: { value: roles.arns.plan, description: 'Read-only role for plans (trust: this workspace, run phase plan)' },
        TFC_AWS_APPLY_ROLE_ARN: { value: roles.arns.apply, description: 'Role for applies (trust: this workspace, run phase apply)' },
      };
      const login = props.vault?.logins.find((l) => l.stack === node.stack);
      if (login && delivery.vaultDynamicCredentials) Object.assign(envVariables, vaultVariables(login, vaultCa?.encoded));
      const terraformVariables: Record<string, WorkspaceEnvVariable> =
        vaultCa && props.vault?.caPemStacks?.includes(node.stack)
          ? { [VAULT_CA_PEM_VARIABLE]: { value: vaultCa.pem, description: `PEM of the Vault listener CA (public; output ${VAULT_CA_OUTPUT} of the vault-server stack)` } }
          : {};
      const workspace = new HcpTerraformWorkspace(this, `workspace-${node.kind}`, {
        organization,
        projectId,
        name: node.workspace,
        description:
          mode === 'agent'
            ? `${node.stack}: runs on the agents in the tooling VPC (${reasons.join('; ')})`
            : `${node.stack}: HCP-hosted runs (AWS APIs only)`,
        terraformVersion: delivery.terraformVersion,
        executionMode: mode,
        ...(mode === 'agent' && this.agentPool ? { agentPoolId: this.agentPool.poolId } : {}),
        allowDestroyPlan: env.tier === 'dev',
        tags: { environment: env.name, stack: node.kind },
        envVariables,
        terraformVariables,
      });
      if (mode === 'agent') this.agentPool?.allow(workspace);
      workspaces.set(node.stack, workspace);

      new TeamAccess(this, `access-${node.kind}-approvers`, { teamId: approvers.id, workspaceId: workspace.id, permissions: [APPROVER_ACCESS] });
      for (const team of ciTeams) {
        new TeamAccess(this, `access-${node.kind}-ci-${team.kind}`, { teamId: team.id, workspaceId: workspace.id, permissions: [CI_ACCESS] });
      }
    }

    for (const [producer, consumers] of props.graph.remoteStateConsumers) {
      for (const consumer of consumers) workspaces.get(producer)?.addStateConsumer(workspaces.get(consumer) as HcpTerraformWorkspace);
    }
    this.runTriggers = props.graph.runTriggers.map((edge) => {
      const source = props.graph.node(edge.source);
      const target = props.graph.node(edge.target);
      return new RunTrigger(this, `trigger-${source.kind}-to-${target.kind}`, {
        workspaceId: (workspaces.get(edge.target) as HcpTerraformWorkspace).id,
        sourceableId: (workspaces.get(edge.source) as HcpTerraformWorkspace).id,
      });
    });
    this.workspaces = workspaces;
    this.runRoles = runRoles;

    if (this.agentPool) {
      new TerraformOutput(this, 'agent-pool-id', { value: this.agentPool.pool.id, description: 'HCP Terraform agent pool of the environment' });
      new TerraformOutput(this, 'agent-token-secret-arn', { value: this.agentPool.secret.arn, description: 'Secrets Manager secret with the agent token (read by tfc-agents)' });
    }
    new TerraformOutput(this, 'workload-boundary-arn', { value: this.boundaries.workloadBoundaryArn, description: 'Permissions boundary every role of the platform stacks carries' });
  }

  /**
   * The service stacks' shared plan and apply roles: trusted by every workspace `<project>-services-*-<env>` of the
   * project, permissions derived from every resource and data source type a service stack may hold.
   */
  private serviceStackRunRoles(
    props: BootstrapStackProps,
    at: { readonly organization: string; readonly project: string; readonly accountId: string; readonly namePrefix: string },
  ): WorkspaceRunRoles {
    const env = props.environment;
    const policies = runRolePolicies({
      stack: `${SERVICE_STACK_PREFIX}*-${env.name}`,
      resourceTypes: SERVICE_STACK_TERRAFORM_TYPES.resources,
      dataSourceTypes: SERVICE_STACK_TERRAFORM_TYPES.dataSources,
      regions: [env.aws.region],
      accountId: at.accountId,
      namePrefix: at.namePrefix,
      iamRoleNames: [],
    });
    return new WorkspaceRunRoles(this, `roles-${SERVICE_STACKS_GROUP}`, {
      organization: at.organization,
      project: at.project,
      workspace: { prefix: `${env.project}-${SERVICE_STACK_PREFIX}`, suffix: `-${env.name}` },
      oidcProvider: this.oidcProvider,
      roleNames: { plan: runRoleName(env, SERVICE_STACKS_GROUP, 'plan'), apply: runRoleName(env, SERVICE_STACKS_GROUP, 'apply') },
      statements: { plan: policies.plan, apply: policies.apply },
      permissionsBoundaryArn: this.boundaries.runBoundary.arn,
    });
  }

  /** The Vault CA PEM published by the vault-server stack (and its base64), read through the HCP Terraform API. */
  private vaultCaCertificate(props: BootstrapStackProps, organization: string): { readonly pem: string; readonly encoded: string } | undefined {
    if (!props.environment.delivery.vaultDynamicCredentials || !props.vault || props.vault.logins.length === 0) return undefined;
    if (!props.vault.caWorkspace) {
      throw new Error(
        `${this.stackName}: delivery.vaultDynamicCredentials is true but no stack of ${props.environment.name} outputs "${VAULT_CA_OUTPUT}" (the vault-server stack); apply it first, or keep the setting false`,
      );
    }
    const outputs = new DataTfeOutputs(this, 'vault-server-outputs', { organization, workspace: props.vault.caWorkspace });
    const pem = Token.asString(outputs.nonsensitiveValues.lookup(VAULT_CA_OUTPUT));
    return { pem, encoded: Fn.base64encode(pem) };
  }
}

/**
 * A service stack runs with the shared roles, derived from SERVICE_STACK_TERRAFORM_TYPES: a type outside it would
 * need permissions the roles do not have (fail here rather than at the first apply).
 */
function checkServiceStackTypes(node: StackNode): void {
  const unknown = [
    ...node.resourceTypes.filter((t) => !SERVICE_STACK_TERRAFORM_TYPES.resources.includes(t)),
    ...node.dataSourceTypes.filter((t) => !SERVICE_STACK_TERRAFORM_TYPES.dataSources.includes(t)),
  ];
  if (unknown.length > 0) {
    throw new Error(
      `${node.stack}: uses ${unknown.join(', ')}, which the service stacks' shared run roles are not derived from; add them to SERVICE_STACK_TERRAFORM_TYPES (stacks/service-stack.ts)`,
    );
  }
}

function vaultVariables(login: VaultLogin, encodedCa: string | undefined): Record<string, WorkspaceEnvVariable> {
  const variables: Record<string, WorkspaceEnvVariable> = {
    TFC_VAULT_PROVIDER_AUTH: { value: 'true', description: 'Vault dynamic provider credentials (JWT auth with the run identity token)' },
    TFC_VAULT_ADDR: { value: login.address, description: 'Private Vault address (reached from the agents)' },
    TFC_VAULT_RUN_ROLE: { value: login.role, description: 'JWT auth role bound to this workspace' },
    TFC_VAULT_AUTH_PATH: { value: login.authPath, description: 'Mount path of the HCP Terraform JWT auth method' },
  };
  if (encodedCa !== undefined) {
    variables.TFC_VAULT_ENCODED_CACERT = { value: encodedCa, description: `Base64 of the Vault listener CA (output ${VAULT_CA_OUTPUT} of the vault-server stack)` };
  }
  return variables;
}

/** The platform stacks under `scope` (every stack with a workspace of its own; bootstrap stacks are not). */
export function platformStacksOf(scope: IConstruct): PlatformStack[] {
  return scope.node.findAll().filter((c): c is PlatformStack => c instanceof PlatformStack);
}

/**
 * Vault logins of the environment's stacks that use the Vault provider: the provider's address, and the JWT role of
 * an HcpTerraformJwtAuth of the environment that admits the stack's workspace (named after it, or the service stacks'
 * shared role: HcpTerraformJwtAuth.roleFor).
 */
export function vaultLoginsOf(stacks: readonly PlatformStack[]): VaultLogin[] {
  const auths = stacks.flatMap((stack) => stack.node.findAll().filter((c): c is HcpTerraformJwtAuth => c instanceof HcpTerraformJwtAuth));
  return stacks.flatMap((stack) =>
    stack.node
      .findAll()
      .filter((c): c is VaultProvider => c instanceof VaultProvider)
      .map((provider) => {
        const auth = auths.find((a) => a.roleFor(stack.workspaceName) !== undefined);
        const address = provider.address;
        if (auth === undefined || typeof address !== 'string' || Token.isUnresolved(address)) {
          throw new Error(
            `${stack.stackName}: uses the Vault provider but ${auth === undefined ? `no HCP Terraform JWT role admits the workspace ${stack.workspaceName}` : 'its address is not a literal'}; the bootstrap cannot give it Vault dynamic credentials`,
          );
        }
        return { stack: stack.stackName, address, authPath: auth.path, role: auth.roleFor(stack.workspaceName)! };
      }),
  );
}

/** The stacks that declare the Terraform variable `vault_ca_certificate_pem` (the bootstrap sets it on their workspaces). */
export function vaultCaPemStacksOf(stacks: readonly PlatformStack[]): string[] {
  return stacks.filter((stack) => stack.node.tryFindChild(VAULT_CA_PEM_VARIABLE) !== undefined).map((stack) => stack.stackName);
}

/**
 * Adds one `bootstrap-<env>` stack per environment to `app`, derived from the platform stacks already composed in it
 * (prepared first so that cross-stack references have produced dependencies and remote state blocks). Objects shared by
 * environments (a project, an account's OIDC provider, the CI teams) are created by the first environment that uses
 * them and looked up by the others: apply that environment's bootstrap first.
 */
export function composeBootstraps(app: App, environments: readonly EnvironmentConfig[], deployment: DeploymentSettings): BootstrapStack[] {
  const platform = platformStacksOf(app);
  prepareStacks(platform);
  const seen = { project: new Set<string>(), account: new Set<string>(), organization: new Set<string>() };
  const first = (set: Set<string>, key: string) => !set.has(key) && set.add(key) !== undefined;
  return environments.map((environment) => {
    const stacks = platform.filter((s) => s.environment.name === environment.name);
    const { organization, project } = hcpTerraformLocation(environment, deployment);
    const ownership: BootstrapOwnership = {
      project: first(seen.project, `${organization}/${project}`),
      oidcProvider: first(seen.account, deliveryAccountId(environment)),
      ciTeams: first(seen.organization, `${organization}/${environment.project}`),
    };
    const caStack = stacks.find((s) => s.node.tryFindChild(VAULT_CA_OUTPUT) !== undefined);
    return new BootstrapStack(app, {
      environment,
      deployment,
      graph: deriveStackGraph(describeStacks(stacks)),
      ownership,
      vault: { logins: vaultLoginsOf(stacks), ...(caStack ? { caWorkspace: caStack.workspaceName } : {}), caPemStacks: vaultCaPemStacksOf(stacks) },
    });
  });
}
