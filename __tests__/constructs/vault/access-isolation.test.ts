import { type EnvironmentInput } from '../../../environments/schema';
import { environmentAccessModel } from '../../../scripts/generate-access-matrix';
import { SECRET_ID_ISSUER, secretIdIssuerCalls, secretIdIssuerNames } from '../../../constructs/vault/secret-id-issuer-grants';
import { RAFT_SNAPSHOT_ROLE, VAULT_NAMESPACE, VAULT_SNAPSHOT_SERVICE_ACCOUNT } from '../../../constructs/vault-server/vault-server-names';
import {
  type IdentityGrants,
  type ServiceDeclaration,
  capabilitiesOn,
  identityAcl,
  parsePolicy,
  renderPolicy,
  serviceNames,
} from '../../../constructs/vault/service-grants';
import { aclCapabilities, compileAcl, governingRule, isAllowed } from '../../../constructs/vault/vault-acl';
import { catalogShards, serviceSpecs, vaultMountPaths } from '../../../stacks/service-catalog';
import { type TerraformJson, SAMPLE_INPUTS, problemsOf, resourcesOf, sampleConfig, sampleInput, synthStack } from '../../helpers';
import { synthesizedServiceStacks } from '../../stacks/service-stack-fixtures';
import { vaultConfigStack } from '../../stacks/vault-config-fixtures';
import { validateEnvironments } from '../../../environments/schema';
import { STACK_KINDS } from '../../../stacks/stack-kinds';
import { manifestObjects } from '../kubernetes/kubernetes-objects';

/** Concrete request paths that belong to one service only. */
function ownedPaths(service: ServiceDeclaration, mounts: ReturnType<typeof vaultMountPaths>): string[] {
  const n = serviceNames(service, mounts);
  return [
    n.kvDataPath,
    `${n.kvDataPath}/signing-keys`,
    n.kvMetadataPath,
    `${n.kvMetadataPath}/signing-keys`,
    n.bootstrapDataPath,
    n.databaseCredsPath,
    n.pkiIssuePath,
  ];
}

/** Identities as deployed: roles of the synthesized stacks (vault-config and the service stacks) with the HCL of the policies they carry. */
function synthesizedIdentities(stacks: readonly TerraformJson[]): { name: string; policies: ReturnType<typeof parsePolicy>[] }[] {
  return stacks.flatMap(stackIdentities);
}

/** The roles of one synthesized stack (policy references resolve within the stack). */
function stackIdentities(json: TerraformJson): { name: string; policies: ReturnType<typeof parsePolicy>[] }[] {
  const policies = resourcesOf(json, 'vault_policy');
  const hclOf = (reference: string) => {
    const id = /^\$\{vault_policy\.([^.]+)\.name\}$/.exec(reference)?.[1];
    if (!id || !policies[id]) throw new Error(`unresolved policy reference ${reference}`);
    return parsePolicy(policies[id].policy as string);
  };
  const roles = [
    ...Object.values(resourcesOf(json, 'vault_kubernetes_auth_backend_role')).map((r) => ({ name: `kubernetes:${r.role_name}`, refs: r.token_policies as string[] })),
    // Service account roles on a cluster's JWT method; the HCP Terraform workspace roles carry platform-admin.
    ...Object.values(resourcesOf(json, 'vault_jwt_auth_backend_role'))
      .filter((r) => r.role_type === 'jwt' && typeof r.bound_subject === 'string' && (r.bound_subject as string).startsWith('system:serviceaccount:'))
      .map((r) => ({ name: `jwt:${r.role_name}`, refs: r.token_policies as string[] })),
    ...Object.values(resourcesOf(json, 'vault_approle_auth_backend_role')).map((r) => ({ name: `approle:${r.role_name}`, refs: r.token_policies as string[] })),
  ];
  return roles.map((r) => ({ name: r.name, policies: r.refs.map(hclOf) }));
}

/** Capabilities on a path through the rendered HCL, the way Vault decides them (vault-acl.ts). */
function deployedCapabilities(policies: ReturnType<typeof parsePolicy>[], path: string): string[] {
  return aclCapabilities(compileAcl(policies.map((blocks, i) => ({ name: `p${i}`, blocks }))), path);
}

const isIssuer = (identity: { name: string }) => identity.name.startsWith(`kubernetes:${SECRET_ID_ISSUER.namePrefix}`);

type Mounts = ReturnType<typeof vaultMountPaths>;

