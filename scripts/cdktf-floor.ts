/**
 * `CDKTF_OUTDIR=<dir> node scripts/run-ts.cjs scripts/cdktf-floor.ts <stacks> <resources>`: the least cdktf itself
 * spends composing and synthesizing `<resources>` Terraform resources spread evenly over `<stacks>` stacks
 * (scripts/cdktf-floor-app.ts), timed in this process with start-up excluded, printed on stdout as
 * `{"stacks":…,"resources":…,"milliseconds":…}`. cdktf runs as `npm run synth` runs it: token stack traces off, the
 * plain-value resolver in front of cdktf's.
 *
 * `npm run bench` runs it for the resources and stacks that 500 services per environment add to the base
 * configuration, and prints it beside what the 1.5x scale target leaves for them (docs/performance.md).
 */
import { App } from 'cdktf';
import { enablePlainValueResolve } from '../stacks/plain-value-resolve';
import { disableTokenStackTraces } from '../stacks/token-stack-traces';
import { composeCdktfFloor, parseFloorArguments } from './cdktf-floor-app';

try {
  const { stacks, resources, outdir } = parseFloorArguments(process.argv.slice(2), process.env);
  const started = performance.now();
  disableTokenStackTraces();
  enablePlainValueResolve();
  const app = new App({ outdir });
  const added = composeCdktfFloor(app, stacks, resources);
  app.synth();
  process.stdout.write(`${JSON.stringify({ stacks, resources: added, milliseconds: performance.now() - started })}\n`);
} catch (error) {
  process.stderr.write(`cdktf-floor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
