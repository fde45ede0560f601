import { Testing } from 'cdktf';
import { SERVICE_POD_LABEL } from '../../constructs/kubernetes/delivery-model';
import { EXTERNAL_SECRET_CONTRACT, SECRET_STORE_CONTRACT, fieldsOutsideContract } from '../../constructs/kubernetes/external-secrets-crd-contract';
import { type ClusterRole } from '../../environments/clusters-schema';
import { type EnvironmentConfig } from '../../environments/schema';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { WorkloadsStack, deliveryContext, workloadsStackKind } from '../../stacks/workloads-stack';
import { apiObjects, manifestObjects, validateApiObject } from '../constructs/kubernetes/kubernetes-objects';
import { type TerraformJson, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];
const ROLES = ['tooling', 'application'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

interface Synthesized {
  readonly json: TerraformJson;
  readonly environment: EnvironmentConfig;
  readonly network: NetworkStack;
  readonly vaultAddress: string;
}

/** Synthesizes `workloads-<role>-<env>` the way `app.synth()` does. */
function synthWorkloads(name: Environment, role: ClusterRole): Synthesized {
  const app = Testing.app();
  const environment = sampleConfig(name);
  const props = { environment, deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const cluster = new ClusterStack(app, { ...props, role, network, vaultAccess });
  const workloads = new WorkloadsStack(app, { ...props, role, cluster });
  for (const stack of [network, vaultAccess, cluster, workloads]) stack.prepareStack();
  return { json: JSON.parse(Testing.synth(workloads)) as TerraformJson, environment, network, vaultAddress: vaultAccess.vaultAddress };
}

/** Typed resources of one type in a namespace (their `metadata.namespace` is a reference to the namespace resource). */
const inNamespace = (json: TerraformJson, type: string, namespace: string, name?: string): Json[] => {
  const namespaces = Object.entries(resourcesOf(json, 'kubernetes_namespace_v1')).map(([key, ns]) => [`\${kubernetes_namespace_v1.${key}.metadata[0].name}`, ns.metadata.name]);
  const reference = namespaces.find(([, n]) => n === namespace)?.[0];
  return Object.values(resourcesOf(json, type)).filter((r) => r.metadata.namespace === reference && (name === undefined || r.metadata.name === name));
};

/** Validation problems of objects, by address (empty when every one is valid). */
function invalidObjects(objects: { address: string; object: Record<string, unknown> }[]): string[] {
  return objects.flatMap(({ address, object }) => {
    try {
      validateApiObject(object);
      return [];
    } catch (error) {
      return [`${address}: ${String(error)}`];
    }
  });
}

const manifestsOf = (json: TerraformJson, kind: string, namespace: string) =>
  manifestObjects(json)
    .map((m) => m.object as Json)
    .filter((o) => o.kind === kind && o.metadata.namespace === namespace);

const CASES = ENVIRONMENTS.flatMap((env) => ROLES.map((role) => [env, role] as const));

describe('WorkloadsStack', () => {
  const synthesized = new Map<string, Synthesized>();
  const get = (env: Environment, role: ClusterRole) => synthesized.get(`${env}/${role}`)!;
  beforeAll(() => {
    for (const [env, role] of CASES) synthesized.set(`${env}/${role}`, synthWorkloads(env, role));
  });

  it.each(CASES)('matches the reviewed snapshot for %s %s', (env, role) => {
    expect(get(env, role).json).toMatchSnapshot();
  });

  it('deploys after vault-config (the roles the stores log in with) and the add-ons (the ESO CRDs)', () => {
    const at = (kind: string) => (STACK_KINDS as readonly string[]).indexOf(kind);
    for (const role of ROLES) {
      expect(workloadsStackKind(role)).toBe(`workloads-${role}`);
      expect(at(`workloads-${role}`)).toBeGreaterThan(at('vault-config'));
      expect(at(`workloads-${role}`)).toBeGreaterThan(at(`cluster-addons-${role}`));
    }
    expect(get('prod', 'application').json.terraform.cloud.workspaces).toEqual({ name: 'vaultplat-workloads-application-prod', project: 'vault-platform' });
    expect(get('prod', 'application').json.provider.kubernetes[0].host).toContain('cross-stack-reference-input-cluster-application-prod');
  });

  describe.each(CASES)('every declared service of %s on the %s cluster', (env, role) => {
    const services = () => get(env, role).environment.vault.services.filter((s) => s.cluster === role);
    const json = () => get(env, role).json;

    it('has a namespace labelled Pod Security restricted (enforce, audit, warn) at the cluster version', () => {
      expect(services().length).toBeGreaterThan(0);
      for (const service of services()) {
        const [namespace] = Object.values(resourcesOf(json(), 'kubernetes_namespace_v1')).filter((n) => n.metadata.name === service.namespace);
        expect(namespace.metadata.labels).toMatchObject({
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.35',
          'pod-security.kubernetes.io/audit-version': 'v1.35',
          'pod-security.kubernetes.io/warn-version': 'v1.35',
          'platform.vaultplat.io/workload-namespace': 'true',
        });
      }
      // Namespace-level objects exist once, however many services share the namespace.
      const namespaces = [...new Set(services().map((s) => s.namespace))];
      const workloadNamespaces = Object.values(resourcesOf(json(), 'kubernetes_namespace_v1')).filter((n) => n.metadata.labels['platform.vaultplat.io/workload-namespace'] === 'true');
      expect(workloadNamespaces.map((n) => n.metadata.name).sort()).toEqual(namespaces.sort());
      expect(Object.values(resourcesOf(json(), 'kubernetes_resource_quota_v1'))).toHaveLength(namespaces.length);
    });

    it('denies all ingress and egress by default and allows DNS to every pod of the namespace', () => {
      for (const namespace of new Set(services().map((s) => s.namespace))) {
        const [deny] = inNamespace(json(), 'kubernetes_network_policy_v1', namespace, 'default-deny');
        expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
        const [dns] = inNamespace(json(), 'kubernetes_network_policy_v1', namespace, 'allow-dns');
        expect(dns.spec).toEqual({
          pod_selector: {},
          policy_types: ['Egress'],
          egress: [
            {
              to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { port: '53', protocol: 'UDP' },
                { port: '53', protocol: 'TCP' },
              ],
            },
          ],
        });
      }
    });

    it("allows the service's pods exactly Vault, PostgreSQL when it has database access, and its declared egress", () => {
      const { network } = get(env, role);
      const cidrs = (vpc: 'tooling' | 'application', tier: 'private' | 'isolated') => network[vpc].availabilityZones.map((az) => network[vpc].subnetCidrs[az][tier]);
      for (const service of services()) {
        const [policy] = inNamespace(json(), 'kubernetes_network_policy_v1', service.namespace, `${service.name}-egress`);
        const expected = [
          { to: cidrs('tooling', 'private').map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: '8200', protocol: 'TCP' }] },
          ...(service.database ? [{ to: cidrs('application', 'isolated').map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: '5432', protocol: 'TCP' }] }] : []),
          ...service.egress.map((e) => ({ to: e.cidrs.map((cidr) => ({ ip_block: { cidr } })), ports: e.ports.map((p) => ({ port: String(p.port), protocol: p.protocol })) })),
        ];
        expect([service.name, policy.spec]).toEqual([service.name, { pod_selector: { match_labels: { [SERVICE_POD_LABEL]: service.name } }, policy_types: ['Egress'], egress: expected }]);
      }
    });

    it('has a quota and container defaults in its namespace', () => {
      for (const service of services()) {
        const [quota] = inNamespace(json(), 'kubernetes_resource_quota_v1', service.namespace);
        expect(Object.keys(quota.spec.hard).sort()).toEqual(['limits.memory', 'pods', 'requests.cpu', 'requests.memory', 'services.loadbalancers', 'services.nodeports']);
        expect([quota.spec.hard['services.loadbalancers'], quota.spec.hard['services.nodeports']]).toEqual(['0', '0']);
        const [limits] = inNamespace(json(), 'kubernetes_limit_range_v1', service.namespace);
        expect(limits.spec.limit).toEqual([{ type: 'Container', default_request: { cpu: '50m', memory: '64Mi' }, default: { memory: '256Mi' } }]);
      }
    });

    it('has its own ServiceAccount without token automount, and only ESO may request tokens for it', () => {
      for (const service of services()) {
        const [account] = inNamespace(json(), 'kubernetes_service_account_v1', service.namespace, service.serviceAccount);
        expect(account.automount_service_account_token).toBe(false);
        const [tokenRole] = inNamespace(json(), 'kubernetes_role_v1', service.namespace, `external-secrets-token-${service.serviceAccount}`);
        expect(tokenRole.rule).toEqual([{ api_groups: [''], resources: ['serviceaccounts/token'], resource_names: [service.serviceAccount], verbs: ['create'] }]);
        const [binding] = inNamespace(json(), 'kubernetes_role_binding_v1', service.namespace, `external-secrets-token-${service.serviceAccount}`);
        expect(binding.subject).toEqual([{ kind: 'ServiceAccount', name: 'external-secrets', namespace: 'external-secrets' }]);
      }
    });

    it("has a SecretStore that logs in to Vault as the service, with the service's account and the expected audience", () => {
      const { environment, vaultAddress } = get(env, role);
      for (const service of services()) {
        const [store] = manifestsOf(json(), 'SecretStore', service.namespace).filter((s) => s.metadata.name === `${service.name}-vault`);
        const vault = store.spec.provider.vault;
        expect([vault.server, vault.path, vault.version, vault.caProvider]).toEqual([vaultAddress, environment.vault.kv.path, 'v2', { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' }]);
        const account = { name: service.serviceAccount, audiences: [environment.vault.kubernetes.audience] };
        expect(vault.auth).toEqual(
          role === 'tooling'
            ? { kubernetes: { mountPath: 'kubernetes-tooling', role: service.name, serviceAccountRef: account } }
            : { jwt: { path: 'jwt-application', role: service.name, kubernetesServiceAccountToken: { serviceAccountRef: account, audiences: [] } } },
        );
      }
    });

    it('delivers the declared keys (ESO) or only the AppRole bootstrap credentials (direct), refreshed every 5 minutes, owner-managed', () => {
      for (const service of services()) {
        const externalSecrets = manifestsOf(json(), 'ExternalSecret', service.namespace).filter((es) => es.metadata.labels['platform.vaultplat.io/service'] === service.name);
        const keysOf = (es: Json) => (es.spec.target.template ? Object.keys(es.spec.target.template.data) : es.spec.data.map((d: Json) => d.secretKey));
        const expected =
          service.delivery === 'direct'
            ? [[`${service.name}-vault-auth`, ['role_id', 'secret_id']]]
            : [
                ...(service.secrets.length > 0 ? [[`${service.name}-secrets`, service.secrets.map((s) => s.key)]] : []),
                ...(service.signingKeys ? [[`${service.name}-signing-keys`, ['keys.json']]] : []),
              ];
        expect([service.name, externalSecrets.map((es) => [es.metadata.name, keysOf(es)])]).toEqual([service.name, expected]);
        for (const es of externalSecrets) {
          expect(es.spec.refreshInterval).toBe('5m');
          expect(es.spec.target).toMatchObject({ name: es.metadata.name, creationPolicy: 'Owner' });
          expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: `${service.name}-vault` });
        }
      }
    });

    it('renders every core object as one the Kubernetes API accepts (kubernetes-models) and every ESO object as one the v2.9.0 CRDs accept', () => {
      const core = apiObjects(json());
      expect(core.length).toBeGreaterThan(8);
      expect(invalidObjects(core)).toEqual([]);
      const custom = manifestObjects(json());
      expect(custom.length).toBeGreaterThan(1);
      expect(invalidObjects(custom)).toEqual([]);
      for (const { address, object } of custom) {
        const contract = object.kind === 'SecretStore' ? SECRET_STORE_CONTRACT : EXTERNAL_SECRET_CONTRACT;
        expect([address, fieldsOutsideContract(object, contract)]).toEqual([address, []]);
      }
    });
  });

  it('converts typed resources to the objects the API receives, so a broken one fails validation', () => {
    const core = apiObjects(get('dev', 'application').json);
    const limits = core.find((o) => o.object.kind === 'LimitRange')!;
    expect(limits.object.spec).toEqual({ limits: [{ type: 'Container', defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { memory: '256Mi' } }] });
    const policy = core.find((o) => o.object.kind === 'NetworkPolicy' && (o.object.metadata as Json).name === 'allow-dns')!;
    expect((policy.object.spec as Json).egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect((policy.object.metadata as Json).namespace).toMatch(/^(orders|payments)$/);
    const broken = { ...limits, object: { ...limits.object, spec: { limits: { type: 'Container' } } } };
    expect(invalidObjects([broken])).toEqual([expect.stringContaining('must be array')]);
  });

  it('runs the AppRole secret-ID issuer on the tooling cluster only, for the direct services', () => {
    for (const env of ENVIRONMENTS) {
      const [cron] = Object.values(resourcesOf(get(env, 'tooling').json, 'kubernetes_cron_job_v1'));
      const [container] = cron.spec.job_template.spec.template.spec.container;
      expect(container.env.find((e: Json) => e.name === 'TARGETS').value).toBe('application-ledger-worker=kv:bootstrap/application/ledger-worker');
      // ledger-worker's secret IDs live 1 day: three runs a day at least.
      expect(cron.spec.schedule).toBe('7 */8 * * *');
      expect(Object.values(resourcesOf(get(env, 'tooling').json, 'kubernetes_namespace_v1')).map((n) => n.metadata.name)).toContain('vault-secret-id-issuer');
      expect(resourcesOf(get(env, 'application').json, 'kubernetes_cron_job_v1')).toEqual({});
    }
  });

  it('sums a shared namespace quota over its services (dev payments: payments-api and ledger-worker at the dev defaults)', () => {
    const [quota] = inNamespace(get('dev', 'application').json, 'kubernetes_resource_quota_v1', 'payments');
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '1000m', 'requests.memory': '1024Mi', 'limits.memory': '2048Mi', pods: '12', 'services.loadbalancers': '0', 'services.nodeports': '0' });
  });

  it('publishes the Vault CA in every application namespace from one variable, and relies on trust-manager on the tooling cluster', () => {
    const application = get('prod', 'application').json;
    const configMaps = Object.values(resourcesOf(application, 'kubernetes_config_map_v1'));
    expect(configMaps.map((c) => [c.metadata.name, c.data])).toEqual([
      ['vault-ca', { 'ca.crt': '${var.vault_ca_certificate_pem}' }],
      ['vault-ca', { 'ca.crt': '${var.vault_ca_certificate_pem}' }],
    ]);
    expect(application.variable.vault_ca_certificate_pem.type).toBe('string');
    const stores = Object.values(resourcesOf(application, 'kubernetes_manifest')).filter((m) => m.manifest.kind === 'SecretStore');
    for (const store of stores) expect(store.depends_on.some((d: string) => d.startsWith('kubernetes_config_map_v1.'))).toBe(true);
    const tooling = get('prod', 'tooling').json;
    expect(resourcesOf(tooling, 'kubernetes_config_map_v1')).toEqual({});
    expect(tooling.variable).toBeUndefined();
  });

  it('waits for each SecretStore to be Ready: the apply proves the service logs in to Vault', () => {
    for (const [env, role] of CASES) {
      const stores = Object.values(resourcesOf(get(env, role).json, 'kubernetes_manifest')).filter((m) => m.manifest.kind === 'SecretStore');
      for (const store of stores) {
        expect(store.wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
        expect(store.depends_on.some((d: string) => d.startsWith('kubernetes_role_binding_v1.'))).toBe(true);
      }
    }
  });

  it("takes the Vault address from the environment's vault-access configuration", () => {
    for (const env of ENVIRONMENTS) expect(deliveryContext(get(env, 'tooling').environment, 'tooling').vaultAddress).toBe(get(env, 'tooling').vaultAddress);
  });

  it('writes no secret: no Secret object, no literal key material, nothing sensitive', () => {
    for (const [env, role] of CASES) {
      const json = get(env, role).json;
      expect(resourcesOf(json, 'kubernetes_secret_v1')).toEqual({});
      expect(Object.values(resourcesOf(json, 'kubernetes_manifest')).map((m) => m.manifest.kind).filter((k) => !['SecretStore', 'ExternalSecret'].includes(k))).toEqual([]);
      expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY|"sensitive":true/);
    }
  });
});
