#!/usr/bin/env node
/**
 * `node scripts/measure-tree.cjs [--json] -- <command> [args...]`: runs a command and reports its wall time and the
 * peak memory of its whole process tree: the sum of the resident set sizes (VmRSS) of the command and every
 * descendant process, sampled from /proc every 50 ms. A command that starts workers or parallel tools (jest workers,
 * tsc next to ESLint) is measured as the machine sees it, not as its largest single process (`/usr/bin/time`'s
 * "maximum resident set size" reports only the largest one).
 *
 * Linux only (/proc). Sampling can miss a peak shorter than 50 ms; the figure is a lower bound of the true peak.
 * Prints `<seconds> s, peak <MB> MB (process tree)` to stderr, or with --json one JSON object on stdout:
 * `{"seconds":…,"peakMegabytes":…,"exitCode":…}`. Exits with the command's exit code.
 */
'use strict';
const { spawn } = require('node:child_process');
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

/**
 * Runs `command args` with inherited stdio (or piped into `options.stdio`) and resolves with its wall time, peak tree
 * RSS and exit code.
 */
function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
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
    process.stdout.write(`${JSON.stringify({ seconds: result.seconds, peakMegabytes: result.peakMegabytes, exitCode: result.exitCode })}\n`);
  } else {
    process.stderr.write(`${result.seconds.toFixed(2)} s, peak ${result.peakMegabytes.toFixed(0)} MB (process tree)\n`);
  }
  process.exitCode = result.exitCode;
}

module.exports = { measure, treeRssKiB };

if (require.main === module) main();
