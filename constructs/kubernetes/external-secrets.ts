import { SCRAPER_NAMESPACE, SCRAPER_POD_LABELS } from '../observability/telemetry-names';
import { type HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  ADDON_AVAILABILITY,
  ADDON_RESOURCES,
  type AddonTier,
  type ContainerResources,
  type PinnedImage,
  RESTRICTED_CONTAINER_SECURITY_CONTEXT,
  RESTRICTED_POD_SECURITY_CONTEXT,
  spreadOverZonesAndNodes,
} from './addon-sizing';
import {
  type ClusterNetworkEndpoints,
  type NetworkAllow,
  apiEgressRule,
  apiIngressRule,
  dnsAllow,
  kubernetesApiAllow,
  vaultAllow,
} from './network-allows';
import { PinnedHelmRelease } from './pinned-helm-release';
import { EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT } from './platform-names';

/** Helm release name; with `fullnameOverride` the prefix of every object the chart creates. */
export const EXTERNAL_SECRETS_RELEASE = 'external-secrets';

/**
 * The one image of chart external-secrets 2.9.0 (controller, webhook and cert-controller are subcommands of the same
 * binary; Chart.yaml appVersion v2.9.0). The chart renders `<repository>:<tag>` with no digest key
 * (templates/_helpers.tpl `external-secrets.image`), so the digest rides in the tag (`v2.9.0@sha256:...`, a valid
 * reference). Digest of the multi-architecture index as recorded by one public source; not checked against the
 * registry from here (no network): verify with `crane digest ghcr.io/external-secrets/external-secrets:v2.9.0` before
 * the first apply (a wrong digest fails the pull and the atomic release rolls back; it never runs another image).
 */
export const EXTERNAL_SECRETS_IMAGE: PinnedImage = {
  repository: 'ghcr.io/external-secrets/external-secrets',
  tag: 'v2.9.0',
  digest: 'sha256:44eb290f1c7f5d8f4eec2168cea4a6cfbc72a955c6781eb835e1c40700475dbd',
};

/** Ports the chart's pods listen on (values.yaml defaults): the webhook server, and the health endpoints kubelet probes. */
/** Container ports of the chart at 2.9.0: webhook, health probes, and the controller's plain-HTTP Prometheus `metrics`. */
export const EXTERNAL_SECRETS_PORTS = { webhook: 10250, webhookHealth: 8081, certControllerHealth: 8081, controllerMetrics: 8080 } as const;

export interface ExternalSecretsValuesInput {
  readonly tier: AddonTier;
  /** Where the cluster's API server and Vault are, for the NetworkPolicies. */
  readonly network: ClusterNetworkEndpoints;
}

function image(): object {
  const pinned = EXTERNAL_SECRETS_IMAGE;
  return { repository: pinned.repository, tag: pinned.digest ? `${pinned.tag}@${pinned.digest}` : pinned.tag, pullPolicy: 'IfNotPresent' };
}

/** Egress of each component: the controller reaches the API and Vault, webhook and cert-controller the API only. DNS for all. */
export function externalSecretsEgress(network: ClusterNetworkEndpoints): Readonly<Record<'controller' | 'webhook' | 'certController', readonly NetworkAllow[]>> {
  const api = kubernetesApiAllow(network);
  return {
    controller: [dnsAllow(), api, vaultAllow(network)],
    webhook: [dnsAllow(), api],
    certController: [dnsAllow(), api],
  };
}

/**
 * Ingress of each component. The API server calls the webhook from the control plane's ENIs, and kubelet probes the
 * health ports from the node's address: both are in the cluster VPC's private subnets (the same CIDRs as the API).
 * The controller serves nothing (no metrics Service, no probes).
 */
