/**
 * Every jest test file synthesizes stacks; token stack traces cost a tenth of each synth and are never read
 * (stacks/token-stack-traces.ts). The same switch npm run synth uses, applied before each test file.
 */
import { enablePlainValueResolve } from '../stacks/plain-value-resolve';
import { disableTokenStackTraces } from '../stacks/token-stack-traces';

disableTokenStackTraces();

// The resolver fast path synth installs (stacks/plain-value-resolve.ts), so that tests synthesize the way synth does.
enablePlainValueResolve();