/** Every grant of a service identity of the model on a path owned by another service. */
function modelLeaks(model: readonly IdentityGrants[], services: readonly ServiceDeclaration[], mounts: Mounts): string[] {
  const leaks: string[] = [];
  for (const identity of model.filter((i): i is IdentityGrants & { service: string } => i.service !== undefined)) {
    for (const other of services.filter((s) => s.name !== identity.service)) {
      for (const path of ownedPaths(other, mounts)) {
        const caps = capabilitiesOn(identity, path);
        if (caps.length > 0) leaks.push(`${identity.loginPath} -> ${path}: ${caps.join(', ')}`);
      }
    }
  }
  return leaks;
}

/** Kubernetes roles of the platform itself (no service): they may reach no service's path at all. */
const PLATFORM_ROLES = ['kubernetes:platform-raft-snapshot'];

/**
 * Every grant of a role of the synthesized stack, through its rendered HCL, on a path owned by another service (for a
 * platform role: on a path owned by any service).
 */
function deployedLeaks(stacks: readonly TerraformJson[], services: readonly ServiceDeclaration[], mounts: Mounts): string[] {
  const leaks: string[] = [];
  for (const identity of synthesizedIdentities(stacks).filter((i) => !isIssuer(i))) {
    const own = identity.name.replace(/^(kubernetes|jwt):/, '').replace(/^approle:[a-z]+-/, '');
    const owner = services.find((s) => s.name === own);
    if (!owner && !PLATFORM_ROLES.includes(identity.name)) throw new Error(`role ${identity.name} belongs to no declared service`);
    for (const other of services.filter((s) => s !== owner)) {
      for (const path of ownedPaths(other, mounts)) {
        const caps = deployedCapabilities(identity.policies, path);
        if (caps.length > 0) leaks.push(`${identity.name} -> ${path}: ${caps.join(', ')}`);
      }
    }
  }
  return leaks;
}

/** Adds a service whose name starts with another service's name (the `orders` / `orders-worker` prefix trap). */
function withPrefixTrap(): EnvironmentInput {
  const input = sampleInput('dev');
  input.vault.services!.push({
    name: 'orders-worker',
    team: 'commerce',
    cluster: 'application',
    namespace: 'orders',
    serviceAccount: 'orders-worker',
    secrets: [{ key: 'queue_password', purpose: 'Password of the order queue consumer' }],
    database: { access: 'read-only' },
    certificates: { allowedDomains: ['orders-worker.dev.vaultplat.internal'] },
  });
  return input;
}

const cases = [
  ...Object.keys(SAMPLE_INPUTS).map((name) => [name, () => sampleConfig(name as keyof typeof SAMPLE_INPUTS)] as const),
  ['dev with a prefix-named service', () => validateEnvironments([withPrefixTrap()], STACK_KINDS)[0]] as const,
];

