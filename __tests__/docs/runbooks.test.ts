import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { dev } from '../../environments/dev';
import { prod } from '../../environments/prod';
import { validateEnvironments } from '../../environments/schema';
import { staging } from '../../environments/staging';
import { SIGNAL_IDS, UNMEASURED_SIGNALS, runbookPath } from '../../constructs/observability/signals';
import { type AppFacts, type RunbookDocument, anchorsOf, appFacts, citationPattern, citationsOf, headingAnchor, runbookProblems } from '../../scripts/runbook-citations';
import { signalCatalog } from '../../stacks/signal-catalog';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import type { SynthesizedStack } from '../../stacks/state-sharing';
import { releaseMainSynth, shippedApp } from '../shared-synth';

const ROOT = join(__dirname, '..', '..');
const RUNBOOKS = join(ROOT, 'docs', 'runbooks');

function runbookDocuments(): RunbookDocument[] {
  return readdirSync(RUNBOOKS)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => ({ path: `docs/runbooks/${file}`, text: readFileSync(join(RUNBOOKS, file), 'utf8') }));
}

/** The shipped environments, validated (defaults applied) as the app composes them. */
const ENVIRONMENTS = validateEnvironments([dev, staging, prod], STACK_KINDS);

const npmScripts = () => Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

/** Relative Markdown links of a document (`[text](target)`), outside code blocks. */
function linksOf(text: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  let inCode = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) inCode = !inCode;
    if (inCode) return;
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/.test(match[1])) links.push({ line: i + 1, target: match[1] });
    }
  });
  return links;
}

describe('runbook citation check (scripts/runbook-citations.ts)', () => {
  const facts: AppFacts = {
    environments: ['dev', 'prod'],
    names: {
      stack: new Set(['vault-server-dev', 'vault-server-prod']),
      output: new Set(['vault-server.vault-ca-certificate-pem']),
      alarm: new Set(['vaultplat-dev-vault-sealed', 'vaultplat-prod-vault-sealed', 'vaultplat-prod-vault-healthy-targets-below-quorum', 'vaultplat-dev-tooling-node-cpu', 'vaultplat-prod-tooling-node-cpu']),
      'vault-policy': new Set(['platform-admin']),
      'vault-role': new Set(),
      'iam-role': new Set(),
      secret: new Set(),
      'log-group': new Set(['/aws/client-vpn/vaultplat-dev-vpn', '/aws/client-vpn/vaultplat-prod-vpn']),
      namespace: new Set(['vault']),
      k8s: new Set(['cronjob/vault/vault-snapshot']),
      helm: new Set(),
      npm: new Set(['vpn:client']),
    },
  };
  const doc = (text: string): RunbookDocument[] => [{ path: 'docs/runbooks/x.md', text }];

  it('accepts citations of what the app has, in every environment', () => {
    const text = [
      'Apply `stack:vault-server-<env>`, read `output:vault-server.vault-ca-certificate-pem`, watch `alarm:vaultplat-<env>-vault-sealed`',
      'and `alarm:vaultplat-<env>-<cluster>-node-cpu`; policy `vault-policy:platform-admin`, `k8s:cronjob/vault/vault-snapshot`, `npm:vpn:client`.',
      '```sh',
      'kubectl -n vault get pods; npm run vpn:client -- --env "$ENV"',
      'terraform -chdir=cdktf.out/stacks/vault-server-$ENV output',
      'aws logs tail "/aws/client-vpn/vaultplat-$ENV-vpn" --since 30m; aws logs tail "$GROUP"',
      '```',
    ].join('\n');
    expect(runbookProblems(doc(text), facts)).toEqual([]);
    expect(citationsOf(doc(text)).map((c) => `${c.kind}:${c.value}`)).toEqual([
      'stack:vault-server-<env>',
      'output:vault-server.vault-ca-certificate-pem',
      'alarm:vaultplat-<env>-vault-sealed',
      'alarm:vaultplat-<env>-<cluster>-node-cpu',
      'vault-policy:platform-admin',
      'k8s:cronjob/vault/vault-snapshot',
      'npm:vpn:client',
      'npm:vpn:client',
      'namespace:vault',
      'stack:vault-server-<env>',
      'log-group:/aws/client-vpn/vaultplat-<env>-vpn',
    ]);
  });

  it('fails on a wrong citation, naming the file, line and what is missing', () => {
    const text = [
      'Line one.',
      'Watch `alarm:vaultplat-<env>-vault-unsealed` and `output:vault-server.vault-ca-pem` and `vault-policy:root-admin`.',
      '```sh',
      'kubectl -n vaults get pods',
      'npm run vpn:profile',
      'aws logs filter-log-events --log-group-name "/aws/client-vpn/vaultplat-$ENV"',
      '```',
    ].join('\n');
    expect(runbookProblems(doc(text), facts)).toEqual([
      'docs/runbooks/x.md:2: `alarm:vaultplat-<env>-vault-unsealed`: no such alarm in dev, prod in the synthesized app',
      'docs/runbooks/x.md:2: `output:vault-server.vault-ca-pem`: no such output in the synthesized app',
      'docs/runbooks/x.md:2: `vault-policy:root-admin`: no such vault-policy in the synthesized app',
      'docs/runbooks/x.md:4: command refers to namespace vaults: no such namespace in the synthesized app',
      'docs/runbooks/x.md:5: command refers to npm vpn:profile: no such npm in the synthesized app',
      'docs/runbooks/x.md:6: command refers to log-group /aws/client-vpn/vaultplat-<env>: no such log-group in dev, prod in the synthesized app',
    ]);
  });

  it('requires an `<env>` citation to exist in every environment, not just one', () => {
    expect(runbookProblems(doc('`alarm:vaultplat-<env>-vault-healthy-targets-below-quorum`'), facts)).toEqual([
      'docs/runbooks/x.md:1: `alarm:vaultplat-<env>-vault-healthy-targets-below-quorum`: no such alarm in dev in the synthesized app',
    ]);
  });

  it('computes GitHub heading anchors', () => {
    expect(headingAnchor('vault-sealed')).toBe('vault-sealed');
    expect(headingAnchor('2. One voter lost, quorum kept')).toBe('2-one-voter-lost-quorum-kept');
    expect(headingAnchor('Take a snapshot by hand')).toBe('take-a-snapshot-by-hand');
    expect([...anchorsOf('# A\n```\n# not a heading\n```\n## B c')]).toEqual(['a', 'b-c']);
  });
});