export function externalSecretsIngress(network: ClusterNetworkEndpoints): Readonly<Record<'controller' | 'webhook' | 'certController', readonly NetworkAllow[]>> {
  const fromCluster = network.apiServerCidrs.map((cidr) => ({ cidr }));
  return {
    controller: [
      {
        name: 'metrics-scrape',
        description: 'the Prometheus scraper of observability-<env> reads the controller metrics (ESO sync errors alarm)',
        peers: [{ namespace: SCRAPER_NAMESPACE, podLabels: { ...SCRAPER_POD_LABELS } }],
        ports: [{ protocol: 'TCP', port: EXTERNAL_SECRETS_PORTS.controllerMetrics }],
      },
    ],
    webhook: [
      {
        name: 'admission',
        description: 'admission reviews from the API server and readiness probes from kubelet',
        peers: fromCluster,
        ports: [
          { protocol: 'TCP', port: EXTERNAL_SECRETS_PORTS.webhook },
          { protocol: 'TCP', port: EXTERNAL_SECRETS_PORTS.webhookHealth },
        ],
      },
    ],
    certController: [
      { name: 'probes', description: 'readiness probes from kubelet', peers: fromCluster, ports: [{ protocol: 'TCP', port: EXTERNAL_SECRETS_PORTS.certControllerHealth }] },
    ],
  };
}

/**
 * Values for chart external-secrets 2.9.0 (keys: EXTERNAL_SECRETS_VALUES_CONTRACT). Decisions, each following the ESO
 * security guide (docs/guides/security-best-practices.md at v2.9.0):
 * - **No blanket token minting**: `rbac.serviceAccountTokenCreate: false` removes `serviceaccounts/token create` from
 *   the controller's ClusterRole; each declared service's namespace grants it for that service's account only (Role
 *   with `resourceNames`, ServiceDelivery). A compromised controller cannot impersonate any other account.
 * - **Only what we use**: namespaced SecretStores and ExternalSecrets. ClusterSecretStore, ClusterExternalSecret,
 *   PushSecret, ClusterPushSecret and ClusterGenerator are neither installed (`crds.create*`) nor reconciled
 *   (`process*`): no cluster-wide store could bypass the per-service stores, no namespace write rights (ClusterExternalSecret
 *   finalizers), nothing pushes cluster Secrets into Vault. No generic targets (ConfigMaps or custom resources), no
 *   OpenShift finalizer rights, no servicebindings ClusterRole, no `system:auth-delegator`.
 * - **Tenants cannot author stores**: the edit/admin aggregation is off, so namespace editors get no right to create
 *   SecretStores or ExternalSecrets (Terraform owns them); view stays aggregated (read-only).
 * - **CRDs from the chart** (`installCRDs`), v1 only (`unsafeServeV1Beta1: false`, no conversion webhook).
 * - **Webhook and cert-controller on**: the webhook rejects an invalid SecretStore/ExternalSecret at admission (a
 *   Terraform apply fails with the reason instead of a Secret that never syncs); cert-controller issues and rotates
 *   its serving certificate, which works on every cluster (cert-manager runs on the tooling cluster only). Its
 *   ClusterRole may patch only the ESO CRDs and webhook configurations by name and update only its own Secret.
 * - **Availability per tier**: replicas and PDBs from ADDON_AVAILABILITY; leader election always on (two controllers
 *   during a rolling update never reconcile at once).
 * - **Restricted pods, pinned image, NetworkPolicies**: egress only to DNS, the API server and (controller) Vault.
 * - **Vault token cache off**: every sync logs in with a fresh short-lived token of the service's own role.
 */
