import { Testing } from 'cdktf';
import { type EnvironmentInput, validateEnvironments } from '../../environments/schema';
import { BOOTSTRAP_STACK_PREFIX, composeBootstraps } from '../../stacks/bootstrap-stack';
import { type EnvironmentStacks, composeApp } from '../../stacks/compose';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DataStack } from '../../stacks/data-stack';
import { NetworkStack } from '../../stacks/network-stack';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { VaultConfigStack, kubernetesEndpointOf, postgresEndpointOf } from '../../stacks/vault-config-stack';
import { runRoleName } from '../../stacks/platform-stack';
import { STACK_KINDS, isServiceStackKind, runRoleKeyOf } from '../../stacks/stack-kinds';
import { type TerraformJson, resourcesOf, sampleInput, synthStack } from '../helpers';
import { composeReal, platformStacks, remoteStateReads } from './delivery-fixtures';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** `${tfe_workspace.<name>.id}` (or the agent pool's id) -> the workspace name it refers to, in one bootstrap JSON. */
function workspaceNames(json: TerraformJson): (ref: string) => string {
  const byAddress = new Map(Object.entries(resourcesOf(json, 'tfe_workspace')).map(([name, ws]) => [`\${tfe_workspace.${name}.id}`, ws.name as string]));
  return (ref) => {
    const name = byAddress.get(ref);
    if (name === undefined) throw new Error(`no tfe_workspace for ${ref}`);
    return name;
  };
}

/** Variables of one category of each workspace: workspace name -> key -> value. */
function variables(json: TerraformJson, category: 'env' | 'terraform' = 'env'): Record<string, Record<string, string>> {
  const name = workspaceNames(json);
  const out: Record<string, Record<string, string>> = {};
  for (const v of Object.values(resourcesOf(json, 'tfe_variable'))) {
    expect(['env', 'terraform']).toContain(v.category);
    if (v.category === category) (out[name(v.workspace_id)] ??= {})[v.key] = v.value;
  }
  return out;
}

describe('BootstrapStack', () => {
  const { stacks } = composeReal();
  const byName = Object.fromEntries(stacks.map((s) => [s.network.environment.name, s])) as Record<(typeof ENVIRONMENTS)[number], EnvironmentStacks>;
  const json = {} as Record<(typeof ENVIRONMENTS)[number], TerraformJson>;
  beforeAll(() => {
    for (const name of ENVIRONMENTS) json[name] = synthStack(byName[name].bootstrap);
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (name) => {
    expect(json[name]).toMatchSnapshot();
  });

  describe.each(ENVIRONMENTS)('%s', (name) => {
    it('is bootstrap-<env>, keeps its state in its own workspace and runs with the organization owner token from the environment', () => {
      const bootstrap = json[name];
      expect(byName[name].bootstrap.stackName).toBe(`${BOOTSTRAP_STACK_PREFIX}${name}`);
      expect(bootstrap.terraform.cloud).toEqual({ organization: 'acme-platform', workspaces: { name: `vaultplat-bootstrap-${name}`, project: 'vault-platform' } });
      expect(bootstrap.provider.tfe).toEqual([{ organization: 'acme-platform' }]);
      const self = Object.entries(resourcesOf(bootstrap, 'tfe_workspace')).find(([, ws]) => ws.name === `vaultplat-bootstrap-${name}`)!;
      const settings = Object.values(resourcesOf(bootstrap, 'tfe_workspace_settings')).find((s) => s.workspace_id === `\${tfe_workspace.${self[0]}.id}`);
      expect(settings).toEqual(expect.objectContaining({ execution_mode: 'local', global_remote_state: false, remote_state_consumer_ids: [], assessments_enabled: false, auto_apply: false }));
    });

    it('creates exactly one workspace per platform stack of the environment (plus its own), named as the stack backends expect', () => {
      const expected = platformStacks(byName[name]).map((s) => synthStack(s).terraform.cloud.workspaces.name as string);
      const created = Object.values(resourcesOf(json[name], 'tfe_workspace')).map((w) => w.name as string);
      expect(created.sort()).toEqual([...expected, `vaultplat-bootstrap-${name}`].sort());
      for (const ws of Object.values(resourcesOf(json[name], 'tfe_workspace'))) {
        expect(ws).toEqual(expect.objectContaining({ organization: 'acme-platform', speculative_enabled: true, queue_all_runs: false, auto_apply_run_trigger: false, force_delete: false, terraform_version: '1.13.5' }));
      }
    });

    it('sets every platform workspace to auto-apply off, assessments on and state shared with no one globally', () => {
      const settings = Object.values(resourcesOf(json[name], 'tfe_workspace_settings')).filter((s) => s.execution_mode !== 'local');
      expect(settings).toHaveLength(platformStacks(byName[name]).length);
      for (const s of settings) expect(s).toEqual(expect.objectContaining({ auto_apply: false, assessments_enabled: true, global_remote_state: false }));
    });

    it('adds a run trigger for exactly every stack dependency edge', () => {
      const names = workspaceNames(json[name]);
      const triggers = Object.values(resourcesOf(json[name], 'tfe_run_trigger')).map((t) => `${names(t.sourceable_id)} -> ${names(t.workspace_id)}`);
      const edges = platformStacks(byName[name]).flatMap((s) => s.dependencies.map((d) => `vaultplat-${d.node.id.replace(new RegExp(`-${name}$`), '')}-${name} -> ${s.workspaceName}`));
      expect(triggers.sort()).toEqual(edges.sort());
      expect(triggers.length).toBeGreaterThan(5);
    });

    it('shares each workspace state with exactly the workspaces whose configuration reads it', () => {
      const names = workspaceNames(json[name]);
      const shared = new Map<string, string[]>();
      for (const s of Object.values(resourcesOf(json[name], 'tfe_workspace_settings'))) {
        shared.set(names(s.workspace_id), (s.remote_state_consumer_ids as string[]).map(names).sort());
      }
      const readers = new Map<string, string[]>();
      for (const stack of platformStacks(byName[name])) {
        readers.set(stack.workspaceName, readers.get(stack.workspaceName) ?? []);
        for (const producer of remoteStateReads(synthStack(stack))) readers.set(producer, [...(readers.get(producer) ?? []), stack.workspaceName]);
      }
      for (const [producer, consumers] of readers) expect([producer, shared.get(producer)]).toEqual([producer, consumers.sort()]);
      expect(shared.get(`vaultplat-bootstrap-${name}`)).toEqual([]);
    });

    it('gives each platform workspace a plan role and an apply role whose trust names exactly that workspace and run phase, and the service workspaces one shared pair', () => {
      const vars = variables(json[name]);
      const roles = Object.values(resourcesOf(json[name], 'aws_iam_role'));
      const platform = platformStacks(byName[name]).filter((stack) => !isServiceStackKind(stack.kind));
      expect(platformStacks(byName[name]).length - platform.length).toBe(3);
      expect(roles).toHaveLength((platform.length + 1) * 2);
      for (const stack of platformStacks(byName[name])) {
        for (const phase of ['plan', 'apply'] as const) {
          const roleName = runRoleName(stack.environment, runRoleKeyOf(stack.kind), phase);
          const role = roles.find((r) => r.name === roleName)!;
          const trust = JSON.parse(role.assume_role_policy);
          expect(trust.Statement).toHaveLength(1);
          expect(trust.Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
          if (isServiceStackKind(stack.kind)) {
            expect(roleName).toBe(`vaultplat-${name}-tfc-services-${phase}`);
            expect(trust.Statement[0].Condition).toEqual({
              StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
              StringLike: { 'app.terraform.io:sub': `organization:acme-platform:project:vault-platform:workspace:vaultplat-services-*-${name}:run_phase:${phase}` },
            });
          } else {
            expect(trust.Statement[0].Condition).toEqual({
              StringEquals: {
                'app.terraform.io:aud': 'aws.workload.identity',
                'app.terraform.io:sub': `organization:acme-platform:project:vault-platform:workspace:${stack.workspaceName}:run_phase:${phase}`,
              },
            });
          }
          expect(role.permissions_boundary).toMatch(/^\$\{aws_iam_policy\.boundaries_run-boundary_[0-9A-F]{8}\.arn\}$/);
          const roleRef = Object.entries(resourcesOf(json[name], 'aws_iam_role')).find(([, r]) => r.name === roleName)![0];
          expect(vars[stack.workspaceName][`TFC_AWS_${phase.toUpperCase()}_ROLE_ARN`]).toBe(`\${aws_iam_role.${roleRef}.arn}`);
        }
        expect(vars[stack.workspaceName].TFC_AWS_PROVIDER_AUTH).toBe('true');
      }
    });

    it('runs the Vault, Kubernetes and Helm stacks on the environment agent pool, and only those', () => {
      const names = workspaceNames(json[name]);
      const pool = Object.values(resourcesOf(json[name], 'tfe_agent_pool'));
      expect(pool).toEqual([expect.objectContaining({ name: `vaultplat-${name}-agents`, organization_scoped: false })]);
      const allowed = Object.values(resourcesOf(json[name], 'tfe_agent_pool_allowed_workspaces'))[0].allowed_workspace_ids.map(names);
      const agentModes = Object.values(resourcesOf(json[name], 'tfe_workspace_settings')).filter((s) => s.execution_mode === 'agent');
      expect(agentModes.map((s) => names(s.workspace_id)).sort()).toEqual(allowed.sort());
      const privateStacks = platformStacks(byName[name]).filter((s) => Object.keys(synthStack(s).provider).some((p) => ['vault', 'kubernetes', 'helm'].includes(p)));
      expect(allowed.sort()).toEqual(privateStacks.map((s) => s.workspaceName).sort());
      for (const s of agentModes) expect(s.agent_pool_id).toMatch(/^\$\{tfe_agent_pool_allowed_workspaces\..*\.agent_pool_id\}$/);
    });

    it('writes the agent token only to a KMS-encrypted secret, never to an output or variable', () => {
      const token = Object.keys(resourcesOf(json[name], 'tfe_agent_token'))[0];
      const version = Object.values(resourcesOf(json[name], 'aws_secretsmanager_secret_version'))[0];
      expect(version.secret_string).toBe(`\${tfe_agent_token.${token}.token}`);
      const secret = Object.values(resourcesOf(json[name], 'aws_secretsmanager_secret'))[0];
      expect(secret).toEqual(expect.objectContaining({ name: `vaultplat-${name}-tfc-agent-token`, kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) }));
      const text = JSON.stringify({ output: json[name].output, variable: resourcesOf(json[name], 'tfe_variable') });
      expect(text).not.toContain('tfe_agent_token');
    });

    it('lets the approvers confirm runs and the CI teams only queue plans, on every platform workspace', () => {
      const names = workspaceNames(json[name]);
      const access = Object.values(resourcesOf(json[name], 'tfe_team_access'));
      const approvers = access.filter((a) => a.team_id.startsWith('${tfe_team.team-approvers'));
      expect(approvers.map((a) => names(a.workspace_id)).sort()).toEqual(platformStacks(byName[name]).map((s) => s.workspaceName).sort());
      for (const a of approvers) expect(a.permissions).toEqual([{ runs: 'apply', variables: 'read', state_versions: 'read-outputs', sentinel_mocks: 'none', workspace_locking: true, run_tasks: false }]);
      const ci = access.filter((a) => !a.team_id.startsWith('${tfe_team.team-approvers'));
      expect(ci).toHaveLength(approvers.length * 2);
      for (const a of ci) expect(a.permissions).toEqual([{ runs: 'plan', variables: 'none', state_versions: 'none', sentinel_mocks: 'none', workspace_locking: false, run_tasks: false }]);
    });
  });

  it('creates the shared project and CI teams once (dev) and looks them up elsewhere; each account gets its own OIDC provider', () => {
    expect(Object.keys(resourcesOf(json.dev, 'tfe_project'))).toHaveLength(1);
    expect(json.staging.data.tfe_project).toBeDefined();
    expect(resourcesOf(json.staging, 'tfe_project')).toEqual({});
    expect(Object.keys(resourcesOf(json.dev, 'tfe_team'))).toHaveLength(3);
    expect(Object.keys(resourcesOf(json.prod, 'tfe_team'))).toHaveLength(1);
    expect(Object.keys(json.prod.data.tfe_team)).toHaveLength(2);
    for (const name of ENVIRONMENTS) {
      expect(Object.values(resourcesOf(json[name], 'aws_iam_openid_connect_provider'))).toEqual([
        expect.objectContaining({ url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'] }),
      ]);
    }
  });

  it('looks up the OIDC provider of an account shared with an earlier environment instead of creating it twice', () => {
    // staging moved into dev's account: every account reference of staging follows.
    const shared = JSON.parse(JSON.stringify(sampleInput('staging')).replaceAll('222222222222', '111111111111')) as EnvironmentInput;
    const { stacks: composed } = composeReal([sampleInput('dev'), shared]);
    const staging = synthStack(composed[1].bootstrap);
    expect(resourcesOf(staging, 'aws_iam_openid_connect_provider')).toEqual({});
    expect(Object.values(staging.data.aws_iam_openid_connect_provider)).toEqual([{ url: 'https://app.terraform.io' }]);
  });

  describe('Vault dynamic credentials', () => {
    const withVault = (): EnvironmentInput => {
      const input = sampleInput('dev');
      (input as { delivery?: unknown }).delivery = { vaultDynamicCredentials: true };
      return input;
    };

    it('gives no TFC_VAULT_* variable while delivery.vaultDynamicCredentials is off', () => {
      const keys = Object.values(resourcesOf(json.dev, 'tfe_variable')).map((v) => v.key as string);
      expect(keys.filter((k) => k.startsWith('TFC_VAULT_'))).toEqual([]);
    });

    it('fails clearly when it is on but no stack publishes the Vault CA', () => {
      // vault-config (a Vault-provider workspace) without the vault-server stack that outputs the CA.
      const app = Testing.app();
      const environments = validateEnvironments([withVault()], STACK_KINDS);
      const props = { environment: environments[0], deployment: { state: 'cloud' as const } };
      const network = new NetworkStack(app, props);
      const vaultAccess = new VaultAccessStack(app, { ...props, network });
      const tooling = new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess });
      const application = new ClusterStack(app, { ...props, role: 'application', network, vaultAccess });
      const data = new DataStack(app, { ...props, network, applicationNodeSecurityGroupId: application.nodeSecurityGroupId });
      new VaultConfigStack(app, {
        ...props,
        vaultAddress: vaultAccess.vaultAddress,
        clusters: { tooling: kubernetesEndpointOf(tooling), application: kubernetesEndpointOf(application) },
        database: postgresEndpointOf(data),
      });
      expect(() => composeBootstraps(app, environments, props.deployment)).toThrow(
        'bootstrap-dev: delivery.vaultDynamicCredentials is true but no stack of dev outputs "vault-ca-certificate-pem" (the vault-server stack); apply it first, or keep the setting false',
      );
    });

    it('sets the TFC_VAULT_* variables of the Vault-provider workspaces, the CA read from the publishing stack', () => {
      const built = composeWithCaOutput(withVault());
      const vars = variables(built);
      const services = ['vaultplat-services-commerce-dev', 'vaultplat-services-observability-dev', 'vaultplat-services-payments-dev'];
      expect(vars['vaultplat-vault-config-dev']).toEqual(
        expect.objectContaining({
          TFC_VAULT_PROVIDER_AUTH: 'true',
          TFC_VAULT_ADDR: 'https://vault.dev.vault.internal:8200',
          TFC_VAULT_RUN_ROLE: 'vaultplat-vault-config-dev',
          TFC_VAULT_AUTH_PATH: 'jwt-hcp-terraform',
          TFC_VAULT_ENCODED_CACERT: expect.stringMatching(/^\$\{base64encode\(data\.tfe_outputs\.vault-server-outputs\.nonsensitive_values\["vault-ca-certificate-pem"\]\)\}$/),
        }),
      );
      // Every service stack logs in with the shared role of the service workspaces, and gets the CA's PEM as a variable.
      for (const ws of services) {
        expect([ws, vars[ws]]).toEqual([ws, expect.objectContaining({ TFC_VAULT_RUN_ROLE: 'vaultplat-services-dev', TFC_VAULT_AUTH_PATH: 'jwt-hcp-terraform', TFC_VAULT_ADDR: 'https://vault.dev.vault.internal:8200' })]);
        expect([ws, variables(built, 'terraform')[ws]]).toEqual([
          ws,
          { vault_ca_certificate_pem: expect.stringMatching(/^\$\{data\.tfe_outputs\.vault-server-outputs\.nonsensitive_values\["vault-ca-certificate-pem"\]\}$/) },
        ]);
      }
      expect(Object.values(built.data.tfe_outputs)).toEqual([{ organization: 'acme-platform', workspace: 'vaultplat-vault-server-dev' }]);
      const others = Object.entries(vars).filter(([ws]) => ws !== 'vaultplat-vault-config-dev' && !services.includes(ws));
      for (const [, v] of others) expect(Object.keys(v).filter((k) => k.startsWith('TFC_VAULT_'))).toEqual([]);
    });
  });
});

/** Composes dev (vault-server publishes the CA as output `vault-ca-certificate-pem`) and synthesizes its bootstrap. */
function composeWithCaOutput(input: EnvironmentInput): TerraformJson {
  const app = Testing.app();
  const [environment] = validateEnvironments([input], STACK_KINDS);
  const [stacks] = composeApp(app, [environment], { state: 'cloud' });
  return synthStack(stacks.bootstrap);
}
