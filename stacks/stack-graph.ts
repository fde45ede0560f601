import {
  TerraformBackend,
  TerraformDataSource,
  TerraformProvider,
  TerraformRemoteState,
  TerraformResource,
  type TerraformStack,
  Token,
} from 'cdktf';
import { type IConstruct } from 'constructs';

/**
 * The delivery graph of the composed app: which HCP Terraform workspaces exist, how runs trigger each other, who may
 * read whose state and where each workspace runs. Everything here is derived from the synthesized stacks, never from a
 * hand-kept list, so a new stack brings its workspace, run triggers, state sharing and execution mode with it.
 *
 * Two steps:
 * - {@link describeStack} reads one composed cdktf stack (after {@link prepareStacks}) into a plain {@link StackNode};
 * - {@link deriveStackGraph} is a pure function of those nodes (tested on hand-made nodes and on the real app).
 */

/** Providers whose API is only reachable inside the VPCs: a stack that uses one runs on the HCP Terraform agents. */
export const PRIVATE_ENDPOINT_PROVIDERS: readonly string[] = ['kubernetes', 'helm', 'vault'];

export type ExecutionMode = 'remote' | 'agent';

/** One stack as the delivery graph sees it. */
export interface StackNode {
  /** Stack name, `<kind>-<env>`. */
  readonly stack: string;
  readonly environment: string;
  readonly kind: string;
  readonly organization: string;
  readonly project: string;
  readonly workspace: string;
  /** Stacks this one depends on (cdktf `TerraformStack.dependencies`: cross-stack references and explicit ones). */
  readonly dependsOn: readonly string[];
  /** Stacks whose state this one reads (its `data.terraform_remote_state` blocks), resolved to stack names. */
  readonly readsStateOf: readonly string[];
  /** Provider types the stack configures (`aws`, `kubernetes`, ...). */
  readonly providers: readonly string[];
  /** Managed resource types (`aws_vpc`, ...). */
  readonly resourceTypes: readonly string[];
  /** Data source types (`aws_availability_zones`, ...), without `terraform_remote_state`. */
  readonly dataSourceTypes: readonly string[];
  /** Regions of the stack's AWS providers. */
  readonly awsRegions: readonly string[];
  /** Names of the IAM roles the stack creates (literal names only). */
  readonly iamRoleNames: readonly string[];
  /** Why the stack needs private network reach beyond its providers (see {@link requirePrivateNetwork}). */
  readonly privateNetworkReasons: readonly string[];
}

export interface RunTrigger {
  /** The producer: an applied run here queues a run of `target`. */
  readonly source: string;
  readonly target: string;
}

/** The derived delivery graph of a set of stacks. */
export interface StackGraph {
  /** Every node, in deploy order (producers before consumers; ties keep the input order). */
  readonly nodes: readonly StackNode[];
  /** Stack dependency edges as run triggers, stack names (source = producer). */
  readonly runTriggers: readonly RunTrigger[];
  /** Producer stack -> the stacks that read its state; a stack nobody reads shares its state with nobody. */
  readonly remoteStateConsumers: ReadonlyMap<string, readonly string[]>;
  /** Stack -> where its runs execute. */
  readonly executionModes: ReadonlyMap<string, ExecutionMode>;
  /** Stack -> why it runs on an agent (the providers or explicit reasons); empty for HCP-hosted stacks. */
  readonly agentReasons: ReadonlyMap<string, readonly string[]>;
  node(stack: string): StackNode;
}

const PRIVATE_NETWORK = 'vault-platform/private-network';

/**
 * Marks a stack as needing private network reach (an agent run) for a reason its providers do not show, e.g. a data
 * source that calls a private endpoint. The reason is shown in docs and the bootstrap's workspace description.
 */
export function requirePrivateNetwork(stack: TerraformStack, reason: string): void {
  if (reason.trim().length < 10) throw new Error(`${stack.node.path}: requirePrivateNetwork needs a written reason of at least 10 characters, got "${reason}"`);
  stack.node.addMetadata(PRIVATE_NETWORK, reason.trim());
}

