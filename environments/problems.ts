/** A configuration problem, reported with every other problem of the same run. */
export interface ConfigProblem {
  /** Environment name (or `environments[i]` when the name itself is unusable). */
  readonly environment: string;
  /** Field path inside the environment, e.g. `network.vpcs.tooling.cidr`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The value received; omitted when there was none. */
  readonly value?: unknown;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path ? `${problem.environment}.${problem.path}` : problem.environment;
  const got = 'value' in problem ? ` (got ${formatValue(problem.value)})` : '';
  return `${where}: ${problem.message}${got}`;
}

/** Thrown when the environment configuration is invalid; the message lists every problem, one per line. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** Collects problems for one environment; section checks call `add`. */
export class ProblemSink {
  readonly problems: ConfigProblem[] = [];
  constructor(readonly environment: string) {}

  add(path: string, message: string, ...value: [unknown?]): void {
    this.problems.push(value.length > 0 ? { environment: this.environment, path, message, value: value[0] } : { environment: this.environment, path, message });
  }
}
