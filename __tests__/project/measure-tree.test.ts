import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with the command line
const { reapedChildrenCpuSeconds } = require('../../scripts/measure-tree.cjs') as { reapedChildrenCpuSeconds: (stat?: string) => number };

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'measure-tree.cjs');

// /proc/<pid>/stat: pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ...; comm may hold spaces and parentheses.
const stat = (cutime: number, cstime: number) => `4242 (node (my) app) S 1 4242 4242 0 -1 4194304 100 0 0 0 7 3 ${cutime} ${cstime} 20 0 11 0 100 1000 200\n`;

/**
 * `node scripts/measure-tree.cjs --json -- sh -c <script>` in a process of its own: the CPU it reports is what that
 * process reaped. (Not `measure()` in this jest worker: workers are threads of one process, and the other worker's
 * child processes would be reaped into the same counters.) Returns its JSON and what the command wrote on stderr.
 */
function measureShell(script: string): { result: { cpuSeconds: number; exitCode: number }; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT, '--json', '--', 'sh', '-c', script], { encoding: 'utf8' });
  if (!run.stdout.startsWith('{')) throw new Error(`measure-tree printed no JSON (status ${run.status}):\n${run.stdout}${run.stderr}`);
  return { result: JSON.parse(run.stdout) as { cpuSeconds: number; exitCode: number }, stderr: run.stderr };
}

describe('measure-tree: CPU time of the process tree', () => {
  it("reads cutime + cstime from /proc/self/stat, after the command name's last parenthesis", () => {
    expect(reapedChildrenCpuSeconds(stat(250, 50))).toBeCloseTo(3, 5); // 300 ticks of 1/100 s (getconf CLK_TCK here: 100)
    expect(reapedChildrenCpuSeconds(stat(0, 0))).toBe(0);
    expect(() => reapedChildrenCpuSeconds('4242 (x) S 1')).toThrow('cannot read cutime/cstime from /proc/self/stat');
  });

  it('does not count a command that sleeps', () => {
    const { result } = measureShell('sleep 0.3');
    expect([result.exitCode, result.cpuSeconds < 0.05]).toEqual([0, true]);
  });

  it("counts a grandchild's CPU as the grandchild itself reports it", () => {
    // A fixed amount of work (not a wall-clock loop, which gets less CPU on a busy machine), then the node process's
    // own CPU time, all threads, on stderr; under sh, so that the node process is a grandchild of measure-tree.
    const busy = 'let x = 0; for (let i = 0; i < 3e8; i++) x += i; const u = process.cpuUsage(); process.stderr.write(String((u.user + u.system) / 1e6));';
    const { result, stderr } = measureShell(`${JSON.stringify(process.execPath)} -e ${JSON.stringify(busy)}; exit 3`);
    const reported = Number(stderr.split('\n')[0]);
    expect(result.exitCode).toBe(3);
    expect(reported).toBeGreaterThan(0.1);
    // The kernel counts in clock ticks (10 ms), and also what runs after the report (node's exit, sh). The bounds
    // fail a wrong field or a wrong clock-tick rate, which are off by a factor.
    expect(result.cpuSeconds).toBeGreaterThanOrEqual(reported - 0.05);
    expect(result.cpuSeconds).toBeLessThanOrEqual(reported * 1.5 + 0.2);
  });
});
