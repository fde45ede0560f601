/**
 * Lints several snippets in one ESLint process (__tests__/lint/provider-imports.test.ts): reads
 * `[{ "source": "...", "filePath": "/abs/path.ts" }, ...]` on stdin and prints `[{ "status": 0|1, "output": "..." }]`.
 *
 * Each snippet goes through what `eslint --stdin --stdin-filename <filePath>` runs (eslint 9.39.5, lib/cli.js): an
 * `ESLint` engine with the project's eslint.config.mjs, `lintText(source, { filePath })`, the default `stylish`
 * formatter, and the CLI's exit status (1 when there is an error, else 0). One process instead of one per snippet:
 * loading ESLint, typescript-eslint and TypeScript costs about 2 s of CPU each time.
 */
'use strict';
const { ESLint } = require('eslint');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const snippets = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const engine = new ESLint({ cwd: process.cwd() });
  const formatter = await engine.loadFormatter('stylish');
  const results = [];
  for (const { source, filePath } of snippets) {
    const linted = await engine.lintText(source, { filePath });
    const errors = linted.reduce((sum, result) => sum + result.errorCount, 0);
    results.push({ status: errors > 0 ? 1 : 0, output: await formatter.format(linted) });
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
