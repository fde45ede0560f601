import { Token, Tokenization } from 'cdktf';

/**
 * A fast path in front of cdktf's token resolution for the parts of a configuration that hold no token, with the
 * same result.
 *
 * Every `resolve` in cdktf (a stack's preparation, `toTerraform()`, the policy pack's view of a stack) goes through
 * `Tokenization.resolve(value, options)`. cdktf's resolver visits every value of the configuration, and for each one
 * builds a resolution context (two closures and the joined key path) and runs up to three regular expressions over
 * every string, keys included. About half of the values of this app are plain literals (policy documents, Kubernetes
 * manifests, tags), where all that work returns the value unchanged.
 *
 * {@link resolvePlainValues} walks the value first. What it can prove holds no token it copies the way cdktf does
 * (dropping `undefined` from objects and arrays, keeping `null` and everything else as it is); every other part goes
 * to cdktf's own resolver, whole:
 * - a string that contains a token marker (`TfToken[`), one of cdktf's map-token placeholder values, or anything the
 *   encoded-number pattern matches (cdktf's own regular expression; a false match only costs speed);
 * - a number that could be an encoded token (not finite, or of magnitude >= 1e200; encoded tokens are near 1e289);
 * - an object that is resolvable (has `resolve()`), is not a plain object (class instances, constructs, dates go to
 *   cdktf, which knows them), or has a key that is not a plain string;
 * - an array with an element that is a non-plain string or number: cdktf treats such arrays as list tokens as a
 *   whole.
 * A part handed to cdktf is resolved exactly as it would have been inside the whole: cdktf passes nothing from a
 * plain parent to its children but the key path, which only appears in error messages (and the depth limit of 200,
 * which no configuration here approaches), and the resolution flags a token sets live on that token's own context.
 *
 * Equivalence is tested on every stack of every environment against cdktf's resolver alone
 * (`__tests__/stacks/plain-value-resolve.test.ts`), and the snapshot of every stack pins the synthesized output.
 */
export function resolvePlainValues(value: unknown, resolveWithCdktf: (part: unknown) => unknown): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value;
    case 'string':
      return isPlainString(value) ? value : resolveWithCdktf(value);
    case 'number':
      return isPlainNumber(value) ? value : resolveWithCdktf(value);
    case 'function':
      return resolveWithCdktf(value); // cdktf rejects functions with its own message
    default:
      break;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) {
      if ((typeof element === 'string' && !isPlainString(element)) || (typeof element === 'number' && !isPlainNumber(element))) {
        return resolveWithCdktf(value);
      }
    }
    const result: unknown[] = [];
    for (const element of value as unknown[]) {
      const resolved = resolvePlainValues(element, resolveWithCdktf);
      if (resolved !== undefined) result.push(resolved);
    }
    return result;
  }
  const object = value as Record<string, unknown>;
  const prototype = Object.getPrototypeOf(object) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || typeof object.resolve === 'function') return resolveWithCdktf(value);
  const keys = Object.keys(object);
  for (const key of keys) {
    if (!isPlainString(key)) return resolveWithCdktf(value);
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = resolvePlainValues(object[key], resolveWithCdktf);
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}

/** cdktf's pattern for token-encoded numbers inside strings (`NUMBER_TOKEN_REGEX` in cdktf/lib/tokens/private/encoding.js), without the `g` flag. */
const ENCODED_NUMBER = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

function isPlainString(value: string): boolean {
  return (
    !value.includes('TfToken[') && value !== Token.STRING_MAP_TOKEN_VALUE && value !== Token.ANY_MAP_TOKEN_VALUE && !ENCODED_NUMBER.test(value)
  );
}

function isPlainNumber(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) < 1e200 && value !== Token.NUMBER_MAP_TOKEN_VALUE;
}

type Resolve = typeof Tokenization.resolve;
let stockResolve: Resolve | undefined;

/**
 * Puts {@link resolvePlainValues} in front of `Tokenization.resolve` for the rest of the process (idempotent).
 * cdktf's internal `resolve(scope, value, preparing)` looks `Tokenization.resolve` up at every call, so every
 * resolution of a stack goes through it; a test fails if a cdktf upgrade changes that.
 */
export function enablePlainValueResolve(): void {
  if (stockResolve) return;
  const stock = Tokenization.resolve.bind(Tokenization);
  stockResolve = Tokenization.resolve;
  Tokenization.resolve = ((value: unknown, options: Parameters<Resolve>[1]) =>
    resolvePlainValues(value, (part) => stock(part, options))) as Resolve;
}

/** Restores cdktf's own `Tokenization.resolve` (for tests that compare both). */
export function disablePlainValueResolve(): void {
  if (!stockResolve) return;
  Tokenization.resolve = stockResolve;
  stockResolve = undefined;
}
