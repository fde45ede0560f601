// Preloaded into the measured synth process by scripts/bench.ts: records the process's own peak RSS (KiB) at exit.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
