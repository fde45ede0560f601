import { Testing } from 'cdktf';
import { dev } from '../../environments/dev';
import { validateEnvironments } from '../../environments/schema';
import { ClusterStack } from '../../stacks/cluster-stack';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { type StackNode, deriveStackGraph, describeStacks, prepareStacks, requirePrivateNetwork } from '../../stacks/stack-graph';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type TerraformJson, synthStack } from '../helpers';
import { composeReal, platformStacks, remoteStateReads } from './delivery-fixtures';

function node(stack: string, overrides: Partial<StackNode> = {}): StackNode {
  return {
    stack,
    environment: 'dev',
    kind: stack.replace(/-dev$/, ''),
    organization: 'acme',
    project: 'p',
    workspace: `x-${stack}`,
    dependsOn: [],
    readsStateOf: [],
    providers: ['aws'],
    resourceTypes: [],
    dataSourceTypes: [],
    awsRegions: ['eu-west-1'],
    iamRoleNames: [],
    privateNetworkReasons: [],
    ...overrides,
  };
}

describe('deriveStackGraph', () => {
  it('orders producers first, turns dependencies into run triggers and shares state only with readers', () => {
    const graph = deriveStackGraph([
      node('config-dev', { dependsOn: ['cluster-dev', 'network-dev'], readsStateOf: ['cluster-dev'], providers: ['aws', 'vault'] }),
      node('cluster-dev', { dependsOn: ['network-dev'], readsStateOf: ['network-dev'] }),
      node('network-dev'),
      node('addons-dev', { dependsOn: ['cluster-dev'], readsStateOf: ['cluster-dev'], providers: ['aws', 'helm', 'kubernetes'] }),
    ]);
    expect(graph.nodes.map((n) => n.stack)).toEqual(['network-dev', 'cluster-dev', 'config-dev', 'addons-dev']);
    expect(graph.runTriggers).toEqual([
      { source: 'network-dev', target: 'cluster-dev' },
      { source: 'cluster-dev', target: 'config-dev' },
      { source: 'network-dev', target: 'config-dev' },
      { source: 'cluster-dev', target: 'addons-dev' },
    ]);
    expect(Object.fromEntries(graph.remoteStateConsumers)).toEqual({
      'network-dev': ['cluster-dev'],
      'cluster-dev': ['config-dev', 'addons-dev'],
      'config-dev': [],
      'addons-dev': [],
    });
    expect(Object.fromEntries(graph.executionModes)).toEqual({ 'network-dev': 'remote', 'cluster-dev': 'remote', 'config-dev': 'agent', 'addons-dev': 'agent' });
    expect(graph.agentReasons.get('addons-dev')).toEqual(['uses the helm provider', 'uses the kubernetes provider']);
  });

  it('runs a stack on the agents for a written reason beyond its providers', () => {
    const graph = deriveStackGraph([node('probe-dev', { privateNetworkReasons: ['reads a private HTTP endpoint at plan time'] })]);
    expect(graph.executionModes.get('probe-dev')).toBe('agent');
    expect(graph.agentReasons.get('probe-dev')).toEqual(['reads a private HTTP endpoint at plan time']);
  });

  it('fails on unknown dependencies, state reads without a dependency and shared workspaces, all at once', () => {
    expect(() =>
      deriveStackGraph([
        node('a-dev', { dependsOn: ['ghost-dev'] }),
        node('b-dev', { readsStateOf: ['a-dev'] }),
        node('c-dev', { workspace: 'x-a-dev' }),
      ]),
    ).toThrow(
      [
        'Invalid delivery graph:',
        '  - c-dev: workspace acme/x-a-dev is used by another stack too',
        '  - a-dev: depends on ghost-dev, which is not in the delivery graph',
        '  - b-dev: reads the state of a-dev without depending on it; add the dependency so runs are ordered',
      ].join('\n'),
    );
  });

  it('fails on a dependency cycle, naming the stacks in it', () => {
    expect(() => deriveStackGraph([node('a-dev', { dependsOn: ['b-dev'] }), node('b-dev', { dependsOn: ['a-dev'] }), node('c-dev')])).toThrow(
      'Invalid delivery graph: dependency cycle among a-dev, b-dev',
    );
  });
});

describe('requirePrivateNetwork', () => {
  it('records the reason on the stack for describeStacks, and rejects an empty one', () => {
    const [environment] = validateEnvironments([dev], STACK_KINDS);
    const network = new NetworkStack(Testing.app(), { environment, deployment: { state: 'cloud' } });
    requirePrivateNetwork(network, 'probes the private Vault health endpoint');
    expect(describeStacks([network])[0].privateNetworkReasons).toEqual(['probes the private Vault health endpoint']);
    expect(() => requirePrivateNetwork(network, 'why')).toThrow('network-dev: requirePrivateNetwork needs a written reason of at least 10 characters, got "why"');
  });
});

describe('prepareStacks', () => {
  it('is idempotent and changes nothing cdktf would not synthesize anyway', () => {
    const [environment] = validateEnvironments([dev], STACK_KINDS);
    const build = () => {
      const app = Testing.app();
      const props = { environment, deployment: { state: 'cloud' as const } };
      const network = new NetworkStack(app, props);
      const vaultAccess = new VaultAccessStack(app, { ...props, network });
      const tooling = new ClusterStack(app, { ...props, role: 'tooling', network, vaultAccess });
      return [network, vaultAccess, tooling];
    };
    const plain = build();
    const prepared = build();
    prepareStacks(prepared);
    prepareStacks(prepared);
    const synth = (stacks: typeof plain) => {
      prepareStacks(stacks); // what App.synth does first
      return stacks.map((s) => synthStack(s));
    };
    expect(synth(prepared)).toEqual(synth(plain));
    expect(prepared[2].dependencies.map((d) => d.node.id).sort()).toEqual(['network-dev', 'vault-access-dev']);
  });
});

describe('the delivery graph of the real app', () => {
  const { stacks } = composeReal();
  const environments = stacks.map((env) => ({ env, platform: platformStacks(env) }));

  it.each(environments.map((e) => [e.env.network.environment.name, e]))('%s: one node per platform stack, its dependencies and the state blocks it synthesizes', (_name, { platform }) => {
    const nodes = describeStacks(platform);
    const graph = deriveStackGraph(nodes);
    expect(graph.nodes.map((n) => n.stack).sort()).toEqual(platform.map((s) => s.stackName).sort());
    for (const stack of platform) {
      const described = graph.node(stack.stackName);
      expect(described.dependsOn).toEqual(stack.dependencies.map((d) => d.node.id).sort());
      const json: TerraformJson = synthStack(stack);
      const byWorkspace = new Map(platform.map((s) => [s.workspaceName, s.stackName]));
      expect(described.readsStateOf).toEqual(remoteStateReads(json).map((w) => byWorkspace.get(w)).sort());
      expect(described.workspace).toBe(json.terraform.cloud.workspaces.name);
      expect(described.providers).toEqual(Object.keys(json.provider).sort());
    }
    // Every stack but the ones talking to private endpoints runs HCP-hosted.
    const agentStacks = graph.nodes.filter((n) => graph.executionModes.get(n.stack) === 'agent').map((n) => n.kind);
    expect(agentStacks).toEqual(graph.nodes.filter((n) => n.providers.some((p) => ['kubernetes', 'helm', 'vault'].includes(p))).map((n) => n.kind));
    expect(agentStacks).toContain('vault-config');
  });
});
