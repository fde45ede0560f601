import { relative, isAbsolute } from 'node:path';
import { AnnotationMetadataEntryType, App } from 'cdktf';
import { validateEnvironments } from '../environments/schema';
import { composeApp } from './compose';
import { deploymentSettingsFromEnv } from './deployment';
import { STACK_KINDS } from './stack-kinds';
import { SynthOutput } from './synth-output';
import { enablePlainValueResolve } from './plain-value-resolve';
import { disableTokenStackTraces } from './token-stack-traces';
import { formatSynthSummary, summarizeSynth } from './synth-summary';

export type ProcessEnv = Readonly<Record<string, string | undefined>>;

export interface SynthOptions {
  /** Where to write `manifest.json` and `stacks/<name>/cdk.tf.json`. @default - `CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /** Receives the error report. @default console.error */
  readonly report?: (message: string) => void;
  /** Receives the summary of a successful synth. @default console.log */
  readonly print?: (summary: string) => void;
}

/**
 * The synth entry point of main.ts (`npm run synth`, and `npx cdktf synth` through `app` in cdktf.json): validates
 * the deployment settings and every environment, composes every stack and writes the Terraform JSON with
 * {@link synthesizeApp}. Returns the process exit code.
 */
export function synthesizeAll(environmentInputs: readonly unknown[], processEnv: ProcessEnv, options: SynthOptions = {}): number {
  return synthesizeApp(
    (app) => {
      const deployment = deploymentSettingsFromEnv(processEnv);
      const environments = validateEnvironments(environmentInputs, STACK_KINDS);
      composeApp(app, environments, deployment);
    },
    processEnv,
    options,
  );
}

/**
 * Builds the app with `compose` and synthesizes it all or nothing: into a temporary directory beside the output
 * directory, which replaces the output directory only when everything succeeded (see {@link SynthOutput}). Any
 * error (invalid configuration, policy violation in any stack, error annotation, failed write) is reported, the
 * temporary directory is deleted and the output directory stays exactly as it was. On success the summary is
 * printed. Returns the process exit code: 0 on success, 1 otherwise.
 */
export function synthesizeApp(compose: (app: App) => void, processEnv: ProcessEnv, options: SynthOptions = {}): number {
  const report = options.report ?? ((message: string) => console.error(message));
  const print = options.print ?? ((summary: string) => console.log(summary));
  const outdir = options.outdir ?? processEnv.CDKTF_OUTDIR ?? 'cdktf.out';
  let output: SynthOutput | undefined;
  try {
    disableTokenStackTraces();
    enablePlainValueResolve();
    output = SynthOutput.open(outdir);
    const app = new App({ outdir: output.staging });
    compose(app);
    app.synth();
    failOnErrorAnnotations(app);
    const summary = summarizeSynth(app);
    output.commit({ placeholdersForRemovedStacks: runByCdktfCli(processEnv) });
    output = undefined;
    print(formatSynthSummary(summary, displayPath(outdir)));
    return 0;
  } catch (error) {
    output?.discard();
    report(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

/**
 * cdktf fails a stack with an error annotation while it synthesizes it, unless CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS
 * is set, as the cdktf CLI does: it prints the annotations itself after reading the output, and fails only then,
 * once the output has been written. Failing here keeps that output from replacing the previous one.
 */
function failOnErrorAnnotations(app: App): void {
  const errors = Object.values(app.manifest.stacks).flatMap((stack) =>
    stack.annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR).map((a) => `[${a.constructPath}] ${a.message}`),
  );
  if (errors.length > 0) throw new Error(`Encountered Annotations with level "ERROR":\n${errors.join('\n')}`);
}

/**
 * True when the cdktf CLI runs this app: it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true and passes
 * `cdktfRelativeModules` in CDKTF_CONTEXT_JSON (hashicorp/terraform-cdk v0.21.0,
 * packages/@cdktf/cli-core/src/lib/synth-stack.ts, `SynthStack.synth`).
 */
export function runByCdktfCli(processEnv: ProcessEnv): boolean {
  return processEnv.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === 'true' && (processEnv.CDKTF_CONTEXT_JSON ?? '').includes('"cdktfRelativeModules"');
}

/** `outdir` relative to the working directory when it is below it, else as given. */
function displayPath(outdir: string): string {
  const path = relative(process.cwd(), outdir);
  return path === '' || path.startsWith('..') || isAbsolute(path) ? outdir : path;
}
