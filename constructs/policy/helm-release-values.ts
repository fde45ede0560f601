import { parse } from 'yaml';
import { type ElementView } from './rule';
import { blocks, isRecord, stringList } from './terraform-values';

/** What a `helm_release` of the official Vault chart deploys, as far as synth can tell. */
export interface VaultReleaseView {
  /** The release's `values` documents merged (later documents win, as Helm merges them). */
  readonly values: Record<string, unknown>;
  /** The Vault server configuration (HCL) the chart renders: `server.ha.raft.config`, else `server.ha.config`, else `server.standalone.config`. */
  readonly serverConfig: string | undefined;
  /** Names given with `set` / `set_list` / `set_sensitive`: overrides synth cannot judge. */
  readonly setNames: readonly string[];
  /** A values document that is not YAML. */
  readonly unreadable: boolean;
}

/** True for a `helm_release` of chart `vault` (any repository spelling of HashiCorp's). */
export function isVaultRelease(element: ElementView): boolean {
  return element.type === 'helm_release' && element.config.chart === 'vault';
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    target[key] = isRecord(value) && isRecord(target[key]) ? merge({ ...(target[key] as Record<string, unknown>) }, value) : value;
  }
  return target;
}

/** Reads a value by dotted path, e.g. `server.ha.enabled`. */
export function valueAt(values: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), values);
}

export function vaultReleaseView(element: ElementView): VaultReleaseView {
  // Three rules read the same release of one stack view: parse its values once (the view is rebuilt per synth).
  const cached = releaseViews.get(element);
  if (cached) return cached;
  const view = readVaultRelease(element);
  releaseViews.set(element, view);
  return view;
}

const releaseViews = new WeakMap<ElementView, VaultReleaseView>();

function readVaultRelease(element: ElementView): VaultReleaseView {
  let values: Record<string, unknown> = {};
  let unreadable = false;
  for (const document of stringList(element.config.values)) {
    try {
      const parsed: unknown = parse(document);
      if (isRecord(parsed)) values = merge(values, parsed);
    } catch {
      unreadable = true;
    }
  }
  const setNames = ['set', 'set_list', 'set_sensitive'].flatMap((attribute) => blocks(element.config[attribute]).map((s) => String(s.name)));
  const config = ['server.ha.raft.config', 'server.ha.config', 'server.standalone.config'].map((path) => valueAt(values, path)).find((c) => typeof c === 'string');
  const raftEnabled = valueAt(values, 'server.ha.raft.enabled') === true;
  const serverConfig = raftEnabled ? (valueAt(values, 'server.ha.raft.config') as string | undefined) : (config as string | undefined);
  return { values, serverConfig, setNames, unreadable };
}
