/**
 * `npm run docs:state-sharing`: writes docs/state-sharing.md, which workspace shares its state with which and which
 * states hold secrets, from the synthesized app (stacks/state-sharing.ts) and the secret contract
 * (stacks/state-secret-contract.ts). `--check` exits 1 when the committed file is out of date instead of writing.
 * __tests__/stacks/state-sharing.test.ts pins the committed file to this output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { dev } from '../environments/dev';
import { prod } from '../environments/prod';
import { validateEnvironments } from '../environments/schema';
import { staging } from '../environments/staging';
import { composeApp } from '../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../stacks/deployment';
import { SERVICE_STACK_PREFIX } from '../environments/service-shards';
import { STACK_KINDS } from '../stacks/stack-kinds';
import { PINNED_PROVIDERS, STATE_SECRET_CONTRACT, type SecretStored } from '../stacks/state-secret-contract';
import { type StateSecret, type StateSharingReport, type SynthesizedStack, analyzeStateSharing, readSynthesizedApp, stateLocationOf } from '../stacks/state-sharing';

export const STATE_SHARING_DOC_PATH = join(__dirname, '..', 'docs', 'state-sharing.md');

/** Synthesizes every stack of every shipped environment (HCP Terraform state) into a temporary directory and reads it back. */
export function synthesizeShippedApp(): { stacks: SynthesizedStack[]; environments: string[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'vaultplat-state-sharing-'));
  try {
    const environments = validateEnvironments([dev, staging, prod], STACK_KINDS);
    const app = new App({ outdir });
    composeApp(app, environments, DEFAULT_DEPLOYMENT);
    app.synth();
    return { stacks: readSynthesizedApp(outdir), environments: environments.map((e) => e.name) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const code = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Stack kinds in deploy order, then the environment's bootstrap (its workspace holds a state too). */
const KINDS: readonly string[] = [...STACK_KINDS, 'bootstrap'];

/** A service stack of the catalog, `services-<team>[-<shard>]-<env>` (docs/service-catalog.md). */
const isServiceStack = (stack: string, env: string) => stack.startsWith(SERVICE_STACK_PREFIX) && stack.endsWith(`-${env}`);

function environmentOf(stack: string, environments: readonly string[]): string | undefined {
  return environments.find((env) => KINDS.some((kind) => stack === `${kind}-${env}`) || isServiceStack(stack, env));
}

/** `vaultplat-network-dev` -> `vaultplat-network-<env>` */
function generic(name: string, env: string): string {
  return name.endsWith(`-${env}`) ? `${name.slice(0, -env.length - 1)}-<env>` : name;
}

function workspaceOf(stacks: readonly SynthesizedStack[], name: string): string {
  const location = stateLocationOf(stacks.find((s) => s.name === name)?.json ?? {}) ?? `stack ${name}`;
  return location.replace(/^workspace:/, '');
}

function storedText(stored: SecretStored): string {
  if (stored === 'always') return 'always';
  if (stored === 'when-set') return 'when set from an expression';
  if ('whenSet' in stored) return `when \`${stored.whenSet}\` is set`;
  return `when \`${stored.when}\` = \`${JSON.stringify(stored.equals)}\``;
}

/** `tls_private_key.private_key_pem`, `output.<id>`, `data.terraform_remote_state.outputs`: a secret without instance names. */
function secretSummary(secret: StateSecret): string {
  if (secret.address.startsWith('output.')) return secret.address;
  const parts = secret.address.split('.');
  const type = parts[0] === 'data' ? `data.${parts[1]}` : parts[0];
  return secret.attribute ? `${type}.${secret.attribute}` : type;
}

/** Rows (producer workspace, consumer workspaces, secrets) of one environment, names made generic. */
function environmentRows(report: StateSharingReport, stacks: readonly SynthesizedStack[], env: string, environments: readonly string[]) {
  const own = stacks.filter((s) => environmentOf(s.name, environments) === env).map((s) => s.name);
  // Platform stacks in deploy order, then the service stacks (by name), then the bootstrap.
  const order = (name: string) => (isServiceStack(name, env) ? KINDS.length - 1.5 : KINDS.findIndex((kind) => name === `${kind}-${env}`));
  own.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return own.map((stack) => {
    const consumers = (report.consumersOf.get(stack) ?? []).slice().sort((a, b) => order(a) - order(b));
    const secrets = [...new Set((report.secrets.get(stack) ?? []).map(secretSummary))];
    return {
      stack: generic(stack, env),
      workspace: generic(workspaceOf(stacks, stack), env),
      consumers: consumers.map((c) => generic(workspaceOf(stacks, c), env)),
      secrets,
    };
  });
}

/** The Markdown document. Deterministic: same app, same text. */
export function stateSharingDocument(stacks: readonly SynthesizedStack[], environments: readonly string[]): string {
  const report = analyzeStateSharing(stacks);
  const perEnvironment = environments.map((env) => ({ env, rows: environmentRows(report, stacks, env, environments) }));
  const groups: { envs: string[]; rows: ReturnType<typeof environmentRows> }[] = [];
  for (const { env, rows } of perEnvironment) {
    const same = groups.find((g) => JSON.stringify(g.rows) === JSON.stringify(rows));
    if (same) same.envs.push(env);
    else groups.push({ envs: [env], rows });
  }

  const lines = [
    '# State sharing between workspaces',
    '',
    '<!-- Generated by `npm run docs:state-sharing` (scripts/generate-state-sharing-doc.ts); do not edit by hand. -->',
    '',
    'Stacks pass values to each other as cdktf cross-stack references: the producer declares an output, the consumer',
    'reads it with a `terraform_remote_state` data source. For that, HCP Terraform must let the consumer workspace read',
    "the producer's state (remote state sharing), and the consumer's runs then have the producer's **whole** state,",
    'not only the outputs they use; the consumer\'s own state also keeps a copy of **every** output of the producer.',
    'So: **no workspace that another reads may hold a private key or another secret in its state**, and the tables below',
    'say exactly which workspace shares with which.',
    '',
    'This file is generated from the synthesized app (every stack of every environment) by',
    '`stacks/state-sharing.ts`; `__tests__/stacks/state-sharing.test.ts` fails when it is stale, when a stack that',
    'another reads holds a secret, or when the app uses a resource type the secret contract below does not list.',
    '',
    '## Which workspace shares its state with which',
    '',
  ];
  for (const group of groups) {
    const readers = group.rows.filter((row) => row.consumers.length > 0);
    const unread = group.rows.filter((row) => row.consumers.length === 0);
    lines.push(
      `Environments ${code(group.envs)}${group.envs.length > 1 ? ' (the same graph in each; `<env>` is the environment)' : ''}:`,
      '',
      '| Producer workspace | Shares its state with (consumer workspaces) | Its state holds secrets |',
      '| --- | --- | --- |',
      ...readers.map((row) => `| \`${row.workspace}\` | ${code(row.consumers)} | ${row.secrets.length > 0 ? `**yes**: ${cell(code(row.secrets))}` : 'no'} |`),
      '',
      `Shared with **no** workspace (remote state sharing off): ${unread
        .map((row) => `\`${row.workspace}\`${row.secrets.length > 0 ? ` (holds secrets: ${code(row.secrets)})` : ''}`)
        .join('; ')}.`,
      '',
    );
  }
  lines.push(
    'In HCP Terraform set each producer workspace to **Share with specific workspaces** (Settings > General > Remote',
    'state sharing) and select exactly its consumers above; never "Share with all workspaces in this organization". With',
    'the tfe provider that is `tfe_workspace_settings` with `global_remote_state = false` and',
    '`remote_state_consumer_ids` (terraform-provider-tfe v0.71.0). Who else can read a state (teams, project roles):',
    '[vault-access.md](vault-access.md#sensitive-values-where-they-live-and-who-may-read-them).',
    '',
    '## What counts as a secret in state',
    '',
    'A value whose disclosure grants access or lets someone impersonate a party: private keys, passwords, tokens, secret',
    'IDs, secret data. A state holds one when:',
    '',
    '- a resource or data source of the stack has an attribute the pinned provider marks `Sensitive` that holds a secret,',
    '  per the contract below: `always` (generated or read back by the provider), `when set from an expression` (an',
    '  argument stored as given; a literal is already public in the synthesized configuration, and policy rule VP-SEC-1',
    '  rejects literal secrets), or only under a condition on another argument;',
    '- an output is declared `sensitive` by us, or references such an attribute or a sensitive variable (cdktf marks every',
    '  cross-stack output sensitive whatever it holds, so that flag alone says nothing);',
    '- it reads (remote state) a producer with a secret output: its own state then holds that output too.',
    '',
    'Not secrets of the state: write-only arguments (`*_wo`, never stored), ephemeral resources (never stored, e.g. the',
    '`aws_eks_cluster_auth` token of `ClusterProviders`), and the `Sensitive` attributes listed as not secret below.',
    '',
    '## Secret contract (stacks/state-secret-contract.ts)',
    '',
    'Provider versions (source files are paths in these repositories at these tags):',
    '',
    ...Object.values(PINNED_PROVIDERS).map((p) => `- ${p.repository} v${p.version}`),
    '',
    'The tls, vault, kubernetes, helm and tfe entries list every attribute those schemas mark `Sensitive` for the types',
    'below (their sources were searched whole at the tag); the AWS provider',
    'is too large to read whole here, so its types are classified by what each stores, with the files cited read for',
    'the attributes that matter (`aws_kms_grant.grant_token`, `pre_signed_url`).',
    '',
    '| Type | Attribute | In state | What | Source |',
    '| --- | --- | --- | --- | --- |',
  );
  const entries = Object.entries(STATE_SECRET_CONTRACT).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, contract] of entries) {
    for (const secret of contract.secrets) {
      lines.push(`| \`${key}\` | \`${secret.path}\` | ${storedText(secret.stored)} | ${cell(secret.what)} | ${contract.source ? `\`${contract.source}\`` : ''} |`);
    }
  }
  lines.push('', 'Attributes that look secret (marked `Sensitive` or write-only by the provider, or named like a credential) and why they are not secrets of the state:', '', '| Type | Attribute | Why not |', '| --- | --- | --- |');
  for (const [key, contract] of entries) {
    for (const entry of contract.notSecret ?? []) lines.push(`| \`${key}\` | \`${entry.path}\` | ${cell(entry.why)} |`);
  }
  const without = entries.filter(([, c]) => c.secrets.length === 0 && (c.notSecret ?? []).length === 0).map(([key]) => key);
  lines.push(
    '',
    `Classified as holding no secret (${without.length} types): ${code(without)}.`,
    '',
    'A type used by the app and missing from the contract fails the test: add it with the attributes its pinned schema',
    'marks `Sensitive`, each as a secret (and when it is stored) or as not one (and why).',
    '',
  );
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const { stacks, environments } = synthesizeShippedApp();
  const text = stateSharingDocument(stacks, environments);
  if (argv.includes('--check')) {
    if (readFileSync(STATE_SHARING_DOC_PATH, 'utf8') === text) return 0;
    console.error(`${STATE_SHARING_DOC_PATH} is out of date; run npm run docs:state-sharing`);
    return 1;
  }
  writeFileSync(STATE_SHARING_DOC_PATH, text);
  console.log(`wrote ${STATE_SHARING_DOC_PATH}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
