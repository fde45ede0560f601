import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { Network } from '../constructs/network/network';
import { VpcPeering } from '../constructs/network/vpc-peering';
import { AlarmTopic, alarmTopicKeyGrant } from '../constructs/observability/alarm-topic';
import { KmsKey, cloudWatchLogsGrant } from '../constructs/security/kms-key';
import { type EnvironmentConfig } from '../environments/schema';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import { type SignalCatalog, alarmsOwnedBy, catalogAlarm, natGatewayZones, signalCatalog } from './signal-catalog';

/**
 * `network-<env>`: the tooling VPC (Vault, platform tools) and the application VPC, peered; the environment's
 * observability key and alarm topic, which later stacks reuse.
 */
export class NetworkStack extends PlatformStack {
  readonly observabilityKey: KmsKey;
  readonly alarmTopic: AlarmTopic;
  readonly tooling: Network;
  readonly application: Network;
  readonly peering: VpcPeering;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, 'network', props);
    const env = props.environment;
    const context = AwsContext.of(this);

    this.observabilityKey = new KmsKey(this, 'observability-key', {
      alias: `${this.namePrefix}-observability`,
      description: `${this.namePrefix}: flow logs and alarm notifications`,
      serviceGrants: [cloudWatchLogsGrant(context), alarmTopicKeyGrant(context)],
    });
    this.alarmTopic = new AlarmTopic(this, 'alarm-topic', { name: `${this.namePrefix}-alarms`, kmsKey: this.observabilityKey });

    const catalog = signalCatalog(env);
    this.tooling = new Network(this, 'tooling', networkProps(env, 'tooling', this, catalog));
    this.application = new Network(this, 'application', networkProps(env, 'application', this, catalog));
    this.peering = new VpcPeering(this, 'peering', {
      name: `${this.namePrefix}-application-to-tooling`,
      requester: this.application,
      accepter: this.tooling,
    });

    for (const network of [this.tooling, this.application]) {
      const key = network === this.tooling ? 'tooling' : 'application';
      new TerraformOutput(this, `${key}-vpc-id`, { value: network.vpcId, description: `ID of the ${key} VPC` });
      new TerraformOutput(this, `${key}-private-subnet-ids`, { value: network.subnetIds('private'), description: `Private subnets of the ${key} VPC` });
    }
    new TerraformOutput(this, 'alarm-topic-arn', { value: this.alarmTopic.arn, description: 'SNS topic for alarms of this environment' });
  }
}

function networkProps(env: EnvironmentConfig, role: 'tooling' | 'application', stack: NetworkStack, catalog: SignalCatalog) {
  const network = env.network;
  const natAlarms = (az: string) => alarmsOwnedBy(catalog, 'network').filter((alarm) => alarm.qualifier === `${role}-${az}`);
  return {
    name: `${stack.namePrefix}-${role}`,
    cidrBlock: network.vpcs[role].cidr,
    availabilityZones: network.availabilityZones,
    subnetPrefixLengths: network.subnetPrefixLengths,
    natGateways: network.natGateways,
    flowLogs: { kmsKey: stack.observabilityKey, retentionDays: network.flowLogs.retentionDays },
    alarms: {
      topicArn: stack.alarmTopic.arn,
      rejectedTraffic: catalogAlarm(catalog, 'rejected-traffic', role),
      natGateways: Object.fromEntries(natGatewayZones(env).map((az) => [az, natAlarms(az)])),
    },
    interfaceEndpoints: network.endpoints.interface,
    gatewayEndpoints: network.endpoints.gateway,
  };
}
