import { type ChartValuesContract } from './chart-values-contract';

/**
 * Value keys of chart trust-manager v0.24.0 that the platform sets (or may set), transcribed from its
 * values.schema.json (strict, `additionalProperties: false`) and values.yaml.
 */
export const TRUST_MANAGER_VALUES_CONTRACT: ChartValuesContract = {
  source: 'cert-manager/trust-manager@v0.24.0:deploy/charts/trust-manager/values.schema.json',
  keys: [
    'crds.enabled',
    'crds.keep',
    'replicaCount',
    'podDisruptionBudget.enabled',
    'podDisruptionBudget.minAvailable',
    'podDisruptionBudget.maxUnavailable',
    'image.repository',
    'image.tag',
    'image.digest',
    'image.pullPolicy',
    'defaultPackage.enabled',
    'secretTargets.enabled',
    'secretTargets.authorizedSecrets',
    'resources.*',
    'podSecurityContext.*',
    'nodeSelector.*',
    'tolerations.*',
    'affinity.*',
    'topologySpreadConstraints.*',
    'priorityClassName',
    'app.trust.namespace',
    'app.securityContext.*',
    'app.logLevel',
    'app.webhook.tls.helmCert.enabled',
    'app.metrics.service.enabled',
    'app.metrics.service.servicemonitor.enabled',
    'app.podLabels.*',
  ],
};