export function externalSecretsValues(input: ExternalSecretsValuesInput): object {
  const availability = ADDON_AVAILABILITY[input.tier];
  const pdb = availability.podDisruptionBudget ? { enabled: true, maxUnavailable: 1 } : { enabled: false };
  const egress = externalSecretsEgress(input.network);
  const ingress = externalSecretsIngress(input.network);
  const networkPolicy = (component: 'controller' | 'webhook' | 'certController') => ({
    enabled: true,
    ingress: ingress[component].map(apiIngressRule),
    egress: egress[component].map(apiEgressRule),
  });
  const hardened = (resources: ContainerResources, component: string) => ({
    image: image(),
    podSecurityContext: { enabled: true, ...RESTRICTED_POD_SECURITY_CONTEXT },
    securityContext: { enabled: true, ...RESTRICTED_CONTAINER_SECURITY_CONTEXT },
    resources,
    topologySpreadConstraints: spreadOverZonesAndNodes({ 'app.kubernetes.io/name': component, 'app.kubernetes.io/instance': EXTERNAL_SECRETS_RELEASE }),
    podDisruptionBudget: pdb,
  });
  return {
    installCRDs: true,
    crds: {
      createClusterExternalSecret: false,
      createClusterSecretStore: false,
      createClusterGenerator: false,
      createClusterPushSecret: false,
      createPushSecret: false,
      conversion: { enabled: false },
      unsafeServeV1Beta1: false,
    },
    fullnameOverride: EXTERNAL_SECRETS_RELEASE,
    replicaCount: availability.replicas,
    leaderElect: true,
    processSecretStore: true,
    processClusterStore: false,
    processClusterExternalSecret: false,
    processPushSecret: false,
    processClusterPushSecret: false,
    processClusterGenerator: false,
    openshiftFinalizers: false,
    systemAuthDelegator: false,
    genericTargets: { enabled: false },
    rbac: {
      create: true,
      serviceAccountTokenCreate: false,
      servicebindings: { create: false },
      aggregateToView: true,
      aggregateToEdit: false,
      aggregateToAdmin: false,
    },
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT, automount: true },
    ...hardened(ADDON_RESOURCES.externalSecretsController, 'external-secrets'),
    networkPolicy: networkPolicy('controller'),
    vault: { enableTokenCache: false },
    log: { level: 'info' },
    serviceMonitor: { enabled: false },
    webhook: {
      create: true,
      replicaCount: availability.replicas,
      failurePolicy: 'Fail',
      certManager: { enabled: false },
      serviceAccount: { create: true, automount: true },
      ...hardened(ADDON_RESOURCES.externalSecretsWebhook, 'external-secrets-webhook'),
      networkPolicy: networkPolicy('webhook'),
    },
    certController: {
      create: true,
      replicaCount: availability.replicas,
      rbac: { create: true },
      serviceAccount: { create: true, automount: true },
      ...hardened(ADDON_RESOURCES.externalSecretsCertController, 'external-secrets-cert-controller'),
      networkPolicy: networkPolicy('certController'),
    },
  };
}

export interface ExternalSecretsProps {
  /** The helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Namespace of the release (created beforehand, Pod Security `restricted`). */
  readonly namespace: string;
  /** Environment tier: replicas and PDBs. */
  readonly tier: AddonTier;
  /** The cluster's API server and Vault, for the NetworkPolicies. */
  readonly network: ClusterNetworkEndpoints;
  /** The namespace (and anything else the release needs first). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * External Secrets Operator (chart external-secrets 2.9.0), hardened as described on {@link externalSecretsValues}.
 * Installed by the add-ons stack of every cluster that runs declared services; their SecretStores and ExternalSecrets
 * are created by the service stacks (planned after this release installed the CRDs).
 */
export class ExternalSecrets extends Construct {
  readonly release: PinnedHelmRelease;
  /** The controller's service account, `namespace/name`: the subject of the per-service token RoleBindings. */
  readonly controllerServiceAccount: { readonly namespace: string; readonly name: string };

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.network.apiServerCidrs.length === 0) problems.push('network.apiServerCidrs: expected the subnets of the control plane ENIs, got none');
    if (props.network.vaultCidrs.length === 0) problems.push("network.vaultCidrs: expected the subnets of Vault's load balancer, got none");
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
    this.controllerServiceAccount = { namespace: props.namespace, name: EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT };
    this.release = new PinnedHelmRelease(this, 'chart', {
      provider: props.provider,
      chart: 'externalSecrets',
      name: EXTERNAL_SECRETS_RELEASE,
      namespace: props.namespace,
      values: externalSecretsValues({ tier: props.tier, network: props.network }),
      dependsOn: props.dependsOn,
    });
  }
}
