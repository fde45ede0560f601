#!/usr/bin/env node
/**
 * `postinstall`: makes cdktf-cli 0.21.0 load @cdktf/hcl2cdk (its HCL-to-code converter) when a command uses it, not
 * at every start.
 *
 * Why: every `cdktf` command loads the CLI's command bundle (bundle/bin/cmds/handlers.js), and that bundle requires
 * @cdktf/hcl2cdk at the top of the file. hcl2cdk pulls in jsii-rosetta (and with it TypeScript), the provider
 * generator, Babel and prettier: 0.8-1.0 s of the CLI's start-up on the 2-core machine (require timings, measured
 * 2026-12-02), before any app runs. Only `cdktf convert`, `cdktf init --from-terraform-project` and a `cdktf
 * deploy`/`diff` whose plan has Terraform generate configuration for an `import` block call into it. cdktf-cli 0.21.0 is the last release (hashicorp/terraform-cdk is
 * archived), so there is no upstream release to wait for.
 *
 * What it changes, and nothing else: the three places handlers.js binds hcl2cdk (`AMe=ge(require(...))`,
 * `xet=require(...)`, `IE=require(...)`) get an object whose every property read is the same property of
 * `require("@cdktf/hcl2cdk")`, resolved from the same file, at the first read. The bundle only reads properties of
 * those bindings (`AMe.convert`, `(0,xet.convert)`, `(0,IE.convertProject)`, `(0,IE.getTerraformConfigFromDir)`,
 * `(0,IE.parseProviderRequirements)`), so every command behaves as before. The replacements have the length of what
 * they replace and the helper goes on a line of its own at the end, so the bundle's source map still fits.
 *
 * How it stays safe:
 * - It patches one exact file: cdktf-cli 0.21.0's handlers.js, by its SHA-256. Another version or another file fails
 *   the install with what to do (check whether the new CLI still loads hcl2cdk eagerly; update or delete this script).
 * - Each replaced text must occur exactly once, and the result must have the SHA-256 recorded below.
 * - Running it again on the patched file changes nothing. It writes a temporary file and renames it over the original.
 * - No cdktf-cli installed (`npm ci --omit=dev`): nothing to patch, it says so and exits 0.
 *
 * Measured (2026-12-02, 2-core machine, interleaved with `npm run synth`): loading handlers.js 1.40 -> 0.64 s;
 * `npx cdktf synth` 4.99-6.32 s -> 4.71-5.44 s; bench: 3.74 s -> 2.02-2.38 s above the fast path.
 * __tests__/project/patch-cdktf-cli.test.ts tests the patch and that the installed CLI carries it;
 * __tests__/cdktf-synth.test.ts, that the CLI loads its command bundle without hcl2cdk and that `cdktf convert` (which
 * reads hcl2cdk through the binding) still converts HCL.
 */
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI_VERSION = '0.21.0';
const PACKAGE_DIR = join(ROOT, 'node_modules', 'cdktf-cli');
const TARGET = join(PACKAGE_DIR, 'bundle', 'bin', 'cmds', 'handlers.js');

/** SHA-256 of cdktf-cli 0.21.0's bundle/bin/cmds/handlers.js as published on npm, and of it after {@link patchSource}. */
const ORIGINAL_SHA256 = 'b088a50495c1081c9434ada53c7f2882cf1808763a69ea0891bd12df93507992';
const PATCHED_SHA256 = 'e84902d3fa70bcd8259dbaf0e853eed1dbb8d26234ffb4172d8cea0dda3ecfc2';

/**
 * The function the patch appends to handlers.js (before its `//# sourceMappingURL` line): an object whose every
 * property read is that property of `require("@cdktf/hcl2cdk")` (handlers.js's own `require`, so resolved as before).
 */
const LAZY_FUNCTION = '__vaultplatLazyHcl2cdk';
const LAZY_DEFINITION = `function ${LAZY_FUNCTION}(){return new Proxy({},{get:(_t,k)=>require("@cdktf/hcl2cdk")[k]})}\n`;
const SOURCE_MAP_LINE = '//# sourceMappingURL=handlers.js.map';

/**
 * Each text handlers.js binds hcl2cdk with, and what replaces it: a call of {@link LAZY_FUNCTION}, padded with spaces
 * to the same length, so every column of the bundle, and with it its source map, stays where it was. Each must
 * occur exactly once.
 */
