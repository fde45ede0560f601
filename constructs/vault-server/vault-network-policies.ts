import { NetworkPolicyV1, type NetworkPolicyV1SpecEgress, type NetworkPolicyV1SpecIngress } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { explainInvalidCidr, parseCidr } from '../network/cidr';
import { SCRAPER_NAMESPACE, SCRAPER_POD_LABELS } from '../observability/telemetry-names';
import { VAULT_API_PORT, VAULT_CLUSTER_PORT, VAULT_METRICS_PORT, VAULT_NAMESPACE, VAULT_SERVER_POD_LABELS } from './vault-server-names';

/** Pod label value (`app.kubernetes.io/name`) of the init Job and the snapshot CronJob pods. */
export const VAULT_JOB_NAMES = ['vault-init', 'vault-snapshot'] as const;
/** Address ranges that are never "the internet": private, carrier-grade NAT, link-local (instance metadata). */
export const NON_PUBLIC_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] as const;
const POSTGRES_PORT = 5432;
const HTTPS_PORT = 443;

export interface VaultNetworkPoliciesProps {
  /**
   * Private subnets of the tooling VPC: the NLB's nodes and health checks, Client VPN interfaces (VPN clients are
   * source-NATed to them), tooling pods and HCP Terraform agents, the tooling API server's ENIs and the interface
   * VPC endpoints (KMS, STS).
   */
  readonly toolingPrivateCidrs: readonly string[];
  /**
   * Private subnets of the application VPC: application pods reach Vault through the NLB with their own IPs. Vault
   * never calls the application cluster's API (JWT auth checks that cluster's tokens against its public OIDC issuer).
   */
  readonly applicationPrivateCidrs: readonly string[];
  /** Subnets of the PostgreSQL instance (Vault's database secrets engine). @default - none: no database */
  readonly databaseCidrs?: readonly string[];
  /** Objects that must exist first (the namespace). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

type Peer = { ipBlock: { cidr: string; except?: string[] } } | { podSelector: object; namespaceSelector?: object };
const tcp = (...ports: number[]) => ports.map((port) => ({ port: String(port), protocol: 'TCP' }));
const cidrPeers = (cidrs: readonly string[]): Peer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
const vaultPods: Peer = { podSelector: { matchLabels: { ...VAULT_SERVER_POD_LABELS } } };
const jobPods: Peer = { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: [...VAULT_JOB_NAMES] }] } };
/** The Prometheus scraper (observability-<env>), the only peer of the metrics listener. */
const scraperPods: Peer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': SCRAPER_NAMESPACE } },
  podSelector: { matchLabels: { ...SCRAPER_POD_LABELS } },
};
/** Every public IPv4 address: 443 to names NetworkPolicy cannot express (app.terraform.io, S3, Secrets Manager). */
const publicInternet: Peer = { ipBlock: { cidr: '0.0.0.0/0', except: [...NON_PUBLIC_RANGES] } };

/**
 * The Vault namespace is default-deny (ingress and egress for every pod); each path Vault and its jobs need is one
 * typed NetworkPolicy rule, and nothing else is open:
 *
 * | pods | direction | peer | port |
 * | --- | --- | --- | --- |
 * | all | egress | kube-dns pods | 53 UDP/TCP |
 * | Vault | ingress | tooling and application private subnets (clients through the NLB with their own IPs, NLB health checks, VPN) | 8200 |
 * | Vault | ingress + egress | Vault pods | 8200 (raft join), 8201 (raft, forwarding) |
 * | Vault | ingress | init and snapshot job pods | 8200 |
 * | Vault | ingress | Prometheus scraper pods (namespace `cloudwatch-prometheus`) | 8202 (metrics listener) |
 * | Vault | egress | tooling private subnets: Kubernetes API ENIs (service registration, tooling TokenReview), KMS/STS endpoints | 443 |
 * | Vault | egress | database subnets (only with a database) | 5432 |
 * | Vault | egress | public IPv4 (never private, CGNAT or link-local/metadata): HCP Terraform and EKS (application cluster) OIDC discovery and JWKS | 443 |
 * | jobs | egress | Vault pods | 8200 |
 * | jobs | egress | tooling private subnets (KMS/STS endpoints); public IPv4 (S3 through its gateway endpoint, Secrets Manager) | 443 |
 *
 * NetworkPolicy works on addresses, not names: 443 to tooling subnets also reaches other tooling pods listening on
 * 443, and the public rule cannot be narrowed to one service; see docs/vault-server.md.
 */
