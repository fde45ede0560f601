/**
 * DNS name checks shared by the access constructs and the environment schema. Pure functions, no Terraform tokens.
 * Names are lower-case only: Route 53 stores them case-insensitively, and one spelling keeps plans stable.
 */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Longest DNS name Route 53 accepts, without the trailing dot. */
export const MAX_DNS_NAME_LENGTH = 253;

/** One DNS label: 1-63 lower-case letters, digits or '-', not starting or ending with '-'. */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && LABEL.test(value);
}

/**
 * A DNS name of at least two labels (`dev.vault.internal`), at most 253 characters, without a trailing dot and with
 * a top-level label that is not all digits (so it can never be mistaken for an IP address).
 */
export function isDnsName(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_DNS_NAME_LENGTH) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]);
}

export const DNS_NAME_RULE =
  'expected a lower-case DNS name of at least two labels (e.g. dev.vault.internal): labels of 1-63 letters, digits or "-", no leading or trailing "-", at most 253 characters';

export const DNS_LABEL_RULE = 'expected one lower-case DNS label: 1-63 letters, digits or "-", no leading or trailing "-"';
