import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with the command line
const { measure, reapedChildrenCpuSeconds } = require('../../scripts/measure-tree.cjs') as {
  measure: (command: string, args: string[], options: { stdio: unknown }) => Promise<{ seconds: number; cpuSeconds: number; exitCode: number }>;
  reapedChildrenCpuSeconds: (stat?: string) => number;
};

// /proc/<pid>/stat: pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17) ...; comm may hold spaces and parentheses.
const stat = (cutime: number, cstime: number) => `4242 (node (my) app) S 1 4242 4242 0 -1 4194304 100 0 0 0 7 3 ${cutime} ${cstime} 20 0 11 0 100 1000 200\n`;

describe('measure-tree: CPU time of the process tree', () => {
  it("reads cutime + cstime from /proc/self/stat, after the command name's last parenthesis", () => {
    expect(reapedChildrenCpuSeconds(stat(250, 50))).toBeCloseTo(3, 5); // 300 ticks of 1/100 s (getconf CLK_TCK here: 100)
    expect(reapedChildrenCpuSeconds(stat(0, 0))).toBe(0);
    expect(() => reapedChildrenCpuSeconds('4242 (x) S 1')).toThrow('cannot read cutime/cstime from /proc/self/stat');
  });

  it("counts a grandchild's CPU, as the grandchild itself reports it, and not a child's sleep", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaultplat-measure-'));
    try {
      const sleeping = await measure('sleep', ['0.3'], { stdio: 'ignore' });
      expect([sleeping.exitCode, sleeping.cpuSeconds < 0.05]).toEqual([0, true]);

      // A fixed amount of work (not a wall-clock loop: on a busy machine that would get less CPU), then the node
      // process's own CPU time, all threads, as it measured it; under `sh`, so that the node process is a grandchild.
      const busy = 'let x = 0; for (let i = 0; i < 3e8; i++) x += i; const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1e6));';
      const out = join(dir, 'out');
      const fd = openSync(out, 'w');
      let grandchild;
      try {
        grandchild = await measure('sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(busy)}; exit 3`], { stdio: ['ignore', fd, 'inherit'] });
      } finally {
        closeSync(fd);
      }
      const reported = Number(readFileSync(out, 'utf8'));
      expect(grandchild.exitCode).toBe(3);
      expect(reported).toBeGreaterThan(0.1);
      // The kernel counts in clock ticks (10 ms). It also counts what runs after the report: node's exit and its
      // threads' last work, and sh; on a loaded machine (npm test) that was measured at up to 0.26 s. The upper bound
      // still fails a wrong field or a wrong clock-tick rate, which are off by a factor.
      expect(grandchild.cpuSeconds).toBeGreaterThanOrEqual(reported - 0.05);
      expect(grandchild.cpuSeconds).toBeLessThanOrEqual(reported * 1.5 + 0.2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
