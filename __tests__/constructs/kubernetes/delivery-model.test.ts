import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';
import {
  type DeliveryContext,
  type WorkloadServiceDeclaration,
  serviceEgressNodeRules,
  uncoveredServiceEgress,
  deliveryModel,
  serviceDelivery,
  signingKeysTemplate,
  workloadNames,
} from '../../../constructs/kubernetes/delivery-model';
import { EXTERNAL_SECRET_CONTRACT, SECRET_STORE_CONTRACT, fieldsOutsideContract } from '../../../constructs/kubernetes/external-secrets-crd-contract';
import { DEFAULT_MOUNT_PATHS } from '../../../constructs/vault/service-grants';
import { validateModel } from './kubernetes-fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const NETWORK = { apiServerCidrs: ['10.11.0.0/20', '10.11.16.0/20'], vaultCidrs: ['10.10.0.0/20', '10.10.16.0/20'], vaultPort: 8200 };
const context = (cluster: 'tooling' | 'application', overrides: Partial<DeliveryContext> = {}): DeliveryContext => ({
  cluster,
  tier: 'prod',
  vaultAddress: 'https://vault.prod.vault.internal:8200',
  audience: 'vault',
  mounts: DEFAULT_MOUNT_PATHS,
  network: cluster === 'tooling' ? { ...NETWORK, apiServerCidrs: NETWORK.vaultCidrs } : NETWORK,
  postgres: { cidrs: ['10.11.102.0/24', '10.11.103.0/24'], port: 5432 },
  podSecurityVersion: 'v1.35',
  ...overrides,
});

const payments: WorkloadServiceDeclaration = {
  name: 'payments-api',
  cluster: 'application',
  namespace: 'payments',
  serviceAccount: 'payments-api',
  secrets: [
    { key: 'stripe_api_key', purpose: 'p' },
    { key: 'webhook_signing_secret', purpose: 'p' },
  ],
  delivery: 'eso',
  database: { access: 'read-write' },
};
const ledger: WorkloadServiceDeclaration = {
  name: 'ledger-worker',
  cluster: 'application',
  namespace: 'payments',
  serviceAccount: 'ledger-worker',
  secrets: [{ key: 'ledger_export_key', purpose: 'p' }],
  delivery: 'direct',
  justification: 'renews short leases inside long batch runs',
  quota: { pods: 2 },
};
const orders: WorkloadServiceDeclaration = {
  name: 'orders',
  cluster: 'application',
  namespace: 'orders',
  serviceAccount: 'orders',
  secrets: [{ key: 'smtp_password', purpose: 'p' }],
  delivery: 'eso',
  signingKeys: { keys: [{ id: '2025-06', status: 'primary' }, { id: '2025-01', status: 'verifying' }] },
  egress: [{ name: 'smtp-relay', purpose: 'SMTP relay', cidrs: ['198.51.100.25/32'], ports: [{ port: 587 }] }],
  secretRefreshSeconds: 120,
};
const grafana: WorkloadServiceDeclaration = {
  name: 'grafana',
  cluster: 'tooling',
  namespace: 'monitoring',
  serviceAccount: 'grafana',
  secrets: [{ key: 'admin_password', purpose: 'p' }],
  delivery: 'eso',
};

