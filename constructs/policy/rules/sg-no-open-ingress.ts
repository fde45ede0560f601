import { type PolicyRule, allOf } from '../rule';
import { blocks, stringList } from '../terraform-values';

/** A range that covers every address: `0.0.0.0/0`, `::/0` and any other `/0` spelling (`0:0:0:0:0:0:0:0/0`, `10.0.0.0/0`). */
function isOpen(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

function openCidrs(rule: Record<string, unknown>): string[] {
  return [...stringList(rule.cidr_blocks), ...stringList(rule.ipv6_cidr_blocks), ...stringList(rule.cidr_ipv4), ...stringList(rule.cidr_ipv6)].filter(isOpen);
}

function ports(rule: Record<string, unknown>): string {
  return rule.from_port === undefined && rule.to_port === undefined ? 'on all ports' : `on ports ${String(rule.from_port)}-${String(rule.to_port)}`;
}

export const sgNoOpenIngress: PolicyRule = {
  name: 'sg-no-open-ingress',
  description: 'No security group or security group rule admits ingress from `0.0.0.0/0`, `::/0` or any other `/0` range.',
  appliesTo: ['aws_security_group', 'aws_default_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_security_group_rule'],
  evaluate(element) {
    if (element.type === 'aws_security_group_rule' && element.config.type !== 'ingress') return allOf([]);
    const rules = element.type.endsWith('_rule') ? [element.config] : blocks(element.config.ingress);
    return allOf(
      rules.map((rule, i) => {
        const open = openCidrs(rule);
        const where = element.type.endsWith('_rule') ? 'rule' : `ingress[${i}]`;
        return open.length > 0 && `${where} admits ${open.join(', ')} ${ports(rule)}`;
      }),
    );
  },
};
