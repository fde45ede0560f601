import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { TERRAFORM_PLAN_READ_RULES, TerraformPlanAccess, type TerraformPlanClient } from '../../../constructs/kubernetes/terraform-plan-access';
import { type TerraformJson, resourceAt, resourcesOf, synthStack } from '../../helpers';
import { apiMetadata, kubernetesTestStack, validateModel } from './kubernetes-fixture';

function build(clients: readonly TerraformPlanClient[]): TerraformJson {
  const { stack, kubernetes } = kubernetesTestStack();
  new TerraformPlanAccess(stack, 'plan', { provider: kubernetes, clients });
  return synthStack(stack);
}

const CLIENTS: TerraformPlanClient[] = [{ group: 'tfc-plan:cluster-addons-tooling' }, { group: 'tfc-plan:vault-server' }];
const toApiRule = (rule: TerraformJson) => ({ apiGroups: rule.api_groups, resources: rule.resources, verbs: rule.verbs });

describe('TerraformPlanAccess', () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = build(CLIENTS);
  });

  it('binds every plan group to a read-only ClusterRole without Secrets', () => {
    const reader = resourceAt(json, 'kubernetes_cluster_role_v1', 'plan/reader');
    expect(reader.metadata.name).toBe('platform:terraform-plan');
    expect(reader.rule.map(toApiRule)).toEqual(TERRAFORM_PLAN_READ_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })));
    for (const rule of TERRAFORM_PLAN_READ_RULES) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch']);
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
    }
    const binding = resourceAt(json, 'kubernetes_cluster_role_binding_v1', 'plan/reader-binding');
    expect(binding.subject.map((s: TerraformJson) => s.name)).toEqual(['tfc-plan:cluster-addons-tooling', 'tfc-plan:vault-server']);
    expect(() => validateModel(new ClusterRole({ metadata: apiMetadata(reader.metadata), rules: reader.rule.map(toApiRule) }))).not.toThrow();
  });

  it('grants nothing else: no Secret anywhere (Helm release records are ConfigMaps), no namespaced binding', () => {
    expect(Object.keys(resourcesOf(json, 'kubernetes_cluster_role_v1'))).toHaveLength(1);
    expect(resourcesOf(json, 'kubernetes_role_binding_v1')).toEqual({});
    const reader = resourceAt(json, 'kubernetes_cluster_role_v1', 'plan/reader');
    expect(reader.rule.find((r: TerraformJson) => r.api_groups.includes('') && r.resources.includes('configmaps')).verbs).toEqual(['get', 'list', 'watch']);
  });

  it('fails without clients, on a reserved or repeated group, reporting all of them', () => {
    expect(() => build([])).toThrow('test/plan: clients: expected at least one stack that plans against this cluster, got none');
    expect(() =>
      build([
        { group: 'system:masters' },
        { group: 'tfc-plan:a' },
        { group: 'tfc-plan:a' },
      ]),
    ).toThrow(
      'test/plan: clients[0].group: expected a Kubernetes group name not starting with system:, eks:, amazon:, aws: or iam:, got "system:masters"; ' +
        'clients[2].group: each group once, got "tfc-plan:a" twice',
    );
  });
});
