import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type KmsKey } from '../security/kms-key';
import { policyDocument } from '../security/policy-document';

export interface AlarmTopicProps {
  /** Topic name, e.g. `vaultplat-dev-alarms`. */
  readonly name: string;
  /** Customer-managed key encrypting messages at rest; it must grant CloudWatch use (see {@link alarmTopicKeyGrant}). */
  readonly kmsKey: KmsKey;
}

/**
 * The environment's SNS topic for CloudWatch alarms: KMS-encrypted with a customer-managed key, publishable only by
 * CloudWatch alarms of this account and by the account itself.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    this.topic = new SnsTopic(this, 'topic', {
      name: props.name,
      kmsMasterKeyId: props.kmsKey.arn,
      tags: { Name: props.name },
    });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: 'CloudWatchAlarmsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: {
            StringEquals: { 'aws:SourceAccount': context.accountId },
            ArnLike: { 'aws:SourceArn': context.arn('cloudwatch', 'alarm:*') },
          },
        },
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sns:Publish',
          Resource: this.topic.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });
  }
}

/** Key grant CloudWatch needs to publish alarm notifications to a KMS-encrypted topic. */
export function alarmTopicKeyGrant(context: AwsContext) {
  return {
    sid: 'CloudWatchAlarmsPublishEncrypted',
    service: 'cloudwatch.amazonaws.com',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    conditions: { StringEquals: { 'aws:SourceAccount': context.accountId } },
  } as const;
}
