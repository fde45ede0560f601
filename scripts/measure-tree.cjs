#!/usr/bin/env node
/**
 * `node scripts/measure-tree.cjs [--json] -- <command> [args...]`: runs a command and reports its wall time and the
 * peak memory of its whole process tree: the sum of the resident set sizes (VmRSS) of the command and every
 * descendant process, sampled from /proc every 50 ms. A command that starts workers or parallel tools (jest workers,
 * tsc next to ESLint) is measured as the machine sees it, not as its largest single process (`/usr/bin/time`'s
 * "maximum resident set size" reports only the largest one).
 *
 * It also reports the CPU time (user + system) of the tree: what the kernel adds to this process's `cutime` and
 * `cstime` (/proc/self/stat) when it reaps the command, which includes every descendant that was itself waited for by
 * its parent (a descendant left to run on after its parent exited is not counted). It counts every child the process
 * reaps meanwhile, so `measure()` must run one command at a time in a process that starts no other child meanwhile
 * (not in a jest worker: jest's workers are threads of one process; a test runs this script as a process of its own).
 * On N cores, no schedule of the work can finish in less than CPU time / N.
 *
 * Linux only (/proc). Sampling can miss a peak shorter than 50 ms; the figure is a lower bound of the true peak.
 * Prints `<seconds> s, <cpu> s CPU, peak <MB> MB (process tree)` to stderr, or with --json one JSON object on stdout:
 * `{"seconds":…,"cpuSeconds":…,"peakMegabytes":…,"exitCode":…}`. Exits with the command's exit code.
 */
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');

/** Parent pid and RSS (KiB) of every process, read from /proc/<pid>/status. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue; // the process ended between readdir and read
    }
    const ppid = /^PPid:\s+(\d+)/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    table.set(Number(entry), { ppid: ppid ? Number(ppid[1]) : 0, rssKiB: rss ? Number(rss[1]) : 0 });
  }
  return table;
}

/** Sum of the RSS of `root` and all its descendants, in KiB. */
function treeRssKiB(root) {
  const table = processTable();
  const children = new Map();
  for (const [pid, { ppid }] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    total += table.get(pid)?.rssKiB ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

let clockTicks;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux x86). */
function ticksPerSecond() {
  if (clockTicks === undefined) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`measure-tree: getconf CLK_TCK gave ${JSON.stringify(value)}, expected a positive integer`);
    clockTicks = value;
  }
  return clockTicks;
}

/**
 * CPU seconds (user + system) of the children this process has reaped so far, with their reaped descendants:
 * `cutime` + `cstime` of /proc/self/stat (fields 16 and 17, counted after the command name, which may hold spaces).
 */
function reapedChildrenCpuSeconds(stat = readFileSync('/proc/self/stat', 'utf8')) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [cutime, cstime] = [Number(fields[13]), Number(fields[14])];
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) throw new Error(`measure-tree: cannot read cutime/cstime from /proc/self/stat: ${stat.slice(0, 200)}`);
  return (cutime + cstime) / ticksPerSecond();
}

/**
 * Runs `command args` with inherited stdio (or piped into `options.stdio`) and resolves with its wall time, peak tree
 * RSS, CPU time of the tree and exit code.
 */
function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const cpuBefore = reapedChildrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: options.stdio ?? 'inherit', env: options.env ?? process.env, cwd: options.cwd });
    let peakKiB = 0;
    const sample = () => {
      peakKiB = Math.max(peakKiB, treeRssKiB(child.pid));
    };
    const timer = setInterval(sample, 50);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        cpuSeconds: reapedChildrenCpuSeconds() - cpuBefore,
        peakMegabytes: peakKiB / 1024,
        exitCode: code ?? (signal ? 128 : 1),
        child,
      });
    });
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const json = argv[0] === '--json';
  const rest = json ? argv.slice(1) : argv;
  const separator = rest.indexOf('--');
  const [command, ...args] = separator === -1 ? rest : rest.slice(separator + 1);
  if (!command) {
    process.stderr.write('usage: node scripts/measure-tree.cjs [--json] -- <command> [args...]\n');
    process.exitCode = 2;
    return;
  }
  const result = await measure(command, args, { stdio: json ? ['inherit', 'ignore', 'inherit'] : 'inherit' });
  if (json) {
    process.stdout.write(`${JSON.stringify({ seconds: result.seconds, cpuSeconds: result.cpuSeconds, peakMegabytes: result.peakMegabytes, exitCode: result.exitCode })}\n`);
  } else {
    process.stderr.write(`${result.seconds.toFixed(2)} s, ${result.cpuSeconds.toFixed(2)} s CPU, peak ${result.peakMegabytes.toFixed(0)} MB (process tree)\n`);
  }
  process.exitCode = result.exitCode;
}

module.exports = { measure, reapedChildrenCpuSeconds, treeRssKiB };

if (require.main === module) main();
