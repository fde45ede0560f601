import { type z } from 'zod';
import { type ConfigProblem } from './problems';

/**
 * Turns zod issues into problems a person can act on:
 * - a value of the wrong type says what to write, with an example for the field
 *   (`expected a quoted string such as '1.35'` for `kubernetesVersion: 1.35`);
 * - an unknown field suggests the nearest known one (`did you mean \`database\`?`), in every strict object, or lists
 *   the known fields when none is close;
 * - record keys (tag keys) report their own rule instead of "Invalid key in record".
 *
 * Examples come from the schema itself: enum and literal values, or `.meta({ examples: [...] })` on a field.
 */

/** The parts of a zod 4 schema definition this module reads to walk a schema along an issue path. */
interface SchemaNode {
  readonly def: {
    readonly type: string;
    readonly shape?: Readonly<Record<string, SchemaNode>>;
    readonly innerType?: SchemaNode;
    readonly element?: SchemaNode;
    readonly valueType?: SchemaNode;
    readonly keyType?: SchemaNode;
    readonly options?: readonly SchemaNode[];
    readonly discriminator?: string;
    readonly entries?: Readonly<Record<string, unknown>>;
    readonly values?: readonly unknown[];
    readonly in?: SchemaNode;
  };
  meta?(): Record<string, unknown> | undefined;
}

type PathKey = PropertyKey;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The schemas met while unwrapping optional/default/pipe wrappers, outermost first. */
function unwrapChain(schema: SchemaNode): SchemaNode[] {
  const chain = [schema];
  let current = schema;
  for (;;) {
    const next = WRAPPERS.has(current.def.type) ? current.def.innerType : current.def.type === 'pipe' ? current.def.in : undefined;
    if (!next) return chain;
    chain.push(next);
    current = next;
  }
}

const core = (schema: SchemaNode): SchemaNode => unwrapChain(schema).at(-1)!;

/** The union option an input selects (by discriminator), or the options that could hold `key`. */
function unionOption(schema: SchemaNode, input: unknown, key?: PathKey): SchemaNode | undefined {
  const options = schema.def.options ?? [];
  const discriminator = schema.def.discriminator;
  if (discriminator && input && typeof input === 'object') {
    const value = (input as Record<string, unknown>)[discriminator];
    const match = options.find((option) => {
      const field = core(option).def.shape?.[discriminator];
      return field !== undefined && (core(field).def.values ?? []).includes(value);
    });
    if (match) return match;
  }
  return options.find((option) => key === undefined || child(option, key, input) !== undefined) ?? options[0];
}

/** The schema of `key` inside `schema` (object field, array element, record value, union option's field). */
function child(schema: SchemaNode, key: PathKey, input: unknown): SchemaNode | undefined {
  const node = core(schema);
  switch (node.def.type) {
    case 'object':
      return typeof key === 'string' ? node.def.shape?.[key] : undefined;
    case 'array':
      return node.def.element;
    case 'record':
      return node.def.valueType;
    case 'union': {
      const option = unionOption(node, input, key);
      return option && child(option, key, input);
    }
    default:
      return undefined;
  }
}

/** The schema at `path` of `root`, following `input` through discriminated unions; undefined when it leaves the schema. */
function schemaAt(root: SchemaNode, path: readonly PathKey[], input: unknown): SchemaNode | undefined {
  let schema: SchemaNode | undefined = root;
  let value = input;
  for (const key of path) {
    if (!schema) return undefined;
    schema = child(schema, key, value);
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return schema;
}

/**
 * Field names of the strict object at `path` (the union option the input selects, for discriminated unions), or the
 * allowed keys of a record keyed by an enum (e.g. `observability.signals`).
 */
function knownFields(root: SchemaNode, path: readonly PathKey[], input: unknown): string[] {
  const schema = schemaAt(root, path, input);
  if (!schema) return [];
  let node = core(schema);
  if (node.def.type === 'record' && node.def.keyType) {
    const entries = core(node.def.keyType).def.entries;
    return entries ? Object.values(entries).map(String) : [];
  }
  if (node.def.type === 'union') {
    const value = path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), input);
    const option = unionOption(node, value);
    if (!option) return [];
    node = core(option);
  }
  return Object.keys(node.def.shape ?? {});
}

/** A value that shows how to write something of the schema: its own example, else an enum or literal value. */
function exampleOf(schema: SchemaNode | undefined): unknown {
  if (!schema) return undefined;
  for (const node of unwrapChain(schema)) {
    const examples = node.meta?.()?.examples;
    if (Array.isArray(examples) && examples.length > 0) return examples[0];
  }
  const node = core(schema);
  if (node.def.entries) return Object.values(node.def.entries)[0];
  if (node.def.values) return node.def.values[0];
  if (node.def.type === 'union') return exampleOf(node.def.options?.[0]);
  if (node.def.type === 'array') {
    const element = exampleOf(node.def.element);
    return element === undefined ? undefined : [element];
  }
  return undefined;
}

/** A value written the way a TypeScript environment file spells it. */
export function asSource(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(asSource).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${asSource(v)}`).join(', ')} }`;
  return String(value);
}

const kindOf = (value: unknown): string => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/** The JavaScript kind a zod `expected` names (`int` is a number, `record` an object, ...). */
const EXPECTED_KIND: Readonly<Record<string, string>> = { int: 'number', nan: 'number', record: 'object', map: 'object', set: 'object', tuple: 'array' };

