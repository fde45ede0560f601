import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_SECRET_CONTRACT, type SecretAttribute, type TypeContract } from './state-secret-contract';

/**
 * Which workspace reads which other workspace's state, and which states hold secrets, computed from the synthesized
 * Terraform JSON of every stack (docs/state-sharing.md).
 *
 * Why it matters: a consumer reads a producer's outputs through `terraform_remote_state`, but HCP Terraform's remote
 * state sharing gives the consumer's runs the producer's *whole* state ("although terraform_remote_state only exposes
 * output values, its user must have access to the entire state snapshot", Terraform docs, The terraform_remote_state
 * Data Source). And the consumer's own state then holds every output of the producer (the data source's `outputs`).
 * So a workspace that another reads must hold no secret at all, and a workspace that reads a producer with secret
 * outputs holds them too.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = Record<string, any>;

/** One synthesized stack: its name and its `cdk.tf.json`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
  /** cdktf stack dependencies (`manifest.json`), when known. */
  readonly dependencies?: readonly string[];
}

/** A `terraform_remote_state` (or `tfe_outputs`) data source: who reads whose state. */
export interface RemoteStateRead {
  readonly consumer: string;
  /** Terraform address of the data source, `data.terraform_remote_state.<name>`. */
  readonly address: string;
  /** The workspace name or local state path it reads. */
  readonly target: string;
  /** The stack of the app whose state that is; undefined when no stack of the app writes it. */
  readonly producer?: string;
}

/** A secret in a stack's state. */
export interface StateSecret {
  readonly stack: string;
  /** Terraform address: `tls_private_key.<name>`, `data.<type>.<name>`, `output.<id>`. */
  readonly address: string;
  /** Attribute path holding the secret, when one attribute does. */
  readonly attribute?: string;
  /** Why it is a secret. */
  readonly reason: string;
}

/** A resource or data source type `STATE_SECRET_CONTRACT` does not list: the check cannot tell what its state holds. */
export interface UnclassifiedType {
  readonly stack: string;
  /** `resource.<type>` or `data.<type>` */
  readonly key: string;
  readonly address: string;
}

export interface StateSharingReport {
  readonly stacks: readonly string[];
  readonly reads: readonly RemoteStateRead[];
  /** Producer stack -> the stacks that read its state, sorted. Stacks nobody reads are absent. */
  readonly consumersOf: ReadonlyMap<string, readonly string[]>;
  /** Stack -> the secrets its state holds (empty when none). */
  readonly secrets: ReadonlyMap<string, readonly StateSecret[]>;
  readonly unclassified: readonly UnclassifiedType[];
  /** One message per problem: a read state that holds secrets or unknown types, a read of a state the app does not write. */
  readonly problems: readonly string[];
}

const REMOTE_STATE = 'terraform_remote_state';
const CROSS_STACK_OUTPUT = 'cross-stack-output-';

