import { type ChartValuesContract } from './chart-values-contract';

/** The per-component keys cert-manager repeats for the controller (top level), `webhook.` and `cainjector.`. */
const COMPONENT_KEYS = [
  'replicaCount',
  'podDisruptionBudget.enabled',
  'podDisruptionBudget.minAvailable',
  'podDisruptionBudget.maxUnavailable',
  'image.repository',
  'image.tag',
  'image.digest',
  'image.pullPolicy',
  'resources.*',
  'securityContext.*',
  'containerSecurityContext.*',
  'nodeSelector.*',
  'tolerations.*',
  'affinity.*',
  'topologySpreadConstraints.*',
  'podLabels.*',
] as const;

/**
 * Value keys of chart cert-manager v1.21.1 that the platform sets (or may set), transcribed from its
 * values.schema.json (`$defs.helm-values.*`; the schema has `additionalProperties: false` at every level, so Helm
 * would also reject a misspelt key at install, later than this test) and values.yaml.
 */
export const CERT_MANAGER_VALUES_CONTRACT: ChartValuesContract = {
  source: 'cert-manager/cert-manager@v1.21.1:deploy/charts/cert-manager/values.schema.json',
  keys: [
    'crds.enabled',
    'crds.keep',
    'global.leaderElection.namespace',
    'global.rbac.create',
    'global.rbac.aggregateClusterRoles',
    'global.priorityClassName',
    ...COMPONENT_KEYS,
    'prometheus.enabled',
    'prometheus.servicemonitor.enabled',
    'enableCertificateOwnerRef',
    ...COMPONENT_KEYS.map((key) => `webhook.${key}`),
    'cainjector.enabled',
    ...COMPONENT_KEYS.map((key) => `cainjector.${key}`),
    'startupapicheck.enabled',
    'startupapicheck.image.repository',
    'startupapicheck.image.tag',
    'startupapicheck.image.digest',
    'startupapicheck.image.pullPolicy',
    'startupapicheck.resources.*',
    'startupapicheck.securityContext.*',
    'startupapicheck.containerSecurityContext.*',
    'startupapicheck.nodeSelector.*',
    'startupapicheck.tolerations.*',
  ],
};
