/**
 * `npm run migrate:service-catalog -- --env dev [--synth cdktf.out]`
 * `npm run migrate:service-catalog -- --env dev --service payments-api --from services-payments-dev [--synth cdktf.out]`
 *
 * Prints the shell commands that move Terraform state for the service catalog (docs/service-catalog.md, "Migration"),
 * read from a synth output of the new layout (`npm run synth` first):
 * - without `--service`: from the former layout (every service in `vault-config-<env>` and
 *   `workloads-<cluster>-<env>`) to the service stacks. Every service resource keeps its Terraform address (the service
 *   stacks build both sides under `service-<name>`, and namespaces as `namespace-<name>`), so each move is
 *   `terraform state mv -state=<old> -state-out=<new> ADDR ADDR`; the stack it comes from is told by the resource:
 *   `vault_*` from vault-config, `kubernetes_*` from the workloads stack of its provider's cluster. The namespace of the
 *   secret-ID issuers moves from workloads-tooling to cluster-addons-tooling (same addresses); the old issuer itself is
 *   not moved (it is replaced by one issuer per shard).
 * - with `--service <name> --from <stack>`: one service moved to another shard (its new stack is where the synth output
 *   has it now), with its namespace's objects when the namespace moved with it.
 *
 * It runs nothing: it prints commands for a person with the bootstrap admin's credentials, in an empty working
 * directory (`terraform state mv` with `-state`/`-state-out` works on local files: Terraform docs, "Command: state mv",
 * "Move a Resource to Another State File"); states are pulled and pushed through one-file configurations that only
 * name each workspace (cloud block), so the commands need no stack directory of the old layout.
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { BOOTSTRAP_PREFIX, type SynthStack, readSynthOutput } from './ci/synth-output';

/** One state move: an address from one stack's state to another's (the same address in both). */
export interface StateMove {
  readonly from: string;
  readonly to: string;
  readonly address: string;
}

/** What a migration does, as data (rendered by {@link renderMigration}). */
export interface MigrationPlan {
  readonly environment: string;
  readonly moves: readonly StateMove[];
  /** Addresses to drop from a state without a move (objects deleted by hand or replaced), with why. */
  readonly removals: readonly { readonly stack: string; readonly address: string; readonly why: string }[];
  /** The HCP Terraform workspace of every stack involved (organization, project, name). */
  readonly workspaces: ReadonlyMap<string, { readonly organization: string; readonly project: string; readonly name: string }>;
  /** Bootstrap resources to apply first (`-target`): the new workspaces and shared run roles of the service stacks. */
  readonly bootstrapTargets: readonly string[];
}

const SERVICE_PREFIX = 'services-';

