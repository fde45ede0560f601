/**
 * Kubernetes namespaces that belong to the cluster or to the platform itself. A declared service never runs in one
 * of them: a service there would share its namespace (and with it RBAC, NetworkPolicies, quotas and, for Vault's
 * Kubernetes auth, the identity boundary) with a platform component. The environment schema rejects them for
 * `vault.services[].namespace`; stacks that install platform components take their
 * namespace from here, so the list and the deployments cannot drift apart.
 */

/** Namespaces Kubernetes itself creates and uses (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces). */
export const KUBERNETES_SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Namespaces the platform runs in, by component. One namespace may host several components (`kube-system`). */
export const PLATFORM_NAMESPACES = {
  /** The Vault server pods, their init Job and snapshot CronJob (`vault-server-<env>`, tooling cluster). */
  vault: 'vault',
  /** External Secrets Operator: controller, webhook and cert-controller (`cluster-addons-*-<env>`, every cluster running declared services). */
  externalSecrets: 'external-secrets',
  /** cert-manager controller, webhook and cainjector (`cluster-addons-tooling-<env>`): the Vault listener certificate. */
  certManager: 'cert-manager',
  /** trust-manager (`cluster-addons-tooling-<env>`): publishes Vault's CA certificate as a ConfigMap in every namespace. */
  trustManager: 'trust-manager',
  /** AWS Load Balancer Controller (`cluster-addons-tooling-<env>`): registers the Vault pods in the NLB target group. */
  awsLoadBalancerController: 'aws-load-balancer-controller',
  /** The jobs that issue AppRole secret IDs of `direct` services into KV, one per service stack (constructs/vault/secret-id-issuer.ts, tooling cluster; the namespace: `cluster-addons-tooling-<env>`). */
  secretIdIssuer: 'vault-secret-id-issuer',
  /** Amazon CloudWatch Observability EKS add-on: Container Insights agents and Fluent Bit (cluster stacks, every cluster). */
  containerInsights: 'amazon-cloudwatch',
  /** CloudWatch agent scraping Vault and External Secrets Prometheus metrics (`observability-<env>`, every cluster). */
  prometheusScraper: 'cloudwatch-prometheus',
} as const;

export type PlatformComponent = keyof typeof PLATFORM_NAMESPACES;

/** The clusters each platform namespace exists on (the stacks named above create them there). */
export const PLATFORM_NAMESPACE_CLUSTERS: Readonly<Record<PlatformComponent, readonly ('tooling' | 'application')[]>> = {
  vault: ['tooling'],
  externalSecrets: ['tooling', 'application'],
  certManager: ['tooling'],
  trustManager: ['tooling'],
  awsLoadBalancerController: ['tooling'],
  secretIdIssuer: ['tooling'],
  containerInsights: ['tooling', 'application'],
  prometheusScraper: ['tooling', 'application'],
};

/**
 * The namespaces platform pods run in on a cluster: `kube-system` (the EKS add-ons) and the platform namespaces that
 * exist there, sorted. Known from code, never from the declared services: the platform's pod alarms watch exactly
 * these (stacks/signal-catalog.ts), so no service namespace is listed by a platform stack.
 */
export function platformPodNamespaces(cluster: 'tooling' | 'application'): string[] {
  const platform = (Object.keys(PLATFORM_NAMESPACES) as PlatformComponent[]).filter((c) => PLATFORM_NAMESPACE_CLUSTERS[c].includes(cluster)).map((c) => PLATFORM_NAMESPACES[c]);
  return ['kube-system', ...platform].sort();
}

/** Who runs in each platform namespace, for error messages. */
const PLATFORM_NAMESPACE_OWNERS: Readonly<Record<string, string>> = {
  [PLATFORM_NAMESPACES.vault]: 'the Vault server',
  [PLATFORM_NAMESPACES.externalSecrets]: 'External Secrets Operator',
  [PLATFORM_NAMESPACES.certManager]: 'cert-manager',
  [PLATFORM_NAMESPACES.trustManager]: 'trust-manager',
  [PLATFORM_NAMESPACES.awsLoadBalancerController]: 'the AWS Load Balancer Controller',
  [PLATFORM_NAMESPACES.secretIdIssuer]: 'the AppRole secret-ID issuer',
  [PLATFORM_NAMESPACES.containerInsights]: 'the CloudWatch Observability add-on (Container Insights)',
  [PLATFORM_NAMESPACES.prometheusScraper]: 'the Prometheus scraper (CloudWatch agent) of the alarms',
};

/** Every namespace a declared service may not use, sorted. */
export const RESERVED_NAMESPACES: readonly string[] = [...new Set<string>([...KUBERNETES_SYSTEM_NAMESPACES, ...Object.values(PLATFORM_NAMESPACES), 'default'])].sort();

/**
 * Why a service may not run in `namespace`, or undefined when it may. Besides the system and platform namespaces,
 * `default` is refused: it is where everything lands that names no namespace, so it is nobody's own boundary.
 */
export function reservedNamespaceReason(namespace: string): string | undefined {
  const owner = PLATFORM_NAMESPACE_OWNERS[namespace];
  if (owner) return `"${namespace}" is where the platform runs ${owner}`;
  if ((KUBERNETES_SYSTEM_NAMESPACES as readonly string[]).includes(namespace)) {
    return `"${namespace}" is a Kubernetes system namespace${namespace === 'kube-system' ? ' (the EKS add-ons run there)' : ''}`;
  }
  if (namespace === 'default') return '"default" is where everything lands that names no namespace';
  return undefined;
}
