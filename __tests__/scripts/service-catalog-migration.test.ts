import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironments } from '../../environments/schema';
import { layoutMigration, logicalId, renderMigration, serviceMove } from '../../scripts/service-catalog-migration';
import { composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { synthesizeApp } from '../../stacks/synth';
import { sampleInput } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/**
 * Addresses the former layout had, read from a synth of it (before the service stacks): the moves must name them
 * exactly, in the stack that held them.
 */
const FORMER = [
  ['vault-config-dev', 'vault_policy.service-payments-api_policy_4C3323C4'],
  ['vault-config-dev', 'vault_approle_auth_backend_role.service-ledger-worker_app-role_E2E76962'],
  ['vault-config-dev', 'vault_kubernetes_auth_backend_role.service-grafana_kubernetes-role_B8D25B4F'],
  ['workloads-application-dev', 'kubernetes_namespace_v1.namespace-payments_namespace_AC4637EA'],
  ['workloads-application-dev', 'kubernetes_manifest.service-payments-api_secret-store_94821105'],
  ['workloads-tooling-dev', 'kubernetes_service_account_v1.service-grafana_service-account_791C1F84'],
  ['workloads-tooling-dev', 'kubernetes_namespace_v1.secret-id-issuer_namespace_282AD510'],
] as const;

describe('service catalog migration', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'catalog-migration-'));
  let stacks: Record<string, Json>;
  beforeAll(() => {
    const code = synthesizeApp((app) => composeApp(app, validateEnvironments([sampleInput('dev')], STACK_KINDS), DEFAULT_DEPLOYMENT), {}, { outdir, report: (m) => { throw new Error(m); }, print: () => undefined });
    expect(code).toBe(0);
    const read = (name: string) => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
    stacks = Object.fromEntries(['services-payments-dev', 'services-commerce-dev', 'services-observability-dev', 'cluster-addons-tooling-dev'].map((n) => [n, read(n)]));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const addresses = (json: Json) => Object.entries(json.resource as Record<string, Record<string, Json>>).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => ({ address: `${type}.${name}`, resource: r })));

  it('moves every service and namespace resource of every service stack once, from the stack that held it', () => {
    const plan = layoutMigration(outdir, 'dev');
    for (const stack of ['services-payments-dev', 'services-commerce-dev', 'services-observability-dev']) {
      for (const { address, resource } of addresses(stacks[stack])) {
        const moves = plan.moves.filter((m) => m.to === stack && m.address === address);
        if (/^[a-z0-9_]+\.secret-id-issuer/.test(address)) {
          // The shard's own issuer is new: nothing to move.
          expect([address, moves]).toEqual([address, []]);
          continue;
        }
        const from = address.startsWith('vault_') ? 'vault-config-dev' : `workloads-${String(resource.provider).replace('kubernetes.', '')}-dev`;
        expect([address, moves.map((m) => m.from)]).toEqual([address, [from]]);
      }
    }
    expect(new Set(plan.moves.map((m) => `${m.to} ${m.address}`)).size).toBe(plan.moves.length);
  });

  it('names exactly the addresses the former layout had, unchanged', () => {
    const plan = layoutMigration(outdir, 'dev');
    for (const [stack, address] of FORMER) expect([stack, address, plan.moves.some((m) => m.from === stack && m.address === address)]).toEqual([stack, address, true]);
    const issuer = plan.moves.filter((m) => m.to === 'cluster-addons-tooling-dev').map((m) => m.address);
    expect(issuer.sort()).toEqual(addresses(stacks['cluster-addons-tooling-dev']).map((a) => a.address).filter((a) => a.includes('.secret-id-issuer_')).sort());
    // The former single issuer's job is dropped, not moved (addresses of the former workloads-tooling stack).
    expect(plan.removals.map((r) => [r.stack, r.address])).toEqual([
      ['workloads-tooling-dev', 'kubernetes_service_account_v1.secret-id-issuer_service-account_4873B5C9'],
      ['workloads-tooling-dev', 'kubernetes_cron_job_v1.secret-id-issuer_cron-job_041C846D'],
    ]);
    expect(logicalId(['service-payments-api', 'policy', 'policy'])).toBe('service-payments-api_policy_4C3323C4');
  });

  it('prints pulls, moves, removals and pushes, new states starting from no file, and the bootstrap targets of the new workspaces', () => {
    const text = renderMigration(layoutMigration(outdir, 'dev'));
    expect(text).toContain(
      "terraform state mv -state=vault-config-dev.tfstate -state-out=services-payments-dev.tfstate 'vault_policy.service-payments-api_policy_4C3323C4' 'vault_policy.service-payments-api_policy_4C3323C4'",
    );
    expect(text).toContain(
      'mkdir -p vault-config-dev && printf \'%s\\n\' \'{"terraform":{"cloud":{"organization":"acme-platform","workspaces":{"name":"vaultplat-vault-config-dev","project":"vault-platform"}}}}\' > vault-config-dev/main.tf.json',
    );
    for (const stack of ['vault-config-dev', 'workloads-tooling-dev', 'workloads-application-dev', 'cluster-addons-tooling-dev', 'services-payments-dev']) {
      expect(text).toContain(`terraform -chdir=${stack} state pull > ${stack}.tfstate; if [ -s ${stack}.tfstate ]`);
      expect(text).toContain(`terraform -chdir=${stack} state push ../${stack}.tfstate`);
    }
    expect(text).toMatch(/-target='aws_iam_role\.roles-services_apply_[0-9A-F]{8}'/);
    expect(text).toMatch(/-target='tfe_workspace\.workspace-services-payments_workspace_[0-9A-F]{8}'/);
    const targets = [...text.matchAll(/-target='([^']+)'/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(10);
    for (const target of targets) expect(target.split('.')[1]).toMatch(/services/);
    expect(text.indexOf('state pull')).toBeLessThan(text.indexOf('state mv'));
    expect(text.indexOf('state mv')).toBeLessThan(text.indexOf('state push'));
  });

  it('moves one service to another shard with its namespace when the namespace left the former stack', () => {
    // orders is in services-commerce-dev; pretend it came from services-payments-dev, which has no orders namespace.
    const plan = serviceMove(outdir, 'dev', 'orders', 'services-payments-dev');
    expect(plan.moves.every((m) => m.from === 'services-payments-dev' && m.to === 'services-commerce-dev')).toBe(true);
    const constructs = new Set(plan.moves.map((m) => m.address.split('.')[1].split('_')[0]));
    expect([...constructs].sort()).toEqual(['namespace-orders', 'service-orders']);
    expect(plan.moves).toHaveLength(addresses(stacks['services-commerce-dev']).filter((a) => /\.(service|namespace)-orders_/.test(a.address)).length);
    // A namespace still in the former stack stays there: ledger-worker "from" services-commerce-dev keeps nothing of payments.
    expect(serviceMove(outdir, 'dev', 'ledger-worker', 'services-commerce-dev').moves.some((m) => m.address.includes('namespace-payments'))).toBe(true);
    expect(() => serviceMove(outdir, 'dev', 'orders', 'services-commerce-dev')).toThrow(
      `orders is still in services-commerce-dev in ${outdir}: change its team or shard and synthesize first`,
    );
  });
});
