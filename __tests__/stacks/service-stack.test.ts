import { Testing } from 'cdktf';
import { SERVICE_POD_LABEL } from '../../constructs/kubernetes/delivery-model';
import { EXTERNAL_SECRET_CONTRACT, SECRET_STORE_CONTRACT, fieldsOutsideContract } from '../../constructs/kubernetes/external-secrets-crd-contract';
import { type EnvironmentConfig, validateEnvironments } from '../../environments/schema';
import { SERVICE_STACK_DEPENDENCIES, composeApp } from '../../stacks/compose';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { catalogShards, deliveryContext, subnetCidrs } from '../../stacks/service-catalog';
import { SERVICE_STACK_RESOURCE_LIMIT, SERVICE_STACK_TERRAFORM_TYPES, checkServiceStackSizes, terraformElementCount } from '../../stacks/service-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { apiObjects, manifestObjects, validateApiObject } from '../constructs/kubernetes/kubernetes-objects';
import { type TerraformJson, generatedServices, resourcesOf, sampleConfig, sampleInput, synthStack } from '../helpers';
import { serviceStacks, synthesizedServiceStacks } from './service-stack-fixtures';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

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

const environments = Object.fromEntries(ENVIRONMENTS.map((name) => [name, sampleConfig(name)])) as Record<Environment, EnvironmentConfig>;
const synthesized = Object.fromEntries(ENVIRONMENTS.map((name) => [name, synthesizedServiceStacks(environments[name])])) as Record<Environment, Record<string, TerraformJson>>;
const STACKS = ENVIRONMENTS.flatMap((env) => Object.keys(synthesized[env]).map((stack) => [env, stack] as const));
const SERVICES = ENVIRONMENTS.flatMap((env) =>
  catalogShards(environments[env]).flatMap((shard) => shard.services.map((service) => [env, `${shard.key.kind}-${env}`, service.name] as const)),
);

