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

  it("counts a grandchild's busy CPU and not a child's sleep", async () => {
    const busy = 'const end = Date.now() + 400; while (Date.now() < end);';
    const sleeping = await measure('sleep', ['0.4'], { stdio: 'ignore' });
    const grandchild = await measure('sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(busy)}; exit 3`], { stdio: 'ignore' });
    expect(sleeping.exitCode).toBe(0);
    expect(sleeping.cpuSeconds).toBeLessThan(0.1);
    expect(grandchild.exitCode).toBe(3);
    expect(grandchild.cpuSeconds).toBeGreaterThanOrEqual(0.35);
    expect(grandchild.cpuSeconds).toBeLessThanOrEqual(grandchild.seconds + 0.05);
  });
});
