import { type PolicyRule, compliant, nonCompliant } from '../rule';

const TREATMENTS = ['breaching', 'notBreaching', 'ignore', 'missing'];

export const alarmMissingDataExplicit: PolicyRule = {
  name: 'alarm-missing-data-explicit',
  description: 'Every `aws_cloudwatch_metric_alarm` sets `treat_missing_data` explicitly (breaching, notBreaching, ignore or missing): what no data means is decided per alarm, never left to the default.',
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  evaluate(element) {
    const value = element.config.treat_missing_data;
    if (value === undefined) return nonCompliant('treat_missing_data is not set (CloudWatch would default to missing without anyone deciding)');
    if (typeof value !== 'string' || !TREATMENTS.includes(value)) return nonCompliant(`treat_missing_data is ${JSON.stringify(value)}, expected one of ${TREATMENTS.join(', ')}`);
    return compliant();
  },
};
