// The module's own exports object (an `import * as` namespace would be a read-only copy under the TS transforms).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the CommonJS exports object itself
import stackTrace = require('cdktf/lib/tokens/private/stack-trace');

/**
 * cdktf records a full JavaScript stack trace (`Error.stackTraceLimit = MAX_SAFE_INTEGER`) for every token it
 * creates (intrinsics, lazies, dynamic blocks), only to print it if resolving that token later fails. This app
 * creates tens of thousands of tokens, and each trace is mapped through source maps (tsx turns them on), which cost
 * about a tenth of every synth's CPU time and a third of its memory. Our own validation names the construct path and
 * field of every problem, so the traces add nothing: this replaces cdktf's capture with one that records nothing.
 *
 * It reaches into a cdktf module (`cdktf/lib/tokens/private/stack-trace`), whose callers look the function up on
 * the module's exports at every call; a test fails if a cdktf upgrade changes that, so the speed-up cannot silently
 * stop working or break synth.
 */
export function disableTokenStackTraces(): void {
  const exportsObject = stackTrace as { captureStackTrace: (below?: unknown) => string[] };
  if (typeof exportsObject.captureStackTrace !== 'function') {
    throw new Error('cdktf/lib/tokens/private/stack-trace no longer exports captureStackTrace; update stacks/token-stack-traces.ts');
  }
  exportsObject.captureStackTrace = () => [];
}
