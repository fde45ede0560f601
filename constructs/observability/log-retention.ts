/** Retention values CloudWatch Logs accepts, in days (`retention_in_days`). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function isLogRetentionDays(days: unknown): boolean {
  return typeof days === 'number' && (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

/** The problem sentence for a value that is not a retention CloudWatch Logs accepts. */
export const LOG_RETENTION_EXPECTATION = `expected one of the CloudWatch Logs retention values ${LOG_RETENTION_DAYS.join(', ')}`;
