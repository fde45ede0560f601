import { type AddonTier } from './addon-sizing';

/**
 * What one declared service may use in its namespace, summed over the services of the namespace into its
 * ResourceQuota. Units are in the names; every value is a whole number.
 */
export interface ServiceQuota {
  /** Sum of the CPU requests of the service's pods, in millicores. */
  readonly requestsCpuMillicores: number;
  /** Sum of the memory requests, in MiB. */
  readonly requestsMemoryMiB: number;
  /** Sum of the memory limits, in MiB (every container has one: the LimitRange sets a default). */
  readonly limitsMemoryMiB: number;
  /** Pods at once (a rolling update needs room for the surge). */
  readonly pods: number;
}

/**
 * A service's quota when its declaration sets none (`vault.services[].quota`), per tier: enough for two or three
 * small replicas plus a surge in dev, more headroom in staging and prod. A declaration overrides any of the four.
 */
export const SERVICE_QUOTA_DEFAULTS: Readonly<Record<AddonTier, ServiceQuota>> = {
  dev: { requestsCpuMillicores: 500, requestsMemoryMiB: 512, limitsMemoryMiB: 1024, pods: 6 },
  staging: { requestsCpuMillicores: 1000, requestsMemoryMiB: 1024, limitsMemoryMiB: 2048, pods: 10 },
  prod: { requestsCpuMillicores: 2000, requestsMemoryMiB: 2048, limitsMemoryMiB: 4096, pods: 20 },
};

/** Largest quota one service may declare (a typo such as an extra zero fails at synth). */
export const SERVICE_QUOTA_CEILING: ServiceQuota = { requestsCpuMillicores: 32_000, requestsMemoryMiB: 131_072, limitsMemoryMiB: 262_144, pods: 200 };

/**
 * Container defaults of every service namespace (LimitRange, type Container): what a container gets when it states
 * no requests or memory limit, so the quota above can be enforced on every pod. No CPU limit (it throttles; requests
 * schedule), like the platform add-ons.
 */
export const CONTAINER_DEFAULTS = {
  defaultRequest: { cpuMillicores: 50, memoryMiB: 64 },
  defaultLimit: { memoryMiB: 256 },
} as const;

/**
 * How often ESO re-reads a service's secrets from Vault (`ExternalSecret.spec.refreshInterval`): every 5 minutes by
 * default; a declaration may ask for more often (`vault.services[].secretRefreshSeconds`), never less often than its
 * tier allows, and never more often than `minSeconds` (each refresh is a Vault login and read).
 */
export const SECRET_REFRESH = {
  defaultSeconds: 300,
  minSeconds: 60,
  maxSecondsByTier: { dev: 300, staging: 300, prod: 300 } as Readonly<Record<AddonTier, number>>,
} as const;

/** `ExternalSecret.spec.refreshInterval` for a number of seconds, as a Go duration: `5m`, `90s`. */
export function refreshInterval(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** Seconds of a Go duration of the forms ESO accepts here (`1h30m`, `5m`, `90s`, `0s`); undefined when not one. */
export function durationSeconds(duration: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!match || duration === '') return undefined;
  const [, h, m, s] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}
