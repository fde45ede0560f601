import { TerraformStack, Testing } from 'cdktf';
import { type EnvironmentInput, validateEnvironments } from '../../environments/schema';
import { accessMatrixDocument } from '../../scripts/generate-access-matrix';
import { composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { manifestObjects } from '../constructs/kubernetes/kubernetes-objects';
import { type TerraformJson, resourcesOf, sampleInput } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Service = NonNullable<EnvironmentInput['vault']['services']>[number];

/**
 * A new service of the payments team, in a namespace nothing else uses: the one edit of "Adding a service"
 * (docs/service-catalog.md). Its egress goes to a destination the application cluster already opens.
 */
const INVOICES: Service = {
  name: 'invoices',
  team: 'payments',
  cluster: 'application',
  namespace: 'billing',
  serviceAccount: 'invoices',
  secrets: [{ key: 'pdf_signing_password', purpose: 'Unlocks the key that signs invoice PDFs' }],
  database: { access: 'read-only' },
  signingKeys: { keys: [{ id: '2026-01', status: 'primary' }] },
  egress: [{ name: 'smtp-relay', purpose: 'Mails invoices through the SMTP relay', cidrs: ['10.11.0.25/32'], ports: [{ port: 587 }] }],
};

/** Every stack of dev after `edit`, synthesized the way `app.synth()` does, by stack name (without cdktf's metadata). */
function synthesizeDev(edit: (services: Service[]) => void = () => undefined): Record<string, TerraformJson> {
  const input = sampleInput('dev');
  edit(input.vault.services as Service[]);
  const app = Testing.app();
  composeApp(app, validateEnvironments([input], STACK_KINDS), DEFAULT_DEPLOYMENT);
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  for (const stack of stacks) stack.prepareStack();
  const strip = (json: TerraformJson) => JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === '//' ? undefined : value))) as TerraformJson;
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, strip(JSON.parse(Testing.synth(stack)) as TerraformJson)]));
}

/** Stacks whose JSON differs, and stacks only one side has. */
function difference(before: Record<string, TerraformJson>, after: Record<string, TerraformJson>) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return {
    changed: names.filter((n) => n in before && n in after && JSON.stringify(before[n]) !== JSON.stringify(after[n])),
    added: names.filter((n) => !(n in before)),
    removed: names.filter((n) => !(n in after)),
  };
}

/** Resource addresses of a synthesized stack with the JSON of each. */
const resources = (json: TerraformJson) =>
  new Map(Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => [`${type}.${name}`, JSON.stringify(r)])));

const edit = (name: string, change: (service: Service) => Service) => (services: Service[]) => {
  const i = services.findIndex((s) => s.name === name);
  services[i] = change(structuredClone(services[i]));
};

/** One edit of the dev catalog each: a label, the one service stack it must change, the edit. */
const CHANGES: readonly (readonly [string, string, (services: Service[]) => void])[] = [
    ['(a) adding a service to its team', 'services-payments-dev', (s: Service[]) => void s.push(structuredClone(INVOICES))],
    [
      '(a) adding a direct service to a team without one (its shard gets its own secret-ID issuer)',
      'services-commerce-dev',
      (s: Service[]) =>
        void s.push({ ...structuredClone(INVOICES), name: 'refunds', serviceAccount: 'refunds', team: 'commerce', namespace: 'refunds', delivery: 'direct', justification: 'Renews short database leases inside long batch runs', signingKeys: undefined }),
    ],
    ["(a) adding a team's first service on another cluster", 'services-observability-dev', (s: Service[]) => void s.push({ ...structuredClone(INVOICES), name: 'dashboards', serviceAccount: 'dashboards', team: 'observability', namespace: 'dashboards' })],
    ['(b) changing one service (a new secret key, another quota, a TTL)', 'services-commerce-dev', edit('orders', (o) => ({ ...o, secrets: [...o.secrets!, { key: 'api_key', purpose: 'Key of the tax API' }], quota: { pods: 3 }, tokenTtlSeconds: 600 }))],
    ['(b) changing one service to direct delivery', 'services-payments-dev', edit('payments-api', (o) => ({ ...o, delivery: 'direct', justification: 'Renews short database leases inside long batch runs' }))],
    ['(c) removing one service', 'services-payments-dev', (s: Service[]) => void s.splice(s.findIndex((x) => x.name === 'ledger-worker'), 1)],
    ['(d) renaming one service', 'services-payments-dev', edit('payments-api', (o) => ({ ...o, name: 'payments-gateway', serviceAccount: 'payments-gateway', certificates: { allowedDomains: ['payments-gateway.dev.vaultplat.internal'] } }))],
];

