/**
 * `node --import tsx scripts/ci/changed-stacks.ts --head cdktf.out [--base base.out] --out changes.json`
 * Writes the stacks whose synthesized configuration differs from the base synth (all of them when there is no base),
 * in dependency order, bootstrap stacks first. See synth-output.ts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type StackChanges, changedStacks, readSynthOutput } from './synth-output';

export interface ChangesFile extends StackChanges {
  /** False when no base synth was given or readable: every stack counts as changed. */
  readonly baseAvailable: boolean;
}

export function detectChanges(headDir: string, baseDir: string | undefined): ChangesFile {
  const head = readSynthOutput(headDir);
  const base = baseDir && existsSync(join(baseDir, 'manifest.json')) ? readSynthOutput(baseDir) : undefined;
  return { ...changedStacks(base, head), baseAvailable: base !== undefined };
}

function main(): void {
  const { values } = parseArgs({ options: { head: { type: 'string' }, base: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.head || !values.out) throw new Error('usage: changed-stacks.ts --head <synth dir> [--base <synth dir>] --out <file>');
  const changes = detectChanges(values.head, values.base);
  writeFileSync(values.out, `${JSON.stringify(changes, null, 2)}\n`);
  console.log(
    `${changes.changed.length} changed stack(s)${changes.baseAvailable ? '' : ' (no base synth: every stack counts as changed)'}: ${changes.changed.map((c) => c.stack).join(', ') || 'none'}` +
      (changes.removed.length > 0 ? `; removed: ${changes.removed.join(', ')}` : ''),
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
