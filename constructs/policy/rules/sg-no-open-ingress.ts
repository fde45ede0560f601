import { type PolicyRule, allOf } from '../rule';
import { blocks, stringList } from '../terraform-values';

const OPEN = ['0.0.0.0/0', '::/0'];

function openCidrs(rule: Record<string, unknown>): string[] {
  return [...stringList(rule.cidr_blocks), ...stringList(rule.ipv6_cidr_blocks), ...stringList(rule.cidr_ipv4), ...stringList(rule.cidr_ipv6)].filter(
    (cidr) => OPEN.includes(cidr),
  );
}

export const sgNoOpenIngress: PolicyRule = {
  name: 'sg-no-open-ingress',
  description: 'No security group or security group rule admits ingress from `0.0.0.0/0` or `::/0`.',
  appliesTo: ['aws_security_group', 'aws_default_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_security_group_rule'],
  evaluate(element) {
    if (element.type === 'aws_security_group_rule' && element.config.type !== 'ingress') return allOf([]);
    const rules = element.type.endsWith('_rule') ? [element.config] : blocks(element.config.ingress);
    return allOf(
      rules.map((rule, i) => {
        const open = openCidrs(rule);
        const where = element.type.endsWith('_rule') ? 'rule' : `ingress[${i}]`;
        return open.length > 0 && `${where} admits ${open.join(', ')} on ports ${String(rule.from_port)}-${String(rule.to_port)}`;
      }),
    );
  },
};