describe('deliveryModel', () => {
  const model = deliveryModel([payments, ledger, orders, grafana], context('application'));

  it("groups the cluster's services by namespace: namespace objects once, service objects per service", () => {
    expect(model.map((ns) => [ns.name, ns.services.map((s) => s.service)])).toEqual([
      ['orders', ['orders']],
      ['payments', ['ledger-worker', 'payments-api']],
    ]);
    expect(deliveryModel([payments, ledger, orders, grafana], context('tooling')).map((ns) => ns.name)).toEqual(['monitoring']);
  });

  it('labels each namespace as a workload namespace and pins the Pod Security version', () => {
    for (const ns of model) {
      expect(ns.labels).toEqual({ 'app.kubernetes.io/managed-by': 'terraform', 'platform.vaultplat.io/workload-namespace': 'true' });
      expect(ns.podSecurityVersion).toBe('v1.35');
      expect(ns.egress.map((e) => e.name)).toEqual(['dns']);
    }
  });

  it('sums the services of a namespace into its quota (declared values over the tier defaults) and forbids load balancers and node ports', () => {
    const paymentsNs = model.find((ns) => ns.name === 'payments')!;
    // prod defaults: 2000m, 2048Mi, 4096Mi, 20 pods per service; ledger-worker declares 2 pods.
    expect(paymentsNs.quotaHard).toEqual({
      'requests.cpu': '4000m',
      'requests.memory': '4096Mi',
      'limits.memory': '8192Mi',
      pods: '22',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
    expect(paymentsNs.containerDefaults).toEqual({ defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { memory: '256Mi' } });
  });

  it('has trust-manager publish the Vault CA on the tooling cluster and the workloads stack on the application cluster', () => {
    expect(model[0].vaultCa).toEqual({ configMap: 'vault-ca', key: 'ca.crt', source: 'service-stack' });
    expect(deliveryModel([grafana], context('tooling'))[0].vaultCa.source).toBe('trust-manager');
  });
});

describe('serviceDelivery', () => {
  it('names every object of a service after it', () => {
    expect(workloadNames(payments)).toEqual({
      serviceAccount: 'payments-api',
      secretStore: 'payments-api-vault',
      secrets: 'payments-api-secrets',
      signingKeys: 'payments-api-signing-keys',
      vaultAuth: 'payments-api-vault-auth',
      tokenRequestRole: 'external-secrets-token-payments-api',
      networkPolicy: 'payments-api-egress',
    });
  });

  it('logs in on the application cluster with JWT auth as the service, its own account and exactly the configured audience', () => {
    const store = serviceDelivery(payments, context('application')).secretStore as Json;
    expect(store.spec.provider.vault).toEqual({
      server: 'https://vault.prod.vault.internal:8200',
      path: 'kv',
      version: 'v2',
      caProvider: { type: 'ConfigMap', name: 'vault-ca', key: 'ca.crt' },
      auth: { jwt: { path: 'jwt-application', role: 'payments-api', kubernetesServiceAccountToken: { serviceAccountRef: { name: 'payments-api', audiences: ['vault'] }, audiences: [] } } },
    });
    expect(store.metadata).toEqual({ name: 'payments-api-vault', namespace: 'payments', labels: { 'app.kubernetes.io/managed-by': 'terraform', 'platform.vaultplat.io/service': 'payments-api' } });
  });

  it('logs in on the tooling cluster with Kubernetes auth', () => {
    const delivery = serviceDelivery(grafana, context('tooling', { audience: 'vault-prod' }));
    expect((delivery.secretStore as Json).spec.provider.vault.auth).toEqual({
      kubernetes: { mountPath: 'kubernetes-tooling', role: 'grafana', serviceAccountRef: { name: 'grafana', audiences: ['vault-prod'] } },
    });
    expect(delivery.vaultLogin).toEqual({ method: 'kubernetes', mountPath: 'kubernetes-tooling', role: 'grafana', loginPath: 'auth/kubernetes-tooling/role/grafana', audience: 'vault-prod' });
  });

  it('syncs the declared keys into one Secret every 5 minutes, owner-managed', () => {
    const [secrets] = serviceDelivery(payments, context('application')).externalSecrets;
    expect([secrets.purpose, secrets.name, secrets.secretKeys, secrets.vaultPath, secrets.refreshSeconds]).toEqual([
      'secrets',
      'payments-api-secrets',
      ['stripe_api_key', 'webhook_signing_secret'],
      'application/payments-api',
      300,
    ]);
    expect((secrets.manifest as Json).spec).toEqual({
      refreshInterval: '5m',
      refreshPolicy: 'Periodic',
      secretStoreRef: { kind: 'SecretStore', name: 'payments-api-vault' },
      target: { name: 'payments-api-secrets', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [
        { secretKey: 'stripe_api_key', remoteRef: { key: 'application/payments-api', property: 'stripe_api_key' } },
        { secretKey: 'webhook_signing_secret', remoteRef: { key: 'application/payments-api', property: 'webhook_signing_secret' } },
      ],
    });
  });

  it('delivers the signing key-set as one keys.json entry, at the refresh the service declares', () => {
    const [secrets, keys] = serviceDelivery(orders, context('application')).externalSecrets;
    expect(secrets.refreshSeconds).toBe(120);
    expect((secrets.manifest as Json).spec.refreshInterval).toBe('2m');
    expect([keys.purpose, keys.name, keys.secretKeys, keys.vaultPath]).toEqual(['signing-keys', 'orders-signing-keys', ['keys.json'], 'application/orders/signing-keys']);
    expect((keys.manifest as Json).spec.data).toEqual([{ secretKey: 'keys', remoteRef: { key: 'application/orders/signing-keys' } }]);
    expect((keys.manifest as Json).spec.target.template).toEqual({
      engineVersion: 'v2',
      mergePolicy: 'Replace',
      type: 'Opaque',
      data: { 'keys.json': '{"primary":"2025-06","verifying":["2025-01"],"keys":{{ .keys }}}' },
    });
    // With the keys values filled in as ESO does ({{ .keys }} is the secret as JSON), keys.json is JSON.
    const rendered = signingKeysTemplate(orders.signingKeys!.keys).replace('{{ .keys }}', JSON.stringify({ '2025-06': 'k1', '2025-01': 'k0' }));
    expect(JSON.parse(rendered)).toEqual({ primary: '2025-06', verifying: ['2025-01'], keys: { '2025-06': 'k1', '2025-01': 'k0' } });
  });

  it('gives a direct service only its AppRole bootstrap credentials, never its secrets', () => {
    const delivery = serviceDelivery(ledger, context('application'));
    expect(delivery.externalSecrets.map((es) => [es.purpose, es.name, es.secretKeys, es.vaultPath])).toEqual([
      ['vault-auth', 'ledger-worker-vault-auth', ['role_id', 'secret_id'], 'bootstrap/application/ledger-worker'],
    ]);
  });

  it('lets the pods reach Vault, PostgreSQL only with database access, and the egress they declare, nothing else', () => {
    const allows = (service: WorkloadServiceDeclaration) =>
      serviceDelivery(service, context('application')).egress.map((e) => [e.name, e.peers.map((p) => ('cidr' in p ? p.cidr : p.namespace)), e.ports.map((p) => `${p.protocol}/${p.port}`)]);
    expect(allows(payments)).toEqual([
      ['vault', NETWORK.vaultCidrs, ['TCP/8200']],
      ['postgres', ['10.11.102.0/24', '10.11.103.0/24'], ['TCP/5432']],
    ]);
    expect(allows(orders)).toEqual([
      ['vault', NETWORK.vaultCidrs, ['TCP/8200']],
      ['egress-smtp-relay', ['198.51.100.25/32'], ['TCP/587']],
    ]);
    expect(serviceDelivery(payments, context('application')).podLabels).toEqual({ 'app.kubernetes.io/name': 'payments-api' });
  });

  it('lets only ESO request tokens for the service account', () => {
    expect(serviceDelivery(payments, context('application')).tokenRequester).toEqual({ namespace: 'external-secrets', serviceAccount: 'external-secrets' });
  });

  it('fails for a service of another cluster or database access without a database', () => {
    expect(() => serviceDelivery(grafana, context('application'))).toThrow('service grafana runs on the tooling cluster, not application');
    expect(() => serviceDelivery(payments, context('application', { postgres: undefined }))).toThrow('service payments-api declares database access but the environment has no database');
  });
});

describe('ESO custom resources of the model', () => {
  const deliveries = [payments, ledger, orders].map((s) => serviceDelivery(s, context('application'))).concat(serviceDelivery(grafana, context('tooling')));

  it('validate against @kubernetes-models/external-secrets and set only fields of the v2.9.0 CRDs', () => {
    for (const delivery of deliveries) {
      expect(fieldsOutsideContract(delivery.secretStore, SECRET_STORE_CONTRACT)).toEqual([]);
      expect(() => validateModel(new SecretStore(delivery.secretStore as never))).not.toThrow();
      for (const es of delivery.externalSecrets) {
        expect(fieldsOutsideContract(es.manifest, EXTERNAL_SECRET_CONTRACT)).toEqual([]);
        expect(() => validateModel(new ExternalSecret(es.manifest as never))).not.toThrow();
      }
    }
  });

  it('would catch a misspelt field (contract) and a bad value (models)', () => {
    const store = deliveries[0].secretStore as Json;
    const misspelt = { ...store, spec: { provider: { vault: { ...store.spec.provider.vault, caBundel: 'x' } } } };
    expect(fieldsOutsideContract(misspelt, SECRET_STORE_CONTRACT)).toEqual(['spec.provider.vault.caBundel']);
    const es = deliveries[0].externalSecrets[0].manifest as Json;
    expect(() => validateModel(new ExternalSecret({ ...es, spec: { ...es.spec, target: { ...es.spec.target, creationPolicy: 'Always' } } } as never))).toThrow(/creationPolicy/);
  });

  it('agree with the CRD on every enum of the contract (the models accept each CRD value and refuse others)', () => {
    const es = deliveries[2].externalSecrets[1].manifest as Json;
    const store = deliveries[0].secretStore as Json;
    const set = (object: Json, path: string, value: unknown): Json => {
      const copy = structuredClone(object);
      const keys = path.replace(/\[\]/g, '.0').split('.');
      let node = copy;
      for (const key of keys.slice(0, -1)) node = node[key];
      node[keys[keys.length - 1]] = value;
      return copy;
    };
    for (const [contract, sample, Model] of [
      [EXTERNAL_SECRET_CONTRACT, es, ExternalSecret],
      [SECRET_STORE_CONTRACT, store, SecretStore],
    ] as const) {
      for (const [path, field] of Object.entries(contract.fields).filter(([, f]) => f.enum)) {
        const accepted = (value: string) => {
          try {
            validateModel(new Model(set(sample, path, value) as never));
            return true;
          } catch {
            return false;
          }
        };
        expect([path, field.enum!.filter((value) => !accepted(value))]).toEqual([path, field.unknownToModels ?? []]);
        expect([path, accepted('NotInTheCrd')]).toEqual([path, false]);
      }
    }
  });
});

describe('serviceEgressNodeRules', () => {
  it('gives each distinct protocol, port and CIDR of the destinations a cluster opens one node rule naming its destinations', () => {
    const destinations = [
      { name: 'smtp-relay', purpose: 'x', cidrs: ['198.51.100.25/32'], ports: [{ port: 587 }] },
      { name: 'mail', purpose: 'x', cidrs: ['198.51.100.25/32'], ports: [{ port: 587 }, { port: 514, protocol: 'UDP' as const }] },
      { name: 'api', purpose: 'x', cidrs: ['10.0.0.0/24'], ports: [{ port: 443 }] },
    ];
    expect(serviceEgressNodeRules(destinations)).toEqual([
      { key: 'svc-tcp587-198-51-100-25-32', description: 'Service egress destination: smtp-relay, mail', protocol: 'tcp', port: 587, cidr: '198.51.100.25/32' },
      { key: 'svc-udp514-198-51-100-25-32', description: 'Service egress destination: mail', protocol: 'udp', port: 514, cidr: '198.51.100.25/32' },
    ]);
    expect(serviceEgressNodeRules([])).toEqual([]);
  });
});

describe('uncoveredServiceEgress', () => {
  const opened = [{ name: 'smtp-relay', purpose: 'x', cidrs: ['10.11.0.0/28'], ports: [{ port: 587 }] }];

  it('accepts a destination within an opened one (same port and protocol, a CIDR inside), and HTTPS anywhere', () => {
    expect(uncoveredServiceEgress([{ name: 'smtp', purpose: 'x', cidrs: ['10.11.0.4/32'], ports: [{ port: 587 }] }], opened)).toEqual([]);
    expect(uncoveredServiceEgress([{ name: 'api', purpose: 'x', cidrs: ['203.0.113.0/24'], ports: [{ port: 443 }] }], [])).toEqual([]);
  });

  it('reports each CIDR and port the cluster does not open: another port, a wider range, UDP for TCP', () => {
    expect(
      uncoveredServiceEgress(
        [
          { name: 'a', purpose: 'x', cidrs: ['10.11.0.4/32', '10.11.0.0/24'], ports: [{ port: 587 }] },
          { name: 'b', purpose: 'x', cidrs: ['10.11.0.4/32'], ports: [{ port: 25 }, { port: 587, protocol: 'UDP' }] },
        ],
        opened,
      ),
    ).toEqual([
      { rule: 0, cidr: 1, value: '10.11.0.0/24', protocol: 'TCP', port: 587 },
      { rule: 1, cidr: 0, value: '10.11.0.4/32', protocol: 'TCP', port: 25 },
      { rule: 1, cidr: 0, value: '10.11.0.4/32', protocol: 'UDP', port: 587 },
    ]);
  });
});
