import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Reading a synth output directory (`cdktf.out`: manifest.json + stacks/<name>/cdk.tf.json) and telling which stacks
 * changed between two of them (pull request head against its base, or a push against the previous main).
 */

/** Stacks named `bootstrap-<env>` are applied by bootstrap admins, never planned or applied by CI. */
export const BOOTSTRAP_PREFIX = 'bootstrap-';

export interface SynthStack {
  readonly name: string;
  /** Stack names this one depends on (cdktf manifest `dependencies`). */
  readonly dependencies: readonly string[];
  /** Directory of the stack, relative to the output directory (`stacks/<name>`). */
  readonly directory: string;
  readonly json: Record<string, unknown>;
}

export interface SynthOutput {
  readonly stacks: ReadonlyMap<string, SynthStack>;
}

interface Manifest {
  readonly stacks: Record<string, { readonly name: string; readonly dependencies?: readonly string[]; readonly workingDirectory: string; readonly synthesizedStackPath: string }>;
}

/** Reads `<dir>/manifest.json` and every stack it lists. Throws when the directory holds no complete synth. */
export function readSynthOutput(dir: string): SynthOutput {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${dir}: no manifest.json; is this a cdktf synth output directory?`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const stacks = new Map<string, SynthStack>();
  for (const entry of Object.values(manifest.stacks)) {
    stacks.set(entry.name, {
      name: entry.name,
      dependencies: [...(entry.dependencies ?? [])],
      directory: entry.workingDirectory,
      json: JSON.parse(readFileSync(join(dir, entry.synthesizedStackPath), 'utf8')) as Record<string, unknown>,
    });
  }
  return { stacks };
}

/**
 * The stack's configuration without what does not reach Terraform or differs between machines: cdktf's `//` metadata
 * (construct paths, cdktf version, stack traces) at any depth, and the directories of local state files (their file
 * name stays). Object keys are sorted, so key order never counts as a change.
 */
export function normalizeStackJson(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeStackJson(v));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== '//')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, normalizeStackJson(v, k)]);
    return Object.fromEntries(entries);
  }
  if (key === 'path' && typeof value === 'string' && value.endsWith('.tfstate')) return basename(value);
  return value;
}

export type ChangeStatus = 'added' | 'modified';

export interface ChangedStack {
  readonly stack: string;
  readonly status: ChangeStatus;
  /** `workspace`: planned/applied by CI in its HCP Terraform workspace; `bootstrap`: applied by a bootstrap admin. */
  readonly delivery: 'workspace' | 'bootstrap';
  readonly organization?: string;
  readonly workspace?: string;
  /** Directory relative to the synth output directory. */
  readonly directory: string;
  /** Changed stacks this one depends on (directly or through unchanged stacks). */
  readonly changedUpstream: readonly string[];
}

export interface StackChanges {
  /** Changed stacks, producers before consumers (ties: by name). */
  readonly changed: readonly ChangedStack[];
  /** Stacks of the base that the head no longer has: their workspaces still manage resources. */
  readonly removed: readonly string[];
}

function cloudWorkspace(json: Record<string, unknown>): { organization?: string; workspace?: string } {
  const cloud = (json.terraform as { cloud?: { organization?: string; workspaces?: { name?: string } } } | undefined)?.cloud;
  return cloud ? { organization: cloud.organization, workspace: cloud.workspaces?.name } : {};
}

/** Stacks whose normalized configuration differs between `base` (or is absent there) and `head`, in dependency order. */
export function changedStacks(base: SynthOutput | undefined, head: SynthOutput): StackChanges {
  const changedNames = new Set<string>();
  const status = new Map<string, ChangeStatus>();
  for (const [name, stack] of head.stacks) {
    const before = base?.stacks.get(name);
    if (!before) status.set(name, 'added');
    else if (JSON.stringify(normalizeStackJson(before.json)) !== JSON.stringify(normalizeStackJson(stack.json))) status.set(name, 'modified');
    if (status.has(name)) changedNames.add(name);
  }
  const order = dependencyOrder(head);
  const upstream = (name: string, seen = new Set<string>()): string[] => {
    for (const dep of head.stacks.get(name)?.dependencies ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      upstream(dep, seen);
    }
    return [...seen];
  };
  const changed = order
    .filter((name) => changedNames.has(name))
    .map((name): ChangedStack => {
      const stack = head.stacks.get(name) as SynthStack;
      return {
        stack: name,
        status: status.get(name) as ChangeStatus,
        delivery: name.startsWith(BOOTSTRAP_PREFIX) ? 'bootstrap' : 'workspace',
        ...cloudWorkspace(stack.json),
        directory: stack.directory,
        changedUpstream: upstream(name).filter((u) => changedNames.has(u)).sort(),
      };
    });
  // Bootstrap stacks first: a new workspace or role must exist before its stack can be planned.
  const sorted = [...changed.filter((c) => c.delivery === 'bootstrap'), ...changed.filter((c) => c.delivery === 'workspace')];
  const removed = base ? [...base.stacks.keys()].filter((name) => !head.stacks.has(name)).sort() : [];
  return { changed: sorted, removed };
}

/** Every stack of `output`, producers first; ties by name. Throws on a cycle (cdktf itself forbids one). */
export function dependencyOrder(output: SynthOutput): string[] {
  const done = new Set<string>();
  const ordered: string[] = [];
  const names = [...output.stacks.keys()].sort();
  while (ordered.length < names.length) {
    const next = names.find((n) => !done.has(n) && (output.stacks.get(n)?.dependencies ?? []).every((d) => done.has(d) || !output.stacks.has(d)));
    if (next === undefined) throw new Error(`dependency cycle among ${names.filter((n) => !done.has(n)).join(', ')}`);
    done.add(next);
    ordered.push(next);
  }
  return ordered;
}
