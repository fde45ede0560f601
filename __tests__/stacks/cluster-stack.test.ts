import { platformPodNamespaces } from '../../constructs/kubernetes/platform-namespaces';
import { Testing } from 'cdktf';
import { type ClusterRole } from '../../environments/clusters-schema';
import { ClusterStack } from '../../stacks/cluster-stack';
import { DEFAULT_DEPLOYMENT } from '../../stacks/deployment';
import { NetworkStack } from '../../stacks/network-stack';
import { VaultAccessStack } from '../../stacks/vault-access-stack';
import { type TerraformJson, resourceAt, resourcesOf, sampleConfig } from '../helpers';

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Environment = (typeof ENVIRONMENTS)[number];
const ROLES: readonly ClusterRole[] = ['tooling', 'application'];
const CASES = ENVIRONMENTS.flatMap((env) => ROLES.map((role) => [env, role] as const));

/**
 * Synthesizes `cluster-tooling-<env>` and `cluster-application-<env>` of one environment the way `app.synth()` does
 * (cross-stack references become remote state first), sharing the network and vault-access stacks.
 */
function synthClusters(name: Environment): Record<ClusterRole, TerraformJson> {
  const app = Testing.app();
  const props = { environment: sampleConfig(name), deployment: DEFAULT_DEPLOYMENT };
  const network = new NetworkStack(app, props);
  const vaultAccess = new VaultAccessStack(app, { ...props, network });
  const stacks = ROLES.map((role) => new ClusterStack(app, { ...props, role, network, vaultAccess }));
  for (const stack of stacks) stack.prepareStack();
  return Object.fromEntries(stacks.map((stack) => [stack.role, JSON.parse(Testing.synth(stack)) as TerraformJson])) as Record<ClusterRole, TerraformJson>;
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOf(json, type));

