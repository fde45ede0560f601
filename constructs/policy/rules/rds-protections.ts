import { type AcceptedCheck, type PolicyRule, type RdsProtection, allOf, notApplicable } from '../rule';
import { describeValue, isExpression, numberValue } from '../terraform-values';

export const rdsProtections: PolicyRule = {
  name: 'rds-protections',
  description:
    'Outside dev, every RDS instance or cluster has deletion protection, a final snapshot and automated backups of at least the tier minimum; in prod, RDS instances are Multi-AZ. A check the environment relaxes in `database.overrides` (with a written reason) is accepted and reported as suppressed.',
  appliesTo: ['aws_db_instance', 'aws_rds_cluster'],
  evaluate(element, { options }) {
    if (options.tier === 'dev') return notApplicable('dev databases may be deleted freely');
    const c = element.config;
    const backups = numberValue(c.backup_retention_period);
    const checks: [RdsProtection, string | false][] = [
      ['deletionProtection', c.deletion_protection !== true && `deletion_protection is ${describeValue(c.deletion_protection)}`],
      ['finalSnapshot', c.skip_final_snapshot === true && 'skip_final_snapshot is true'],
      [
        'backupRetentionDays',
        !isExpression(c.backup_retention_period) &&
          (backups === undefined || backups < options.minDbBackupRetentionDays) &&
          `backup_retention_period is ${describeValue(c.backup_retention_period)}, expected at least ${options.minDbBackupRetentionDays} days`,
      ],
      ['multiAz', options.tier === 'prod' && element.type === 'aws_db_instance' && c.multi_az !== true && `multi_az is ${describeValue(c.multi_az)} in prod`],
    ];
    const overrides = options.acceptedDbOverrides ?? {};
    const accepted: AcceptedCheck[] = [];
    const failed: string[] = [];
    for (const [setting, detail] of checks) {
      if (detail === false) continue;
      const reason = overrides[setting];
      if (reason === undefined) failed.push(detail);
      else accepted.push({ detail, reason: `${detail}, accepted by database.overrides (${setting}): ${reason}` });
    }
    const result = allOf(failed);
    return accepted.length > 0 ? { ...result, accepted } : result;
  },
};
