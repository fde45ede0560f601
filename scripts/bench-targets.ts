/**
 * The targets `npm run bench` checks (scripts/bench.ts), on the 2-core development machine. README "Performance"
 * shows them in the table the bench writes; a test keeps the README's rows equal to these. Issue 14 set them.
 */
export const BENCH_TARGETS = {
  stockRatio: {
    measure: 'full synth: stock toolchain (ts-node main.ts) / fast path (npm run synth), median of 5 cold runs each',
    better: 'higher',
    limit: 5,
    format: (value: number) => `${value.toFixed(1)}x`,
  },
  synthMegabytes: {
    measure: 'full synth, peak RSS of the process tree',
    better: 'lower',
    limit: 300,
    format: (value: number) => `${value.toFixed(0)} MB`,
  },
  scaleRatio: {
    measure: 'full synth with 500 services per environment / base configuration, medians',
    better: 'lower',
    limit: 1.5,
    format: (value: number) => `${value.toFixed(2)}x`,
  },
  scaleMegabytes: {
    measure: 'full synth with 500 services per environment, peak RSS of the process tree',
    better: 'lower',
    limit: 400,
    format: (value: number) => `${value.toFixed(0)} MB`,
  },
  scaleLinearity: {
    measure: 'cost per service, 100-500 services / 0-100 services (1 = linear)',
    better: 'lower',
    limit: 1.5,
    format: (value: number) => `${value.toFixed(2)}x`,
  },
  cliSecondsAbove: {
    measure: '`npx cdktf synth` above the fast path, medians',
    better: 'lower',
    limit: 3,
    format: (value: number) => `${value.toFixed(2)} s`,
  },
  testSeconds: {
    measure: '`npm test`, cold (jest cache cleared), wall time',
    better: 'lower',
    limit: 45,
    format: (value: number) => `${value.toFixed(1)} s`,
  },
  testMegabytes: {
    measure: '`npm test`, peak RSS of the process tree',
    better: 'lower',
    limit: 1024,
    format: (value: number) => `${value.toFixed(0)} MB`,
  },
} as const satisfies Record<string, { measure: string; better: 'lower' | 'higher'; limit: number; format: (value: number) => string }>;

export type BenchTargetId = keyof typeof BENCH_TARGETS;

export interface BenchRow {
  readonly id: BenchTargetId;
  readonly value: number;
  readonly detail: string;
  readonly met: boolean;
}

export const BENCH_TABLE_START = '<!-- bench:table:start (written by npm run bench -- --update-readme) -->';
export const BENCH_TABLE_END = '<!-- bench:table:end -->';

/** README text with the block between the bench markers replaced by `table` and the date it was measured. */
export function replaceBenchTable(readme: string, table: string, date: string): string {
  const start = readme.indexOf(BENCH_TABLE_START);
  const end = readme.indexOf(BENCH_TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no bench table markers (${BENCH_TABLE_START} ... ${BENCH_TABLE_END})`);
  return `${readme.slice(0, start)}${BENCH_TABLE_START}\nMeasured ${date}:\n\n${table}\n${readme.slice(end)}`;
}
