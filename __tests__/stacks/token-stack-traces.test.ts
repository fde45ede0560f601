import { Lazy, Token } from 'cdktf';
import { disableTokenStackTraces } from '../../stacks/token-stack-traces';

// The module cdktf's token classes call; required (not imported) to see its live exports object.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import stackTrace = require('cdktf/lib/tokens/private/stack-trace');

describe('disableTokenStackTraces', () => {
  it('makes cdktf record no stack trace for new tokens (cdktf still looks the capture up on the module at each call)', () => {
    disableTokenStackTraces();
    expect(stackTrace.captureStackTrace()).toEqual([]);
    const lazy = Lazy.stringValue({ produce: () => 'x' });
    const token = Token.asAny(lazy);
    expect((token as unknown as { creationStack: string[] }).creationStack).toEqual([]);
  });
});
