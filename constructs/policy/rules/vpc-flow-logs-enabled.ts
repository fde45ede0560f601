import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { companions } from '../terraform-values';

export const vpcFlowLogsEnabled: PolicyRule = {
  name: 'vpc-flow-logs-enabled',
  description: 'Every VPC has an `aws_flow_log` of ALL traffic in the same stack.',
  appliesTo: ['aws_vpc'],
  evaluate(element, { stack }) {
    const flowLogs = companions(stack, 'aws_flow_log', 'vpc_id', element);
    if (flowLogs.length === 0) return nonCompliant('no aws_flow_log references this VPC');
    if (!flowLogs.some((log) => log.config.traffic_type === 'ALL')) {
      return nonCompliant(`flow logs record only ${flowLogs.map((l) => String(l.config.traffic_type)).join(', ')} traffic, not ALL`);
    }
    return compliant();
  },
};
