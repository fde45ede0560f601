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

/** A new service, in a namespace nothing else uses: the one edit of "Adding a service" (docs/secrets-architecture.md). */
const INVOICES = {
  name: 'invoices',
  cluster: 'application',
  namespace: 'billing',
  serviceAccount: 'invoices',
  secrets: [{ key: 'pdf_signing_password', purpose: 'Unlocks the key that signs invoice PDFs' }],
  database: { access: 'read-only' },
  signingKeys: { keys: [{ id: '2026-01', status: 'primary' }] },
  egress: [{ name: 'print-gateway', purpose: 'Internal print gateway that mails paper invoices', cidrs: ['10.11.0.40/32'], ports: [{ port: 9100 }] }],
} as const;

/** Every stack of one environment, synthesized the way `app.synth()` does, by stack name. */
function synthesizeEnvironment(input: EnvironmentInput): Record<string, TerraformJson> {
  const app = Testing.app();
  composeApp(app, validateEnvironments([input], STACK_KINDS), DEFAULT_DEPLOYMENT);
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
  for (const stack of stacks) stack.prepareStack();
  return Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as TerraformJson]));
}

const withoutMetadata = (json: TerraformJson) => JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === '//' ? undefined : value))) as TerraformJson;

describe('adding a service to an environment file', () => {
  let before: Record<string, TerraformJson>;
  let after: Record<string, TerraformJson>;
  beforeAll(() => {
    before = synthesizeEnvironment(sampleInput('dev'));
    const input = sampleInput('dev');
    input.vault.services!.push(structuredClone(INVOICES) as never);
    after = synthesizeEnvironment(input);
  });

  it('is the only change needed: the copy of dev validates and synthesizes the same stacks', () => {
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it('gets its Vault policy, its role bound to its account, its database role; platform-admin does not change', () => {
    const vault = after['vault-config-dev'];
    const policy = Object.values(resourcesOf(vault, 'vault_policy')).find((p) => p.name === 'svc-application-invoices');
    expect(policy?.policy).toContain('path "kv/data/application/invoices" {');
    const role = Object.values(resourcesOf(vault, 'vault_jwt_auth_backend_role')).find((r) => r.role_name === 'invoices');
    expect([role?.bound_subject, role?.bound_audiences]).toEqual(['system:serviceaccount:billing:invoices', ['vault']]);
    expect(Object.values(resourcesOf(vault, 'vault_database_secret_backend_role')).map((r) => r.name)).toContain('application-invoices');
    const admin = (json: TerraformJson) => Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'platform-admin')?.policy;
    expect(admin(vault)).toBe(admin(before['vault-config-dev']));
  });

  it('gets its namespace, default-deny and DNS policies, quota, ServiceAccount, token RBAC, egress policy, store and ExternalSecrets', () => {
    const json = after['workloads-application-dev'];
    const named = (type: string, name: string) => Object.values(resourcesOf(json, type)).filter((r) => r.metadata.name === name);
    const [namespace] = named('kubernetes_namespace_v1', 'billing');
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'platform.vaultplat.io/workload-namespace': 'true' });
    const namespaceRef = Object.entries(resourcesOf(json, 'kubernetes_namespace_v1')).find(([, n]) => n.metadata.name === 'billing')![0];
    const inBilling = (type: string) => Object.values(resourcesOf(json, type)).filter((r) => String(r.metadata.namespace).includes(namespaceRef));
    expect(inBilling('kubernetes_network_policy_v1').map((p) => p.metadata.name).sort()).toEqual(['allow-dns', 'default-deny', 'invoices-egress']);
    expect(inBilling('kubernetes_resource_quota_v1')).toHaveLength(1);
    expect(inBilling('kubernetes_limit_range_v1')).toHaveLength(1);
    expect(inBilling('kubernetes_config_map_v1').map((c) => c.metadata.name)).toEqual(['vault-ca']);
    expect(inBilling('kubernetes_service_account_v1').map((a) => [a.metadata.name, a.automount_service_account_token])).toEqual([['invoices', false]]);
    expect(inBilling('kubernetes_role_v1').map((r) => r.rule[0].resource_names)).toEqual([['invoices']]);
    const egress = inBilling('kubernetes_network_policy_v1').find((p) => p.metadata.name === 'invoices-egress')!.spec.egress as Json[];
    expect(egress.map((e) => e.ports.map((p: Json) => p.port))).toEqual([['8200'], ['5432'], ['9100']]);
    const objects = manifestObjects(json).map((m) => m.object as Json).filter((o) => o.metadata.namespace === 'billing');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['ExternalSecret/invoices-secrets', 'ExternalSecret/invoices-signing-keys', 'SecretStore/invoices-vault']);
    expect(objects.find((o) => o.kind === 'SecretStore')!.spec.provider.vault.auth.jwt.role).toBe('invoices');
  });

  it('gets the node egress rule for what it declares', () => {
    const rules = Object.values(resourcesOf(after['cluster-application-dev'], 'aws_vpc_security_group_egress_rule')).filter((r) => r.from_port === 9100);
    expect(rules.map((r) => [r.cidr_ipv4, r.description])).toEqual([['10.11.0.40/32', 'Declared service egress: invoices/print-gateway']]);
  });

  it('changes nothing else: only vault-config, the cluster and the workloads of its cluster differ', () => {
    const changed = Object.keys(after).filter((name) => JSON.stringify(withoutMetadata(after[name])) !== JSON.stringify(withoutMetadata(before[name])));
    expect(changed.sort()).toEqual(['cluster-application-dev', 'vault-config-dev', 'workloads-application-dev']);
  });

  it('appears in the access matrix, both sides', () => {
    const input = sampleInput('dev');
    input.vault.services!.push(structuredClone(INVOICES) as never);
    const text = accessMatrixDocument(validateEnvironments([input], STACK_KINDS));
    expect(text).toContain('| `invoices` | application | `billing/invoices` | eso | `kv/application/invoices` |');
    expect(text).toContain('| `invoices` | `billing/invoices` | `invoices-vault`: jwt `auth/jwt-application/role/invoices`, audience `vault` |');
    expect(text).toContain('| `auth/jwt-application/role/invoices` | application: billing/invoices (ESO) | `svc-application-invoices` |');
  });
});