/** Reads `manifest.json` and every `cdk.tf.json` of a synthesized app directory (`cdktf.out`). */
export function readSynthesizedApp(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { name: string; synthesizedStackPath: string; dependencies?: string[] }>;
  };
  return Object.values(manifest.stacks)
    .map((stack) => ({
      name: stack.name,
      json: JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8')) as TerraformJson,
      dependencies: [...(stack.dependencies ?? [])].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The state a stack writes: its HCP Terraform workspace, or its local state file. */
export function stateLocationOf(json: TerraformJson): string | undefined {
  const terraform = json.terraform ?? {};
  const workspace = terraform.cloud?.workspaces?.name ?? terraform.backend?.remote?.workspaces?.name;
  if (typeof workspace === 'string') return `workspace:${workspace}`;
  const path = terraform.backend?.local?.path;
  return typeof path === 'string' ? `file:${path}` : undefined;
}

function remoteStateTarget(config: TerraformJson): string | undefined {
  const backend = config.backend;
  const settings = config.config ?? {};
  if ((backend === 'remote' || backend === 'cloud') && typeof settings.workspaces?.name === 'string') return `workspace:${settings.workspaces.name}`;
  if (backend === 'local' && typeof settings.path === 'string') return `file:${settings.path}`;
  return undefined;
}

/** Every remote-state read of `stack`, resolved to the producer stack where the app writes that state. */
export function remoteStateReads(stack: SynthesizedStack, locations: ReadonlyMap<string, string>): RemoteStateRead[] {
  const reads: RemoteStateRead[] = [];
  for (const [name, config] of Object.entries<TerraformJson>(stack.json.data?.[REMOTE_STATE] ?? {})) {
    const target = remoteStateTarget(config) ?? `unknown:${JSON.stringify(config.config ?? {})}`;
    reads.push({ consumer: stack.name, address: `data.${REMOTE_STATE}.${name}`, target, producer: locations.get(target) });
  }
  for (const [name, config] of Object.entries<TerraformJson>(stack.json.data?.tfe_outputs ?? {})) {
    const target = typeof config.workspace === 'string' && !config.workspace.includes('${') ? `workspace:${config.workspace}` : `unknown:${JSON.stringify(config.workspace)}`;
    reads.push({ consumer: stack.name, address: `data.tfe_outputs.${name}`, target, producer: locations.get(target) });
  }
  return reads;
}

/** Values at `path` (`a.b`, `*` for any key; arrays of blocks are searched element by element). */
export function valuesAt(value: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const children = head === '*' ? Object.values(object) : head in object ? [object[head]] : [];
  return rest.length === 0 ? children : children.flatMap((child) => valuesAt(child, rest.join('.')));
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** A value fully visible in the synthesized configuration (no `${...}` expression anywhere in it). */
function isLiteral(value: unknown): boolean {
  return !JSON.stringify(value).includes('${');
}

/** Whether the state of a resource with configuration `config` holds `secret`. */
export function holdsSecret(secret: SecretAttribute, config: TerraformJson): boolean {
  const stored = secret.stored;
  if (stored === 'always') return true;
  if (stored === 'when-set') return valuesAt(config, secret.path).some((value) => isSet(value) && !isLiteral(value));
  if ('whenSet' in stored) return valuesAt(config, stored.whenSet).some(isSet);
  return valuesAt(config, stored.when).some((value) => value === stored.equals);
}

function describeStored(secret: SecretAttribute): string {
  const stored = secret.stored;
  if (stored === 'always') return 'always in state';
  if (stored === 'when-set') return 'set from an expression, stored as given';
  if ('whenSet' in stored) return `stored because ${stored.whenSet} is set`;
  return `stored because ${stored.when} = ${JSON.stringify(stored.equals)}`;
}

/** `type.name.attribute` and `data.type.name.attribute` references in an expression. */
function references(value: unknown): { key: string; address: string; attribute: string }[] {
  const found: { key: string; address: string; attribute: string }[] = [];
  const text = JSON.stringify(value);
  for (const match of text.matchAll(/(?<![\w.-])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g)) {
    const [, data, type, name, attribute] = match;
    if (!data && ['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(type)) continue;
    found.push({ key: `${data ? 'data' : 'resource'}.${type}`, address: `${data ? 'data.' : ''}${type}.${name}`, attribute });
  }
  return found;
}

/** Secrets in the state of one stack from its own resources, data sources and outputs (not from what it reads). */
function ownSecrets(stack: SynthesizedStack, unclassified: UnclassifiedType[]): { secrets: StateSecret[]; secretOutputs: Set<string> } {
  const secrets: StateSecret[] = [];
  const secretAttributes = new Map<string, Set<string>>(); // address -> attributes holding a secret
  for (const block of ['resource', 'data'] as const) {
    for (const [type, instances] of Object.entries<Record<string, TerraformJson>>(stack.json[block] ?? {})) {
      if (block === 'data' && type === REMOTE_STATE) continue; // judged through its producer below
      const key = `${block}.${type}`;
      const contract: TypeContract | undefined = STATE_SECRET_CONTRACT[key];
      for (const [name, config] of Object.entries(instances)) {
        const address = `${block === 'data' ? 'data.' : ''}${type}.${name}`;
        if (!contract) {
          unclassified.push({ stack: stack.name, key, address });
          continue;
        }
        for (const secret of contract.secrets) {
          if (!holdsSecret(secret, config)) continue;
          secrets.push({ stack: stack.name, address, attribute: secret.path, reason: `${secret.what} (${describeStored(secret)})` });
          const attributes = secretAttributes.get(address) ?? new Set<string>();
          attributes.add(secret.path.split('.')[0]);
          secretAttributes.set(address, attributes);
        }
      }
    }
  }

  const sensitiveVariables = new Set(
    Object.entries<TerraformJson>(stack.json.variable ?? {})
      .filter(([, variable]) => variable.sensitive === true && variable.ephemeral !== true)
      .map(([name]) => name),
  );
  const secretOutputs = new Set<string>();
  for (const [id, output] of Object.entries<TerraformJson>(stack.json.output ?? {})) {
    const reasons: string[] = [];
    // cdktf marks every cross-stack output sensitive whatever it holds; only a sensitive flag of our own is a statement.
    if (output.sensitive === true && !id.startsWith(CROSS_STACK_OUTPUT)) reasons.push('declared sensitive');
    for (const ref of references(output.value)) {
      if (secretAttributes.get(ref.address)?.has(ref.attribute)) reasons.push(`exposes ${ref.address}.${ref.attribute}`);
    }
    for (const match of JSON.stringify(output.value).matchAll(/(?<![\w.-])var\.([A-Za-z0-9_-]+)/g)) {
      if (sensitiveVariables.has(match[1])) reasons.push(`exposes the sensitive variable ${match[1]}`);
    }
    if (reasons.length > 0) {
      secretOutputs.add(id);
      secrets.push({ stack: stack.name, address: `output.${id}`, reason: `output ${reasons.join(', ')}` });
    }
  }
  return { secrets, secretOutputs };
}

/**
 * Analyses the state sharing of a synthesized app: the remote-state graph, the secrets of every state (a consumer
 * holds every output of each producer it reads) and the problems: a stack that another reads and whose state holds
 * a secret or a type the contract does not classify, and a read of a state no stack of the app writes.
 */
export function analyzeStateSharing(stacks: readonly SynthesizedStack[]): StateSharingReport {
  const locations = new Map<string, string>();
  for (const stack of stacks) {
    const location = stateLocationOf(stack.json);
    if (location) locations.set(location, stack.name);
  }
  const reads = stacks.flatMap((stack) => remoteStateReads(stack, locations));
  const consumersOf = new Map<string, string[]>();
  for (const read of reads) {
    if (!read.producer) continue;
    const consumers = consumersOf.get(read.producer) ?? [];
    if (!consumers.includes(read.consumer)) consumers.push(read.consumer);
    consumersOf.set(read.producer, consumers.sort());
  }

  const unclassified: UnclassifiedType[] = [];
  const own = new Map(stacks.map((stack) => [stack.name, ownSecrets(stack, unclassified)]));
  // A consumer's state holds every output of its producers: propagate secret outputs along the reads (a consumer may
  // re-export one, so repeat until nothing changes; the graph is small and acyclic).
  const secrets = new Map(stacks.map((stack) => [stack.name, [...(own.get(stack.name)?.secrets ?? [])]]));
  const secretOutputs = new Map(stacks.map((stack) => [stack.name, new Set(own.get(stack.name)?.secretOutputs ?? [])]));
  let changed = true;
  const inherited = new Set<string>();
  while (changed) {
    changed = false;
    for (const read of reads) {
      const leaked = read.producer ? [...(secretOutputs.get(read.producer) ?? [])].sort() : [];
      const key = `${read.consumer} ${read.address}`;
      if (leaked.length === 0 || inherited.has(key)) continue;
      inherited.add(key);
      changed = true;
      secrets.get(read.consumer)?.push({
        stack: read.consumer,
        address: read.address,
        attribute: 'outputs',
        reason: `holds every output of ${read.producer}, including the secret output(s) ${leaked.join(', ')}`,
      });
      const consumer = stacks.find((stack) => stack.name === read.consumer);
      const name = read.address.split('.').slice(2).join('.');
      for (const [id, output] of Object.entries<TerraformJson>(consumer?.json.output ?? {})) {
        const text = JSON.stringify(output.value);
        if (leaked.some((secretOutput) => text.includes(`data.${REMOTE_STATE}.${name}.outputs.${secretOutput}`))) secretOutputs.get(read.consumer)?.add(id);
      }
    }
  }

  const problems: string[] = [];
  for (const read of reads) {
    if (!read.producer) problems.push(`${read.consumer}: ${read.address} reads ${read.target}, which no stack of this app writes; its content cannot be checked`);
  }
  for (const [producer, consumers] of [...consumersOf.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const held = secrets.get(producer) ?? [];
    if (held.length > 0) {
      problems.push(
        `${producer} is read by ${consumers.join(', ')} (remote state), but its state holds secrets:\n` +
          held.map((s) => `    - ${s.address}${s.attribute ? ` [${s.attribute}]` : ''}: ${s.reason}`).join('\n'),
      );
    }
    const unknown = unclassified.filter((u) => u.stack === producer);
    if (unknown.length > 0) {
      problems.push(
        `${producer} is read by ${consumers.join(', ')} (remote state), but holds types the secret contract does not list (stacks/state-secret-contract.ts): ` +
          [...new Set(unknown.map((u) => u.key))].sort().join(', '),
      );
    }
  }
  return { stacks: stacks.map((stack) => stack.name), reads, consumersOf, secrets, unclassified, problems };
}
