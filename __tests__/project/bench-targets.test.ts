import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TABLE_END, BENCH_TABLE_START, BENCH_TARGETS, replaceBenchTable } from '../../scripts/bench-targets';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README "Performance" table (written by npm run bench -- --update-readme)', () => {
  const block = README.slice(README.indexOf(BENCH_TABLE_START), README.indexOf(BENCH_TABLE_END));
  const rows = block
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| measure '))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '')));

  it('sits between the bench markers', () => {
    expect(README.indexOf(BENCH_TABLE_START)).toBeGreaterThan(0);
    expect(README.indexOf(BENCH_TABLE_END)).toBeGreaterThan(README.indexOf(BENCH_TABLE_START));
  });

  it("shows every target of scripts/bench-targets.ts, with the bench's own limit, and nothing else", () => {
    const expected = Object.values(BENCH_TARGETS).map((t) => [t.measure, `${t.better === 'lower' ? '<=' : '>='} ${t.format(t.limit)}`]);
    expect(rows.map(([measure, , target]) => [measure, target])).toEqual(expected);
  });

  it('says for each row whether the target was met, as the bench computed it', () => {
    expect(rows.map((row) => row[3])).toEqual(rows.map(() => expect.stringMatching(/^(yes|NO)$/)));
  });
});

describe('replaceBenchTable', () => {
  it('replaces only what lies between the markers', () => {
    const readme = `before\n${BENCH_TABLE_START}\nold table\n${BENCH_TABLE_END}\nafter\n`;
    expect(replaceBenchTable(readme, '| new |', '2026-12-02')).toBe(`before\n${BENCH_TABLE_START}\nMeasured 2026-12-02:\n\n| new |\n${BENCH_TABLE_END}\nafter\n`);
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceBenchTable('no markers', '| t |', '2026-12-02')).toThrow('README.md has no bench table markers');
  });
});