describe.each(cases)('access isolation: %s', (_label, config) => {
  const environment = config();
  const mounts = vaultMountPaths(environment);
  const services = serviceSpecs(environment);
  const model = environmentAccessModel(environment);
  /** vault-config (platform identities) and every service stack (the services' and issuers'). */
  let stacks: TerraformJson[];
  beforeAll(() => {
    stacks = [synthStack(vaultConfigStack(environment)), ...Object.values(synthesizedServiceStacks(environment))];
  });
  /** Every resource of a type across the stacks, each with the stack it lives in. */
  const every = (type: string) => stacks.flatMap((json) => Object.values(resourcesOf(json, type)).map((r) => ({ r, json })));

  it('declares at least four services covering both delivery modes', () => {
    expect(services.length).toBeGreaterThanOrEqual(4);
    expect(new Set(services.map((s) => s.delivery))).toEqual(new Set(['eso', 'direct']));
  });

  it('no service identity of the model can reach another service\'s KV path, database role or PKI role', () => {
    expect(modelLeaks(model, services, mounts)).toEqual([]);
  });

  it('no role of the synthesized stacks can reach another service\'s paths through its rendered HCL', () => {
    const serviceRoles = synthesizedIdentities(stacks).filter((i) => !isIssuer(i) && !PLATFORM_ROLES.includes(i.name));
    expect(serviceRoles.length).toBe(model.filter((i) => i.service !== undefined).length);
    expect(deployedLeaks(stacks, services, mounts)).toEqual([]);
  });

  it("binds each service's cluster role to exactly its own service account, on its cluster's auth method", () => {
    const resolve = (json: TerraformJson, backend: string) =>
      backend.replace(/\$\{vault_(jwt_auth_backend|auth_backend)\.([^.]+)\.path\}/, (_m, type: string, name: string) => resourcesOf(json, `vault_${type}`)[name].path as string);
    const bindings = [
      ...every('vault_kubernetes_auth_backend_role').map(({ r, json }) => [
        `auth/${resolve(json, r.backend)}/role/${r.role_name}`,
        `${(r.bound_service_account_namespaces as string[]).join(',')}/${(r.bound_service_account_names as string[]).join(',')}`,
      ]),
      ...every('vault_jwt_auth_backend_role')
        .filter(({ r }) => typeof r.bound_subject === 'string')
        .map(({ r, json }) => [`auth/${resolve(json, r.backend)}/role/${r.role_name}`, (r.bound_subject as string).replace(/^system:serviceaccount:([^:]+):/, '$1/')]),
    ];
    const issuers = catalogShards(environment)
      .filter((shard) => shard.services.some((s) => s.delivery === 'direct'))
      .map((shard) => secretIdIssuerNames(shard.key.id).name);
    const expected = [
      ...services.map((s) => [`auth/${mounts.clusterAuth[s.cluster].path}/role/${s.name}`, `${s.namespace}/${s.serviceAccount}`]),
      ...issuers.map((name) => [`auth/${mounts.clusterAuth.tooling.path}/role/${name}`, `${SECRET_ID_ISSUER.namespace}/${name}`]),
      // The raft snapshot job of vault-server (a platform role: it reaches no service path, see above).
      [`auth/${mounts.clusterAuth.tooling.path}/role/${RAFT_SNAPSHOT_ROLE}`, `${VAULT_NAMESPACE}/${VAULT_SNAPSHOT_SERVICE_ACCOUNT}`],
    ];
    expect(bindings.sort()).toEqual(expected.sort());
  });

  it('each service can read its own secrets through the identity that fetches them', () => {
    for (const service of services) {
      const n = serviceNames(service, mounts);
      const identities = model.filter((i) => i.service === service.name);
      const reader = identities.find((i) => (service.delivery === 'eso' ? i.kind !== 'approle' : i.kind === 'approle'))!;
      expect(capabilitiesOn(reader, n.kvDataPath)).toEqual(['read']);
      expect(capabilitiesOn(reader, `${n.kvDataPath}/signing-keys`)).toEqual(['read']);
      if (service.database) expect(capabilitiesOn(reader, n.databaseCredsPath)).toEqual(['read']);
      if (service.certificates) expect(capabilitiesOn(reader, n.pkiIssuePath)).toEqual(['update']);
    }
  });

  it('renders every policy in the stacks exactly from the model (no drift)', () => {
    const deployed = Object.fromEntries(every('vault_policy').map(({ r: p }) => [p.name as string, p.policy as string]));
    const modelled = Object.fromEntries(model.flatMap((i) => i.policies).map((p) => [p.name, renderPolicy(p.grants)]));
    expect(deployed).toEqual(modelled);
  });

  it('gives sudo to the platform-admin policy only', () => {
    const withSudo = every('vault_policy')
      .filter(({ r: p }) => parsePolicy(p.policy as string).some((b) => b.capabilities.includes('sudo')))
      .map(({ r: p }) => p.name);
    expect(withSudo).toEqual(['platform-admin']);
  });

  describe.each(catalogShards(environment).filter((shard) => shard.services.some((s) => s.delivery === 'direct')))('the AppRole secret-ID issuer of $key.id', (shard) => {
    const names = secretIdIssuerNames(shard.key.id);
    const issuer = model.find((i) => i.loginPath === `auth/${mounts.clusterAuth.tooling.path}/role/${names.name}`)!;
    const direct = shard.services.filter((s) => s.delivery === 'direct');

    it('is bound to its own service account in the tooling cluster, with its own policy', () => {
      const role = every('vault_kubernetes_auth_backend_role').find(({ r }) => r.role_name === names.name)!.r;
      expect([role.bound_service_account_names, role.bound_service_account_namespaces, role.token_ttl, role.token_max_ttl]).toEqual([
        [names.name],
        [SECRET_ID_ISSUER.namespace],
        300,
        600,
      ]);
      expect(issuer.policies.map((p) => p.name)).toEqual([names.policy]);
    });

    it('may make every call of its contract, and every block and capability serves one', () => {
      const acl = identityAcl(issuer);
      const calls = direct.flatMap((s) => secretIdIssuerCalls(s, mounts, names)).filter((c) => !c.unauthenticated);
      expect(calls.filter((c) => !isAllowed(acl, c)).map((c) => `${c.method} ${c.path} (${c.capability})`)).toEqual([]);
      const used = new Set(calls.map((c) => `${governingRule(acl, c.path)?.path}: ${c.capability}`));
      const granted = issuer.policies[0].grants.flatMap((g) => g.capabilities.map((c) => `${g.path}: ${c}`));
      expect(granted.filter((g) => !used.has(g))).toEqual([]);
    });

    it("reaches no service secret, never reads a bootstrap entry, and issues only for its own shard's direct services", () => {
      for (const service of services) {
        const n = serviceNames(service, mounts);
        for (const path of [n.kvDataPath, `${n.kvDataPath}/signing-keys`, n.kvMetadataPath, n.databaseCredsPath, n.pkiIssuePath]) {
          expect([path, capabilitiesOn(issuer, path)]).toEqual([path, []]);
        }
        const own = direct.some((d) => d.name === service.name);
        expect([service.name, capabilitiesOn(issuer, n.bootstrapDataPath)]).toEqual([service.name, own ? ['create', 'update'] : []]);
        expect(capabilitiesOn(issuer, `auth/${mounts.appRole}/role/${n.roleName}/secret-id`)).toEqual(own ? ['update'] : []);
      }
    });
  });
});