describe('ClusterStack', () => {
  const synthesized = {} as Record<string, TerraformJson>;
  const get = (env: Environment, role: ClusterRole) => synthesized[`${role}-${env}`];
  const cluster = (env: Environment, role: ClusterRole) => resourceAt(get(env, role), 'aws_eks_cluster', 'cluster/cluster');
  beforeAll(() => {
    for (const env of ENVIRONMENTS) {
      const both = synthClusters(env);
      for (const role of ROLES) synthesized[`${role}-${env}`] = both[role];
    }
  });

  it.each(CASES)('matches the reviewed snapshot for %s %s', (env, role) => {
    expect(get(env, role)).toMatchSnapshot();
  });

  it.each(CASES)('names %s %s cluster-<role>-<env> with its own workspace and cluster', (env, role) => {
    expect(get(env, role).terraform.cloud.workspaces).toEqual({ name: `vaultplat-cluster-${role}-${env}`, project: 'vault-platform' });
    expect(cluster(env, role).name).toBe(`vaultplat-${env}-${role}`);
  });

  it.each(CASES)('places %s %s in the private subnets of its own VPC, through the network stack outputs', (env, role) => {
    const subnets: string[] = cluster(env, role).vpc_config.subnet_ids;
    expect(subnets.length).toBe(env === 'dev' ? 2 : 3);
    expect(subnets.every((s) => s.includes(`terraform_remote_state.cross-stack-reference-input-network-${env}`) && s.includes(`${role}_subnet-private-`))).toBe(true);
  });

  it('keeps the API private outside dev and opens only the dev tooling cluster to its allow-list', () => {
    expect(cluster('dev', 'tooling').vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    for (const [env, role] of CASES.filter(([e, r]) => !(e === 'dev' && r === 'tooling'))) {
      expect(cluster(env, role).vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    }
  });

  it('turns deletion protection off in dev only', () => {
    expect(CASES.map(([env, role]) => cluster(env, role).deletion_protection)).toEqual([false, false, true, true, true, true]);
  });

  it('keeps control-plane logs per tier', () => {
    expect(ENVIRONMENTS.map((env) => resourceAt(get(env, 'tooling'), 'aws_cloudwatch_log_group', 'cluster/control-plane-logs').retention_in_days)).toEqual([30, 90, 365]);
  });

  it('uses smaller nodes in dev than in prod', () => {
    const group = (env: Environment) => values(get(env, 'application'), 'aws_eks_node_group')[0];
    expect(group('dev')).toMatchObject({ instance_types: ['t3.medium'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } });
    expect(group('prod')).toMatchObject({ instance_types: ['m7i.xlarge', 'm6i.xlarge'], scaling_config: { min_size: 3, desired_size: 3, max_size: 9 } });
  });

  it('admits Vault load balancer traffic on the tooling nodes only', () => {
    const rule = resourceAt(get('prod', 'tooling'), 'aws_vpc_security_group_ingress_rule', 'cluster/node-ingress-vault-lb');
    expect(rule).toMatchObject({ from_port: 8200, to_port: 8200, ip_protocol: 'tcp' });
    expect(rule.referenced_security_group_id).toContain('cross-stack-reference-input-vault-access-prod');
    expect(Object.keys(resourcesOf(get('prod', 'application'), 'aws_vpc_security_group_ingress_rule')).some((n) => n.includes('vault-lb'))).toBe(false);
  });

  it('lets nodes reach Vault (8200) in the tooling private subnets and PostgreSQL (5432) in the application isolated subnets', () => {
    const egress = (role: ClusterRole) =>
      values(get('prod', role), 'aws_vpc_security_group_egress_rule')
        .filter((r) => r.cidr_ipv4 !== '0.0.0.0/0' && r.cidr_ipv4 !== undefined)
        .map((r) => `${r.from_port} ${r.cidr_ipv4}`)
        .sort();
    const expected = ['5432 10.31.102.0/24', '5432 10.31.103.0/24', '5432 10.31.104.0/24', '8200 10.30.0.0/20', '8200 10.30.16.0/20', '8200 10.30.32.0/20'].sort();
    expect(egress('tooling')).toEqual(expected);
    // The application nodes also reach what its services declare: orders' SMTP relay (vault.services[].egress).
    expect(egress('application')).toEqual([...expected, '587 10.31.0.25/32'].sort());
  });

  it('opens one node rule per destination the cluster declares for its services (clusters.<role>.serviceEgress), and none for the services themselves', () => {
    const rules = Object.entries(resourcesOf(get('prod', 'application'), 'aws_vpc_security_group_egress_rule')).filter(([name]) => name.includes('svc-'));
    expect(rules.map(([, r]) => r)).toEqual([
      expect.objectContaining({ ip_protocol: 'tcp', from_port: 587, to_port: 587, cidr_ipv4: '10.31.0.25/32', description: 'Service egress destination: smtp-relay' }),
    ]);
    expect(Object.keys(resourcesOf(get('prod', 'tooling'), 'aws_vpc_security_group_egress_rule')).filter((name) => name.includes('svc-'))).toEqual([]);
  });

  it('admits the tooling private subnets (HCP Terraform agents, Vault) to both clusters\' API on 443 and nothing else', () => {
    const apiRules = (role: ClusterRole) =>
      Object.entries(resourcesOf(get('staging', role), 'aws_vpc_security_group_ingress_rule'))
        .filter(([name]) => name.startsWith('cluster_control-plane-ingress-cidr-'))
        .map(([, r]) => r);
    for (const role of ROLES) {
      expect(apiRules(role).map((r) => r.cidr_ipv4)).toEqual(['10.20.0.0/20', '10.20.16.0/20', '10.20.32.0/20']);
      expect(apiRules(role).every((r) => r.from_port === 443 && r.to_port === 443 && r.ip_protocol === 'tcp')).toBe(true);
    }
  });

  it.each(CASES)('gives the HCP Terraform run roles of the stacks that talk to the %s %s cluster their access entries', (env, role) => {
    const json = get(env, role);
    const account = sampleConfig(env).aws.allowedAccountIds[0];
    const runEntries = Object.values(resourcesOf(json, 'aws_eks_access_entry')).filter((e) => String(e.principal_arn).includes('-tfc-'));
    const associations = Object.values(resourcesOf(json, 'aws_eks_access_policy_association')).filter((a) => String(a.principal_arn).includes('-tfc-'));
    const roleArn = (kind: string, phase: string) => `arn:aws:iam::${account}:role/vaultplat-${env}-tfc-${kind}-${phase}`;
    // The service stacks share one pair of run roles, on both clusters whether or not services run there today.
    const kinds = [`cluster-addons-${role}`, ...(role === 'tooling' ? ['vault-server'] : []), 'services', 'observability'];
    expect(runEntries.map((e) => [e.principal_arn, e.kubernetes_groups ?? []]).sort()).toEqual(
      kinds.flatMap((kind) => [[roleArn(kind, 'apply'), []], [roleArn(kind, 'plan'), [`tfc-plan:${kind}`]]]).sort(),
    );
    // The plan roles get no EKS access policy (read-only RBAC through their group); the apply roles are cluster admin.
    expect(associations.map((a) => [a.principal_arn, a.policy_arn.split('/').pop(), a.access_scope.type]).sort()).toEqual(
      kinds.map((kind) => [roleArn(kind, 'apply'), 'AmazonEKSClusterAdminPolicy', 'cluster']).sort(),
    );
  });

  it.each(CASES)('owns the Container Insights alarms of the %s %s cluster: nodes, platform pod restarts and readiness', (env, role) => {
    const alarms = Object.values(resourcesOf(get(env, role), 'aws_cloudwatch_metric_alarm'));
    const namespaces = platformPodNamespaces(role);
    expect(alarms.map((alarm) => alarm.alarm_name).sort()).toEqual(
      [
        ...['node-cpu', 'node-memory'].map((signal) => `vaultplat-${env}-${role}-${signal}`),
        ...namespaces.flatMap((ns) => ['pod-restarts', 'pods-not-ready'].map((signal) => `vaultplat-${env}-${role}-${ns}-${signal}`)),
      ].sort(),
    );
    expect(namespaces).toEqual(expect.arrayContaining(['external-secrets', 'kube-system']));
    const insights = alarms.filter((alarm) => alarm.metric_query);
    expect(insights.map((alarm) => alarm.metric_query[0].expression)).toEqual(
      expect.arrayContaining([expect.stringContaining(`FROM SCHEMA("ContainerInsights", ClusterName, FullPodName, Namespace, PodName) WHERE ClusterName = 'vaultplat-${env}-${role}'`)]),
    );
  });

  it.each(CASES)('outputs what later stacks need for %s %s', (env, role) => {
    expect(Object.keys(get(env, role).output).sort()).toEqual(
      [
        'cluster-certificate-authority-data',
        'cluster-endpoint',
        'cluster-name',
        'cluster-security-group-id',
        'control-plane-security-group-id',
        'ebs-csi-role-arn',
        'node-security-group-id',
        'oidc-issuer-url',
        'oidc-provider-arn',
      ].sort(),
    );
  });

  it("admits outside dev only access entries of the environment's own accounts, even from an unvalidated configuration", () => {
    const build = (name: Environment) => {
      const app = Testing.app();
      const environment = sampleConfig(name);
      environment.clusters.application.accessEntries.push({ principalArn: 'arn:aws:iam::999999999999:role/partner', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } });
      const props = { environment, deployment: DEFAULT_DEPLOYMENT };
      const network = new NetworkStack(app, props);
      const vaultAccess = new VaultAccessStack(app, { ...props, network });
      return new ClusterStack(app, { ...props, role: 'application', network, vaultAccess });
    };
    expect(() => build('staging')).toThrow(
      'cluster-application-staging/cluster: accessEntries[3].principalArn: account 999999999999 is not one of 222222222222, got "arn:aws:iam::999999999999:role/partner"',
    );
    expect(() => build('dev')).not.toThrow();
  });
});
