import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ACCESS_ENTRY_GROUP_PATTERN } from '../compute/eks-cluster';

/** One RBAC rule (a `rules[]` item of a ClusterRole). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'] as const;

/**
 * What a Terraform plan of a stack that talks to a cluster must read to refresh the objects such stacks manage, and
 * nothing else: no Secrets, no pods/exec, no write verb. Helm keeps its release records in ConfigMaps (the helm
 * provider runs with `helm_driver = "configmap"`, see ClusterProviders), so refreshing a release needs no Secret.
 * cdktf resources of these stacks are typed core objects, `helm_release` (its refresh reads the release record
 * only) and `kubernetes_manifest` for the CRs below: cert-manager, trust-manager, TargetGroupBinding, and ESO's
 * SecretStores and ExternalSecrets, which hold references to Vault paths, never secret data (planning one reads the
 * CRD's OpenAPI schema, open to every authenticated user through `system:discovery`, and the object itself).
 */
export const TERRAFORM_PLAN_READ_RULES: readonly RbacRule[] = [
  { apiGroups: [''], resources: ['namespaces', 'configmaps', 'serviceaccounts', 'services', 'resourcequotas', 'limitranges', 'persistentvolumeclaims'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: READ },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], verbs: READ },
  { apiGroups: ['cert-manager.io'], resources: ['issuers', 'clusterissuers', 'certificates'], verbs: READ },
  { apiGroups: ['trust.cert-manager.io'], resources: ['bundles'], verbs: READ },
  { apiGroups: ['elbv2.k8s.aws'], resources: ['targetgroupbindings'], verbs: READ },
  { apiGroups: ['external-secrets.io'], resources: ['secretstores', 'externalsecrets'], verbs: READ },
];

/** One Terraform stack's plan identity in this cluster. */
export interface TerraformPlanClient {
  /** Kubernetes group its plan role's EKS access entry carries (e.g. `tfc-plan:vault-server`). */
  readonly group: string;
}

export interface TerraformPlanAccessProps {
  /** The kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Name prefix of the cluster-scoped objects. @default 'platform:terraform-plan' */
  readonly name?: string;
  /** Every stack that plans against this cluster. At least one. */
  readonly clients: readonly TerraformPlanClient[];
  /** Resources the bindings wait for (the namespaces they live in). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Kubernetes RBAC for the HCP Terraform **plan** roles of the stacks that talk to this cluster (their EKS access
 * entries carry a Kubernetes group and no EKS access policy):
 * a ClusterRole `<name>` with {@link TERRAFORM_PLAN_READ_RULES} (read-only, no Secrets), bound to every group.
 * EKS access policies are too coarse for this: `AmazonEKSViewPolicy` misses RBAC objects, StorageClasses, CRDs and
 * custom resources, and every policy that reads Secrets reads them in all namespaces it is scoped to with write
 * rights as well. Apply roles get `AmazonEKSClusterAdminPolicy` instead (docs/kubernetes-platform.md).
 */
export class TerraformPlanAccess extends Construct {
  readonly readerRole: ClusterRoleV1;

  constructor(scope: Construct, id: string, props: TerraformPlanAccessProps) {
    super(scope, id);
    const name = props.name ?? 'platform:terraform-plan';
    const problems: string[] = [];
    if (props.clients.length === 0) problems.push('clients: expected at least one stack that plans against this cluster, got none');
    const groups = new Set<string>();
    props.clients.forEach((client, i) => {
      if (!ACCESS_ENTRY_GROUP_PATTERN.test(client.group)) {
        problems.push(`clients[${i}].group: expected a Kubernetes group name not starting with system:, eks:, amazon:, aws: or iam:, got "${client.group}"`);
      }
      if (groups.has(client.group)) problems.push(`clients[${i}].group: each group once, got "${client.group}" twice`);
      groups.add(client.group);
    });
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const labels = { 'app.kubernetes.io/managed-by': 'terraform', 'app.kubernetes.io/part-of': 'terraform-plan-access' };
    const rules = (list: readonly RbacRule[]) => list.map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] }));
    const subjects = (list: readonly TerraformPlanClient[]) => list.map((client) => ({ kind: 'Group', name: client.group, apiGroup: 'rbac.authorization.k8s.io' }));

    this.readerRole = new ClusterRoleV1(this, 'reader', { provider: props.provider, metadata: { name, labels }, rule: rules(TERRAFORM_PLAN_READ_RULES) });
    new ClusterRoleBindingV1(this, 'reader-binding', {
      provider: props.provider,
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.readerRole.metadata.name },
      subject: subjects(props.clients),
    });
  }
}
