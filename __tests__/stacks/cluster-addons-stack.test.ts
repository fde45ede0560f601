import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { CHARTS } from '../../constructs/kubernetes/charts';
import { RELEASE_TIMEOUT_SECONDS } from '../../constructs/kubernetes/pinned-helm-release';
import { ENCRYPTED_STORAGE_CLASS, POD_READINESS_GATE_LABEL } from '../../constructs/kubernetes/platform-names';
import { PLATFORM_NAMESPACES } from '../../constructs/kubernetes/platform-namespaces';
import { ClusterAddonsStack, addonsStackKind } from '../../stacks/cluster-addons-stack';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type ClusterRole } from '../../environments/clusters-schema';
import { type EnvironmentConfig } from '../../environments/schema';
import { type TerraformJson, resourceAt, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

/** Synthesizes `cluster-addons-<role>-<env>` the way `app.synth()` does (cross-stack references resolved first). */
function synthAddons(name: Environment, role: ClusterRole = 'tooling', mutate: (env: EnvironmentConfig) => void = () => undefined): TerraformJson {
  const app = Testing.app();
  const environment = sampleConfig(name);
  mutate(environment);
  const props = { environment, deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const cluster = new ClusterStack(app, { ...props, role, network, vaultAccess });
  const addons = new ClusterAddonsStack(app, { ...props, role, network, cluster, vaultAccess });
  for (const stack of [network, vaultAccess, cluster, addons]) stack.prepareStack();
  return JSON.parse(Testing.synth(addons)) as TerraformJson;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;
const releases = (json: TerraformJson) => Object.values(resourcesOf(json, 'helm_release'));
const release = (json: TerraformJson, name: string) => {
  const found = releases(json).find((r) => r.name === name);
  if (!found) throw new Error(`no helm_release ${name}`);
  return found;
};
const valuesOf = (json: TerraformJson, name: string) => parse(release(json, name).values[0] as string) as Values;
const namespaceAddress = (json: TerraformJson, name: string) => {
  const entry = Object.entries(resourcesOf(json, 'kubernetes_namespace_v1')).find(([, ns]) => ns.metadata.name === name);
  if (!entry) throw new Error(`no namespace ${name}`);
  return `kubernetes_namespace_v1.${entry[0]}`;
};
const policyOf = (resource: TerraformJson) => JSON.parse(resource.policy as string) as { Statement: Values[] };

describe('ClusterAddonsStack', () => {
  const synthesized = {} as Record<Environment, TerraformJson>;
  const application = {} as Record<Environment, TerraformJson>;
  const dev = () => synthesized.dev;
  const prod = () => synthesized.prod;
  beforeAll(() => {
    for (const env of ENVIRONMENTS) {
      synthesized[env] = synthAddons(env);
      application[env] = synthAddons(env, 'application');
    }
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s', (env) => {
    expect(synthesized[env]).toMatchSnapshot();
  });

  it.each(ENVIRONMENTS)('matches the reviewed snapshot for %s application', (env) => {
    expect(application[env]).toMatchSnapshot();
  });

  it.each(ENVIRONMENTS)('is cluster-addons-<role>-%s with its own workspace', (env) => {
    expect(synthesized[env].terraform.cloud.workspaces).toEqual({ name: `vaultplat-cluster-addons-tooling-${env}`, project: 'vault-platform' });
    expect(application[env].terraform.cloud.workspaces).toEqual({ name: `vaultplat-cluster-addons-application-${env}`, project: 'vault-platform' });
  });

  it('deploys after the cluster stacks and data, before anything that creates custom resources (vault-config)', () => {
    const at = (kind: string) => (STACK_KINDS as readonly string[]).indexOf(kind);
    expect(addonsStackKind('tooling')).toBe('cluster-addons-tooling');
    expect(addonsStackKind('application')).toBe('cluster-addons-application');
    expect(at('cluster-addons-tooling')).toBe(at('data') + 1);
    expect(at('cluster-addons-application')).toBe(at('cluster-addons-tooling') + 1);
    expect(at('cluster-addons-application')).toBeLessThan(at('vault-config'));
  });

  it('installs only External Secrets Operator on the application cluster, with the StorageClass and plan RBAC', () => {
    const json = application.prod;
    expect(releases(json).map((r) => [r.name, r.chart, r.repository, r.version])).toEqual([['external-secrets', ...Object.values(CHARTS.externalSecrets).slice(0, 3)]]);
    expect(Object.values(resourcesOf(json, 'kubernetes_namespace_v1')).map((ns) => ns.metadata.name)).toEqual([PLATFORM_NAMESPACES.externalSecrets]);
    expect(release(json, 'external-secrets').depends_on).toEqual([namespaceAddress(json, PLATFORM_NAMESPACES.externalSecrets)]);
    expect(resourceAt(json, 'kubernetes_storage_class_v1', 'storage/storage-class').metadata.name).toBe(ENCRYPTED_STORAGE_CLASS);
    expect(json.provider.kubernetes[0].host).toContain('cross-stack-reference-input-cluster-application-prod');
    // Helm release records are ConfigMaps: the plan roles need no Secret binding in the release namespace.
    expect(resourcesOf(json, 'kubernetes_role_binding_v1')).toEqual({});
    const binding = resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'terraform-plan-access/reader-binding');
    expect((binding.subject as Values[]).map((s) => s.name)).toEqual(['tfc-plan:cluster-addons-application', 'tfc-plan:observability', 'tfc-plan:services']);
  });

  it("lets External Secrets Operator reach only DNS, its cluster's API server and Vault's load balancer", () => {
    for (const [role, json] of [['tooling', prod()], ['application', application.prod]] as const) {
      const config = sampleConfig('prod');
      const network = new NetworkStack(Testing.app(), { environment: config, deployment: DEFAULT_DEPLOYMENT });
      const vpc = role === 'tooling' ? network.tooling : network.application;
      const apiCidrs = vpc.availabilityZones.map((az) => vpc.subnetCidrs[az].private);
      const vaultCidrs = network.tooling.availabilityZones.map((az) => network.tooling.subnetCidrs[az].private);
      const egress = valuesOf(json, 'external-secrets').networkPolicy.egress as Values[];
      const cidrsOn = (port: number) => egress.filter((r) => r.ports.some((p: Values) => p.port === port)).flatMap((r) => r.to.map((t: Values) => t.ipBlock?.cidr));
      expect([role, cidrsOn(443)]).toEqual([role, apiCidrs]);
      expect([role, cidrsOn(8200)]).toEqual([role, vaultCidrs]);
      expect(egress.map((r) => r.ports.map((p: Values) => `${p.protocol}/${p.port}`).join(' '))).toEqual(['UDP/53 TCP/53', 'TCP/443', 'TCP/8200']);
    }
  });

  it('installs External Secrets Operator on a cluster even with no service declared there: the add-ons never change with the catalog', () => {
    const without = synthAddons('dev', 'tooling', (env) => {
      env.vault.services = env.vault.services.filter((s) => s.cluster !== 'tooling');
    });
    expect(releases(without).map((r) => r.name).sort()).toEqual(['aws-load-balancer-controller', 'cert-manager', 'external-secrets', 'trust-manager']);
    const strip = (json: Values) => JSON.stringify(json, (key, value: unknown) => (key === '//' ? undefined : value));
    expect(strip(without)).toBe(strip(synthAddons('dev', 'tooling')));
  });

  it("creates the namespace of the shards' secret-ID issuers on the tooling cluster, default-deny with DNS and Vault only, at the addresses it had in workloads-tooling", () => {
    const json = prod();
    expect(resourceAt(json, 'kubernetes_namespace_v1', 'secret-id-issuer/namespace/namespace').metadata.name).toBe(PLATFORM_NAMESPACES.secretIdIssuer);
    expect(resourceAt(json, 'kubernetes_network_policy_v1', 'secret-id-issuer/default-deny').spec).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    const allow = resourceAt(json, 'kubernetes_network_policy_v1', 'secret-id-issuer/allow-egress');
    expect([allow.metadata.name, allow.spec.pod_selector, (allow.spec.egress as Values[]).map((e) => e.ports.map((p: Values) => p.port))]).toEqual(['allow-dns-and-vault', {}, [['53', '53'], ['8200']]]);
    expect(Object.values(resourcesOf(application.prod, 'kubernetes_namespace_v1')).map((ns) => ns.metadata.name)).not.toContain(PLATFORM_NAMESPACES.secretIdIssuer);
  });

  it('talks to the tooling cluster through ClusterProviders (ephemeral token, endpoint and CA from cluster-tooling)', () => {
    expect(prod().ephemeral.aws_eks_cluster_auth.cluster.name).toBe('vaultplat-prod-tooling');
    expect(prod().provider.kubernetes[0].token).toBe('${ephemeral.aws_eks_cluster_auth.cluster.token}');
    expect(prod().provider.kubernetes[0].host).toContain('cross-stack-reference-input-cluster-tooling-prod');
    expect(prod().data?.aws_eks_cluster_auth).toBeUndefined();
  });

  it('installs exactly the tooling charts (External Secrets Operator: the environment declares a tooling service), each pinned from CHARTS', () => {
    const installed = releases(prod()).map((r) => [r.name, r.chart, r.repository, r.version]);
    expect(installed.sort()).toEqual(
      [
        ['aws-load-balancer-controller', ...Object.values(CHARTS.awsLoadBalancerController).slice(0, 3)],
        ['cert-manager', ...Object.values(CHARTS.certManager).slice(0, 3)],
        ['trust-manager', ...Object.values(CHARTS.trustManager).slice(0, 3)],
        ['external-secrets', ...Object.values(CHARTS.externalSecrets).slice(0, 3)],
      ].sort(),
    );
    expect(installed.map((r) => r[3])).toEqual(expect.arrayContaining(['3.5.0', 'v1.21.1', 'v0.24.0', '2.9.0']));
  });

  it('installs every release atomically, waiting, within the token lifetime, with values only (no set, no set_sensitive)', () => {
    for (const r of [...releases(prod()), ...releases(application.prod)]) {
      expect(r).toMatchObject({ atomic: true, wait: true, cleanup_on_fail: true, create_namespace: false, timeout: RELEASE_TIMEOUT_SECONDS });
      expect(r.timeout).toBeLessThan(15 * 60);
      expect(r.set ?? r.set_sensitive ?? r.set_list ?? r.set_wo).toBeUndefined();
      expect(r.values).toHaveLength(1);
    }
  });

  it('orders the releases: each after its namespace; the load balancer controller and trust-manager after cert-manager', () => {
    const json = prod();
    const certManager = `helm_release.${Object.entries(resourcesOf(json, 'helm_release')).find(([, r]) => r.name === 'cert-manager')?.[0]}`;
    expect(release(json, 'cert-manager').depends_on).toEqual([namespaceAddress(json, 'cert-manager')]);
    expect(release(json, 'aws-load-balancer-controller').depends_on).toEqual(expect.arrayContaining([namespaceAddress(json, 'aws-load-balancer-controller'), certManager]));
    expect(release(json, 'trust-manager').depends_on).toEqual(
      expect.arrayContaining([namespaceAddress(json, 'trust-manager'), namespaceAddress(json, 'vault'), certManager]),
    );
  });

  it('creates the controller namespaces and the Vault namespace, all enforcing Pod Security restricted at the cluster version', () => {
    const namespaces = Object.values(resourcesOf(prod(), 'kubernetes_namespace_v1'));
    const created = [
      PLATFORM_NAMESPACES.awsLoadBalancerController,
      PLATFORM_NAMESPACES.certManager,
      PLATFORM_NAMESPACES.trustManager,
      PLATFORM_NAMESPACES.vault,
      PLATFORM_NAMESPACES.externalSecrets,
      PLATFORM_NAMESPACES.secretIdIssuer,
    ];
    expect(namespaces.map((ns) => ns.metadata.name).sort()).toEqual(created.sort());
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.35',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    }
    const vault = namespaces.find((ns) => ns.metadata.name === PLATFORM_NAMESPACES.vault);
    expect(vault?.metadata.labels[POD_READINESS_GATE_LABEL.key]).toBe('enabled');
    expect(namespaces.filter((ns) => POD_READINESS_GATE_LABEL.key in ns.metadata.labels)).toHaveLength(1);
  });

  it('creates the encrypted default gp3 StorageClass on a key of this stack: EBS CSI, Retain, WaitForFirstConsumer, expandable', () => {
    const json = prod();
    const storageClass = resourceAt(json, 'kubernetes_storage_class_v1', 'storage/storage-class');
    expect(storageClass).toMatchObject({
      metadata: { name: ENCRYPTED_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storage_provisioner: 'ebs.csi.aws.com',
      reclaim_policy: 'Retain',
      volume_binding_mode: 'WaitForFirstConsumer',
      allow_volume_expansion: true,
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: '${aws_kms_key.storage_key_AB3BBE0B.arn}' },
    });
    const key = resourceAt(json, 'aws_kms_key', 'storage/key/key');
    expect(key.enable_key_rotation).toBe(true);
    const statements = policyOf(key).Statement;
    const csi = statements.filter((s) => s.Principal?.AWS !== undefined && String(s.Principal.AWS).includes('ebs-csi-role'));
    expect(csi.map((s) => s.Sid)).toEqual(['EbsCsiDriverVolumesThroughEbs', 'EbsCsiDriverGrantsForAttachments']);
    for (const statement of csi) {
      expect(statement.Condition.StringEquals['kms:ViaService']).toMatch(/^ec2\.\$\{data\.aws_region/);
      expect(statement.Action).not.toContain('kms:*');
    }
    expect(csi[1].Condition.Bool).toEqual({ 'kms:GrantIsForAWSResource': 'true' });
    // The EBS CSI role is the add-on's IRSA role from cluster-tooling, through remote state.
    expect(csi[0].Principal.AWS).toContain('cross-stack-reference-input-cluster-tooling-prod');
  });

  it('gives the load balancer controller an IRSA role that can only register targets in the Vault target group', () => {
    const json = prod();
    const role = resourceAt(json, 'aws_iam_role', 'aws-load-balancer-controller/role/role');
    expect(role.assume_role_policy).toContain('system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller');
    const statements = policyOf(resourceAt(json, 'aws_iam_role_policy', 'aws-load-balancer-controller/role/inline-policy')).Statement;
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.sort()).toEqual(
      ['ec2:DescribeVpcs', 'elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:RegisterTargets'].sort(),
    );
    expect(actions.some((a) => /:(Create|Delete|Modify|Set|Add|Remove|Authorize|Revoke)/.test(a))).toBe(false);
    const register = statements.find((s) => s.Sid === 'RegisterPodsInTheBoundTargetGroupsOnly');
    expect(register?.Resource).toEqual([expect.stringContaining('cross-stack-reference-input-vault-access-prod')]);
    expect(register?.Resource[0]).toContain('aws_lb_target_group');
  });

  it('configures the load balancer controller explicitly (cluster, region, VPC, IRSA) for TargetGroupBindings only', () => {
    const values = valuesOf(prod(), 'aws-load-balancer-controller');
    expect(values.clusterName).toBe('vaultplat-prod-tooling');
    expect(values.region).toContain('aws_region');
    expect(values.vpcId).toContain('cross-stack-reference-input-network-prod');
    expect(values.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toContain('aws_iam_role.aws-load-balancer-controller_role');
    expect(values.controllerConfig.featureGates).toEqual({ EnableServiceController: false, NLBGatewayAPI: false, ALBGatewayAPI: false, GlobalAcceleratorController: false });
    expect(values).toMatchObject({ createIngressClassResource: false, enableServiceMutatorWebhook: false, enablePodReadinessGateInject: true, enableCertManager: true });
  });

  it('runs one replica of each controller in dev and two with a PodDisruptionBudget in staging and prod', () => {
    for (const env of ENVIRONMENTS) {
      const lbc = valuesOf(synthesized[env], 'aws-load-balancer-controller');
      const certManager = valuesOf(synthesized[env], 'cert-manager');
      const trustManager = valuesOf(synthesized[env], 'trust-manager');
      const eso = valuesOf(application[env], 'external-secrets');
      const replicas = env === 'dev' ? 1 : 2;
      expect([
        lbc.replicaCount,
        certManager.replicaCount,
        certManager.webhook.replicaCount,
        certManager.cainjector.replicaCount,
        trustManager.replicaCount,
        eso.replicaCount,
        eso.webhook.replicaCount,
        eso.certController.replicaCount,
      ]).toEqual(Array(8).fill(replicas));
      expect(eso.leaderElect).toBe(true);
      for (const pdb of [eso.podDisruptionBudget, eso.webhook.podDisruptionBudget, eso.certController.podDisruptionBudget]) {
        expect(pdb).toEqual(env === 'dev' ? { enabled: false } : { enabled: true, maxUnavailable: 1 });
      }
      expect(lbc.podDisruptionBudget).toEqual(env === 'dev' ? {} : { maxUnavailable: 1 });
      expect(certManager.webhook.podDisruptionBudget.enabled).toBe(env !== 'dev');
      expect(trustManager.podDisruptionBudget.enabled).toBe(env !== 'dev');
    }
  });

  it('points trust-manager at the Vault namespace only, with ConfigMap targets and no public CA package', () => {
    const values = valuesOf(dev(), 'trust-manager');
    expect(values.app.trust.namespace).toBe(PLATFORM_NAMESPACES.vault);
    expect(values.secretTargets).toEqual({ enabled: false });
    expect(values.defaultPackage).toEqual({ enabled: false });
  });

  it('installs the cert-manager CRDs with the chart and keeps its leader election out of kube-system', () => {
    const values = valuesOf(dev(), 'cert-manager');
    expect(values.crds).toEqual({ enabled: true, keep: true });
    expect(values.global.leaderElection.namespace).toBe(PLATFORM_NAMESPACES.certManager);
  });

  it('lets the plan roles read what a refresh needs, never a Secret, and write nothing', () => {
    const json = prod();
    const reader = resourceAt(json, 'kubernetes_cluster_role_v1', 'terraform-plan-access/reader');
    const rules = reader.rule as Values[];
    expect(rules.flatMap((r) => r.verbs as string[]).every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
    expect(rules.some((r) => (r.resources as string[]).includes('secrets') || (r.resources as string[]).includes('*'))).toBe(false);
    // Helm keeps release records in ConfigMaps (ClusterProviders), so no namespace grants Secret reads.
    expect(resourcesOf(json, 'kubernetes_role_binding_v1')).toEqual({});
    expect(json.provider.helm[0].helm_driver).toBe('configmap');
    const binding = resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'terraform-plan-access/reader-binding');
    expect((binding.subject as Values[]).map((s) => s.name)).toEqual(['tfc-plan:cluster-addons-tooling', 'tfc-plan:vault-server', 'tfc-plan:observability', 'tfc-plan:services']);
  });

  it('writes no secret anywhere: no sensitive output, no private key, no set_sensitive', () => {
    const text = JSON.stringify([prod(), application.prod]);
    expect(text).not.toMatch(/PRIVATE KEY|set_sensitive|"sensitive":true/);
  });
});
