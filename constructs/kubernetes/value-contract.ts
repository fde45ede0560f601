/**
 * Contracts transcribed from upstream sources at a pinned version (a chart's values.yaml / values.schema.json /
 * templates, a CRD's OpenAPI schema), and checkers that compare our generated objects with them. Tests use the
 * checkers so that a misspelt key, a key the pinned version does not read, or a wrong type fails before any apply.
 * Only the contract is transcribed, never the upstream files themselves.
 */

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** One chart value key: the types the chart accepts and where that was read. Below an `object` key the value is free-form (rendered with toYaml). */
export interface ChartKey {
  readonly types: readonly JsonType[];
  /** File of the pinned chart the key was read from, e.g. `values.schema.json`, `templates/server-statefulset.yaml`. */
  readonly source: string;
}

/** A chart's value keys by dotted path, e.g. `server.ha.raft.config`. */
export type ChartContract = Readonly<Record<string, ChartKey>>;

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function typeMatches(actual: JsonType, allowed: readonly JsonType[]): boolean {
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

/**
 * Problems of Helm values against a chart contract: every key must be in the contract (or below a free-form
 * `object`/`array` key) and have an accepted type. Returns one line per problem, empty when the values fit.
 */
export function chartValueProblems(values: unknown, contract: ChartContract, path = ''): string[] {
  const key = contract[path];
  if (path !== '' && key) {
    const actual = jsonTypeOf(values);
    return typeMatches(actual, key.types) ? [] : [`${path}: expected ${key.types.join(' or ')}, got ${actual}`];
  }
  if (jsonTypeOf(values) !== 'object') return [`${path}: not a value key of the chart (nothing reads it)`];
  const entries = Object.entries(values as Record<string, unknown>);
  if (path !== '' && !Object.keys(contract).some((k) => k.startsWith(`${path}.`))) return [`${path}: not a value key of the chart (nothing reads it)`];
  return entries.flatMap(([k, v]) => chartValueProblems(v, contract, path === '' ? k : `${path}.${k}`));
}

/** A field of a CRD's OpenAPI schema, transcribed: type, enum, required sub-fields, object fields, array items. */
export interface FieldSchema {
  readonly type: JsonType | readonly JsonType[];
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
  /** Known fields of an object; any other field is a problem unless `additionalProperties` is set. */
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  /** Schema of every value of a map (`additionalProperties` in OpenAPI). */
  readonly additionalProperties?: FieldSchema;
  readonly items?: FieldSchema;
  /** Whether the field is `x-kubernetes-int-or-string`. */
  readonly intOrString?: boolean;
  readonly minItems?: number;
  readonly minLength?: number;
}

/** Problems of an object against a transcribed CRD schema (structural: unknown fields, types, enums, required). */
export function schemaProblems(value: unknown, schema: FieldSchema, path = ''): string[] {
  const at = path === '' ? '(root)' : path;
  const actual = jsonTypeOf(value);
  const allowed: readonly JsonType[] = schema.intOrString ? ['integer', 'string'] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  if (!typeMatches(actual, allowed)) return [`${at}: expected ${allowed.join(' or ')}, got ${actual}`];
  const problems: string[] = [];
  if (schema.enum && actual === 'string' && !schema.enum.includes(value as string)) problems.push(`${at}: expected one of ${schema.enum.join(', ')}, got "${String(value)}"`);
  if (schema.minLength !== undefined && actual === 'string' && (value as string).length < schema.minLength) problems.push(`${at}: expected at least ${schema.minLength} characters`);
  if (actual === 'array') {
    const items = value as unknown[];
    if (schema.minItems !== undefined && items.length < schema.minItems) problems.push(`${at}: expected at least ${schema.minItems} items, got ${items.length}`);
    if (schema.items) items.forEach((item, i) => problems.push(...schemaProblems(item, schema.items as FieldSchema, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const field of schema.required ?? []) if (!(field in object)) problems.push(`${path === '' ? '' : `${path}.`}${field}: is required`);
    for (const [field, fieldValue] of Object.entries(object)) {
      const where = path === '' ? field : `${path}.${field}`;
      const fieldSchema = schema.properties?.[field] ?? schema.additionalProperties;
      if (fieldSchema) problems.push(...schemaProblems(fieldValue, fieldSchema, where));
      else if (schema.properties) problems.push(`${where}: unknown field (not in the CRD schema)`);
    }
  }
  return problems;
}
