/**
 * The value keys of one pinned chart that our values may set, transcribed from the chart's own values.yaml (and
 * values.schema.json where the chart has one) at the pinned tag. Tests compare every key path of the values we
 * render against it, so a misspelt or removed key fails a test instead of being silently ignored by Helm (most charts
 * have no schema, and Helm ignores unknown keys).
 *
 * Key paths are dotted (`webhook.podDisruptionBudget.minAvailable`). A path ending in `.*` is free-form: the chart
 * passes that object or list through (`toYaml`), so anything below it is accepted (`resources.*`, `podLabels.*`).
 */
export interface ChartValuesContract {
  /** Where the keys were read, `<owner>/<repo>@<tag>:<path>` (one or more files). */
  readonly source: string;
  /** Key paths our values may set: leaves, or free-form subtrees ending in `.*`. */
  readonly keys: readonly string[];
}

/**
 * Key paths of `values` that the contract does not list, as `path` strings, sorted. Empty means every key we set is
 * one the chart reads. A value is checked down to its leaves (scalars, lists, empty objects); a free-form subtree
 * (`resources.*`) accepts everything below it. Lists are leaves: their items are not walked.
 */
export function valuePathsOutsideContract(values: object, contract: ChartValuesContract): string[] {
  const leaves = new Set(contract.keys.filter((key) => !key.endsWith('.*')));
  const open = new Set(contract.keys.filter((key) => key.endsWith('.*')).map((key) => key.slice(0, -2)));
  const unknown: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (path !== '' && open.has(path)) return;
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    if (!leaves.has(path)) unknown.push(path);
  };
  walk(values, '');
  return unknown.sort();
}

/** Every key path (leaf or free-form root) our values set, sorted: what a contract must cover at minimum. */
export function valuePaths(values: object, contract: ChartValuesContract): string[] {
  const open = new Set(contract.keys.filter((key) => key.endsWith('.*')).map((key) => key.slice(0, -2)));
  const paths: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (path !== '' && open.has(path)) {
      paths.push(`${path}.*`);
      return;
    }
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    paths.push(path);
  };
  walk(values, '');
  return paths.sort();
}

/** Problems of a contract itself: duplicate keys, empty segments, a leaf that is also a free-form root. */
export function contractProblems(contract: ChartValuesContract): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const key of contract.keys) {
    if (seen.has(key)) problems.push(`key "${key}" is listed twice`);
    seen.add(key);
    const path = key.endsWith('.*') ? key.slice(0, -2) : key;
    if (path.split('.').some((segment) => segment === '' || segment === '*')) problems.push(`key "${key}": empty or wildcard segment inside the path`);
  }
  for (const key of contract.keys) {
    if (!key.endsWith('.*') && seen.has(`${key}.*`)) problems.push(`key "${key}" is both a leaf and a free-form root`);
  }
  if (!/^[\w.-]+\/[\w.-]+@[\w.+-]+:\S+/.test(contract.source)) problems.push(`source "${contract.source}": expected <owner>/<repo>@<tag>:<path>`);
  return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
