import { type PolicyRule, compliant, nonCompliant } from '../rule';

/** A runbook section: `docs/runbooks/<file>.md#<anchor>`, optionally behind a URL prefix. */
export const RUNBOOK_LINK = /docs\/runbooks\/[a-z0-9-]+\.md#[a-z0-9-]+/;

export const alarmRunbookLinked: PolicyRule = {
  name: 'alarm-runbook-linked',
  description: 'Every `aws_cloudwatch_metric_alarm` has an `alarm_description` that says what it means and links the runbook section to follow (`docs/runbooks/<file>.md#<section>`).',
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  evaluate(element) {
    const description = element.config.alarm_description;
    if (typeof description !== 'string' || description.trim() === '') return nonCompliant('alarm_description is not set');
    if (!RUNBOOK_LINK.test(description)) return nonCompliant('alarm_description links no runbook section (docs/runbooks/<file>.md#<section>)');
    return compliant();
  },
};
