import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { type AlarmSpec } from '../observability/alarm-spec';
import { SignalAlarms } from '../observability/signal-alarms';
import { explainInvalidCidr, parseCidr } from '../network/cidr';
import { type Network } from '../network/network';

export interface VaultLoadBalancerProps {
  /**
   * Name of the load balancer and of its target group (each at most 32 characters: letters, digits and '-'), also
   * the prefix of its security group name, e.g. `vaultplat-dev-vault`.
   */
  readonly name: string;
  /** The VPC Vault runs in: the load balancer gets an address in each of its private subnets (every AZ). */
  readonly network: Network;
  /**
   * Literal CIDRs allowed to reach Vault through the load balancer (application VPC, tooling VPC, VPN client range).
   * At least one; `0.0.0.0/0` and other ranges larger than /8 are refused.
   */
  readonly allowedCidrs: readonly string[];
  /** Port of the listener and of the targets (Vault's API port). @default 8200 */
  readonly port?: number;
  /** Refuse deletion through the API; turn off only for disposable environments. @default true */
  readonly deletionProtection?: boolean;
  /** Path of the HTTPS health check. @default '/v1/sys/health' */
  readonly healthCheckPath?: string;
  /**
   * HTTP status codes of the health check counted as healthy, 200-599. Vault answers 200 when active, 429 when
   * standby and 473 when performance standby, so all HA nodes stay in rotation (standbys forward to the active).
   * Sealed (503), uninitialized (501), DR-secondary (472: serves no clients) and cut-off standby nodes (474: cannot
   * reach the active node, so cannot forward) are taken out.
   * @default [200, 429, 473]
   */
  readonly healthyHttpCodes?: readonly number[];
  /** Seconds between health checks, 5-300. @default 10 */
  readonly healthCheckIntervalSeconds?: number;
  /** Seconds before a health check counts as failed, 2-120 and less than the interval. @default 5 */
  readonly healthCheckTimeoutSeconds?: number;
  /** Consecutive successes before a target counts as healthy, 2-10. @default 3 */
  readonly healthyThreshold?: number;
  /** Consecutive failures before a target counts as unhealthy, 2-10. @default 3 */
  readonly unhealthyThreshold?: number;
  /** Seconds a deregistered target keeps serving existing connections, 0-3600. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Alarms of the signal catalog on the target group's health (`AWS/NetworkELB` `HealthyHostCount`), which get this
   * load balancer's and target group's ARN suffixes as dimensions, and the topic they notify. @default - no alarms
   */
  readonly alarms?: { readonly topicArn: string; readonly specs: readonly AlarmSpec[] };
}

const ELB_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

/**
 * The private entry point of Vault: an internal network load balancer in every private subnet of the VPC, cross-zone
 * on, with a TCP listener that passes TLS through to Vault (Vault terminates TLS end to end, so the load balancer
 * never holds a certificate or sees plaintext).
 *
 * Targets are registered by IP (`ip` target group) from Kubernetes, through a TargetGroupBinding of the AWS Load
 * Balancer Controller using {@link targetGroupArn}; the pods' security group must admit {@link securityGroupId} on the
 * port. Client IPs are preserved, so Vault sees each caller's own address: Vault's CIDR bindings (AppRole
 * `secret_id_bound_cidrs` / `token_bound_cidrs`) and its audit log depend on it. Targets still only need to admit the
 * load balancer's security group (AWS honours that reference with client IP preservation on); the one limit is NAT
 * loopback: a registered Vault pod cannot reach itself through the load balancer, which Vault never needs (its
 * cluster traffic on 8201 goes pod to pod).
 *
 * The security group admits the port from `allowedCidrs` only and lets the load balancer reach targets (traffic and
 * health checks) on the port inside the VPC only.
 */
