/**
 * Every jest test file synthesizes stacks; token stack traces cost a tenth of each synth and are never read
 * (stacks/token-stack-traces.ts). The same switch npm run synth uses, applied before each test file.
 */
import { disableTokenStackTraces } from '../stacks/token-stack-traces';

disableTokenStackTraces();
