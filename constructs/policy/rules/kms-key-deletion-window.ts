import { type PolicyRule, compliant, nonCompliant } from '../rule';
import { numberValue } from '../terraform-values';

export const kmsKeyDeletionWindow: PolicyRule = {
  name: 'kms-key-deletion-window',
  description: 'Every KMS key keeps the full 30-day deletion window, the longest time to cancel an accidental deletion.',
  appliesTo: ['aws_kms_key'],
  evaluate(element) {
    const days = numberValue(element.config.deletion_window_in_days);
    return days === undefined || days >= 30 ? compliant() : nonCompliant(`deletion_window_in_days is ${days}`);
  },
};
