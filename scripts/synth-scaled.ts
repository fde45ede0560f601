/**
 * `node scripts/run-ts.cjs scripts/synth-scaled.ts <services>`: synthesizes every stack of every environment of
 * main.ts with `<services>` generated services added to each environment (scripts/scaled-environments.ts), the way
 * main.ts does (validation, policy pack, all-or-nothing output into CDKTF_OUTDIR). Used by `npm run bench`.
 */
import { synthesizeAll } from '../stacks/synth';
import { scaledEnvironments } from './scaled-environments';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 0) {
  process.stderr.write(`usage: node scripts/run-ts.cjs scripts/synth-scaled.ts <services per environment>, got ${process.argv[2] ?? 'nothing'}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = synthesizeAll(scaledEnvironments(count), process.env, { print: () => undefined });
}