describe('ServiceStack', () => {
  it.each(STACKS)('%s: matches the reviewed snapshot for %s', (env, stack) => {
    expect(synthesized[env][stack]).toMatchSnapshot();
  });

  it('gives every shard of the sample environments a stack named services-<team>-<env>, with its own workspace', () => {
    expect(Object.keys(synthesized.dev).sort()).toEqual(['services-commerce-dev', 'services-observability-dev', 'services-payments-dev']);
    expect(synthesized.prod['services-payments-prod'].terraform.cloud.workspaces).toEqual({ name: 'vaultplat-services-payments-prod', project: 'vault-platform' });
  });

  it('reads no other stack: no remote state, Vault and clusters named from the configuration, endpoints from EKS data sources', () => {
    for (const [env, stack] of STACKS) {
      const json = synthesized[env][stack];
      expect([stack, Object.keys(json.data ?? {})]).toEqual([stack, ['aws_eks_cluster']]);
      expect(JSON.stringify(json)).not.toMatch(/remote_state|cross-stack/);
      expect(json.provider.vault).toEqual([{ address: `https://vault.${env}.vault.internal:8200`, ca_cert_file: '${var.vault_ca_cert_file}', skip_child_token: true }]);
      for (const [name, cluster] of Object.entries(json.data.aws_eks_cluster as Record<string, Json>)) {
        expect([name, cluster.name]).toEqual([name, `vaultplat-${env}-${name.replace(/^eks-/, '')}`]);
      }
    }
  });

  it('configures the kubernetes provider of each cluster its services use, aliased by cluster, with ephemeral tokens, and no helm provider', () => {
    const payments = synthesized.dev['services-payments-dev'];
    // payments runs on the application cluster, and its secret-ID issuer (ledger-worker is direct) on the tooling cluster.
    expect(payments.provider.kubernetes.map((p: Json) => [p.alias, p.host, p.token])).toEqual([
      ['tooling', '${data.aws_eks_cluster.eks-tooling.endpoint}', '${ephemeral.aws_eks_cluster_auth.tooling.token}'],
      ['application', '${data.aws_eks_cluster.eks-application.endpoint}', '${ephemeral.aws_eks_cluster_auth.application.token}'],
    ]);
    const observability = synthesized.dev['services-observability-dev'];
    expect(observability.provider.kubernetes.map((p: Json) => p.alias)).toEqual(['tooling']);
    for (const stack of [payments, observability]) {
      expect(Object.keys(stack.provider).sort()).toEqual(['aws', 'kubernetes', 'vault']);
      expect(Object.keys(stack.terraform.required_providers).sort()).toEqual(['aws', 'kubernetes', 'vault']);
    }
    for (const [type, resources] of Object.entries(payments.resource as Record<string, Record<string, Json>>)) {
      if (!type.startsWith('kubernetes_')) continue;
      for (const [name, resource] of Object.entries(resources)) expect([type, name, resource.provider]).toEqual([type, name, expect.stringMatching(/^kubernetes\.(tooling|application)$/)]);
    }
  });

  it('holds only the resource and data source types the shared run roles are derived from', () => {
    for (const [env, stack] of STACKS) {
      const json = synthesized[env][stack];
      expect([stack, Object.keys(json.resource).filter((t) => !SERVICE_STACK_TERRAFORM_TYPES.resources.includes(t))]).toEqual([stack, []]);
    }
  });

  describe.each(SERVICES)('%s: %s holds every resource of %s', (env, stack, name) => {
    const environment = environments[env];
    const service = environment.vault.services.find((s) => s.name === name)!;
    const json = synthesized[env][stack];
    const cluster = service.cluster;

    it('its Vault side: policy and role on its cluster\'s auth method, by literal mount path', () => {
      const policies = Object.values(resourcesOf(json, 'vault_policy')).map((p) => p.name);
      expect(policies).toContain(`svc-${cluster}-${name}`);
      const roles = Object.values(resourcesOf(json, cluster === 'tooling' ? 'vault_kubernetes_auth_backend_role' : 'vault_jwt_auth_backend_role')).filter((r) => r.role_name === name);
      expect(roles.map((r) => r.backend)).toEqual([cluster === 'tooling' ? 'kubernetes-tooling' : 'jwt-application']);
      if (service.database) expect(Object.values(resourcesOf(json, 'vault_database_secret_backend_role')).filter((r) => r.name === `${cluster}-${name}`).map((r) => [r.backend, r.db_name])).toEqual([['database', 'postgres']]);
    });

    it('a namespace labelled Pod Security restricted at the cluster version, default-deny and DNS-only policies', () => {
      const [namespace] = Object.values(resourcesOf(json, 'kubernetes_namespace_v1')).filter((n) => n.metadata.name === service.namespace);
      expect(namespace.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.35',
        'platform.vaultplat.io/workload-namespace': 'true',
      });
      expect(namespace.provider).toBe(`kubernetes.${cluster}`);
      const [deny] = inNamespace(json, 'kubernetes_network_policy_v1', service.namespace, 'default-deny');
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
      const [dns] = inNamespace(json, 'kubernetes_network_policy_v1', service.namespace, 'allow-dns');
      expect(dns.spec.egress[0].to).toEqual([{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }]);
      const [quota] = inNamespace(json, 'kubernetes_resource_quota_v1', service.namespace);
      expect([quota.spec.hard['services.loadbalancers'], quota.spec.hard['services.nodeports']]).toEqual(['0', '0']);
    });

    it("its pods reach exactly Vault, PostgreSQL when it has database access, and its declared egress", () => {
      const [policy] = inNamespace(json, 'kubernetes_network_policy_v1', service.namespace, `${name}-egress`);
      const expected = [
        { to: subnetCidrs(environment, 'tooling', 'private').map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: '8200', protocol: 'TCP' }] },
        ...(service.database ? [{ to: subnetCidrs(environment, 'application', 'isolated').map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: '5432', protocol: 'TCP' }] }] : []),
        ...service.egress.map((e) => ({ to: e.cidrs.map((cidr) => ({ ip_block: { cidr } })), ports: e.ports.map((p) => ({ port: String(p.port), protocol: p.protocol })) })),
      ];
      expect(policy.spec).toEqual({ pod_selector: { match_labels: { [SERVICE_POD_LABEL]: name } }, policy_types: ['Egress'], egress: expected });
    });

    it('its ServiceAccount without automount, ESO-only token RBAC, and a SecretStore that logs in as the service', () => {
      const [account] = inNamespace(json, 'kubernetes_service_account_v1', service.namespace, service.serviceAccount);
      expect(account.automount_service_account_token).toBe(false);
      const [tokenRole] = inNamespace(json, 'kubernetes_role_v1', service.namespace, `external-secrets-token-${service.serviceAccount}`);
      expect(tokenRole.rule).toEqual([{ api_groups: [''], resources: ['serviceaccounts/token'], resource_names: [service.serviceAccount], verbs: ['create'] }]);
      const [store] = manifestsOf(json, 'SecretStore', service.namespace).filter((s) => s.metadata.name === `${name}-vault`);
      const vault = store.spec.provider.vault;
      expect([vault.server, vault.path, vault.caProvider]).toEqual([deliveryContext(environment, cluster).vaultAddress, 'kv', { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' }]);
      const accountRef = { name: service.serviceAccount, audiences: ['vault'] };
      expect(vault.auth).toEqual(
        cluster === 'tooling'
          ? { kubernetes: { mountPath: 'kubernetes-tooling', role: name, serviceAccountRef: accountRef } }
          : { jwt: { path: 'jwt-application', role: name, kubernetesServiceAccountToken: { serviceAccountRef: accountRef, audiences: [] } } },
      );
    });

    it('both sides under one construct, so both keep the Terraform addresses of the former vault-config and workloads stacks', () => {
      const addresses = Object.values(json.resource as Record<string, Record<string, unknown>>).flatMap((r) => Object.keys(r)).filter((a) => a.startsWith(`service-${name}_`));
      expect(addresses.some((a) => /_policy_[0-9A-F]{8}$/.test(a))).toBe(true);
      expect(addresses.some((a) => /_service-account_[0-9A-F]{8}$/.test(a))).toBe(true);
      expect(addresses.some((a) => a.includes('Default'))).toBe(false);
    });
  });

  it.each(STACKS)('%s: renders every core object as the Kubernetes API accepts it and every ESO object as the v2.9.0 CRDs do (%s)', (env, stack) => {
    const json = synthesized[env][stack];
    expect(invalidObjects(apiObjects(json))).toEqual([]);
    const custom = manifestObjects(json);
    expect(custom.length).toBeGreaterThan(1);
    expect(invalidObjects(custom)).toEqual([]);
    for (const { address, object } of custom) {
      const contract = object.kind === 'SecretStore' ? SECRET_STORE_CONTRACT : EXTERNAL_SECRET_CONTRACT;
      expect([address, fieldsOutsideContract(object, contract)]).toEqual([address, []]);
    }
  });

  it("runs a shard's own AppRole secret-ID issuer on the tooling cluster, for its direct services only", () => {
    for (const env of ENVIRONMENTS) {
      const json = synthesized[env][`services-payments-${env}`];
      const [cron] = Object.values(resourcesOf(json, 'kubernetes_cron_job_v1'));
      expect([cron.provider, cron.metadata.name, cron.metadata.namespace]).toEqual(['kubernetes.tooling', 'secret-id-issuer-payments', 'vault-secret-id-issuer']);
      const [container] = cron.spec.job_template.spec.template.spec.container;
      expect(container.env.find((e: Json) => e.name === 'TARGETS').value).toBe('application-ledger-worker=kv:bootstrap/application/ledger-worker');
      // ledger-worker's secret IDs live 1 day: three runs a day at least.
      expect(cron.spec.schedule).toBe('7 */8 * * *');
      const role = Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_role')).find((r) => r.role_name === 'secret-id-issuer-payments')!;
      expect([role.backend, role.bound_service_account_names, role.bound_service_account_namespaces]).toEqual(['kubernetes-tooling', ['secret-id-issuer-payments'], ['vault-secret-id-issuer']]);
      // The namespace is the platform's (cluster-addons-tooling): no shard creates it.
      expect(Object.values(resourcesOf(json, 'kubernetes_namespace_v1')).map((n) => n.metadata.name)).not.toContain('vault-secret-id-issuer');
      for (const other of ['commerce', 'observability']) expect(resourcesOf(synthesized[env][`services-${other}-${env}`], 'kubernetes_cron_job_v1')).toEqual({});
    }
  });

  it('sums a shared namespace quota over its services (dev payments: payments-api and ledger-worker at the dev defaults)', () => {
    const [quota] = inNamespace(synthesized.dev['services-payments-dev'], 'kubernetes_resource_quota_v1', 'payments');
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '1000m', 'requests.memory': '1024Mi', 'limits.memory': '2048Mi', pods: '12', 'services.loadbalancers': '0', 'services.nodeports': '0' });
  });

  it('publishes the Vault CA in every application namespace from one variable every service stack declares; trust-manager does it on the tooling cluster', () => {
    const payments = synthesized.prod['services-payments-prod'];
    expect(Object.values(resourcesOf(payments, 'kubernetes_config_map_v1')).map((c) => [c.metadata.name, c.data, c.provider])).toEqual([
      ['vault-ca', { 'ca.crt': '${var.vault_ca_certificate_pem}' }, 'kubernetes.application'],
    ]);
    const stores = Object.values(resourcesOf(payments, 'kubernetes_manifest')).filter((m) => m.manifest.kind === 'SecretStore');
    for (const store of stores) expect(store.depends_on.some((d: string) => d.startsWith('kubernetes_config_map_v1.'))).toBe(true);
    const observability = synthesized.prod['services-observability-prod'];
    expect(resourcesOf(observability, 'kubernetes_config_map_v1')).toEqual({});
    for (const json of [payments, observability]) expect(json.variable.vault_ca_certificate_pem.type).toBe('string');
  });

  it('waits for each SecretStore to be Ready: the apply proves the service logs in to Vault', () => {
    for (const [env, stack] of STACKS) {
      for (const store of Object.values(resourcesOf(synthesized[env][stack], 'kubernetes_manifest')).filter((m) => m.manifest.kind === 'SecretStore')) {
        expect(store.wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
        expect(store.depends_on.some((d: string) => d.startsWith('kubernetes_role_binding_v1.'))).toBe(true);
      }
    }
  });

  it('writes no secret: no Secret object, no literal key material, nothing sensitive', () => {
    for (const [env, stack] of STACKS) {
      const json = synthesized[env][stack];
      expect(resourcesOf(json, 'kubernetes_secret_v1')).toEqual({});
      expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY|"sensitive":true/);
    }
  });
});

