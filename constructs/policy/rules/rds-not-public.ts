import { type PolicyRule, compliant, nonCompliant } from '../rule';

export const rdsNotPublic: PolicyRule = {
  name: 'rds-not-public',
  description: 'No RDS instance is `publicly_accessible`.',
  appliesTo: ['aws_db_instance', 'aws_rds_cluster_instance'],
  evaluate(element) {
    return element.config.publicly_accessible === true ? nonCompliant('publicly_accessible is true') : compliant();
  },
};
