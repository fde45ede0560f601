import { type HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { IrsaRole, type IrsaOidcProvider } from '../compute/irsa-role';
import { type PolicyStatement } from '../security/policy-document';
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
import { AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT } from './platform-names';

/**
 * Controller image of chart 3.5.0 (`image.tag: v3.5.0` in its values.yaml). No digest: the only public mention of
 * one found from here was a single third-party test fixture, not enough to pin a pull on; resolve it with
 * `crane digest public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0` before the first apply and add it.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_IMAGE: PinnedImage = {
  repository: 'public.ecr.aws/eks/aws-load-balancer-controller',
  tag: 'v3.5.0',
};

/** Helm release name; the chart's fullname and selector label `app.kubernetes.io/instance`. */
export const AWS_LOAD_BALANCER_CONTROLLER_RELEASE = 'aws-load-balancer-controller';

/**
 * Controllers of v3.5.0 that must not run: everything but TargetGroupBinding. Feature gates from
 * pkg/config/feature_gates.go at kubernetes-sigs/aws-load-balancer-controller@v3.5.0 (defaults: service controller,
 * NLB and ALB Gateway API on; Global Accelerator off). The Ingress controller has no gate: it runs but finds no
 * IngressClass for `ingress.k8s.aws/alb` (none is created, the class annotation is disabled) and its IAM role could
 * not create a load balancer anyway.
 */
export const AWS_LOAD_BALANCER_CONTROLLER_FEATURE_GATES = {
  EnableServiceController: false,
  NLBGatewayAPI: false,
  ALBGatewayAPI: false,
  GlobalAcceleratorController: false,
} as const;

/**
 * The controller's IAM permissions, cut from the upstream policy (docs/install/iam_policy.json at
 * kubernetes-sigs/aws-load-balancer-controller@v3.5.0, 16 statements) to what the TargetGroupBinding reconciler and
 * its webhooks call for `ip` targets without `spec.networking` (node security group rules are Terraform's, see
 * ClusterStack). Read in the v3.5.0 sources:
 * - webhooks/elbv2/targetgroup_helper.go: DescribeTargetGroups (the mutator fills targetType / ipAddressType / vpcID,
 *   the validator checks the VPC);
 * - pkg/targetgroupbinding/targets_manager.go: DescribeTargetHealth (list targets, readiness gates),
 *   RegisterTargets, DeregisterTargets;
 * - pkg/targetgroupbinding/resource_manager.go generateOverrideAzFn → VPCInfoProvider.FetchVPCInfo: ec2:DescribeVpcs
 *   (pod IPs outside the VPC CIDRs are registered with AvailabilityZone "all").
 * Dropped on purpose: every Create, Delete, Modify and Set action on load balancers, listeners, rules and target groups,
 * security group creation and rule changes (ec2:Authorize/RevokeSecurityGroupIngress: only used with
 * `spec.networking`), tagging, ACM/IAM certificates, WAF, Shield, Cognito, iam:CreateServiceLinkedRole, and the other
 * Describe* calls (Ingress, Service and Gateway reconcilers only).
 */
export function loadBalancerControllerStatements(targetGroupArns: readonly string[]): PolicyStatement[] {
  return [
    {
      // Upstream statement 2 (Describe*), two of its 29 actions. ELB and EC2 Describe* accept no resource ARNs.
      Sid: 'DescribeTargetGroupsAndTargetHealth',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
      Resource: '*',
    },
    {
      // Upstream statement 2: the VPC's CIDRs decide whether a pod IP needs AvailabilityZone "all".
      Sid: 'DescribeVpcCidrs',
      Effect: 'Allow',
      Action: 'ec2:DescribeVpcs',
      Resource: '*',
    },
    {
      // Upstream statement 15 allows every target group (targetgroup/*/*); here only the ones bound by this platform.
      Sid: 'RegisterPodsInTheBoundTargetGroupsOnly',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: [...targetGroupArns],
    },
  ];
}

/** The Helm values the construct renders, as a typed object (tests compare its keys with the chart's). */
export interface AwsLoadBalancerControllerValuesInput {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly roleArn: string;
  readonly tier: AddonTier;
}

/** Values for chart aws-load-balancer-controller 3.5.0 (keys: AWS_LOAD_BALANCER_CONTROLLER_VALUES_CONTRACT). */
export function awsLoadBalancerControllerValues(input: AwsLoadBalancerControllerValuesInput): object {
  const availability = ADDON_AVAILABILITY[input.tier];
  const selector = { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': AWS_LOAD_BALANCER_CONTROLLER_RELEASE };
  return {
    // Explicit, so the controller never reads them from instance metadata (the hop limit of 1 blocks pods anyway).
    clusterName: input.clusterName,
    region: input.region,
    vpcId: input.vpcId,
    replicaCount: availability.replicas,
    image: { repository: AWS_LOAD_BALANCER_CONTROLLER_IMAGE.repository, tag: AWS_LOAD_BALANCER_CONTROLLER_IMAGE.tag, pullPolicy: 'IfNotPresent' },
    serviceAccount: {
      create: true,
      name: AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      annotations: { 'eks.amazonaws.com/role-arn': input.roleArn },
    },
    rbac: { create: true },
    // The chart's ClusterRole never includes Secrets unless this is on (only needed for Ingress OIDC).
    clusterSecretsPermissions: { allowAllSecrets: false },
    podSecurityContext: { ...RESTRICTED_POD_SECURITY_CONTEXT, fsGroup: 65534 },
    securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
    resources: ADDON_RESOURCES.awsLoadBalancerController,
    topologySpreadConstraints: spreadOverZonesAndNodes(selector),
    // The chart renders a PDB only with more than one replica.
    podDisruptionBudget: availability.podDisruptionBudget ? { maxUnavailable: 1 } : {},
    // Webhook serving certificate from cert-manager (rotated in-cluster; its key is never in a Helm release or state).
    enableCertManager: true,
    // Only TargetGroupBinding: no Service/Gateway controllers, no IngressClass, no Service mutator, no ALB add-ons.
    controllerConfig: { featureGates: { ...AWS_LOAD_BALANCER_CONTROLLER_FEATURE_GATES } },
    createIngressClassResource: false,
    ingressClassParams: { create: false },
    disableIngressClassAnnotation: true,
    disableIngressGroupNameAnnotation: true,
    enableServiceMutatorWebhook: false,
    enableShield: false,
    enableWaf: false,
    enableWafv2: false,
    enableBackendSecurityGroup: false,
    defaultTargetType: 'ip',
    // Readiness gates: pods of namespaces labelled elbv2.k8s.aws/pod-readiness-gate-inject=enabled are Ready only
    // once healthy in their target group (the chart's default namespace selector).
    enablePodReadinessGateInject: true,
    serviceMonitor: { enabled: false },
  };
}

export interface AwsLoadBalancerControllerProps {
  /** The helm provider of the cluster. */
  readonly provider: HelmProvider;
  /** Namespace of the release (created beforehand, Pod Security `restricted`). */
  readonly namespace: string;
  /** EKS cluster name (`--cluster-name`). */
  readonly clusterName: string;
  /** The cluster's VPC (`--aws-vpc-id`). */
  readonly vpcId: string;
  /** The cluster's IAM OIDC provider, for the IRSA role. */
  readonly oidcProvider: IrsaOidcProvider;
  /** IAM role name, e.g. `vaultplat-dev-tooling-aws-load-balancer-controller`. */
  readonly roleName: string;
  /** Target groups TargetGroupBindings may register pods into (the only ones the role may change). At least one. */
  readonly targetGroupArns: readonly string[];
  /** Environment tier: replicas and PDB. */
  readonly tier: AddonTier;
  /** What must exist first: the namespace and the cert-manager release (webhook certificate). @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * AWS Load Balancer Controller (chart aws-load-balancer-controller 3.5.0) reconciling TargetGroupBindings only, with
 * its own IRSA role limited to registering pods in the given target groups ({@link loadBalancerControllerStatements}).
 * It cannot create or change a load balancer, listener, target group or security group.
 */
export class AwsLoadBalancerController extends Construct {
  readonly role: IrsaRole;
  readonly release: PinnedHelmRelease;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    if (props.targetGroupArns.length === 0) {
      throw new Error(`${this.node.path}: targetGroupArns: expected at least one target group for TargetGroupBindings, got none`);
    }
    this.role = new IrsaRole(this, 'role', {
      name: props.roleName,
      oidcProvider: props.oidcProvider,
      namespace: props.namespace,
      serviceAccount: AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      description: `AWS Load Balancer Controller of ${props.clusterName}: TargetGroupBinding target registration only`,
      statements: loadBalancerControllerStatements(props.targetGroupArns),
    });
    this.release = new PinnedHelmRelease(this, 'chart', {
      provider: props.provider,
      chart: 'awsLoadBalancerController',
      name: AWS_LOAD_BALANCER_CONTROLLER_RELEASE,
      namespace: props.namespace,
      values: awsLoadBalancerControllerValues({
        clusterName: props.clusterName,
        region: AwsContext.of(this).region,
        vpcId: props.vpcId,
        roleArn: this.role.arn,
        tier: props.tier,
      }),
      dependsOn: [...(props.dependsOn ?? []), this.role.role],
    });
  }
}