export class VaultLoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly arn: string;
  /** Regional DNS name of the load balancer (what the private alias record points at). */
  readonly dnsName: string;
  /** Route 53 zone ID of the load balancer, for alias records. */
  readonly zoneId: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly targetGroup: LbTargetGroup;
  /** Register Vault pods here (TargetGroupBinding `targetGroupARN`). */
  readonly targetGroupArn: string;
  readonly listener: LbListener;
  /** The catalog's alarms on the target group, when given. */
  readonly alarms?: SignalAlarms;
  readonly port: number;
  /** Literal CIDRs of the subnets the load balancer has addresses in (one private subnet per AZ). */
  readonly subnetCidrs: readonly string[];

  constructor(scope: Construct, id: string, props: VaultLoadBalancerProps) {
    super(scope, id);
    const port = props.port ?? 8200;
    const healthCheckPath = props.healthCheckPath ?? '/v1/sys/health';
    const healthyHttpCodes = props.healthyHttpCodes ?? [200, 429, 473];
    const intervalSeconds = props.healthCheckIntervalSeconds ?? 10;
    const timeoutSeconds = props.healthCheckTimeoutSeconds ?? 5;
    const healthyThreshold = props.healthyThreshold ?? 3;
    const unhealthyThreshold = props.unhealthyThreshold ?? 3;
    const deregistrationDelaySeconds = props.deregistrationDelaySeconds ?? 30;
    this.validate(props, { port, healthCheckPath, healthyHttpCodes, intervalSeconds, timeoutSeconds, healthyThreshold, unhealthyThreshold, deregistrationDelaySeconds });

    const network = props.network;
    this.port = port;
    this.subnetCidrs = network.availabilityZones.map((az) => network.subnetCidrs[az].private);

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.name}-nlb`,
      description: `Vault load balancer ${props.name}: TCP ${port} from the allowed ranges, to targets in the VPC only`,
      vpcId: network.vpcId,
      tags: { Name: `${props.name}-nlb` },
    });
    this.securityGroupId = this.securityGroup.id;
    for (const cidr of props.allowedCidrs) {
      new VpcSecurityGroupIngressRule(this, `ingress-${ruleKey(cidr)}`, {
        securityGroupId: this.securityGroup.id,
        description: `Vault API (TLS passthrough) from ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    }
    new VpcSecurityGroupEgressRule(this, 'egress-targets', {
      securityGroupId: this.securityGroup.id,
      description: `Traffic and health checks to Vault targets in ${network.name} on ${port}`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrIpv4: network.cidrBlock,
    });

    this.loadBalancer = new Lb(this, 'load-balancer', {
      name: props.name,
      loadBalancerType: 'network',
      internal: true,
      ipAddressType: 'ipv4',
      subnets: network.subnetIds('private'),
      securityGroups: [this.securityGroup.id],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: props.deletionProtection ?? true,
      tags: { Name: props.name },
    });
    this.arn = this.loadBalancer.arn;
    this.dnsName = this.loadBalancer.dnsName;
    this.zoneId = this.loadBalancer.zoneId;

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      name: props.name,
      targetType: 'ip',
      protocol: 'TCP',
      port,
      vpcId: network.vpcId,
      ipAddressType: 'ipv4',
      preserveClientIp: 'true',
      deregistrationDelay: String(deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: 'HTTPS',
        port: 'traffic-port',
        path: healthCheckPath,
        matcher: healthyHttpCodes.join(','),
        interval: intervalSeconds,
        timeout: timeoutSeconds,
        healthyThreshold,
        unhealthyThreshold,
      },
      tags: { Name: props.name },
    });
    this.targetGroupArn = this.targetGroup.arn;

    this.listener = new LbListener(this, 'listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port,
      protocol: 'TCP',
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      tags: { Name: `${props.name}-${port}` },
    });

    if (props.alarms) {
      this.alarms = new SignalAlarms(this, 'alarms', {
        topicArn: props.alarms.topicArn,
        specs: props.alarms.specs,
        dimensions: { TargetGroup: this.targetGroup.arnSuffix, LoadBalancer: this.loadBalancer.arnSuffix },
      });
    }
  }

  private validate(
    props: VaultLoadBalancerProps,
    v: {
      port: number;
      healthCheckPath: string;
      healthyHttpCodes: readonly number[];
      intervalSeconds: number;
      timeoutSeconds: number;
      healthyThreshold: number;
      unhealthyThreshold: number;
      deregistrationDelaySeconds: number;
    },
  ): void {
    const problems: string[] = [];
    const wholeIn = (field: string, value: number, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max) problems.push(`${field}: expected a whole number from ${min} to ${max}, got ${value}`);
    };
    if (!ELB_NAME.test(props.name) || props.name.startsWith('internal-')) {
      problems.push(`name: expected 1-32 letters, digits or '-', not starting or ending with '-' nor starting with "internal-", got "${props.name}"`);
    }
    if (props.allowedCidrs.length === 0) problems.push('allowedCidrs: expected at least one CIDR, got none');
    for (const cidr of props.allowedCidrs) {
      const parsed = parseCidr(cidr);
      if (!parsed) problems.push(`allowedCidrs: ${explainInvalidCidr(cidr)}, got "${cidr}"`);
      else if (parsed.prefixLength < 8) problems.push(`allowedCidrs: expected ranges of /8 or smaller (never the internet), got "${cidr}"`);
    }
    if (new Set(props.allowedCidrs).size !== props.allowedCidrs.length) problems.push(`allowedCidrs: CIDRs must not repeat, got ${JSON.stringify(props.allowedCidrs)}`);
    wholeIn('port', v.port, 1, 65535);
    if (!/^\/[\x21-\x7e]{0,1023}$/.test(v.healthCheckPath)) problems.push(`healthCheckPath: expected a path starting with "/" (at most 1024 characters), got "${v.healthCheckPath}"`);
    if (v.healthyHttpCodes.length === 0) problems.push('healthyHttpCodes: expected at least one HTTP status code, got none');
    for (const code of v.healthyHttpCodes) {
      if (!Number.isInteger(code) || code < 200 || code > 599) problems.push(`healthyHttpCodes: expected HTTP status codes from 200 to 599, got ${code}`);
    }
    wholeIn('healthCheckIntervalSeconds', v.intervalSeconds, 5, 300);
    wholeIn('healthCheckTimeoutSeconds', v.timeoutSeconds, 2, 120);
    if (v.timeoutSeconds >= v.intervalSeconds) {
      problems.push(`healthCheckTimeoutSeconds: expected less than healthCheckIntervalSeconds (${v.intervalSeconds}), got ${v.timeoutSeconds}`);
    }
    wholeIn('healthyThreshold', v.healthyThreshold, 2, 10);
    wholeIn('unhealthyThreshold', v.unhealthyThreshold, 2, 10);
    wholeIn('deregistrationDelaySeconds', v.deregistrationDelaySeconds, 0, 3600);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);
  }
}

/** Construct ID fragment of a CIDR (`10.11.0.0/16` -> `10-11-0-0-16`): stable whatever the order of the list. */
function ruleKey(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}