/**
 * Runs cdktf's preparation of every stack under `scope` (as `App.synth` does first): it resolves cross-stack references,
 * which adds the producers' outputs, the consumers' `terraform_remote_state` blocks and `TerraformStack.dependencies`.
 * Idempotent (every step is cached by cdktf), so `App.synth` preparing the stacks again changes nothing.
 */
export function prepareStacks(stacks: readonly TerraformStack[]): void {
  for (const stack of stacks) stack.prepareStack();
}

/** Where a stack's state lives, as its backend and the readers of its state spell it. */
function stateAddress(backend: string, config: Record<string, unknown>): string | undefined {
  if (backend === 'local' && typeof config.path === 'string') return `local:${config.path}`;
  if (backend === 'remote' || backend === 'cloud') {
    const workspaces = config.workspaces as { name?: unknown } | undefined;
    if (typeof config.organization === 'string' && typeof workspaces?.name === 'string') return `hcp:${config.organization}/${workspaces.name}`;
  }
  return undefined;
}

/** The state address of `stack`, from its backend block. */
function ownStateAddress(stack: TerraformStack): string | undefined {
  const backend = stack.node.findAll().find((c): c is TerraformBackend => TerraformBackend.isBackend(c));
  if (!backend) return undefined;
  const terraform = (backend.toTerraform() as { terraform?: { cloud?: Record<string, unknown>; backend?: Record<string, Record<string, unknown>> } }).terraform;
  if (terraform?.cloud) return stateAddress('cloud', terraform.cloud);
  const [[type, config]] = Object.entries(terraform?.backend ?? { none: {} });
  return stateAddress(type, config);
}

/** The state addresses `stack` reads through `terraform_remote_state`. */
function readStateAddresses(stack: TerraformStack): string[] {
  const addresses: string[] = [];
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof TerraformRemoteState)) continue;
    const data = (construct.toTerraform() as { data: { terraform_remote_state: Record<string, { backend: string; config?: Record<string, unknown> }> } }).data;
    for (const block of Object.values(data.terraform_remote_state)) {
      const address = stateAddress(block.backend, block.config ?? {});
      if (address === undefined) throw new Error(`${construct.node.path}: cannot tell which state this terraform_remote_state reads (backend "${block.backend}")`);
      addresses.push(address);
    }
  }
  return addresses;
}

/** What {@link describeStack} needs to know of a platform stack beyond cdktf. */
export interface DescribableStack extends TerraformStack {
  readonly stackName: string;
  readonly kind: string;
  readonly environment: { readonly name: string };
  readonly hcpTerraform: { readonly organization: string; readonly project: string; readonly workspace: string };
}

/**
 * Reads composed stacks into {@link StackNode}s. Call {@link prepareStacks} on every stack of the app first, so that
 * cross-stack references have produced their dependencies and remote state blocks.
 */
export function describeStacks(stacks: readonly DescribableStack[]): StackNode[] {
  const byAddress = new Map<string, string>();
  for (const stack of stacks) {
    const address = ownStateAddress(stack);
    if (address) byAddress.set(address, stack.stackName);
  }
  return stacks.map((stack) => describeStack(stack, byAddress));
}

function describeStack(stack: DescribableStack, stacksByStateAddress: ReadonlyMap<string, string>): StackNode {
  const constructs: IConstruct[] = stack.node.findAll();
  const unique = (values: string[]) => [...new Set(values)].sort();
  const providers: string[] = [];
  const resourceTypes: string[] = [];
  const dataSourceTypes: string[] = [];
  const regions: string[] = [];
  const roleNames: string[] = [];
  for (const c of constructs) {
    if (TerraformProvider.isTerraformProvider(c)) {
      providers.push(c.terraformResourceType);
      const region = (c as unknown as { region?: unknown }).region;
      if (c.terraformResourceType === 'aws' && typeof region === 'string') regions.push(region);
    } else if (TerraformResource.isTerraformResource(c)) {
      resourceTypes.push(c.terraformResourceType);
      const name = (c as unknown as { nameInput?: unknown }).nameInput;
      if (c.terraformResourceType === 'aws_iam_role' && typeof name === 'string' && !Token.isUnresolved(name)) roleNames.push(name);
    } else if (TerraformDataSource.isTerraformDataSource(c) && c.terraformResourceType !== 'terraform_remote_state') {
      dataSourceTypes.push(c.terraformResourceType);
    }
  }
  const readsStateOf = readStateAddresses(stack).map((address) => {
    const producer = stacksByStateAddress.get(address);
    if (producer === undefined) throw new Error(`${stack.stackName}: reads the state at ${address}, which is no stack of this app; the delivery graph cannot share it`);
    return producer;
  });
  return {
    stack: stack.stackName,
    environment: stack.environment.name,
    kind: stack.kind,
    organization: stack.hcpTerraform.organization,
    project: stack.hcpTerraform.project,
    workspace: stack.hcpTerraform.workspace,
    dependsOn: unique(stack.dependencies.map((d) => d.node.id)),
    readsStateOf: unique(readsStateOf),
    providers: unique(providers),
    resourceTypes: unique(resourceTypes),
    dataSourceTypes: unique(dataSourceTypes),
    awsRegions: unique(regions),
    iamRoleNames: unique(roleNames),
    privateNetworkReasons: stack.node.metadata.filter((m) => m.type === PRIVATE_NETWORK).map((m) => String(m.data)),
  };
}

