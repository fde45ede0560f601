import { type HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  ADDON_AVAILABILITY,
  ADDON_RESOURCES,
  type AddonTier,
  type PinnedImage,
  RESTRICTED_CONTAINER_SECURITY_CONTEXT,
  RESTRICTED_POD_SECURITY_CONTEXT,
  spreadOverZonesAndNodes,
} from './addon-sizing';
import { PinnedHelmRelease } from './pinned-helm-release';

/** Helm release name (`app.kubernetes.io/instance` of every cert-manager pod). */
export const CERT_MANAGER_RELEASE = 'cert-manager';

/**
 * Images of cert-manager v1.21.1 by tag and digest (the chart renders `<repo>:<tag>@<digest>` when both are set,
 * templates/_helpers.tpl). Digests of the quay.io multi-architecture indexes as pinned, identically, by several
 * unrelated public repositories; not checked against the registry from here (no network): verify with
 * `crane digest quay.io/jetstack/cert-manager-controller:v1.21.1` (and the three others) before the first apply.
 */
export const CERT_MANAGER_IMAGES = {
  controller: { repository: 'quay.io/jetstack/cert-manager-controller', tag: 'v1.21.1', digest: 'sha256:416a2d76870d996460e62bd7f521bf14fa017be9e3e904aab92163a331fcb61a' },
  webhook: { repository: 'quay.io/jetstack/cert-manager-webhook', tag: 'v1.21.1', digest: 'sha256:d8b3961b51c8c7320633f8208dc46bf88aa13804d0f7cbe48a096b2c523cee42' },
  cainjector: { repository: 'quay.io/jetstack/cert-manager-cainjector', tag: 'v1.21.1', digest: 'sha256:ccf6b919ec0500745a47a910118f834f9636d0aac1ff221245cd2557ed8c7c98' },
  startupapicheck: {
    repository: 'quay.io/jetstack/cert-manager-startupapicheck',
    tag: 'v1.21.1',
    digest: 'sha256:d8ab6416e6e7303a86fa0a8daa82c94a8001f21c9d78eb2e7db20534e5d07ae8',
  },
} as const satisfies Record<string, PinnedImage>;

function image(pinned: PinnedImage): object {
  return { repository: pinned.repository, tag: pinned.tag, ...(pinned.digest ? { digest: pinned.digest } : {}), pullPolicy: 'IfNotPresent' };
}

/** Values for chart cert-manager v1.21.1 (keys: CERT_MANAGER_VALUES_CONTRACT). */
export function certManagerValues(input: { readonly namespace: string; readonly tier: AddonTier }): object {
  const availability = ADDON_AVAILABILITY[input.tier];
  const pdb = availability.podDisruptionBudget ? { enabled: true, maxUnavailable: 1 } : { enabled: false };
  const component = (name: string) => spreadOverZonesAndNodes({ 'app.kubernetes.io/instance': CERT_MANAGER_RELEASE, 'app.kubernetes.io/component': name });
  const hardened = { securityContext: RESTRICTED_POD_SECURITY_CONTEXT, containerSecurityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT };
  return {
    // The chart installs and upgrades the CRDs; `keep` leaves them (and so every Certificate) in place if the
    // release is ever uninstalled.
    crds: { enabled: true, keep: true },
    global: {
      // Leases in cert-manager's own namespace: the chart's default (kube-system) would give it a Role there.
      leaderElection: { namespace: input.namespace },
      rbac: { create: true, aggregateClusterRoles: true },
    },
    replicaCount: availability.replicas,
    podDisruptionBudget: pdb,
    image: image(CERT_MANAGER_IMAGES.controller),
    resources: ADDON_RESOURCES.certManagerController,
    ...hardened,
    topologySpreadConstraints: component('controller'),
    // Metrics Service for the observability work; no ServiceMonitor CRD is assumed.
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
    webhook: {
      replicaCount: availability.replicas,
      podDisruptionBudget: pdb,
      image: image(CERT_MANAGER_IMAGES.webhook),
      resources: ADDON_RESOURCES.certManagerWebhook,
      ...hardened,
      topologySpreadConstraints: component('webhook'),
    },
    cainjector: {
      enabled: true,
      replicaCount: availability.replicas,
      podDisruptionBudget: pdb,
      image: image(CERT_MANAGER_IMAGES.cainjector),
      resources: ADDON_RESOURCES.certManagerCainjector,
      ...hardened,
      topologySpreadConstraints: component('cainjector'),
    },
    // Post-install hook Job that waits until the webhook answers: the release (wait_for_jobs) is done only then, so
    // the releases that create cert-manager resources next never race a webhook that is not serving yet.
    startupapicheck: {
      enabled: true,
      image: image(CERT_MANAGER_IMAGES.startupapicheck),
      resources: ADDON_RESOURCES.certManagerStartupApiCheck,
      ...hardened,
    },
  };
}

export interface CertManagerProps {
  /** The helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Namespace of the release (created beforehand, Pod Security `restricted`). */
  readonly namespace: string;
  /** Environment tier: replicas and PDBs. */
  readonly tier: AddonTier;
  /** @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * cert-manager (chart cert-manager v1.21.1): controller, webhook and cainjector, CRDs installed by the chart, every
 * pod `restricted`, images pinned by digest. Issuers and Certificates are created by later stacks (vault-server).
 */
export class CertManager extends Construct {
  readonly release: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    this.release = new PinnedHelmRelease(this, 'chart', {
      provider: props.provider,
      chart: 'certManager',
      name: CERT_MANAGER_RELEASE,
      namespace: props.namespace,
      values: certManagerValues({ namespace: props.namespace, tier: props.tier }),
      dependsOn: props.dependsOn,
    });
  }
}
