import { type PolicyRule, compliant, nonCompliant, notApplicable } from '../rule';
import { isExpression, numberValue } from '../terraform-values';

export const logGroupRetention: PolicyRule = {
  name: 'log-group-retention',
  description: 'Every CloudWatch log group sets `retention_in_days`, at least the minimum of the environment tier (dev 7, staging 90, prod 365 by default).',
  appliesTo: ['aws_cloudwatch_log_group'],
  evaluate(element, { options }) {
    const value = element.config.retention_in_days;
    if (isExpression(value)) return notApplicable('retention is computed at plan time');
    const days = numberValue(value);
    if (days === undefined || days === 0) return nonCompliant('retention_in_days is not set: logs are kept forever at full cost');
    if (days < options.minLogRetentionDays) {
      return nonCompliant(`retention_in_days is ${days}; the ${options.tier} tier keeps logs at least ${options.minLogRetentionDays} days`);
    }
    return compliant();
  },
};
