import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { validateEnvironments } from '../environments/schema';
import { staging } from '../environments/staging';
import { type MainSynthRecord, mainSynthPaths, sourceFingerprint } from '../scripts/test-synth.cjs';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { type SynthesizedStack, readSynthesizedApp } from '../stacks/state-sharing';
import { withChildSlot } from './child-slot';

/**
 * The shared synth of `npm test` (scripts/test-synth.cjs): `npm run synth` run once into a directory seeded with a
 * previous output. scripts/test.cjs runs it before jest and names its directory in VAULTPLAT_TEST_SYNTH; jest run on
 * its own (no VAULTPLAT_TEST_SYNTH) runs it here, once per test file that asks, into a temporary directory that
 * {@link releaseMainSynth} deletes.
 *
 * Either way the record is checked before any test sees it: it must exist, and the fingerprint of the sources it
 * was synthesized from must equal the sources' fingerprint now. A missing, stale or foreign output fails the test
 * with the reason; it can never stand in for the output of the code under test.
 */
const ROOT = join(__dirname, '..');

let own: string | undefined;
let cached: MainSynthRecord | undefined;

export function mainSynth(): MainSynthRecord {
  if (cached !== undefined) return cached;
  const shared = process.env.VAULTPLAT_TEST_SYNTH;
  let dir: string;
  if (shared) {
    dir = shared;
  } else {
    own = mkdtempSync(join(tmpdir(), 'vaultplat-test-synth-'));
    dir = own;
    const run = withChildSlot(() => spawnSync(process.execPath, [join(ROOT, 'scripts', 'test-synth.cjs'), dir], { cwd: ROOT, encoding: 'utf8' }));
    if (run.status !== 0) throw new Error(`scripts/test-synth.cjs failed (exit ${run.status ?? run.signal}):\n${run.stderr}${run.stdout}`);
  }
  const { record } = mainSynthPaths(dir);
  if (!existsSync(record)) {
    throw new Error(`no shared synth record at ${record}${shared ? ' (VAULTPLAT_TEST_SYNTH names a directory scripts/test-synth.cjs did not write; unset it to synthesize here)' : ''}`);
  }
  const result = JSON.parse(readFileSync(record, 'utf8')) as MainSynthRecord;
  const sources = sourceFingerprint();
  if (result.sources !== sources) {
    throw new Error(`the shared synth in ${dir} was made from other sources than the ones tested now (a file changed since it ran): run the tests again`);
  }
  cached = result;
  return result;
}

/** Deletes the synth {@link mainSynth} made for this test file, if it made one (a shared one belongs to scripts/test.cjs). */
export function releaseMainSynth(): void {
  if (own !== undefined) rmSync(own, { recursive: true, force: true });
  own = undefined;
  cached = undefined;
}

/**
 * Every stack of the shipped app (main.ts: every environment, HCP Terraform state) as written by the shared synth,
 * and the environments' names in main.ts order. Throws with the synth's own output when it failed.
 */
export function shippedApp(): { stacks: SynthesizedStack[]; environments: string[] } {
  const result = mainSynth();
  if (result.status !== 0) throw new Error(`npm run synth failed (exit ${result.status ?? result.signal}):\n${result.stderr}${result.stdout}`);
  return { stacks: readSynthesizedApp(result.outdir), environments: validateEnvironments([dev, staging, prod], STACK_KINDS).map((e) => e.name) };
}