describe('a change to one service changes exactly one service stack', () => {
  const before = synthesizeDev();

  it.each(CHANGES)('%s: only %s differs, and no stack is added or removed', (_label, stack, change) => {
    expect(difference(before, synthesizeDev(change))).toEqual({ changed: [stack], added: [], removed: [] });
  });

  it('(e) a new team: its stack is added, and bootstrap-dev gains exactly its workspace, run triggers and team access', () => {
    const after = synthesizeDev((s) => void s.push({ ...structuredClone(INVOICES), team: 'billing' }));
    expect(difference(before, after)).toEqual({ changed: ['bootstrap-dev'], added: ['services-billing-dev'], removed: [] });
    const old = resources(before['bootstrap-dev']);
    const now = resources(after['bootstrap-dev']);
    // Nothing of the bootstrap went away or changed (no IAM role: the service stacks share theirs), but the agent pool's
    // list of allowed workspaces, which the new workspace joins.
    const pool = [...old.keys()].find((a) => a.startsWith('tfe_agent_pool_allowed_workspaces.'))!;
    for (const [address, json] of old) if (address !== pool) expect([address, now.get(address)]).toEqual([address, json]);
    const allowed = (json: string) => (JSON.parse(json) as Json).allowed_workspace_ids as string[];
    expect(allowed(now.get(pool)!).filter((id) => !allowed(old.get(pool)!).includes(id))).toEqual([expect.stringMatching(/^\$\{tfe_workspace\.workspace-services-billing_workspace_[0-9A-F]{8}\.id\}$/)]);
    expect(allowed(old.get(pool)!).filter((id) => !allowed(now.get(pool)!).includes(id))).toEqual([]);
    const added = [...now.keys()].filter((a) => !old.has(a)).sort();
    expect(added.map((a) => a.replace(/_[0-9A-F]{8}$/, ''))).toEqual(
      [
        'tfe_run_trigger.trigger-cluster-addons-application-to-services-billing',
        'tfe_run_trigger.trigger-cluster-addons-tooling-to-services-billing',
        'tfe_run_trigger.trigger-vault-config-to-services-billing',
        'tfe_team_access.access-services-billing-approvers',
        'tfe_team_access.access-services-billing-ci-deliver',
        'tfe_team_access.access-services-billing-ci-speculative',
        'tfe_variable.workspace-services-billing_env-TFC_AWS_APPLY_ROLE_ARN',
        'tfe_variable.workspace-services-billing_env-TFC_AWS_PLAN_ROLE_ARN',
        'tfe_variable.workspace-services-billing_env-TFC_AWS_PROVIDER_AUTH',
        'tfe_workspace.workspace-services-billing_workspace',
        'tfe_workspace_settings.workspace-services-billing_settings',
      ].sort(),
    );
    // Its workspace joins the agent pool (a list in one existing resource) and runs with the shared roles.
    const workspace = Object.values(resourcesOf(after['bootstrap-dev'], 'tfe_workspace')).find((w) => w.name === 'vaultplat-services-billing-dev');
    expect(workspace).toBeDefined();
    const roleArn = Object.values(resourcesOf(after['bootstrap-dev'], 'tfe_variable')).find((v) => v.key === 'TFC_AWS_APPLY_ROLE_ARN' && String(v.workspace_id).includes('services-billing'))!.value;
    expect(roleArn).toMatch(/^\$\{aws_iam_role\.roles-services_apply_[0-9A-F]{8}\.arn\}$/);
  });

  it('(e) the last service of a team removed: its stack and exactly its workspace go away', () => {
    const after = synthesizeDev((s) => void s.splice(s.findIndex((x) => x.name === 'grafana'), 1));
    expect(difference(before, after)).toEqual({ changed: ['bootstrap-dev'], added: [], removed: ['services-observability-dev'] });
    const gone = [...resources(before['bootstrap-dev']).keys()].filter((a) => !resources(after['bootstrap-dev']).has(a));
    expect(gone.length).toBeGreaterThan(0);
    for (const address of gone) expect(address).toContain('services-observability');
  });

  it('gives the new service both sides in its stack: Vault policy, role and database role; namespace, store and ExternalSecrets', () => {
    const json = synthesizeDev((s) => void s.push(structuredClone(INVOICES)))['services-payments-dev'];
    const policy = Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'svc-application-invoices');
    expect(policy?.policy).toContain('path "kv/data/application/invoices" {');
    const role = Object.values(resourcesOf(json, 'vault_jwt_auth_backend_role')).find((r) => r.role_name === 'invoices');
    expect([role?.bound_subject, role?.bound_audiences, role?.backend]).toEqual(['system:serviceaccount:billing:invoices', ['vault'], 'jwt-application']);
    expect(Object.values(resourcesOf(json, 'vault_database_secret_backend_role')).map((r) => r.name)).toContain('application-invoices');
    const [namespace] = Object.values(resourcesOf(json, 'kubernetes_namespace_v1')).filter((n) => n.metadata.name === 'billing');
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'platform.vaultplat.io/workload-namespace': 'true' });
    const objects = manifestObjects(json).map((m) => m.object as Json).filter((o) => o.metadata.namespace === 'billing');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['ExternalSecret/invoices-secrets', 'ExternalSecret/invoices-signing-keys', 'SecretStore/invoices-vault']);
  });

  it('appears in the access matrix, both sides', () => {
    const input = sampleInput('dev');
    input.vault.services!.push(structuredClone(INVOICES));
    const text = accessMatrixDocument(validateEnvironments([input], STACK_KINDS));
    expect(text).toContain('| `invoices` | `payments` | `services-payments-dev` | application | `billing/invoices` | eso | `kv/application/invoices` |');
    expect(text).toContain('| `invoices` | `billing/invoices` | `invoices-vault`: jwt `auth/jwt-application/role/invoices`, audience `vault` |');
    expect(text).toContain('| `auth/jwt-application/role/invoices` | application: billing/invoices (ESO) | `svc-application-invoices` |');
  });
});
