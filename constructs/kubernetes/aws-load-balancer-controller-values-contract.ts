import { type ChartValuesContract } from './chart-values-contract';

/**
 * Value keys of chart aws-load-balancer-controller 3.5.0 that the platform sets (or may set), transcribed from its
 * values.yaml; the chart has no values.schema.json at this tag, so Helm would silently ignore a misspelt key.
 * Free-form subtrees (`.*`) are passed through `toYaml` (or, for the feature gates, `convertMapToCsv`) by
 * templates/deployment.yaml, templates/pdb.yaml and templates/serviceaccount.yaml.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_VALUES_CONTRACT: ChartValuesContract = {
  source: 'kubernetes-sigs/aws-load-balancer-controller@v3.5.0:helm/aws-load-balancer-controller/values.yaml',
  keys: [
    'replicaCount',
    'image.repository',
    'image.tag',
    'image.pullPolicy',
    'serviceAccount.create',
    'serviceAccount.annotations.*',
    'serviceAccount.name',
    'serviceAccount.automountServiceAccountToken',
    'rbac.create',
    'podSecurityContext.*',
    'securityContext.*',
    'resources.*',
    'priorityClassName',
    'nodeSelector.*',
    'tolerations.*',
    'affinity.*',
    'topologySpreadConstraints.*',
    'podLabels.*',
    'podAnnotations.*',
    'enableCertManager',
    'clusterName',
    'createIngressClassResource',
    'ingressClassParams.create',
    'region',
    'vpcId',
    'defaultTargetType',
    'enablePodReadinessGateInject',
    'enableShield',
    'enableWaf',
    'enableWafv2',
    'logLevel',
    'disableIngressClassAnnotation',
    'disableIngressGroupNameAnnotation',
    'podDisruptionBudget.*',
    'enableBackendSecurityGroup',
    'controllerConfig.featureGates.*',
    'serviceMonitor.enabled',
    'clusterSecretsPermissions.allowAllSecrets',
    'enableServiceMutatorWebhook',
    'webhookNamespaceSelectors',
  ],
};

/**
 * Feature gate names the v3.5.0 controller knows (pkg/config/feature_gates.go, `const` block). The chart turns
 * `controllerConfig.featureGates` into `--feature-gates=<k>=<v>,...`; an unknown name makes the controller exit.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_KNOWN_FEATURE_GATES = [
  'ListenerRulesTagging',
  'WeightedTargetGroups',
  'ServiceTypeLoadBalancerOnly',
  'EndpointsFailOpen',
  'EnableServiceController',
  'EnableIPTargetType',
  'EnableTCPUDPListener',
  'EnableRGTAPI',
  'SubnetsClusterTagCheck',
  'NLBHealthCheckAdvancedConfig',
  'NLBSecurityGroup',
  'ALBSingleSubnet',
  'LBCapacityReservation',
  'SubnetDiscoveryByReachability',
  'NLBGatewayAPI',
  'ALBGatewayAPI',
  'GlobalAcceleratorController',
  'EnhancedDefaultBehavior',
  'EnableDefaultTagsLowPriority',
  'ALBTargetControlAgent',
  'GatewayListenerSet',
  'EnableCertificateManagement',
  'IngressPlanAnnotation',
] as const;
