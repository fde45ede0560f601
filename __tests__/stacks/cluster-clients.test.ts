import { CLUSTER_CLIENTS, PLANNED_STACK_KINDS, clusterClientsOf, planGroupName, runRoleAccessEntries, terraformPlanClients } from '../../stacks/cluster-clients';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { sampleConfig } from '../helpers';

describe('CLUSTER_CLIENTS', () => {
  it('lists every stack and cluster it talks to once, each kind either composed or planned', () => {
    const pairs = CLUSTER_CLIENTS.map((c) => `${c.kind} -> ${c.cluster}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toEqual([
      'cluster-addons-tooling -> tooling',
      'vault-server -> tooling',
      'cluster-addons-application -> application',
      'observability -> tooling',
      'observability -> application',
      'services -> tooling',
      'services -> application',
    ]);
    for (const kind of PLANNED_STACK_KINDS) expect(STACK_KINDS as readonly string[]).not.toContain(kind);
  });

  it('only composed stacks get access: each cluster its add-ons and observability stacks and the service stacks (one shared pair of roles), the tooling cluster also vault-server', () => {
    expect(clusterClientsOf('tooling').map((c) => c.kind)).toEqual(['cluster-addons-tooling', 'vault-server', 'observability', 'services']);
    expect(clusterClientsOf('application').map((c) => c.kind)).toEqual(['cluster-addons-application', 'observability', 'services']);
    expect(PLANNED_STACK_KINDS).toEqual([]);
  });

  it('takes effect for a planned kind once it is composed (here simulated with a custom list)', () => {
    const clients = [{ kind: 'data' as const, cluster: 'tooling' as const }];
    expect(terraformPlanClients('tooling', clients)).toEqual([{ group: 'tfc-plan:data' }]);
  });
});

describe('runRoleAccessEntries', () => {
  it('gives the apply role cluster admin and the plan role only its Kubernetes group', () => {
    expect(runRoleAccessEntries(sampleConfig('prod'), 'tooling')).toEqual([
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-cluster-addons-tooling-plan', kubernetesGroups: ['tfc-plan:cluster-addons-tooling'] },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-cluster-addons-tooling-apply', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-vault-server-plan', kubernetesGroups: ['tfc-plan:vault-server'] },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-vault-server-apply', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-observability-plan', kubernetesGroups: ['tfc-plan:observability'] },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-observability-apply', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-services-plan', kubernetesGroups: ['tfc-plan:services'] },
      { principalArn: 'arn:aws:iam::333333333333:role/vaultplat-prod-tfc-services-apply', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
    ]);
  });
});

describe('terraformPlanClients', () => {
  it('maps each composed client to its plan group', () => {
    expect(planGroupName('vault-config')).toBe('tfc-plan:vault-config');
    expect(terraformPlanClients('tooling')).toEqual([
      { group: 'tfc-plan:cluster-addons-tooling' },
      { group: 'tfc-plan:vault-server' },
      { group: 'tfc-plan:observability' },
      { group: 'tfc-plan:services' },
    ]);
    expect(terraformPlanClients('application')).toEqual([
      { group: 'tfc-plan:cluster-addons-application' },
      { group: 'tfc-plan:observability' },
      { group: 'tfc-plan:services' },
    ]);
  });
});
