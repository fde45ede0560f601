import { type PolicyRule, allOf, notApplicable } from '../rule';
import { blocks, describeValue } from '../terraform-values';

export const eksPrivateEndpoint: PolicyRule = {
  name: 'eks-private-endpoint',
  description:
    'Outside dev, every EKS cluster API endpoint is private only (`endpoint_private_access = true`, `endpoint_public_access = false`; the AWS default is public).',
  appliesTo: ['aws_eks_cluster'],
  evaluate(element, { options }) {
    if (options.tier === 'dev') return notApplicable('dev may expose the API endpoint');
    const vpc = blocks(element.config.vpc_config)[0] ?? {};
    return allOf([
      vpc.endpoint_public_access !== false && `endpoint_public_access is ${describeValue(vpc.endpoint_public_access)} (the AWS default is true)`,
      vpc.endpoint_private_access !== true && `endpoint_private_access is ${describeValue(vpc.endpoint_private_access)}`,
    ]);
  },
};