/**
 * True when the issue says the value has the wrong JavaScript type (not a wrong value of the right type): a number
 * where a string is expected, a string for a list, ... Missing values are not wrong types.
 */
export function isWrongType(issue: z.core.$ZodIssue): boolean {
  if (issue.input === undefined) return false;
  if (issue.code === 'invalid_type') return kindOf(issue.input) !== (EXPECTED_KIND[issue.expected] ?? issue.expected);
  if (issue.code === 'invalid_value') return issue.values.length > 0 && !issue.values.some((v) => kindOf(v) === kindOf(issue.input));
  if (issue.code === 'invalid_union' && !('discriminator' in issue && issue.discriminator)) {
    return issue.errors.length > 0 && issue.errors.every((errors) => errors.length > 0 && errors.every((e) => e.path.length === 0 && isWrongType({ ...e, input: issue.input } as z.core.$ZodIssue)));
  }
  return false;
}

/** What to write instead of a value of the wrong type. */
function wrongTypeMessage(issue: z.core.$ZodIssue, schema: SchemaNode | undefined): string {
  const input = issue.input;
  const node = schema && core(schema);
  const expected = issue.code === 'invalid_type' ? issue.expected : kindOf(issue.code === 'invalid_value' ? issue.values[0] : exampleOf(schema));
  const allowed = issue.code === 'invalid_value' ? issue.values : node?.def.type === 'union' ? (node.def.options ?? []).flatMap((o) => core(o).def.values ?? []) : [];
  switch (expected) {
    case 'string': {
      if (allowed.length > 0) {
        return allowed.includes(String(input)) ? `expected a quoted string such as '${String(input)}'` : `expected a quoted string, one of ${allowed.map(asSource).join(', ')}`;
      }
      const example = exampleOf(schema);
      return typeof example === 'string' ? `expected a quoted string such as '${example}'` : 'expected a quoted string';
    }
    case 'number': {
      const numeric = typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input)) ? Number(input) : undefined;
      const example = numeric ?? (allowed.length > 0 ? allowed[0] : exampleOf(schema));
      const suffix = allowed.length > 0 ? ` (one of ${allowed.map(asSource).join(', ')})` : '';
      return typeof example === 'number' ? `expected a number without quotes, such as ${example}${suffix}` : `expected a number without quotes${suffix}`;
    }
    case 'boolean':
      return input === 'true' || input === 'false' ? 'expected true or false, without quotes' : 'expected true or false';
    case 'array': {
      const example = exampleOf(schema);
      return Array.isArray(example) ? `expected a list in square brackets, such as ${asSource(example)}` : 'expected a list in square brackets [ ... ]';
    }
    case 'object': {
      const fields = Object.keys(node?.def.shape ?? {});
      return fields.length > 0 ? `expected an object { ... } with the fields ${fields.join(', ')}` : 'expected an object { ... }';
    }
    case 'record':
      return "expected an object of names and values, such as { name: 'value' }";
    default:
      return `expected ${expected}`;
  }
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/** The known field closest to `key`, when it is close enough to be a misspelling (at most 1 edit per 3 characters, at least 2). */
export function nearestField(key: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: { field: string; distance: number } | undefined;
  for (const field of known) {
    const distance = editDistance(key, field);
    if (distance <= limit && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

const joinPath = (path: readonly PathKey[]): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/** One problem per zod issue (one per unknown field), with the messages described above. */
export function zodProblems(error: z.ZodError, environment: string, root: z.ZodType, input: unknown): ConfigProblem[] {
  const schema = root as unknown as SchemaNode;
  // zod still runs length checks on a value of the wrong type (a string has a length); its type error says it all.
  const wrongTypePaths = new Set(error.issues.filter(isWrongType).map((issue) => joinPath(issue.path)));
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const path = joinPath(issue.path);
    if (wrongTypePaths.has(path) && !isWrongType(issue)) return [];
    if (issue.code === 'unrecognized_keys') {
      const known = knownFields(schema, issue.path, input);
      return issue.keys.map((key) => {
        const near = nearestField(key, known);
        const hint = near ? `did you mean \`${near}\`?` : known.length > 0 ? `expected one of ${known.join(', ')}` : 'check the spelling against the schema';
        return { environment, path: joinPath([...issue.path, key]), message: `unknown field; ${hint}` };
      });
    }
    if (issue.code === 'invalid_key') {
      const message = issue.issues.map((inner) => inner.message).join('; ');
      return [{ environment, path, message: `invalid key: ${message}`, value: issue.input }];
    }
    if (issue.input === undefined) {
      const message = issue.code === 'invalid_type' && !issue.message.startsWith('is required') ? `is required (expected ${issue.expected})` : issue.message;
      return [{ environment, path, message }];
    }
    const message = isWrongType(issue) ? wrongTypeMessage(issue, schemaAt(schema, issue.path, input)) : issue.message;
    // An unknown discriminator (`type: 'syslog'`) is reported at `<path>.type` with the whole object as input.
    const discriminator = issue.code === 'invalid_union' && 'discriminator' in issue ? issue.discriminator : undefined;
    const value = typeof discriminator === 'string' && issue.input && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[discriminator] : issue.input;
    return [{ environment, path, message, value }];
  });
}
