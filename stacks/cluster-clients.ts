import { type AccessEntrySpec } from '../constructs/compute/eks-cluster';
import { type TerraformPlanClient } from '../constructs/kubernetes/terraform-plan-access';
import { type ClusterRole } from '../environments/clusters-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { runRoleArn } from './platform-stack';
import { type RunRoleKey, SERVICE_STACKS_GROUP, STACK_KINDS } from './stack-kinds';

/**
 * Stack kinds of the target architecture that are not composed yet. Their entries in {@link CLUSTER_CLIENTS} take
 * effect as soon as the kind is added to STACK_KINDS (then remove it here).
 */
export const PLANNED_STACK_KINDS = [] as const;
export type PlannedStackKind = (typeof PLANNED_STACK_KINDS)[number];

/**
 * A stack (or the service stacks as a group, which share their run roles) that talks to one of the environment's
 * clusters through the kubernetes/helm providers.
 */
export interface ClusterClient {
  readonly kind: RunRoleKey | PlannedStackKind;
  /** The cluster its providers point at (ClusterProviders). */
  readonly cluster: ClusterRole;
}

/**
 * Every stack that talks to a cluster: the one place that decides which HCP Terraform run roles get into which
 * cluster (EKS access entries, ClusterStack) and what their plan roles may read (TerraformPlanAccess, created by
 * the cluster's add-ons stack). A new stack that talks to a cluster adds one line here.
 */
export const CLUSTER_CLIENTS: readonly ClusterClient[] = [
  { kind: 'cluster-addons-tooling', cluster: 'tooling' },
  { kind: 'vault-server', cluster: 'tooling' },
  { kind: 'cluster-addons-application', cluster: 'application' },
  { kind: 'observability', cluster: 'tooling' },
  { kind: 'observability', cluster: 'application' },
  // Every service stack of the environment (docs/service-catalog.md), on both clusters whichever clusters the
  // declared services use: one plan and one apply role whatever the number of teams, so these entries never change.
  { kind: SERVICE_STACKS_GROUP, cluster: 'tooling' },
  { kind: SERVICE_STACKS_GROUP, cluster: 'application' },
];

function isComposed(kind: RunRoleKey | PlannedStackKind): kind is RunRoleKey {
  return kind === SERVICE_STACKS_GROUP || (STACK_KINDS as readonly string[]).includes(kind);
}

/** The composed stacks that talk to the cluster of `role`, in CLUSTER_CLIENTS order. */
export function clusterClientsOf(role: ClusterRole, clients: readonly ClusterClient[] = CLUSTER_CLIENTS): (ClusterClient & { readonly kind: RunRoleKey })[] {
  return clients.filter((client): client is ClusterClient & { readonly kind: RunRoleKey } => client.cluster === role && isComposed(client.kind));
}

/** Kubernetes group of a stack's (or the service stacks') plan role in its cluster, e.g. `tfc-plan:vault-server`. */
export function planGroupName(kind: RunRoleKey): string {
  return `tfc-plan:${kind}`;
}

/**
 * EKS access entries of the HCP Terraform run roles of the stacks that talk to the cluster of `role`:
 * - **apply** role: `AmazonEKSClusterAdminPolicy`, cluster scope. These stacks install charts that create CRDs,
 *   ClusterRoles and bindings, and admission webhooks; Kubernetes RBAC lets an identity grant only what it holds
 *   (escalation prevention), so an apply role narrower than cluster-admin cannot install them.
 * - **plan** role: no EKS access policy; the Kubernetes group {@link planGroupName} bound to read-only RBAC
 *   (TerraformPlanAccess): what a refresh reads, without Secrets (Helm's release records are ConfigMaps). A speculative plan (any pull request) can therefore not change the cluster or read workload Secrets.
 */
export function runRoleAccessEntries(environment: EnvironmentConfig, role: ClusterRole, clients: readonly ClusterClient[] = CLUSTER_CLIENTS): AccessEntrySpec[] {
  return clusterClientsOf(role, clients).flatMap((client): AccessEntrySpec[] => [
    { principalArn: runRoleArn(environment, client.kind, 'plan'), kubernetesGroups: [planGroupName(client.kind)] },
    { principalArn: runRoleArn(environment, client.kind, 'apply'), policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
  ]);
}

/** The plan identities TerraformPlanAccess binds in the cluster of `role`. */
export function terraformPlanClients(role: ClusterRole, clients: readonly ClusterClient[] = CLUSTER_CLIENTS): TerraformPlanClient[] {
  return clusterClientsOf(role, clients).map((client) => ({ group: planGroupName(client.kind) }));
}
