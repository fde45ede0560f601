import { AwsContext } from '../../../constructs/aws-context';
import { AlarmTopic, alarmTopicKeyGrant } from '../../../constructs/observability/alarm-topic';
import { KmsKey } from '../../../constructs/security/kms-key';
import { resourceAt, synthStack, testStack } from '../../helpers';

describe('AlarmTopic', () => {
  it('creates a KMS-encrypted topic that only CloudWatch alarms of this account may publish to', () => {
    const stack = testStack();
    const kmsKey = new KmsKey(stack, 'key', { alias: 'k', description: 'k', serviceGrants: [alarmTopicKeyGrant(AwsContext.of(stack))] });
    new AlarmTopic(stack, 'alarms', { name: 'env-alarms', kmsKey });
    const json = synthStack(stack);
    expect(resourceAt(json, 'aws_sns_topic', 'alarms/topic')).toMatchObject({ name: 'env-alarms', kms_master_key_id: expect.stringContaining('aws_kms_key.key_') });
    const policy = JSON.parse(resourceAt(json, 'aws_sns_topic_policy', 'alarms/policy').policy);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': expect.stringContaining('account_id') }, ArnLike: { 'aws:SourceArn': expect.stringMatching(/:cloudwatch:.*:alarm:\*$/) } },
    });
    expect(policy.Statement[1]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const keyPolicy = JSON.parse(resourceAt(json, 'aws_kms_key', 'key/key').policy);
    expect(keyPolicy.Statement[1]).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
  });
});
