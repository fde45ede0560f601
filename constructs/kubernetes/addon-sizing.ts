/** Protection tier of an environment (the same values as `environment.tier`). */
export type AddonTier = 'dev' | 'staging' | 'prod';

/** Container resources, Kubernetes quantities. Limits: memory only by default (CPU limits throttle controllers). */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
}

/** How many replicas a platform controller runs, and whether a PodDisruptionBudget guards them. */
export interface AddonAvailability {
  /** Replicas of each controller Deployment (leader-elected: one works, the others stand by). */
  readonly replicas: number;
  /** A PodDisruptionBudget with `maxUnavailable: 1` (only meaningful with more than one replica). */
  readonly podDisruptionBudget: boolean;
}

/**
 * Replicas per tier, the same for every add-on: dev runs one of each (cheap, a node drain may pause reconciliation
 * for a minute); staging and prod run two spread over nodes and zones, guarded by a PDB so a node drain or an upgrade
 * never takes both (webhooks stay answerable: several of them fail closed).
 */
export const ADDON_AVAILABILITY: Readonly<Record<AddonTier, AddonAvailability>> = {
  dev: { replicas: 1, podDisruptionBudget: false },
  staging: { replicas: 2, podDisruptionBudget: true },
  prod: { replicas: 2, podDisruptionBudget: true },
};

/**
 * Requests and limits of each controller container, sized from the upstream recommendations and typical usage of a
 * small platform cluster; adjust from Container Insights data. Memory limit = 2-4× request; no CPU limit.
 */
export const ADDON_RESOURCES = {
  awsLoadBalancerController: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  certManagerController: { requests: { cpu: '25m', memory: '96Mi' }, limits: { memory: '256Mi' } },
  certManagerWebhook: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '96Mi' } },
  certManagerCainjector: { requests: { cpu: '10m', memory: '96Mi' }, limits: { memory: '256Mi' } },
  certManagerStartupApiCheck: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
  trustManager: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '192Mi' } },
  externalSecretsController: { requests: { cpu: '25m', memory: '96Mi' }, limits: { memory: '256Mi' } },
  externalSecretsWebhook: { requests: { cpu: '10m', memory: '48Mi' }, limits: { memory: '128Mi' } },
  externalSecretsCertController: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '192Mi' } },
} as const satisfies Record<string, ContainerResources>;

/** A container image pinned by tag, and by digest where the digest could be established. */
export interface PinnedImage {
  readonly repository: string;
  readonly tag: string;
  /**
   * `sha256:` digest of the multi-architecture index. Absent only where no trustworthy source could be found from
   * this repository (see the image's comment); resolve it at the first apply with
   * `crane digest <repository>:<tag>` and add it here.
   */
  readonly digest?: string;
}

/** `repository:tag@digest` (or `repository:tag` while the digest is unknown). */
export function imageReference(image: PinnedImage): string {
  return `${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ''}`;
}

/**
 * Topology spread of a controller's pods over zones and nodes (soft: `ScheduleAnyway`, so a dev cluster with one
 * node still schedules).
 */
export function spreadOverZonesAndNodes(matchLabels: Readonly<Record<string, string>>): object[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...matchLabels } },
  }));
}

/** Pod and container security context that passes Pod Security Standards `restricted`. */
export const RESTRICTED_POD_SECURITY_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } as const;
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;
