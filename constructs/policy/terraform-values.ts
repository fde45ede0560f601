import { type ElementView, type StackView } from './rule';

/** Helpers to read synthesized Terraform JSON, where deploy-time values appear as `${...}` expressions. */

/** A nested block synthesizes as an object or a list of objects; returns the list either way. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the value is (or contains) a Terraform expression, known only at plan time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A string list attribute (`cidr_blocks`); a single string counts as a list of one. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The number, or undefined when absent or an expression. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** True when `value` (any depth) references an attribute of `target`, e.g. `${aws_vpc.tooling.id}`. */
export function refersTo(value: unknown, target: ElementView): boolean {
  const needle = `${target.address}.`;
  return JSON.stringify(value ?? null).includes(needle);
}

/** Resources of `type` whose `attribute` references `target` (or equals its literal `literal` attribute). */
export function companions(stack: StackView, type: string, attribute: string, target: ElementView, literal?: string): ElementView[] {
  const literalValue = literal ? target.config[literal] : undefined;
  return stack.ofType(type).filter((candidate) => {
    const value = candidate.config[attribute];
    return refersTo(value, target) || (typeof literalValue === 'string' && !isExpression(literalValue) && value === literalValue);
  });
}

/**
 * True when a KMS key reference names a customer-managed key: a key ARN, key ID, alias of our own, or an expression
 * (a reference to a key resource). AWS-managed aliases (`alias/aws/...`) are not customer-managed.
 */
export function isCustomerManagedKey(value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false;
  return !/(^|:)alias\/aws\//.test(value);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'not set';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
