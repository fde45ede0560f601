/**
 * NetworkPolicy allow rules as data: one model for the egress a pod needs, rendered both into chart values (the
 * Kubernetes API shape, for charts that template `networkPolicy.egress`) and into typed `kubernetes_network_policy_v1`
 * resources (ServiceNetworkPolicies). Pods are selected by labels; destinations are CIDRs or pods in a namespace.
 *
 * Destinations on EKS with the VPC CNI network policy agent (the clusters enable it: EksCluster vpc-cni
 * `enableNetworkPolicy`):
 * - the Kubernetes API: the control plane's ENIs live in the cluster VPC's private subnets (EksCluster `subnetIds`),
 *   reached on 443; the agent matches the endpoint addresses behind the `kubernetes` Service, so the rule names those
 *   subnets (aws/aws-network-policy-agent#281: "allow the subnets" of the control-plane ENIs);
 * - Vault: its internal load balancer's subnets (the tooling VPC's private subnets), on 8200;
 * - DNS: CoreDNS pods (`k8s-app: kube-dns`) in `kube-system`, UDP and TCP 53.
 */

export type NetworkProtocol = 'TCP' | 'UDP';

export interface NetworkPort {
  readonly protocol: NetworkProtocol;
  readonly port: number;
}

/** Where traffic may go (egress) or come from (ingress). */
export type NetworkPeer =
  | { readonly cidr: string }
  | { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };

/** One allow rule: these peers on these ports, with why. */
export interface NetworkAllow {
  /** Short kebab-case name (`dns`, `vault`, `postgres`, `egress-smtp-relay`). */
  readonly name: string;
  /** Why the rule exists, for reviewers and the access matrix. */
  readonly description: string;
  readonly peers: readonly NetworkPeer[];
  readonly ports: readonly NetworkPort[];
}

/** Label every namespace carries with its own name (Kubernetes >= 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** CoreDNS as EKS deploys it. */
export const CLUSTER_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } } as const;

/** What a pod of one cluster can reach outside itself, as CIDRs (from the network stack's deterministic layout). */
export interface ClusterNetworkEndpoints {
  /** Subnets of the control plane's ENIs: the API server on 443. */
  readonly apiServerCidrs: readonly string[];
  /** Subnets of Vault's internal load balancer. */
  readonly vaultCidrs: readonly string[];
  /** Vault's port on its load balancer. */
  readonly vaultPort: number;
}

export const KUBERNETES_API_PORT = 443;

export function dnsAllow(): NetworkAllow {
  return {
    name: 'dns',
    description: 'DNS lookups at CoreDNS (kube-system, k8s-app=kube-dns)',
    peers: [CLUSTER_DNS],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

export function kubernetesApiAllow(endpoints: ClusterNetworkEndpoints): NetworkAllow {
  return {
    name: 'kubernetes-api',
    description: "the Kubernetes API server (the control plane's ENIs in the cluster VPC's private subnets)",
    peers: endpoints.apiServerCidrs.map((cidr) => ({ cidr })),
    ports: [{ protocol: 'TCP', port: KUBERNETES_API_PORT }],
  };
}

export function vaultAllow(endpoints: ClusterNetworkEndpoints): NetworkAllow {
  return {
    name: 'vault',
    description: `Vault through its internal load balancer (vault.<zone>:${endpoints.vaultPort})`,
    peers: endpoints.vaultCidrs.map((cidr) => ({ cidr })),
    ports: [{ protocol: 'TCP', port: endpoints.vaultPort }],
  };
}

/** The Kubernetes API shape of one rule (`NetworkPolicyEgressRule` / `NetworkPolicyIngressRule`), for chart values. */
export function apiPolicyPeers(allow: NetworkAllow): { peers: object[]; ports: object[] } {
  return {
    peers: allow.peers.map((peer) =>
      'cidr' in peer
        ? { ipBlock: { cidr: peer.cidr } }
        : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector: { matchLabels: { ...peer.podLabels } } },
    ),
    ports: allow.ports.map((p) => ({ protocol: p.protocol, port: p.port })),
  };
}

export function apiEgressRule(allow: NetworkAllow): object {
  const { peers, ports } = apiPolicyPeers(allow);
  return { to: peers, ports };
}

export function apiIngressRule(allow: NetworkAllow): object {
  const { peers, ports } = apiPolicyPeers(allow);
  return { from: peers, ports };
}

/** One line per rule: `name: TCP 8200 to 10.10.0.0/20, 10.10.16.0/20`, for docs and the access matrix. */
export function describeAllow(allow: NetworkAllow): string {
  const ports = allow.ports.map((p) => `${p.protocol} ${p.port}`).join(', ');
  const peers = allow.peers.map((peer) => ('cidr' in peer ? peer.cidr : `${peer.namespace}/${Object.entries(peer.podLabels).map(([k, v]) => `${k}=${v}`).join(',')}`)).join(', ');
  return `${allow.name}: ${ports} to ${peers}`;
}