describe('service stack deploy order', () => {
  const app = Testing.app();
  const [stacks] = composeApp(app, [sampleConfig('dev')], DEFAULT_DEPLOYMENT);

  it('deploys every shard after vault-config and both add-ons stacks, whichever clusters it uses, and before nothing', () => {
    expect(SERVICE_STACK_DEPENDENCIES.map((d) => d.after)).toEqual(['vault-config', 'cluster-addons-tooling', 'cluster-addons-application']);
    for (const stack of Object.values(stacks.services)) {
      expect([stack.stackName, stack.dependencies.map((d) => d.node.id).sort()]).toEqual([stack.stackName, ['cluster-addons-application-dev', 'cluster-addons-tooling-dev', 'vault-config-dev']]);
    }
    const dependents = app.node.findAll().filter((c) => 'dependencies' in c && (c as unknown as { dependencies: { node: { id: string } }[] }).dependencies.some((d) => d.node.id.startsWith('services-')));
    expect(dependents).toEqual([]);
  });
});

describe('service stack size', () => {
  it('counts resources and data sources after composition, under the limit for the sample environments', () => {
    for (const stack of Object.values(serviceStacks(sampleConfig('prod')))) {
      const count = terraformElementCount(stack);
      expect(count).toBe(Object.values(synthStack(stack).resource as Record<string, object>).reduce((n, r) => n + Object.keys(r).length, 0) + Object.keys(synthStack(stack).data.aws_eks_cluster).length);
      expect(count).toBeLessThanOrEqual(SERVICE_STACK_RESOURCE_LIMIT);
    }
  });

  it('fails a team over the limit, naming env, stack, count, limit and how to split; the split fits', () => {
    const input = sampleInput('dev');
    input.vault.services = generatedServices(1, 50, { teamPrefix: 'billing' });
    const [env] = validateEnvironments([input], STACK_KINDS);
    const [stack] = Object.values(serviceStacks(env));
    const count = terraformElementCount(stack);
    expect(count).toBeGreaterThan(SERVICE_STACK_RESOURCE_LIMIT);
    expect(() => checkServiceStackSizes([stack])).toThrow(
      `Service stacks over their size limit:\n  - dev: stack services-billing1-dev holds ${count} Terraform resources and data sources, above the limit of 500 per service stack ` +
        "(SERVICE_STACK_RESOURCE_LIMIT, stacks/service-stack.ts; a plan refreshes every one of them). Split team \"billing1\": declare shard: '<name>' on some of its services " +
        "in environments/dev.ts (vault.services[].shard, e.g. shard: 'batch' puts them in services-billing1-batch-dev). " +
        'Services already applied move with their state: docs/service-catalog.md#moving-a-service-between-shards',
    );
    // The same team split in two shards: each stack is under the limit.
    input.vault.services = input.vault.services.map((s, i) => (i >= 25 ? { ...s, shard: 'batch' } : s));
    const split = Object.values(serviceStacks(validateEnvironments([input], STACK_KINDS)[0]));
    expect(split.map((s) => s.stackName)).toEqual(['services-billing1-dev', 'services-billing1-batch-dev']);
    expect(() => checkServiceStackSizes(split)).not.toThrow();
  });

  it('fails the composition of an environment with an oversized shard', () => {
    const input = sampleInput('dev');
    input.vault.services = [...input.vault.services!, ...generatedServices(1, 50, { teamPrefix: 'billing' })];
    expect(() => composeApp(Testing.app(), validateEnvironments([input], STACK_KINDS), DEFAULT_DEPLOYMENT)).toThrow(/dev: stack services-billing1-dev holds \d+ Terraform resources/);
  });
});