/**
 * Derives the delivery graph of `nodes` (pure). Throws one error listing every problem: a dependency or state read of
 * a stack outside the set, a duplicate stack or workspace, a dependency cycle.
 */
export function deriveStackGraph(nodes: readonly StackNode[]): StackGraph {
  const problems: string[] = [];
  const byName = new Map<string, StackNode>();
  const workspaces = new Set<string>();
  for (const node of nodes) {
    if (byName.has(node.stack)) problems.push(`${node.stack}: the stack appears twice`);
    const key = `${node.organization}/${node.workspace}`;
    if (workspaces.has(key)) problems.push(`${node.stack}: workspace ${key} is used by another stack too`);
    byName.set(node.stack, node);
    workspaces.add(key);
  }
  for (const node of nodes) {
    for (const dep of node.dependsOn) if (!byName.has(dep)) problems.push(`${node.stack}: depends on ${dep}, which is not in the delivery graph`);
    for (const producer of node.readsStateOf) {
      if (!byName.has(producer)) problems.push(`${node.stack}: reads the state of ${producer}, which is not in the delivery graph`);
      else if (!node.dependsOn.includes(producer)) problems.push(`${node.stack}: reads the state of ${producer} without depending on it; add the dependency so runs are ordered`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid delivery graph:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const ordered = topologicalOrder(nodes, byName);
  const runTriggers = ordered.flatMap((node) => node.dependsOn.map((source) => ({ source, target: node.stack })));
  const consumers = new Map<string, string[]>(ordered.map((n) => [n.stack, []]));
  for (const node of ordered) for (const producer of node.readsStateOf) consumers.get(producer)?.push(node.stack);
  const agentReasons = new Map<string, string[]>(
    ordered.map((node) => [
      node.stack,
      [...node.providers.filter((p) => PRIVATE_ENDPOINT_PROVIDERS.includes(p)).map((p) => `uses the ${p} provider`), ...node.privateNetworkReasons],
    ]),
  );
  const executionModes = new Map<string, ExecutionMode>(ordered.map((node) => [node.stack, (agentReasons.get(node.stack) ?? []).length > 0 ? 'agent' : 'remote']));
  return {
    nodes: ordered,
    runTriggers,
    remoteStateConsumers: consumers,
    executionModes,
    agentReasons,
    node(stack) {
      const found = byName.get(stack);
      if (!found) throw new Error(`no stack ${stack} in the delivery graph`);
      return found;
    },
  };
}

/** Producers before consumers; among ready stacks the input order wins. Throws on a cycle, naming it. */
function topologicalOrder(nodes: readonly StackNode[], byName: ReadonlyMap<string, StackNode>): StackNode[] {
  const done = new Set<string>();
  const ordered: StackNode[] = [];
  while (ordered.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.stack) && n.dependsOn.every((d) => done.has(d)));
    if (!next) {
      const cycle = nodes.filter((n) => !done.has(n.stack)).map((n) => n.stack);
      throw new Error(`Invalid delivery graph: dependency cycle among ${cycle.join(', ')}`);
    }
    done.add(next.stack);
    ordered.push(byName.get(next.stack) ?? next);
  }
  return ordered;
}