export class VaultNetworkPolicies extends Construct {
  readonly defaultDeny: NetworkPolicyV1;
  readonly dns: NetworkPolicyV1;
  readonly vaultServer: NetworkPolicyV1;
  readonly jobs: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: VaultNetworkPoliciesProps) {
    super(scope, id);
    const problems: string[] = [];
    const lists: [string, readonly string[]][] = [
      ['toolingPrivateCidrs', props.toolingPrivateCidrs],
      ['applicationPrivateCidrs', props.applicationPrivateCidrs],
      ['databaseCidrs', props.databaseCidrs ?? []],
    ];
    for (const [field, cidrs] of lists) {
      for (const cidr of cidrs) {
        const parsed = parseCidr(cidr);
        if (!parsed) problems.push(`${field}: ${explainInvalidCidr(cidr)}, got "${cidr}"`);
        else if (parsed.prefixLength < 8) problems.push(`${field}: expected ranges of /8 or smaller, got "${cidr}"`);
      }
    }
    if (props.toolingPrivateCidrs.length === 0) problems.push('toolingPrivateCidrs: expected at least one CIDR (the NLB lives there), got none');
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const metadata = (name: string) => ({ name, namespace: VAULT_NAMESPACE });
    const dependsOn = props.dependsOn ?? [];
    this.defaultDeny = new NetworkPolicyV1(this, 'default-deny', {
      metadata: metadata('default-deny-all'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      dependsOn,
    });
    this.dns = new NetworkPolicyV1(this, 'dns', {
      metadata: metadata('allow-dns'),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: '53', protocol: 'UDP' },
              { port: '53', protocol: 'TCP' },
            ],
          },
        ],
      },
      dependsOn,
    });

    const database = props.databaseCidrs ?? [];
    const serverIngress: NetworkPolicyV1SpecIngress[] = [
      { from: cidrPeers([...props.toolingPrivateCidrs, ...props.applicationPrivateCidrs]), ports: tcp(VAULT_API_PORT) },
      { from: [vaultPods], ports: tcp(VAULT_API_PORT, VAULT_CLUSTER_PORT) },
      { from: [jobPods], ports: tcp(VAULT_API_PORT) },
      { from: [scraperPods], ports: tcp(VAULT_METRICS_PORT) },
    ];
    const serverEgress: NetworkPolicyV1SpecEgress[] = [
      { to: [vaultPods], ports: tcp(VAULT_API_PORT, VAULT_CLUSTER_PORT) },
      { to: cidrPeers(props.toolingPrivateCidrs), ports: tcp(HTTPS_PORT) },
      ...(database.length > 0 ? [{ to: cidrPeers(database), ports: tcp(POSTGRES_PORT) }] : []),
      { to: [publicInternet], ports: tcp(HTTPS_PORT) },
    ];
    this.vaultServer = new NetworkPolicyV1(this, 'vault-server', {
      metadata: metadata('vault-server'),
      spec: {
        podSelector: { matchLabels: { ...VAULT_SERVER_POD_LABELS } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: serverIngress,
        egress: serverEgress,
      },
      dependsOn,
    });
    this.jobs = new NetworkPolicyV1(this, 'jobs', {
      metadata: metadata('vault-jobs'),
      spec: {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: [...VAULT_JOB_NAMES] }] },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          { to: [vaultPods], ports: tcp(VAULT_API_PORT) },
          { to: cidrPeers(props.toolingPrivateCidrs), ports: tcp(HTTPS_PORT) },
          { to: [publicInternet], ports: tcp(HTTPS_PORT) },
        ],
      },
      dependsOn,
    });
  }
}