const REPLACEMENTS = [
  ['AMe=ge(require("@cdktf/hcl2cdk"))', 'AMe='],
  ['xet=require("@cdktf/hcl2cdk")', 'xet='],
  ['IE=require("@cdktf/hcl2cdk")', 'IE='],
].map(([from, binding]) => [from, `${binding}${LAZY_FUNCTION}()`.padEnd(from.length, ' ')]);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Counts the occurrences of `needle` in `text` (without overlaps). */
function count(text, needle) {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * Returns handlers.js's source with hcl2cdk bound lazily. Throws, naming the text, when a replaced text does not
 * occur exactly once or when an eager `require("@cdktf/hcl2cdk")` is left.
 * @param {string} source
 */
function patchSource(source) {
  let patched = source;
  for (const [from, to] of REPLACEMENTS) {
    const found = count(patched, from);
    if (found !== 1) throw new Error(`expected ${JSON.stringify(from)} once in cdktf-cli's handlers.js, found it ${found} times`);
    patched = patched.replace(from, to);
  }
  const eager = count(patched, 'require("@cdktf/hcl2cdk")');
  if (eager !== 0) throw new Error(`${eager} eager require("@cdktf/hcl2cdk") left in cdktf-cli's handlers.js`);
  if (count(patched, LAZY_FUNCTION) !== REPLACEMENTS.length) throw new Error(`cdktf-cli's handlers.js already names ${LAZY_FUNCTION}`);
  const end = patched.lastIndexOf(SOURCE_MAP_LINE);
  if (end === -1 || patched.slice(end + SOURCE_MAP_LINE.length).trim() !== '') throw new Error(`cdktf-cli's handlers.js does not end with ${JSON.stringify(SOURCE_MAP_LINE)}`);
  return `${patched.slice(0, end)}${LAZY_DEFINITION}${patched.slice(end)}`;
}

/**
 * Patches the installed CLI. Returns what it did: `patched`, `already patched` or `no cdktf-cli installed`. Throws
 * with what to do when the installed CLI is not the one this patch was made for.
 * @param {{ packageDir?: string }} [options] the cdktf-cli package directory (tests use a copy)
 */
function patchInstalledCli(options = {}) {
  const packageDir = options.packageDir ?? PACKAGE_DIR;
  const target = join(packageDir, 'bundle', 'bin', 'cmds', 'handlers.js');
  if (!existsSync(join(packageDir, 'package.json'))) return 'no cdktf-cli installed';
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const advice = 'check whether this cdktf-cli still requires @cdktf/hcl2cdk at the top of bundle/bin/cmds/handlers.js, then update or delete scripts/patch-cdktf-cli.cjs and the postinstall script in package.json';
  if (version !== CLI_VERSION) throw new Error(`cdktf-cli is ${version}; scripts/patch-cdktf-cli.cjs patches ${CLI_VERSION} only: ${advice}`);
  const source = readFileSync(target, 'utf8');
  const hash = sha256(source);
  if (hash === PATCHED_SHA256) return 'already patched';
  if (hash !== ORIGINAL_SHA256) throw new Error(`${target} has SHA-256 ${hash}, not cdktf-cli ${CLI_VERSION}'s ${ORIGINAL_SHA256} (or the patched ${PATCHED_SHA256}): reinstall it (npm ci), or ${advice}`);
  const patched = patchSource(source);
  if (sha256(patched) !== PATCHED_SHA256) throw new Error(`patching ${target} gave SHA-256 ${sha256(patched)}, expected ${PATCHED_SHA256}`);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, patched, { mode: statSync(target).mode });
  renameSync(temporary, target);
  return 'patched';
}

module.exports = { CLI_VERSION, LAZY_DEFINITION, LAZY_FUNCTION, ORIGINAL_SHA256, PATCHED_SHA256, REPLACEMENTS, TARGET, patchInstalledCli, patchSource, sha256 };

if (require.main === module) {
  try {
    const done = patchInstalledCli();
    const detail = done === 'no cdktf-cli installed' ? '' : ` (${TARGET.slice(ROOT.length + 1)}: @cdktf/hcl2cdk loaded on first use)`;
    process.stdout.write(`patch-cdktf-cli: ${done}${detail}\n`);
  } catch (error) {
    process.stderr.write(`patch-cdktf-cli: ${error.message}\n`);
    process.exit(1);
  }
}
