import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsContext } from '../../../constructs/aws-context';
import { KmsKey, cloudWatchLogsGrant } from '../../../constructs/security/kms-key';
import { type TerraformJson, resourceAt, synthStack, testStack } from '../../helpers';

describe('KmsKey', () => {
  it('creates a rotating symmetric key, an alias and an explicit policy with minimal props', () => {
    const stack = testStack();
    new KmsKey(stack, 'key', { alias: 'team-data', description: 'data at rest' });
    const json = synthStack(stack);
    const key = resourceAt(json, 'aws_kms_key', 'key/key');
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30, key_usage: 'ENCRYPT_DECRYPT', customer_master_key_spec: 'SYMMETRIC_DEFAULT' });
    const policy = JSON.parse(key.policy);
    expect(policy.Statement).toEqual([
      { Sid: 'AccountAdministration', Effect: 'Allow', Principal: { AWS: expect.stringMatching(/^arn:\$\{.+\}:iam::\$\{.+\}:root$/) }, Action: 'kms:*', Resource: '*' },
    ]);
    expect(resourceAt(json, 'aws_kms_alias', 'key/alias').name).toBe('alias/team-data');
  });

  it('adds one statement per service grant, from all props', () => {
    const stack = testStack();
    new KmsKey(stack, 'key', {
      alias: 'logs',
      description: 'logs',
      deletionWindowDays: 7,
      rotationPeriodDays: 90,
      serviceGrants: [cloudWatchLogsGrant(AwsContext.of(stack))],
    });
    const key = resourceAt(synthStack(stack), 'aws_kms_key', 'key/key');
    expect(key).toMatchObject({ deletion_window_in_days: 7, rotation_period_in_days: 90 });
    const grant = JSON.parse(key.policy).Statement[1] as TerraformJson;
    expect(grant.Sid).toBe('CloudWatchLogsOfThisAccount');
    expect(grant.Principal.Service).toMatch(/^logs\.\$\{data\.aws_region\..+\}\.\$\{data\.aws_partition\..+\.dns_suffix\}$/);
    expect(grant.Action).not.toContain('kms:*');
    expect(grant.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/:log-group:\*$/);
  });

  it('adds one statement per principal grant, with its conditions', () => {
    const stack = testStack();
    new KmsKey(stack, 'key', {
      alias: 'ebs',
      description: 'ebs',
      principalGrants: [
        { sid: 'Driver', principalArn: 'arn:aws:iam::111111111111:role/ebs-csi', actions: ['kms:Decrypt'], conditions: { StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } } },
      ],
    });
    const statements = JSON.parse(resourceAt(synthStack(stack), 'aws_kms_key', 'key/key').policy).Statement as TerraformJson[];
    expect(statements[1]).toEqual({
      Sid: 'Driver',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/ebs-csi' },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } },
    });
  });

  it('fails on a wildcard principal grant', () => {
    expect(() => new KmsKey(testStack(), 'key', { alias: 'a', description: 'x', principalGrants: [{ sid: 'Any', principalArn: 'arn:aws:iam::1:role/r', actions: ['kms:*'] }] })).toThrow(
      'test/key: principalGrants[Any].actions: a principal grant must list actions, got "kms:*"',
    );
  });

  it('lets named IAM principals use the key from the key policy, on an aliased provider', () => {
    const stack = testStack();
    const replica = new AwsProvider(stack, 'replica', { alias: 'replica', region: 'eu-central-1' });
    new KmsKey(stack, 'key', {
      alias: 'seal',
      description: 'seal',
      provider: replica,
      principalGrants: [{ sid: 'VaultSeal', principalArn: 'arn:aws:iam::111111111111:role/vault', actions: ['kms:Encrypt', 'kms:Decrypt'], conditions: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } } }],
    });
    const json = synthStack(stack);
    const key = resourceAt(json, 'aws_kms_key', 'key/key');
    expect(JSON.parse(key.policy).Statement[1]).toEqual({
      Sid: 'VaultSeal',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/vault' },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } },
    });
    expect(key.provider).toBe('aws.replica');
    expect(resourceAt(json, 'aws_kms_alias', 'key/alias').provider).toBe('aws.replica');
    expect(() => new KmsKey(stack, 'bad', { alias: 'x', description: 'x', principalGrants: [{ sid: 'All', principalArn: 'arn:aws:iam::1:role/x', actions: ['kms:*'] }] })).toThrow(
      'test/bad: principalGrants[All].actions: a principal grant must list actions, got "kms:*"',
    );
  });

  it('fails on out-of-range windows, a bad alias and a wildcard grant, reporting all of them', () => {
    const stack = testStack();
    expect(
      () =>
        new KmsKey(stack, 'key', {
          alias: 'bad alias',
          description: 'x',
          deletionWindowDays: 3,
          rotationPeriodDays: 3000,
          serviceGrants: [{ sid: 'All', service: 'sns.amazonaws.com', actions: ['kms:*'] }],
        }),
    ).toThrow(
      'test/key: deletionWindowDays: expected 7-30, got 3; rotationPeriodDays: expected 90-2560, got 3000; alias: expected letters, digits, /, _ or -, got "bad alias"; serviceGrants[All].actions: a service grant must list actions, got "kms:*"',
    );
  });
});
