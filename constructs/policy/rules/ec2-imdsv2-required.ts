import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { blocks, describeValue } from '../terraform-values';

export const ec2Imdsv2Required: PolicyRule = {
  name: 'ec2-imdsv2-required',
  description:
    'Every launch template and instance requires IMDSv2 (`metadata_options.http_tokens = "required"`); every EKS node group uses such a launch template.',
  appliesTo: ['aws_launch_template', 'aws_instance', 'aws_eks_node_group'],
  evaluate(element) {
    if (element.type === 'aws_eks_node_group') {
      return blocks(element.config.launch_template).length > 0
        ? compliant()
        : nonCompliant('the node group has no launch_template, so IMDSv2 is not enforced (the launch template is checked on its own)');
    }
    const tokens = blocks(element.config.metadata_options)[0]?.http_tokens;
    return tokens === 'required' ? compliant() : nonCompliant(`metadata_options.http_tokens is ${describeValue(tokens)}`);
  },
};
