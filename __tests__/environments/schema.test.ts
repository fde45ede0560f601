import { ConfigValidationError } from '../../environments/problems';
import { validateEnvironments } from '../../environments/schema';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { SAMPLE_INPUTS, problemsAfter, problemsOf, sampleInput } from '../helpers';

describe('environment schema', () => {
  it('accepts the dev, staging and prod configurations', () => {
    const configs = validateEnvironments(Object.values(SAMPLE_INPUTS), STACK_KINDS);
    expect(configs.map((c) => [c.name, c.tier])).toEqual([
      ['dev', 'dev'],
      ['staging', 'staging'],
      ['prod', 'prod'],
    ]);
  });

  it('applies the documented network defaults', () => {
    const [config] = validateEnvironments([sampleInput('dev')], STACK_KINDS);
    expect(config.network.flowLogs.rejectedRecordsThreshold).toBe(100);
    expect(config.network.flowLogs.alarmPeriodSeconds).toBe(300);
    expect(config.network.endpoints).toEqual({ interface: ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'kms'], gateway: ['s3'] });
    expect(config.network.subnetPrefixLengths).toBeUndefined();
  });

  describe('fails with a message naming environment, field, value and what is allowed when', () => {
    it('a VPC CIDR has a prefix longer than 32', () => {
      expect(problemsAfter((i) => (i.network.vpcs.tooling.cidr = '10.10.0.0/33'))).toEqual([
        'dev.network.vpcs.tooling.cidr: not a valid IPv4 CIDR: the prefix length must be 0-32 (got "10.10.0.0/33")',
      ]);
    });

    it('a VPC CIDR has host bits set', () => {
      expect(problemsAfter((i) => (i.network.vpcs.tooling.cidr = '10.10.1.0/16'))).toEqual([
        'dev.network.vpcs.tooling.cidr: not a valid IPv4 CIDR: host bits are set; the network address is 10.10.0.0/16 (got "10.10.1.0/16")',
      ]);
    });

    it('a VPC CIDR is not CIDR notation', () => {
      expect(problemsAfter((i) => (i.network.vpcs.application.cidr = '10.11.0.0'))).toEqual([
        'dev.network.vpcs.application.cidr: not a valid IPv4 CIDR: expected CIDR notation a.b.c.d/n (got "10.11.0.0")',
      ]);
    });

    it('a VPC CIDR is a public range', () => {
      expect(problemsAfter((i) => (i.network.vpcs.tooling.cidr = '11.0.0.0/16'))).toEqual([
        'dev.network.vpcs.tooling.cidr: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) (got "11.0.0.0/16")',
      ]);
    });

    it('a VPC CIDR is larger than /16', () => {
      expect(problemsAfter((i) => (i.network.vpcs.tooling.cidr = '172.16.0.0/12'))).toEqual([
        'dev.network.vpcs.tooling.cidr: expected a VPC prefix length from /16 to /24 (got "172.16.0.0/12")',
      ]);
    });

    it('the peered VPCs overlap', () => {
      expect(problemsAfter((i) => (i.network.vpcs.application.cidr = '10.10.128.0/17'))).toEqual([
        'dev.network.vpcs.application.cidr: overlaps the peered tooling VPC 10.10.0.0/16; peered VPCs need disjoint ranges (got "10.10.128.0/17")',
      ]);
    });

    it('the VPN client range overlaps a VPC', () => {
      expect(problemsAfter((i) => (i.network.vpnClientCidr = '10.11.0.0/22'))).toEqual([
        'dev.network.vpnClientCidr: overlaps the application VPC 10.11.0.0/16; the VPN client range must be disjoint from both VPCs (got "10.11.0.0/22")',
      ]);
    });

    it('the VPN client range is smaller than /22', () => {
      expect(problemsAfter((i) => (i.network.vpnClientCidr = '10.200.0.0/24'))).toEqual([
        'dev.network.vpnClientCidr: expected a Client VPN range from /12 to /22 (got "10.200.0.0/24")',
      ]);
    });

    it('the subnets do not fit the VPC', () => {
      expect(problemsAfter((i) => (i.network.vpcs.tooling.cidr = '10.10.0.0/18'))).toEqual([
        'dev.network.subnetPrefixLengths: tooling VPC: subnets (private /20, public /24, isolated /24) x 6 AZ slots need 27648 addresses but 10.10.0.0/18 has 16384; use a larger VPC CIDR or smaller subnets (got {"private":20,"public":24,"isolated":24})',
      ]);
    });

    it('a subnet tier is as large as the VPC', () => {
      expect(
        problemsAfter((i) => {
          i.network.vpcs.tooling.cidr = '10.10.0.0/20';
          i.network.subnetPrefixLengths = { private: 20 };
        }),
      ).toEqual([
        'dev.network.subnetPrefixLengths: tooling VPC: private subnets /20 must be smaller than the VPC /20 and at most /28 (got {"private":20,"public":24,"isolated":24})',
      ]);
    });

    it('there is only one availability zone', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a']))).toEqual([
        'dev.network.availabilityZones: expected 2-3 availability zones (got ["eu-west-1a"])',
      ]);
    });

    it('there are more than three availability zones', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d']))).toEqual([
        'dev.network.availabilityZones: expected 2-3 availability zones (got ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1d"])',
      ]);
    });

    it('an availability zone belongs to another region', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a', 'us-east-1b']))).toEqual([
        'dev.network.availabilityZones[1]: expected an AZ of region eu-west-1 (eu-west-1a to eu-west-1f) (got "us-east-1b")',
      ]);
    });

    it('the region is unknown', () => {
      expect(problemsAfter((i) => (i.aws.region = 'eu-west-9' as never))).toEqual([
        'dev.aws.region: unknown AWS region; expected a commercial region such as eu-west-1 or us-east-1 (got "eu-west-9")',
      ]);
    });

    it('a mandatory tag is missing', () => {
      expect(problemsAfter((i) => delete (i.tags as Partial<typeof i.tags>).owner)).toEqual(['dev.tags.owner: is required: a non-empty tag value']);
    });

    it('a mandatory tag is empty', () => {
      expect(problemsAfter((i) => (i.tags.costCenter = ''))).toEqual([
        'dev.tags.costCenter: expected a tag value of 1-256 letters, digits, spaces or _.:/=+-@ (got "")',
      ]);
    });

    it('the tags are missing altogether', () => {
      expect(problemsAfter((i) => delete (i as Partial<typeof i>).tags)).toEqual([
        'dev.tags: is required: owner, costCenter and dataClassification tags',
      ]);
    });

    it('an account ID is not 12 digits', () => {
      expect(problemsAfter((i) => (i.aws.allowedAccountIds = ['12345']))).toEqual([
        'dev.aws.allowedAccountIds[0]: expected a 12-digit AWS account ID (got "12345")',
      ]);
    });

    it('a field is misspelt', () => {
      expect(problemsAfter((i) => Object.assign(i.network, { natGateway: 'single' }))).toEqual([
        'dev.network: unknown field(s) natGateway; check the spelling against the schema',
      ]);
    });

    it('flow-log retention is not a CloudWatch value', () => {
      expect(problemsAfter((i) => (i.network.flowLogs.retentionDays = 42))).toEqual([
        'dev.network.flowLogs.retentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 42)',
      ]);
    });

    it('prod keeps flow logs less than a year or uses a single NAT gateway', () => {
      expect(
        problemsAfter((i) => {
          i.network.natGateways = 'single';
          i.network.flowLogs.retentionDays = 90;
        }, 'prod'),
      ).toEqual([
        'prod.network.natGateways: a single NAT gateway is allowed only in the dev tier; prod needs "one-per-az" (got "single")',
        'prod.network.flowLogs.retentionDays: the prod tier keeps flow logs at least 365 days (got 90)',
      ]);
    });

    it('two environments share a name, so their stack names collide', () => {
      const problems = problemsOf([sampleInput('dev'), sampleInput('staging'), sampleInput('dev')]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^environments\[2\]\.name: duplicate stack names \(network-dev.*\): environments\[0\] already uses this name; every environment needs a unique name \(got "dev"\)$/);
    });

    it('a prod account is also allowed for another tier', () => {
      const stagingInput = sampleInput('staging');
      stagingInput.aws.allowedAccountIds = [...SAMPLE_INPUTS.prod.aws.allowedAccountIds];
      stagingInput.vaultServer.breakGlassRoleArn = 'arn:aws:iam::333333333333:role/vault-break-glass';
      expect(problemsOf([stagingInput, sampleInput('prod')])).toEqual([
        'staging.aws.allowedAccountIds: account 333333333333 is also allowed for prod environment prod; prod accounts must not be shared with other tiers (got "333333333333")',
      ]);
    });

    it('an environment is not an object', () => {
      expect(problemsOf([undefined])).toEqual(['environments[0]: is required (expected object)']);
    });
  });

  it('reports every problem of every environment in one error', () => {
    const broken = sampleInput('dev');
    broken.network.availabilityZones = ['eu-west-1a'];
    broken.network.vpcs.application.cidr = '10.10.0.0/16';
    const brokenProd = sampleInput('prod');
    brokenProd.tags.owner = '';
    let error: unknown;
    try {
      validateEnvironments([broken, sampleInput('staging'), brokenProd], STACK_KINDS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    expect(message.split('\n')).toEqual([
      'Invalid environment configuration (3 problems):',
      '  - dev.network.availabilityZones: expected 2-3 availability zones (got ["eu-west-1a"])',
      '  - dev.network.vpcs.application.cidr: overlaps the peered tooling VPC 10.10.0.0/16; peered VPCs need disjoint ranges (got "10.10.0.0/16")',
      '  - prod.tags.owner: expected a tag value of 1-256 letters, digits, spaces or _.:/=+-@ (got "")',
    ]);
  });
});
