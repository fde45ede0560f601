import { Policy } from '@cdktf/provider-vault/lib/policy';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { type App, TerraformStack } from 'cdktf';

/**
 * The app of scripts/cdktf-floor.ts: `resources` of the simplest resource this project declares (a `vault_policy` with
 * two literal strings) spread evenly over `stacks` plain `TerraformStack`s with one provider each. No policy pack, no
 * validation, no nested block, no reference: what it costs to compose and synthesize is cdktf's own work, the least
 * any app pays for that many resources in that many stacks. Returns the number of resources added.
 */
export function composeCdktfFloor(app: App, stacks: number, resources: number): number {
  let n = 0;
  for (let s = 0; s < stacks; s++) {
    const stack = new TerraformStack(app, `floor-${s}`);
    new VaultProvider(stack, 'vault', { address: 'https://vault.example.internal:8200' });
    // Resources from `s * resources / stacks` up to `(s + 1) * resources / stacks`, rounded down: an even spread.
    for (const end = Math.floor(((s + 1) * resources) / stacks); n < end; n++) {
      new Policy(stack, `policy-${n}`, { name: `service-${n}`, policy: `path "kv/data/service-${n}/*" {\n  capabilities = ["read"]\n}\n` });
    }
  }
  return n;
}

/** The arguments of scripts/cdktf-floor.ts, or an error that names each one, its value and what is allowed. */
export function parseFloorArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { stacks: number; resources: number; outdir: string } {
  const [stacks, resources] = argv.slice(0, 2).map(Number);
  const outdir = env.CDKTF_OUTDIR;
  if (!Number.isInteger(stacks) || stacks < 1 || !Number.isInteger(resources) || resources < 0 || !outdir || argv.length !== 2) {
    throw new Error(
      'usage: CDKTF_OUTDIR=<dir> node scripts/run-ts.cjs scripts/cdktf-floor.ts <stacks: an integer >= 1> <resources: an integer >= 0>; ' +
        `got arguments ${JSON.stringify(argv)}, CDKTF_OUTDIR ${JSON.stringify(outdir ?? null)}`,
    );
  }
  return { stacks, resources, outdir };
}
