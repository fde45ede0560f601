import { type PolicyRule, compliant, nonCompliant, notApplicable } from '../rule';

export const rdsAllowedInstanceClasses: PolicyRule = {
  name: 'rds-allowed-instance-classes',
  description: 'RDS instance classes are in the allowed list of the environment (cost guard).',
  appliesTo: ['aws_db_instance', 'aws_rds_cluster_instance'],
  evaluate(element, { options }) {
    const value = element.config.instance_class;
    if (typeof value !== 'string' || value.includes('${')) return notApplicable('no literal instance class');
    return options.allowedDbInstanceClasses.includes(value)
      ? compliant()
      : nonCompliant(`${value} not allowed in ${options.tier}; allowed: ${options.allowedDbInstanceClasses.join(', ')}`);
  },
};
