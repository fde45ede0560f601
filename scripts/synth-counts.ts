import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What a synth wrote: its stacks, and the Terraform resources and data sources in them. */
export interface SynthCounts {
  readonly stacks: number;
  /** Resources and data sources (`terraform_remote_state` included), over every stack. */
  readonly elements: number;
}

/** Counts the stacks of a synth output directory (`<outdir>/stacks/<name>/cdk.tf.json`) and their elements. */
export function synthCounts(outdir: string): SynthCounts {
  const names = readdirSync(join(outdir, 'stacks'));
  let elements = 0;
  for (const name of names) {
    const config = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Partial<Record<'resource' | 'data', Record<string, Record<string, unknown>>>>;
    for (const block of [config.resource, config.data]) {
      for (const byName of Object.values(block ?? {})) elements += Object.keys(byName).length;
    }
  }
  return { stacks: names.length, elements };
}