describe('runbooks against the synthesized app (every environment)', () => {
  let stacks: SynthesizedStack[];
  let facts: AppFacts;
  const documents = runbookDocuments();
  beforeAll(() => {
    const app = shippedApp();
    stacks = app.stacks;
    facts = appFacts(stacks, app.environments, npmScripts());
  }, 180_000);
  afterAll(releaseMainSynth);

  it('has the runbooks the issue asks for', () => {
    expect(documents.map((d) => d.path.replace('docs/runbooks/', ''))).toEqual([
      'README.md',
      'alarms.md',
      'database-root-credential.md',
      'signing-key-rotation.md',
      'upgrades.md',
      'vault-initialisation.md',
      'vault-raft-quorum.md',
      'vault-restore.md',
      'vault-root-token.md',
      'vault-unseal.md',
      'vpn-access.md',
      'vpn-ca-rotation.md',
    ]);
  });

  it('cites only stacks, outputs, alarms, Vault roles and policies, IAM roles, namespaces, objects and npm scripts that exist', () => {
    expect(citationsOf(documents).length).toBeGreaterThan(100);
    expect(runbookProblems(documents, facts)).toEqual([]);
  });

  it('links only to files and headings that exist (runbooks, docs/*.md and README.md, whose sections moved)', () => {
    const problems: string[] = [];
    const others = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];
    for (const document of [...documents, ...others.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }))]) {
      for (const { line, target } of linksOf(document.text)) {
        const [file, anchor] = target.split('#');
        const path = file === '' ? join(ROOT, document.path) : resolve(dirname(join(ROOT, document.path)), file);
        if (!existsSync(path)) problems.push(`${document.path}:${line}: ${target}: no such file`);
        else if (anchor && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor)) problems.push(`${document.path}:${line}: ${target}: no heading #${anchor} in ${relative(ROOT, path)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has one section in alarms.md per signal, measured or not', () => {
    const anchors = anchorsOf(readFileSync(join(RUNBOOKS, 'alarms.md'), 'utf8'));
    const signals = [...SIGNAL_IDS, ...(Object.keys(UNMEASURED_SIGNALS) as (keyof typeof UNMEASURED_SIGNALS)[])];
    expect(signals.filter((signal) => !anchors.has(runbookPath(signal).split('#')[1]))).toEqual([]);
  });

  it('gives every synthesized alarm a runbook link whose file and heading exist', () => {
    const problems: string[] = [];
    let alarms = 0;
    for (const { name, json } of stacks) {
      for (const alarm of Object.values((json.resource?.aws_cloudwatch_metric_alarm ?? {}) as Record<string, { alarm_name: string; alarm_description?: string }>)) {
        alarms += 1;
        const link = /Runbook: (\S*docs\/runbooks\/[a-z-]+\.md)#([a-z0-9-]+)/.exec(alarm.alarm_description ?? '');
        if (!link) {
          problems.push(`${name}: ${alarm.alarm_name}: no runbook link`);
          continue;
        }
        const file = join(ROOT, link[1].slice(link[1].indexOf('docs/runbooks/')));
        if (!existsSync(file) || !anchorsOf(readFileSync(file, 'utf8')).has(link[2])) problems.push(`${name}: ${alarm.alarm_name}: ${link[1]}#${link[2]} does not exist`);
      }
    }
    expect(alarms).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });

  it('synthesizes exactly the catalog alarms of each environment, each in the stack that owns its resource', () => {
    for (const env of ENVIRONMENTS) {
      const synthesized = stacks
        .filter((stack) => stack.name.endsWith(`-${env.name}`))
        .flatMap(({ name, json }) =>
          Object.values((json.resource?.aws_cloudwatch_metric_alarm ?? {}) as Record<string, { alarm_name: string }>).map((alarm) => `${name} ${alarm.alarm_name}`),
        )
        .sort();
      const catalog = signalCatalog(env)
        .alarms.map((alarm) => `${alarm.owner}-${env.name} ${alarm.name}`)
        .sort();
      expect(synthesized).toEqual(catalog);
    }
  });

  it('cites every catalog alarm of every environment in alarms.md (placeholders allowed)', () => {
    const text = readFileSync(join(RUNBOOKS, 'alarms.md'), 'utf8');
    const cited = citationsOf([{ path: 'docs/runbooks/alarms.md', text }]).filter((c) => c.kind === 'alarm');
    const uncited: string[] = [];
    for (const env of ENVIRONMENTS) {
      for (const alarm of signalCatalog(env).alarms) {
        if (!cited.some((c) => citationPattern(c.value, env.name).test(alarm.name))) uncited.push(alarm.name);
      }
    }
    expect(uncited).toEqual([]);
  });
});
