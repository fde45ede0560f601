import { dev } from './environments/dev';
import { prod } from './environments/prod';
import { staging } from './environments/staging';
import { synthesizeAll } from './stacks/synth';

// Composition root: every environment, every stack. `cdktf synth` and `npm run synth` both run this file.
process.exitCode = synthesizeAll([dev, staging, prod], process.env);
