import { type PolicyRule, compliant, nonCompliant, notApplicable } from '../rule';
import { isExpression, stringList } from '../terraform-values';

export const ec2AllowedInstanceTypes: PolicyRule = {
  name: 'ec2-allowed-instance-types',
  description: 'Instance types of launch templates, instances and EKS node groups are in the allowed list of the environment (cost guard).',
  appliesTo: ['aws_launch_template', 'aws_instance', 'aws_eks_node_group'],
  evaluate(element, { options }) {
    const types = [...stringList(element.config.instance_type), ...stringList(element.config.instance_types)].filter((t) => !isExpression(t));
    if (types.length === 0) return notApplicable('no literal instance type');
    const denied = types.filter((t) => !options.allowedInstanceTypes.includes(t));
    return denied.length > 0
      ? nonCompliant(`${denied.join(', ')} not allowed in ${options.tier}; allowed: ${options.allowedInstanceTypes.join(', ')}`)
      : compliant();
  },
};
