import { type ChartContract } from '../kubernetes/value-contract';

/**
 * The value keys of the official Vault chart (hashicorp/vault-helm@v0.34.1, `CHARTS.vault`) that this project sets,
 * transcribed with the types the chart accepts. Types come from the chart's `values.schema.json` at that tag; keys the
 * schema does not list but a template reads name the template. The chart's schema has no `additionalProperties:
 * false`, so Helm itself would silently ignore a misspelt key: the values test checks ours against this list.
 *
 * Updating the chart: read `values.yaml`, `values.schema.json` and `templates/` at the new tag (`git show
 * <tag>:values.schema.json` in a mirror of hashicorp/vault-helm) and update this list in the same change as
 * `CHARTS.vault`.
 */
const SCHEMA = 'values.schema.json';
const STATEFULSET = 'templates/server-statefulset.yaml';

export const VAULT_CHART_CONTRACT: ChartContract = {
  'global.enabled': { types: ['boolean'], source: SCHEMA },
  'global.tlsDisable': { types: ['boolean'], source: SCHEMA },
  'global.serverTelemetry.prometheusOperator': { types: ['boolean'], source: SCHEMA },
  'injector.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'csi.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'ui.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'server.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'server.image.repository': { types: ['string'], source: SCHEMA },
  // Rendered as `{{ repository }}:{{ tag }}` (templates/server-statefulset.yaml): a `<tag>@sha256:<digest>` pins both.
  'server.image.tag': { types: ['string'], source: SCHEMA },
  'server.image.pullPolicy': { types: ['string'], source: SCHEMA },
  'server.updateStrategyType': { types: ['string'], source: SCHEMA },
  'server.logLevel': { types: ['string'], source: SCHEMA },
  'server.logFormat': { types: ['string'], source: SCHEMA },
  'server.resources': { types: ['object'], source: SCHEMA },
  'server.authDelegator.enabled': { types: ['boolean'], source: SCHEMA },
  'server.readinessProbe.enabled': { types: ['boolean'], source: SCHEMA },
  // Not in the schema; the StatefulSet template switches from `vault status` (exec) to httpGet when it is set.
  'server.readinessProbe.path': { types: ['string'], source: STATEFULSET },
  'server.readinessProbe.port': { types: ['integer'], source: SCHEMA },
  'server.readinessProbe.failureThreshold': { types: ['integer'], source: SCHEMA },
  'server.readinessProbe.initialDelaySeconds': { types: ['integer'], source: SCHEMA },
  'server.readinessProbe.periodSeconds': { types: ['integer'], source: SCHEMA },
  'server.readinessProbe.successThreshold': { types: ['integer'], source: SCHEMA },
  'server.readinessProbe.timeoutSeconds': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.enabled': { types: ['boolean'], source: SCHEMA },
  'server.livenessProbe.path': { types: ['string'], source: SCHEMA },
  'server.livenessProbe.port': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.failureThreshold': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.initialDelaySeconds': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.periodSeconds': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.successThreshold': { types: ['integer'], source: SCHEMA },
  'server.livenessProbe.timeoutSeconds': { types: ['integer'], source: SCHEMA },
  'server.terminationGracePeriodSeconds': { types: ['integer'], source: SCHEMA },
  'server.preStopSleepSeconds': { types: ['integer'], source: SCHEMA },
  'server.extraEnvironmentVars': { types: ['object'], source: SCHEMA },
  'server.volumes': { types: ['null', 'array'], source: SCHEMA },
  'server.volumeMounts': { types: ['null', 'array'], source: SCHEMA },
  'server.extraContainers': { types: ['null', 'array'], source: SCHEMA },
  'server.shareProcessNamespace': { types: ['boolean'], source: SCHEMA },
  'server.affinity': { types: ['object', 'string'], source: SCHEMA },
  'server.topologySpreadConstraints': { types: ['null', 'array', 'string'], source: SCHEMA },
  'server.networkPolicy.enabled': { types: ['boolean'], source: SCHEMA },
  'server.service.enabled': { types: ['boolean'], source: SCHEMA },
  'server.service.active.enabled': { types: ['boolean'], source: SCHEMA },
  'server.service.standby.enabled': { types: ['boolean'], source: SCHEMA },
  'server.service.publishNotReadyAddresses': { types: ['boolean'], source: SCHEMA },
  'server.service.port': { types: ['integer'], source: SCHEMA },
  'server.service.targetPort': { types: ['integer'], source: SCHEMA },
  'server.dataStorage.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'server.dataStorage.size': { types: ['string'], source: SCHEMA },
  'server.dataStorage.mountPath': { types: ['string'], source: SCHEMA },
  'server.dataStorage.storageClass': { types: ['null', 'string'], source: SCHEMA },
  'server.dataStorage.accessMode': { types: ['string'], source: SCHEMA },
  'server.auditStorage.enabled': { types: ['boolean', 'string'], source: SCHEMA },
  'server.auditStorage.size': { types: ['string'], source: SCHEMA },
  'server.auditStorage.mountPath': { types: ['string'], source: SCHEMA },
  'server.auditStorage.storageClass': { types: ['null', 'string'], source: SCHEMA },
  'server.auditStorage.accessMode': { types: ['string'], source: SCHEMA },
  'server.persistentVolumeClaimRetentionPolicy.whenDeleted': { types: ['string'], source: SCHEMA },
  'server.persistentVolumeClaimRetentionPolicy.whenScaled': { types: ['string'], source: SCHEMA },
  'server.dev.enabled': { types: ['boolean'], source: SCHEMA },
  'server.standalone.enabled': { types: ['string', 'boolean'], source: SCHEMA },
  'server.ha.enabled': { types: ['boolean'], source: SCHEMA },
  'server.ha.replicas': { types: ['integer'], source: SCHEMA },
  'server.ha.apiAddr': { types: ['null', 'string'], source: SCHEMA },
  'server.ha.raft.enabled': { types: ['boolean'], source: SCHEMA },
  'server.ha.raft.setNodeId': { types: ['boolean'], source: SCHEMA },
  'server.ha.raft.config': { types: ['string', 'object'], source: SCHEMA },
  'server.ha.disruptionBudget.enabled': { types: ['boolean'], source: SCHEMA },
  'server.ha.disruptionBudget.maxUnavailable': { types: ['null', 'integer'], source: SCHEMA },
  'server.serviceAccount.create': { types: ['boolean'], source: SCHEMA },
  'server.serviceAccount.name': { types: ['string'], source: SCHEMA },
  'server.serviceAccount.annotations': { types: ['object', 'string'], source: SCHEMA },
  'server.serviceAccount.serviceDiscovery.enabled': { types: ['boolean'], source: SCHEMA },
  'server.statefulSet.securityContext.pod': { types: ['object', 'string'], source: SCHEMA },
  'server.statefulSet.securityContext.container': { types: ['object', 'string'], source: SCHEMA },
  'serverTelemetry.serviceMonitor.enabled': { types: ['boolean'], source: SCHEMA },
  'serverTelemetry.prometheusRules.enabled': { types: ['boolean'], source: SCHEMA },
};