describe('access isolation check', () => {
  const environment = sampleConfig('dev');
  const mounts = vaultMountPaths(environment);
  const services = serviceSpecs(environment);

  /** The dev model with one grant of payments-api's policy replaced. */
  function widened(from: string, to: string): IdentityGrants[] {
    return environmentAccessModel(environment).map((identity) => ({
      ...identity,
      policies: identity.policies.map((policy) =>
        policy.name !== 'svc-application-payments-api' ? policy : { ...policy, grants: policy.grants.map((g) => (g.path === from ? { ...g, path: to } : g)) },
      ),
    }));
  }

  it.each([
    ['a cluster-wide KV wildcard', 'kv/data/application/payments-api/*', 'kv/data/application/*', 'kv/data/application/orders: read'],
    ['a wildcard database role', 'database/creds/application-payments-api', 'database/creds/*', 'database/creds/application-orders: read'],
    ['a wildcard PKI role', 'pki-int/issue/application-payments-api', 'pki-int/issue/+', 'pki-int/issue/application-ledger-worker: update'],
  ])('catches %s in the model', (_label, from, to, leak) => {
    expect(modelLeaks(widened(from, to), services, mounts)).toContain(`auth/jwt-application/role/payments-api -> ${leak}`);
  });

  it('catches a platform role (the raft snapshot job) that could read service secrets', () => {
    const json = synthStack(vaultConfigStack(environment));
    const policy = Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'svc-platform-raft-snapshot')!;
    policy.policy = `${policy.policy as string}\npath "kv/data/application/orders" {\n  capabilities = ["read"]\n}\n`;
    expect(deployedLeaks([json], services, mounts)).toEqual(['kubernetes:platform-raft-snapshot -> kv/data/application/orders: read']);
  });

  it('catches a cluster-wide KV wildcard in the synthesized HCL', () => {
    const json = synthesizedServiceStacks(environment)['services-payments-dev'];
    const policy = Object.values(resourcesOf(json, 'vault_policy')).find((p) => p.name === 'svc-application-payments-api')!;
    policy.policy = (policy.policy as string).replace('path "kv/data/application/payments-api/*"', 'path "kv/data/application/*"');
    expect(deployedLeaks([json], services, mounts)).toEqual([
      'jwt:payments-api -> kv/data/application/orders: read',
      'jwt:payments-api -> kv/data/application/orders/signing-keys: read',
      'jwt:payments-api -> kv/data/application/ledger-worker: read',
      'jwt:payments-api -> kv/data/application/ledger-worker/signing-keys: read',
    ]);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe.each(cases)('access isolation on the Kubernetes side: %s', (_label, config) => {
  const environment = config();
  const mounts = vaultMountPaths(environment);
  const services = serviceSpecs(environment);
  const model = environmentAccessModel(environment);
  /** The service stacks: each holds both sides of its services (Vault roles and the Kubernetes objects). */
  let workloads: TerraformJson[];
  beforeAll(() => {
    workloads = Object.values(synthesizedServiceStacks(environment));
  });

  /** Every SecretStore of both clusters with the Vault role it logs in with, the account and audience it presents. */
  const stores = () =>
    workloads.flatMap((json) =>
      manifestObjects(json)
        .map((m) => m.object as Json)
        .filter((o) => o.kind === 'SecretStore')
        .map((store) => {
          const auth = store.spec.provider.vault.auth;
          const login = auth.kubernetes ?? auth.jwt;
          const account = auth.kubernetes ? auth.kubernetes.serviceAccountRef : auth.jwt.kubernetesServiceAccountToken.serviceAccountRef;
          return {
            cluster: services.find((s) => s.name === store.metadata.labels['platform.vaultplat.io/service'])!.cluster,
            json,
            name: store.metadata.name as string,
            namespace: store.metadata.namespace as string,
            service: store.metadata.labels['platform.vaultplat.io/service'] as string,
            loginPath: `auth/${auth.kubernetes ? login.mountPath : login.path}/role/${login.role}`,
            account: account.name as string,
            audiences: account.audiences as string[],
          };
        }),
    );

  /** The Vault role a login path names, as deployed (by literal mount path, in the service stacks): the account it is bound to and its audience. */
  const vaultRole = (loginPath: string) => {
    const [, mount, role] = /^auth\/([^/]+)\/role\/(.+)$/.exec(loginPath)!;
    const roles = (type: string) => workloads.flatMap((json) => Object.values(resourcesOf(json, type)));
    const kubernetes = roles('vault_kubernetes_auth_backend_role').find((r) => r.role_name === role && r.backend === mount);
    if (kubernetes) return { account: `${kubernetes.bound_service_account_namespaces}/${kubernetes.bound_service_account_names}`, audiences: [kubernetes.audience] };
    const jwt = roles('vault_jwt_auth_backend_role').find((r) => r.role_name === role && r.backend === mount);
    if (jwt) return { account: (jwt.bound_subject as string).replace(/^system:serviceaccount:([^:]+):/, '$1/'), audiences: jwt.bound_audiences as string[] };
    return undefined;
  };

  it('has one SecretStore per declared service, on its cluster, in its namespace', () => {
    expect(stores().map((s) => `${s.cluster}/${s.namespace}/${s.service}`).sort()).toEqual(services.map((s) => `${s.cluster}/${s.namespace}/${s.name}`).sort());
  });

  it("logs every store in with its own service's role, which Vault binds to exactly the account and audience the store presents", () => {
    for (const store of stores()) {
      const service = services.find((s) => s.name === store.service)!;
      expect([store.name, store.loginPath]).toEqual([store.name, `auth/${mounts.clusterAuth[service.cluster].path}/role/${service.name}`]);
      expect([store.name, store.account]).toEqual([store.name, service.serviceAccount]);
      expect([store.name, vaultRole(store.loginPath)]).toEqual([store.name, { account: `${store.namespace}/${store.account}`, audiences: store.audiences }]);
    }
  });

  it("lets ESO mint tokens, in each namespace, only for the accounts of that namespace's stores", () => {
    for (const json of workloads) {
      const namespaces = Object.fromEntries(Object.entries(resourcesOf(json, 'kubernetes_namespace_v1')).map(([key, ns]) => [`\${kubernetes_namespace_v1.${key}.metadata[0].name}`, ns.metadata.name]));
      const grants = Object.values(resourcesOf(json, 'kubernetes_role_v1'))
        .filter((r) => (r.rule as Json[]).some((rule) => rule.resources.includes('serviceaccounts/token')))
        .flatMap((r) => (r.rule as Json[]).flatMap((rule) => (rule.resource_names as string[]).map((account) => `${namespaces[r.metadata.namespace]}/${account}`)));
      const expected = stores().filter((s) => s.json === json).map((s) => `${s.namespace}/${s.account}`);
      expect(grants.sort()).toEqual(expected.sort());
    }
  });

  it("reads, through each ExternalSecret, only paths its store's Vault identity may read, and no other service's", () => {
    for (const json of workloads) {
      const externalSecrets = manifestObjects(json).map((m) => m.object as Json).filter((o) => o.kind === 'ExternalSecret');
      expect(externalSecrets.length).toBeGreaterThan(0);
      for (const es of externalSecrets) {
        const store = stores().find((s) => s.json === json && s.name === es.spec.secretStoreRef.name && s.namespace === es.metadata.namespace)!;
        expect([es.metadata.name, store.service]).toEqual([es.metadata.name, es.metadata.labels['platform.vaultplat.io/service']]);
        const identity = model.find((i) => i.loginPath === store.loginPath)!;
        for (const item of es.spec.data as Json[]) {
          const path = `${mounts.kv}/data/${item.remoteRef.key}`;
          expect([es.metadata.name, path, capabilitiesOn(identity, path)]).toEqual([es.metadata.name, path, ['read']]);
          for (const other of services.filter((s) => s.name !== store.service)) {
            expect(ownedPaths(other, mounts)).not.toContain(path);
          }
        }
      }
    }
  });
});

it('the prefix-trap environment is valid', () => {
  expect(problemsOf([withPrefixTrap()])).toEqual([]);
});
