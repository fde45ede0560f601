import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TAGS, checkRule, details, testOptions } from '../kit';

describe('VP-TAG-1 provider-default-tags', () => {
  it('passes a provider with every mandatory tag', () => {
    expect(checkRule('VP-TAG-1', () => undefined).results).toEqual({ aws: { status: 'compliant' } });
  });

  it('fails a provider without default tags and one with a blank tag', () => {
    const check = checkRule('VP-TAG-1', (s) => {
      new AwsProvider(s, 'untagged', { region: 'eu-west-1', alias: 'untagged' });
      new AwsProvider(s, 'blank', { region: 'eu-west-1', alias: 'blank', defaultTags: [{ tags: { ...TAGS, Owner: ' ' } }] });
    });
    expect(details(check)).toEqual({
      untagged: 'default_tags lacks Environment, Tier, Project, Owner, CostCenter, DataClassification, ManagedBy, Stack',
      blank: 'default_tags lacks Owner',
    });
    expect(check.findings.map((f) => f.address)).toEqual(['provider.aws.untagged', 'provider.aws.blank']);
  });
});

describe('VP-VPC-1 vpc-flow-logs-enabled', () => {
  it('passes a VPC with a flow log of ALL traffic', () => {
    const check = checkRule('VP-VPC-1', (s) => {
      const vpc = new Vpc(s, 'vpc', { cidrBlock: '10.0.0.0/16' });
      new FlowLog(s, 'flow-log', { vpcId: vpc.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:eu-west-1:111111111111:log-group:x' });
    });
    expect(check.results).toEqual({ vpc: { status: 'compliant' } });
  });

  it('fails a VPC without a flow log and one logging REJECT only', () => {
    const check = checkRule('VP-VPC-1', (s) => {
      new Vpc(s, 'bare', { cidrBlock: '10.0.0.0/16' });
      const partial = new Vpc(s, 'partial', { cidrBlock: '10.1.0.0/16' });
      new FlowLog(s, 'flow-log', { vpcId: partial.id, trafficType: 'REJECT', logDestination: 'arn:aws:logs:eu-west-1:111111111111:log-group:x' });
    });
    expect(details(check)).toEqual({ bare: 'no aws_flow_log references this VPC', partial: 'flow logs record only REJECT traffic, not ALL' });
  });
});

describe('VP-SG-1 sg-no-open-ingress', () => {
  it('passes ingress from private ranges in every rule form', () => {
    const check = checkRule('VP-SG-1', (s) => {
      const sg = new SecurityGroup(s, 'sg', {
        description: 'test',
        ingress: [{ description: 'https from vpc', fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['10.0.0.0/16'] }],
        egress: [{ description: 'anywhere', fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }],
      });
      new VpcSecurityGroupIngressRule(s, 'ingress', { securityGroupId: sg.id, cidrIpv4: '10.0.0.0/8', ipProtocol: 'tcp', fromPort: 8200, toPort: 8200, description: 'vault' });
      new SecurityGroupRule(s, 'egress-rule', { type: 'egress', securityGroupId: sg.id, cidrBlocks: ['0.0.0.0/0'], protocol: '-1', fromPort: 0, toPort: 0 });
    });
    expect(check.results).toEqual({ sg: { status: 'compliant' }, ingress: { status: 'compliant' }, 'egress-rule': { status: 'compliant' } });
  });

  it('fails open ingress in an inline rule, a standalone rule, IPv6 rules and any other /0 range', () => {
    const check = checkRule('VP-SG-1', (s) => {
      const sg = new SecurityGroup(s, 'sg', {
        description: 'test',
        ingress: [{ description: 'ssh', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }],
      });
      new VpcSecurityGroupIngressRule(s, 'v6', { securityGroupId: sg.id, cidrIpv6: '::/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443, description: 'web' });
      new SecurityGroupRule(s, 'legacy', { type: 'ingress', securityGroupId: sg.id, cidrBlocks: ['0.0.0.0/0'], protocol: 'tcp', fromPort: 80, toPort: 80 });
      new VpcSecurityGroupIngressRule(s, 'v6-long', { securityGroupId: sg.id, cidrIpv6: '0:0:0:0:0:0:0:0/0', ipProtocol: '-1', description: 'all' });
      new SecurityGroupRule(s, 'slash-zero', { type: 'ingress', securityGroupId: sg.id, cidrBlocks: ['10.0.0.0/0'], protocol: 'tcp', fromPort: 5432, toPort: 5432 });
    });
    expect(details(check)).toEqual({
      sg: 'ingress[0] admits 0.0.0.0/0 on ports 22-22',
      v6: 'rule admits ::/0 on ports 443-443',
      legacy: 'rule admits 0.0.0.0/0 on ports 80-80',
      'v6-long': 'rule admits 0:0:0:0:0:0:0:0/0 on all ports',
      'slash-zero': 'rule admits 10.0.0.0/0 on ports 5432-5432',
    });
  });
});

describe('VP-SG-2 sg-descriptions', () => {
  it('passes described groups and rules', () => {
    const check = checkRule('VP-SG-2', (s) => {
      const sg = new SecurityGroup(s, 'sg', { description: 'Vault servers', egress: [{ description: 'to vpc', fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['10.0.0.0/8'] }] });
      new VpcSecurityGroupEgressRule(s, 'egress', { securityGroupId: sg.id, cidrIpv4: '10.0.0.0/8', ipProtocol: '-1', description: 'to the vpc' });
      new DefaultSecurityGroup(s, 'default', { vpcId: 'vpc-1', ingress: [], egress: [] });
    });
    expect(check.results).toEqual({ sg: { status: 'compliant' }, egress: { status: 'compliant' }, default: { status: 'compliant' } });
  });

  it('fails a group with the Terraform default description and undescribed rules', () => {
    const check = checkRule('VP-SG-2', (s) => {
      const sg = new SecurityGroup(s, 'sg', { ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['10.0.0.0/8'] }] });
      new VpcSecurityGroupIngressRule(s, 'ingress', { securityGroupId: sg.id, cidrIpv4: '10.0.0.0/8', ipProtocol: 'tcp', fromPort: 1, toPort: 1 });
      new SecurityGroup(s, 'default-text', { description: 'Managed by Terraform' });
    });
    expect(details(check)).toEqual({
      sg: 'the security group has no description of its own; ingress[0] has no description',
      ingress: 'the rule has no description',
      'default-text': 'the security group has no description of its own',
    });
  });
});

describe('VP-KMS-1 kms-key-rotation, VP-KMS-2 kms-key-policy, VP-KMS-3 kms-key-deletion-window', () => {
  it('passes a rotating key with an explicit policy and a 30-day window', () => {
    const build = (s: Parameters<Parameters<typeof checkRule>[1]>[0]) => {
      new KmsKey(s, 'key', { enableKeyRotation: true, policy: '{"Version":"2012-10-17","Statement":[]}', deletionWindowInDays: 30 });
      const other = new KmsKey(s, 'separate-policy', { enableKeyRotation: true });
      new KmsKeyPolicy(s, 'separate-policy-document', { keyId: other.id, policy: '{}' });
      new KmsKey(s, 'asymmetric', { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', policy: '{}' });
    };
    expect(checkRule('VP-KMS-1', build).results).toEqual({
      key: { status: 'compliant' },
      'separate-policy': { status: 'compliant' },
      asymmetric: { status: 'not-applicable', reason: 'AWS cannot rotate RSA_2048 keys' },
    });
    expect(checkRule('VP-KMS-2', build).results).toEqual({ key: { status: 'compliant' }, 'separate-policy': { status: 'compliant' }, asymmetric: { status: 'compliant' } });
    expect(Object.values(checkRule('VP-KMS-3', build).results).map((r) => r.status)).toEqual(['compliant', 'compliant', 'compliant']);
  });

  it('fails a key without rotation, without a policy, with a 7-day window', () => {
    const build = (s: Parameters<Parameters<typeof checkRule>[1]>[0]) => {
      new KmsKey(s, 'key', { deletionWindowInDays: 7 });
    };
    expect(details(checkRule('VP-KMS-1', build))).toEqual({ key: 'enable_key_rotation is not true' });
    expect(details(checkRule('VP-KMS-2', build))).toEqual({ key: 'no policy is set and no aws_kms_key_policy references the key' });
    const window = checkRule('VP-KMS-3', build);
    expect(details(window)).toEqual({ key: 'deletion_window_in_days is 7' });
    expect(window.report.warnings.map((f) => f.ruleId)).toEqual(['VP-KMS-3']);
  });
});

describe('VP-LOG-1 log-group-kms-encrypted, VP-LOG-2 log-group-retention', () => {
  it('passes an encrypted log group kept the tier minimum', () => {
    const build = (s: Parameters<Parameters<typeof checkRule>[1]>[0]) => {
      const key = new KmsKey(s, 'key', { enableKeyRotation: true, policy: '{}' });
      new CloudwatchLogGroup(s, 'logs', { name: '/x', kmsKeyId: key.arn, retentionInDays: 365 });
    };
    expect(checkRule('VP-LOG-1', build).results).toEqual({ logs: { status: 'compliant' } });
    expect(checkRule('VP-LOG-2', build).results).toEqual({ logs: { status: 'compliant' } });
  });

  it('fails an unencrypted log group, one kept forever and one kept less than the tier minimum', () => {
    const check = (id: string) =>
      checkRule(
        id,
        (s) => {
          new CloudwatchLogGroup(s, 'forever', { name: '/forever' });
          new CloudwatchLogGroup(s, 'short', { name: '/short', retentionInDays: 30, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/abc' });
        },
        testOptions('staging'),
      );
    expect(details(check('VP-LOG-1'))).toEqual({ forever: 'kms_key_id is not set' });
    expect(details(check('VP-LOG-2'))).toEqual({
      forever: 'retention_in_days is not set: logs are kept forever at full cost',
      short: 'retention_in_days is 30; the staging tier keeps logs at least 90 days',
    });
  });

  it('accepts 30 days in dev', () => {
    expect(checkRule('VP-LOG-2', (s) => new CloudwatchLogGroup(s, 'logs', { retentionInDays: 30 }), testOptions('dev')).results).toEqual({
      logs: { status: 'compliant' },
    });
  });
});

describe('VP-SNS-1 sns-topic-kms-encrypted', () => {
  it('passes a topic encrypted with a customer-managed key', () => {
    const check = checkRule('VP-SNS-1', (s) => {
      const key = new KmsKey(s, 'key', { enableKeyRotation: true, policy: '{}' });
      new SnsTopic(s, 'topic', { name: 't', kmsMasterKeyId: key.arn });
    });
    expect(check.results).toEqual({ topic: { status: 'compliant' } });
  });

  it('fails an unencrypted topic and one with the AWS-managed key', () => {
    const check = checkRule('VP-SNS-1', (s) => {
      new SnsTopic(s, 'plain', { name: 'plain' });
      new SnsTopic(s, 'aws-managed', { name: 'managed', kmsMasterKeyId: 'alias/aws/sns' });
    });
    expect(details(check)).toEqual({ plain: 'kms_master_key_id is not set', 'aws-managed': 'kms_master_key_id is "alias/aws/sns"' });
  });
});
