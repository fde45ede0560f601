// Types of scripts/test-synth.cjs, for __tests__/shared-synth.ts.

/** One run of the shared synth, as written to `<dir>/main.json`. */
export interface MainSynthRecord {
  /** Exit status of `node scripts/run-ts.cjs main.ts`, null when a signal ended it. */
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  /** {@link sourceFingerprint} taken just before the synth started. */
  readonly sources: string;
  /** The directory that holds the output directory and nothing else. */
  readonly parent: string;
  /** The synth output (`CDKTF_OUTDIR`). */
  readonly outdir: string;
}

export declare const RECORD: string;
export declare const SOURCES: readonly string[];
export declare function mainSynthPaths(dir: string): { readonly parent: string; readonly outdir: string; readonly record: string };
export declare function runMainSynth(dir: string): Promise<MainSynthRecord>;
export declare function sourceFingerprint(): string;
