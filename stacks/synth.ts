import { App } from 'cdktf';
import { validateEnvironments } from '../environments/schema';
import { composeApp } from './compose';
import { deploymentSettingsFromEnv } from './deployment';
import { STACK_KINDS } from './stack-kinds';

export interface SynthOptions {
  /** Where to write `stacks/<name>/cdk.tf.json`. @default - `CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /** Receives the error report. @default console.error */
  readonly report?: (message: string) => void;
}

/**
 * Validates the deployment settings and every environment (nothing is written when they are invalid), composes
 * every stack and writes the Terraform JSON. Returns the process exit code: 0 on success, 1 with a report (every
 * configuration problem, policy violation or setting error) otherwise.
 */
export function synthesizeAll(environmentInputs: readonly unknown[], processEnv: Readonly<Record<string, string | undefined>>, options: SynthOptions = {}): number {
  const report = options.report ?? ((message: string) => console.error(message));
  try {
    const deployment = deploymentSettingsFromEnv(processEnv);
    const environments = validateEnvironments(environmentInputs, STACK_KINDS);
    const app = new App(options.outdir ? { outdir: options.outdir } : {});
    composeApp(app, environments, deployment);
    app.synth();
    return 0;
  } catch (error) {
    report(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