/** Every managed resource address of a synthesized stack, with the resource's configuration. */
function resources(stack: SynthStack): [string, Record<string, unknown>][] {
  const byType = (stack.json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  return Object.entries(byType).flatMap(([type, byName]) => Object.entries(byName).map(([name, config]): [string, Record<string, unknown>] => [`${type}.${name}`, config]));
}

function workspaceOf(stack: SynthStack): { organization: string; project: string; name: string } {
  const cloud = ((stack.json.terraform ?? {}) as { cloud?: { organization: string; workspaces: { name: string; project: string } } }).cloud;
  if (!cloud) throw new Error(`${stack.name}: synthesized without an HCP Terraform cloud block (VAULTPLAT_STATE=local?); synthesize with HCP Terraform state`);
  return { organization: cloud.organization, project: cloud.workspaces.project, name: cloud.workspaces.name };
}

/** `<project>-<kind>-<env>` of a stack of the same environment, from a synthesized neighbour's workspace name. */
function siblingWorkspace(stack: SynthStack, siblingStack: string): { organization: string; project: string; name: string } {
  const own = workspaceOf(stack);
  const project = own.name.slice(0, own.name.length - stack.name.length - 1);
  return { ...own, name: `${project}-${siblingStack}` };
}

/**
 * The Terraform name cdktf gives a resource at construct path `components` in its stack (cdktf 0.21
 * lib/private/unique.js `makeUniqueId`: the components joined with `_`, a component equal to its predecessor dropped,
 * then the first 8 hex digits of the MD5 of all the components joined with `/`). Used for the former issuer's objects, which no stack of the new layout synthesizes.
 */
export function logicalId(components: readonly string[]): string {
  // The human part drops a component equal to the one before it (`makeUniqueId`'s removeDupes); the hash does not.
  const human = components.filter((c, i) => i === 0 || c !== components[i - 1]);
  return `${human.join('_')}_${createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase()}`;
}

/** Whether an address belongs to one service's or one namespace's construct (`service-<name>_…`, `namespace-<name>_…`). */
const under = (address: string, prefix: string) => address.split('.')[1]?.startsWith(`${prefix}_`) === true;

/** The migration from the former layout for one environment, read from a synth output of the new one. */
export function layoutMigration(synthDir: string, environment: string): MigrationPlan {
  const output = readSynthOutput(synthDir);
  const ofEnv = [...output.stacks.values()].filter((s) => s.name.endsWith(`-${environment}`));
  const services = ofEnv.filter((s) => s.name.startsWith(SERVICE_PREFIX));
  const addons = ofEnv.find((s) => s.name === `cluster-addons-tooling-${environment}`);
  const bootstrap = output.stacks.get(`${BOOTSTRAP_PREFIX}${environment}`);
  if (services.length === 0 || !addons || !bootstrap) throw new Error(`${synthDir}: no service stacks, cluster-addons-tooling or bootstrap of ${environment}; synthesize the new layout first`);

  const vaultConfig = `vault-config-${environment}`;
  const workloads = (cluster: string) => `workloads-${cluster}-${environment}`;
  const moves: StateMove[] = [];
  const workspaces = new Map<string, { organization: string; project: string; name: string }>();
  for (const stack of [...services, addons]) workspaces.set(stack.name, workspaceOf(stack));
  for (const old of [vaultConfig, workloads('tooling'), workloads('application')]) workspaces.set(old, siblingWorkspace(addons, old));

  for (const stack of services) {
    for (const [address, config] of resources(stack)) {
      const construct = address.split('.')[1] ?? '';
      if (!construct.startsWith('service-') && !construct.startsWith('namespace-')) continue; // the shard's issuer is new
      if (address.startsWith('vault_')) moves.push({ from: vaultConfig, to: stack.name, address });
      else if (address.startsWith('kubernetes_')) {
        const cluster = /^kubernetes\.(tooling|application)$/.exec(String(config.provider ?? ''))?.[1];
        if (!cluster) throw new Error(`${stack.name}: ${address} has no cluster provider alias (kubernetes.tooling or kubernetes.application)`);
        moves.push({ from: workloads(cluster), to: stack.name, address });
      } else throw new Error(`${stack.name}: ${address}: no former stack known for this resource type`);
    }
  }
  for (const [address] of resources(addons)) {
    if (under(address, 'secret-id-issuer')) moves.push({ from: workloads('tooling'), to: addons.name, address });
  }

  const bootstrapTargets = resources(bootstrap)
    .map(([address]) => address)
    .filter((address) => /(services|roles-services)/.test(address.split('.')[1] ?? ''));
  return {
    environment,
    moves,
    // The former single issuer's job (workloads-tooling, SecretIdIssuerJob under `secret-id-issuer`): replaced.
    removals: [
      ['kubernetes_service_account_v1', 'service-account'],
      ['kubernetes_cron_job_v1', 'cron-job'],
    ].map(([type, child]) => ({
      stack: workloads('tooling'),
      address: `${type}.${logicalId(['secret-id-issuer', child])}`,
      why: 'the former single secret-ID issuer: replaced by one issuer per service stack; delete the object with kubectl (below)',
    })),
    workspaces,
    bootstrapTargets,
  };
}

/** Moving one service to another shard, read from a synth output where the service is already in its new stack. */
export function serviceMove(synthDir: string, environment: string, service: string, fromStack: string): MigrationPlan {
  const output = readSynthOutput(synthDir);
  const target = [...output.stacks.values()].find((s) => s.name.startsWith(SERVICE_PREFIX) && s.name.endsWith(`-${environment}`) && resources(s).some(([a]) => under(a, `service-${service}`)));
  if (!target) throw new Error(`${synthDir}: no service stack of ${environment} holds service ${service}`);
  if (target.name === fromStack) throw new Error(`${service} is still in ${fromStack} in ${synthDir}: change its team or shard and synthesize first`);
  const from = output.stacks.get(fromStack);
  const workspaces = new Map([[target.name, workspaceOf(target)]]);
  workspaces.set(fromStack, from ? workspaceOf(from) : siblingWorkspace(target, fromStack));
  // The service's namespace construct in its new stack: the one its ServiceAccount's namespace reference names.
  const account = resources(target).find(([a]) => a.startsWith('kubernetes_service_account_v1.') && under(a, `service-${service}`))?.[1];
  const namespace = /\.(namespace-[a-z0-9-]+)_namespace_/.exec(String((account?.metadata as Record<string, unknown> | undefined)?.namespace ?? ''))?.[1];
  const kept = new Set(from ? resources(from).map(([a]) => a) : []);
  const moves: StateMove[] = [];
  for (const [address] of resources(target)) {
    // The service's own objects, and those of its namespace when the namespace left the old stack with it.
    const namespaceMoved = namespace !== undefined && under(address, namespace) && !kept.has(address);
    if (under(address, `service-${service}`) || namespaceMoved) moves.push({ from: fromStack, to: target.name, address });
  }
  return { environment, moves, removals: [], workspaces, bootstrapTargets: [] };
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The commands, as a shell script a person reads and runs step by step. */
export function renderMigration(plan: MigrationPlan): string {
  const env = plan.environment;
  const stacks = [...new Set(plan.moves.flatMap((m) => [m.from, m.to]).concat(plan.removals.map((r) => r.stack)))];
  const sources = [...new Set([...plan.moves.map((m) => m.from), ...plan.removals.map((r) => r.stack)])];
  const targets = [...new Set(plan.moves.map((m) => m.to))].filter((s) => !sources.includes(s));
  const changed = [...sources, ...targets];
  const ws = (stack: string) => plan.workspaces.get(stack)!;
  const lines = [
    '#!/bin/sh',
    `# State moves of the service catalog for ${env} (docs/service-catalog.md). Generated by npm run migrate:service-catalog;`,
    '# read it, then run it step by step with the bootstrap admin credentials (TF_TOKEN_app_terraform_io), no run queued',
    '# on these workspaces. Every step keeps a copy of each state it changes (*.before.tfstate).',
    'set -eu',
    `mkdir -p migration-${env} && cd migration-${env}`,
    '',
  ];
  if (plan.bootstrapTargets.length > 0) {
    lines.push(
      '# 1. Create the service stacks\' workspaces and their shared run roles first (the rest of the bootstrap, which deletes',
      '#    the former workloads workspaces, is applied at the end, once their states are empty):',
      `#    (cd ../cdktf.out/stacks/${BOOTSTRAP_PREFIX}${env} && terraform init && terraform apply \\`,
      ...plan.bootstrapTargets.map((t, i) => `#      -target=${quote(t)}${i === plan.bootstrapTargets.length - 1 ? ')' : ' \\'}`),
      '',
    );
  }
  lines.push('# 2. One configuration per workspace that only names it, to pull and push its state:');
  for (const stack of stacks) {
    const w = ws(stack);
    lines.push(
      `mkdir -p ${stack} && printf '%s\\n' ${quote(JSON.stringify({ terraform: { cloud: { organization: w.organization, workspaces: { name: w.name, project: w.project } } } }))} > ${stack}/main.tf.json`,
      `terraform -chdir=${stack} init -input=false >/dev/null`,
    );
  }
  lines.push('', '# 3. Pull every state involved; a workspace without state yet (a new service stack) starts from no file:');
  for (const stack of changed) {
    lines.push(`terraform -chdir=${stack} state pull > ${stack}.tfstate; if [ -s ${stack}.tfstate ]; then cp ${stack}.tfstate ${stack}.before.tfstate; else rm ${stack}.tfstate; fi`);
  }
  lines.push('', `# 4. Move every address (${plan.moves.length}), unchanged, to the stack that holds it now:`);
  for (const move of plan.moves) lines.push(`terraform state mv -state=${move.from}.tfstate -state-out=${move.to}.tfstate ${quote(move.address)} ${quote(move.address)}`);
  if (plan.removals.length > 0) {
    lines.push('', '# 5. Drop what is replaced, not moved:');
    for (const removal of plan.removals) lines.push(`# ${removal.why}`, `terraform state rm -state=${removal.stack}.tfstate ${quote(removal.address)}`);
    lines.push('kubectl --context <tooling cluster> -n vault-secret-id-issuer delete cronjob/approle-secret-id-issuer serviceaccount/approle-secret-id-issuer');
  }
  lines.push('', '# 6. Push every changed state back (the source states keep their lineage; the new ones are first versions):');
  for (const stack of changed) lines.push(`terraform -chdir=${stack} state push ../${stack}.tfstate`);
  lines.push(
    '',
    '# 7. Plan each stack: the service stacks and the add-ons must plan no replacement of a moved resource.',
    '#    Then follow docs/service-catalog.md, "Migration", for the applies (vault-config is a break-glass apply).',
    '',
  );
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const { values } = parseArgs({ args: [...argv], options: { env: { type: 'string' }, synth: { type: 'string' }, service: { type: 'string' }, from: { type: 'string' } }, strict: true });
  if (!values.env || (values.service !== undefined) !== (values.from !== undefined)) {
    console.error('usage: npm run migrate:service-catalog -- --env <env> [--synth cdktf.out] [--service <name> --from <stack of the former shard>]');
    return 2;
  }
  const synth = values.synth ?? 'cdktf.out';
  const plan = values.service ? serviceMove(synth, values.env, values.service, values.from!) : layoutMigration(synth, values.env);
  process.stdout.write(renderMigration(plan));
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
