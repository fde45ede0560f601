import { type ElementView, type PolicyRule, allOf } from '../rule';
import { blocks } from '../terraform-values';

const TERRAFORM_DEFAULT = 'Managed by Terraform';

function missing(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '' || value === TERRAFORM_DEFAULT;
}

function ruleProblems(element: ElementView): (string | false)[] {
  if (element.type.endsWith('_rule')) return [missing(element.config.description) && 'the rule has no description'];
  const problems: (string | false)[] = [
    element.type === 'aws_security_group' && missing(element.config.description) && 'the security group has no description of its own',
  ];
  for (const direction of ['ingress', 'egress'] as const) {
    blocks(element.config[direction]).forEach((rule, i) => problems.push(missing(rule.description) && `${direction}[${i}] has no description`));
  }
  return problems;
}

export const sgDescriptions: PolicyRule = {
  name: 'sg-descriptions',
  description: 'Every security group and every rule in it says what it is for (`description`, not the Terraform default).',
  appliesTo: [
    'aws_security_group',
    'aws_default_security_group',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
    'aws_security_group_rule',
  ],
  evaluate(element) {
    return allOf(ruleProblems(element));
  },
};
