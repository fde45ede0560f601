// Types of scripts/test.cjs, for __tests__/project/test-runner.test.ts and workflows.test.ts.

export interface StepResult {
  readonly code: number;
  readonly output: string;
}

export interface Step {
  readonly name: string;
  /** Peak memory of the step run alone (MB, whole process tree), for the scheduler's budget. */
  readonly memoryMb: number;
  /** Steps that must be done before this one starts. */
  readonly after?: readonly string[];
  /** The package.json script the step runs, with `args` appended and `env` added. */
  readonly script?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly run: () => Promise<StepResult>;
}

export interface StepRun extends StepResult {
  readonly name: string;
  readonly status: 'done';
  /** Milliseconds since runSteps was called. */
  readonly startedMs: number;
  readonly seconds: number;
}

export declare const MEMORY_MB: Readonly<Record<string, number>>;
export declare function plan(dir: string): Step[];
export declare function runSteps(steps: readonly Step[], options: { readonly budgetMb: number; readonly write: (text: string) => void }): Promise<StepRun[]>;
