import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { type FieldSchema } from '../kubernetes/value-contract';
import { VAULT_API_PORT, VAULT_NAMESPACE, VAULT_SERVICE } from './vault-server-names';

export const TARGET_GROUP_BINDING_API_VERSION = 'elbv2.k8s.aws/v1beta1';

const stringField: FieldSchema = { type: 'string' };
/**
 * The `TargetGroupBinding` fields this project sets, transcribed from the CRD of kubernetes-sigs/aws-load-balancer-controller
 * at v3.5.0 (the app version of chart aws-load-balancer-controller 3.5.0, `CHARTS.awsLoadBalancerController`):
 * `config/crd/bases/elbv2.k8s.aws_targetgroupbindings.yaml`, version `v1beta1` (the storage version), and
 * `apis/elbv2/v1beta1/targetgroupbinding_types.go`. `spec.serviceRef` is the only required spec field; `networking`,
 * `nodeSelector`, `vpcID`, `iamRoleArnToAssume`... exist but are deliberately not set here.
 */
export const TARGET_GROUP_BINDING_SCHEMA: FieldSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: [TARGET_GROUP_BINDING_API_VERSION] },
    kind: { type: 'string', enum: ['TargetGroupBinding'] },
    metadata: { type: 'object', required: ['name', 'namespace'], properties: { name: stringField, namespace: stringField } },
    spec: {
      type: 'object',
      required: ['serviceRef'],
      properties: {
        targetGroupARN: stringField,
        targetGroupName: stringField,
        targetType: { type: 'string', enum: ['instance', 'ip'] },
        ipAddressType: { type: 'string', enum: ['ipv4', 'ipv6'] },
        targetGroupProtocol: { type: 'string', enum: ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'] },
        multiClusterTargetGroup: { type: 'boolean' },
        vpcID: stringField,
        serviceRef: { type: 'object', required: ['name', 'port'], properties: { name: stringField, port: { type: 'string', intOrString: true } } },
      },
    },
  },
};

export interface VaultTargetGroupBindingProps {
  /** ARN of the NLB's `ip` target group (the vault-access stack's `vault-target-group-arn` output). */
  readonly targetGroupArn: string;
  /** Objects that must exist first (the namespace). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Registers the Vault pods as `ip` targets of the Terraform-owned NLB target group (AWS Load Balancer Controller).
 *
 * It binds the `vault` service (every **ready** server pod), not `vault-active`: the target group's HTTPS health check
 * on `/v1/sys/health` counts 200 (active), 429 (standby) and 473 (performance standby) as healthy
 * (constructs/access/vault-load-balancer.ts), and standbys forward requests to the active node over 8201. A leader
 * change therefore needs no target registration (binding `vault-active` would deregister and register a target
 * on every failover and leave the NLB without a healthy target for at least the health check's threshold),
 * while sealed (503) or uninitialised (501) pods are neither ready nor healthy.
 *
 * No `networking` rules: the controller never edits security groups; the tooling node security group already admits
 * the NLB's security group on 8200 (cluster-tooling stack), and pods use the node security group.
 * Pod readiness gates are injected because the namespace carries `elbv2.k8s.aws/pod-readiness-gate-inject: enabled`
 * and this binding exists before the Vault pods are created.
 */
export class VaultTargetGroupBinding extends Construct {
  readonly manifestObject: Record<string, unknown>;
  readonly binding: Manifest;

  constructor(scope: Construct, id: string, props: VaultTargetGroupBindingProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.targetGroupArn) && !/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[\w-]+\/[0-9a-f]+$/.test(props.targetGroupArn)) {
      throw new Error(`${this.node.path}: targetGroupArn: expected an ELBv2 target group ARN, got "${props.targetGroupArn}"`);
    }
    this.manifestObject = {
      apiVersion: TARGET_GROUP_BINDING_API_VERSION,
      kind: 'TargetGroupBinding',
      metadata: { name: VAULT_SERVICE, namespace: VAULT_NAMESPACE },
      spec: {
        targetGroupARN: props.targetGroupArn,
        targetType: 'ip',
        ipAddressType: 'ipv4',
        serviceRef: { name: VAULT_SERVICE, port: VAULT_API_PORT },
      },
    };
    this.binding = new Manifest(this, 'binding', { manifest: this.manifestObject, dependsOn: props.dependsOn });
  }
}
