import { type PolicyRule, allOf } from '../rule';
import { stringList } from '../terraform-values';

/** A reference to an SNS topic's ARN: in this stack, or a cdktf cross-stack output of one (`cross-stack-output-aws_sns_topic...arn`). */
const TOPIC_REFERENCE = /^\$\{(aws_sns_topic\.([A-Za-z0-9_-]+)\.arn|data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-aws_sns_topic[A-Za-z0-9_-]*arn)\}$/;

export const alarmNotifiesTopic: PolicyRule = {
  name: 'alarm-notifies-topic',
  description:
    'Every `aws_cloudwatch_metric_alarm` notifies the environment\'s alarm topic on ALARM and on OK: `alarm_actions` and `ok_actions` each hold exactly one action, a reference to an `aws_sns_topic` ARN (the topic of this stack named as `alarmTopicName`, or the network stack\'s through remote state), and actions are not disabled.',
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  evaluate(element, { stack, options }) {
    const check = (field: 'alarm_actions' | 'ok_actions') => {
      const actions = stringList(element.config[field]);
      if (actions.length !== 1) return `${field} has ${actions.length} actions, expected the alarm topic only`;
      const match = TOPIC_REFERENCE.exec(actions[0]);
      if (!match) return `${field} is ${JSON.stringify(actions[0])}, not a reference to the alarm topic`;
      const local = match[2];
      if (local !== undefined && options.alarmTopicName !== undefined) {
        const topic = stack.ofType('aws_sns_topic').find((candidate) => candidate.name === local);
        if (topic?.config.name !== options.alarmTopicName) return `${field} notifies topic ${String(topic?.config.name ?? local)}, not ${options.alarmTopicName}`;
      }
      return undefined;
    };
    return allOf([check('alarm_actions'), check('ok_actions'), element.config.actions_enabled === false && 'actions_enabled is false']);
  },
};
