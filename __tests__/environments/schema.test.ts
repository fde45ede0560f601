import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError } from '../../environments/problems';
import { type EnvironmentInput, validateEnvironments } from '../../environments/schema';
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
      expect(
        problemsAfter((i) => {
          i.aws.region = 'us-east-1';
          i.network.availabilityZones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];
        }),
      ).toEqual(['dev.network.availabilityZones: expected 2-3 availability zones (got ["us-east-1a","us-east-1b","us-east-1c","us-east-1d"])']);
    });

    it('an availability zone belongs to another region', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a', 'us-east-1b']))).toEqual([
        'dev.network.availabilityZones[1]: is not an AZ of region eu-west-1; expected one of eu-west-1a, eu-west-1b, eu-west-1c (got "us-east-1b")',
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
        'dev.network.natGateway: unknown field; did you mean `natGateways`?',
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
      const copy = sampleInput('dev');
      copy.vault.pki.allowedBaseDomains = ['copy.vaultplat.internal'];
      copy.vault.services = copy.vault.services!.map((s) => ({ ...s, certificates: undefined }));
      const problems = problemsOf([sampleInput('dev'), sampleInput('staging'), copy]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^environments\[2\]\.name: duplicate stack names \(network-dev.*\): environments\[0\] already uses this name; every environment needs a unique name \(got "dev"\)$/);
    });

    it('a prod account is also allowed for another tier', () => {
      const stagingInput = sampleInput('staging');
      stagingInput.aws.allowedAccountIds = [...SAMPLE_INPUTS.staging.aws.allowedAccountIds, ...SAMPLE_INPUTS.prod.aws.allowedAccountIds];
      stagingInput.vaultServer.breakGlassRoleArn = 'arn:aws:iam::333333333333:role/vault-break-glass';
      expect(problemsOf([stagingInput, sampleInput('prod')])).toEqual([
        'staging.aws.allowedAccountIds: account 333333333333 is also allowed for prod environment prod; prod accounts must not be shared with other tiers (got "333333333333")',
      ]);
    });

    it('an environment is not an object', () => {
      expect(problemsOf([undefined])).toEqual(['environments[0]: is required (expected object)']);
    });
  });

  describe('rejects at synth what AWS would reject or misread at apply', () => {
    it('an availability zone does not exist in the region', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a', 'eu-west-1d']))).toEqual([
        'dev.network.availabilityZones[1]: does not exist in region eu-west-1; expected one of eu-west-1a, eu-west-1b, eu-west-1c (got "eu-west-1d")',
      ]);
    });

    it('an availability zone letter is skipped in the region (ca-central-1 has a, b and d)', () => {
      expect(
        problemsAfter((i) => {
          i.aws.region = 'ca-central-1';
          i.network.availabilityZones = ['ca-central-1a', 'ca-central-1c'];
        }),
      ).toEqual(['dev.network.availabilityZones[1]: does not exist in region ca-central-1; expected one of ca-central-1a, ca-central-1b, ca-central-1d (got "ca-central-1c")']);
    });

    it('a Local Zone is given as an availability zone', () => {
      expect(
        problemsAfter((i) => {
          i.aws.region = 'us-east-1';
          i.network.availabilityZones = ['us-east-1a', 'us-east-1-bos-1a'];
        }),
      ).toEqual([
        'dev.network.availabilityZones[1]: does not exist in region us-east-1; expected one of us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f (got "us-east-1-bos-1a")',
      ]);
    });

    it.each(['aws:team', 'AWS:Team', 'Aws:cost'])('a tag key uses the reserved prefix: %s', (key) => {
      expect(problemsAfter((i) => (i.tags.extra = { [key]: 'platform' }))).toEqual([
        `dev.tags.extra.${key}: invalid key: the "aws:" prefix (in any case) is reserved for tags AWS sets itself; choose another key (got "${key}")`,
      ]);
    });

    it('accepts a tag key that only contains "aws"', () => {
      expect(problemsAfter((i) => (i.tags.extra = { 'team:aws': 'platform', awsAccount: 'shared' }))).toEqual([]);
    });

    it('a tag value is only white space', () => {
      expect(
        problemsAfter((i) => {
          i.tags.owner = '   ';
          i.tags.extra = { compliance: '\u00a0\u00a0' };
        }),
      ).toEqual([
        'dev.tags.owner: expected a tag value with at least one letter or digit, not only spaces (got "   ")',
        'dev.tags.extra.compliance: expected a tag value with at least one letter or digit, not only spaces (got "\u00a0\u00a0")',
      ]);
    });
  });

  describe('ties environment name and tier', () => {
    const renamed = (name: string, from: 'dev' | 'staging' | 'prod') => {
      const input = sampleInput(from);
      input.name = name;
      return problemsOf([input]);
    };

    it('a name says prod but the tier is not prod', () => {
      expect(renamed('prod-eu', 'staging')).toEqual([`prod-eu.tier: the name "prod-eu" marks a prod environment, so its tier must be prod; rename the environment or set tier: 'prod' (got "staging")`]);
      expect(renamed('production', 'dev')).toEqual([`production.tier: the name "production" marks a prod environment, so its tier must be prod; rename the environment or set tier: 'prod' (got "dev")`]);
      expect(renamed('eu-prd', 'dev')).toEqual([`eu-prd.tier: the name "eu-prd" marks a prod environment, so its tier must be prod; rename the environment or set tier: 'prod' (got "dev")`]);
    });

    it('a name says another tier than the tier', () => {
      expect(renamed('staging', 'dev')).toEqual([`staging.tier: the name "staging" marks a staging environment, so its tier must be staging; rename the environment or set tier: 'staging' (got "dev")`]);
      expect(renamed('dev-eu', 'prod')).toEqual([`dev-eu.tier: the name "dev-eu" marks a dev environment, so its tier must be dev; rename the environment or set tier: 'dev' (got "prod")`]);
    });

    it('a prod-tier environment is not named prod', () => {
      expect(renamed('eu-main', 'prod')).toEqual([
        `eu-main.name: a prod-tier environment's name must say so: one of the words prod, production, prd (separated by '-'), e.g. prod or prod-eu (got "eu-main")`,
      ]);
    });

    it('a name names two tiers', () => {
      expect(renamed('dev-prod', 'dev')).toEqual(['dev-prod.name: names several tiers (dev, prod); use the word of one tier only (got "dev-prod")']);
    });

    it('accepts pre-prod and non-prod names outside prod, prod names in prod, and names without a tier word', () => {
      expect(renamed('pre-prod', 'staging')).toEqual([]);
      expect(renamed('non-prod', 'dev')).toEqual([]);
      expect(renamed('preprod', 'staging')).toEqual([]);
      expect(renamed('prod-eu', 'prod')).toEqual([]);
      expect(renamed('sandbox', 'dev')).toEqual([]);
      expect(renamed('qa', 'staging')).toEqual([]);
    });
  });

  describe('says what to write when a value has the wrong type', () => {
    it('a Kubernetes version is a number', () => {
      expect(problemsAfter((i) => ((i.clusters.tooling as Record<string, unknown>).kubernetesVersion = 1.35))).toEqual([
        "dev.clusters.tooling.kubernetesVersion: expected a quoted string such as '1.35' (got 1.35)",
      ]);
      expect(problemsAfter((i) => ((i.clusters.tooling as Record<string, unknown>).kubernetesVersion = 1.3))).toEqual([
        "dev.clusters.tooling.kubernetesVersion: expected a quoted string, one of '1.35', '1.36' (got 1.3)",
      ]);
    });

    it('a PostgreSQL version is a number', () => {
      expect(problemsAfter((i) => ((i.database as Record<string, unknown>).engineVersion = 17.7))).toEqual([
        "dev.database.engineVersion: expected a quoted string such as '17.7' (got 17.7)",
      ]);
    });

    it('an account ID is a number', () => {
      expect(problemsAfter((i) => (i.aws.allowedAccountIds = [111111111111 as never]))).toEqual([
        "dev.aws.allowedAccountIds[0]: expected a quoted string such as '111111111111' (got 111111111111)",
      ]);
    });

    it('a number is quoted', () => {
      expect(problemsAfter((i) => (i.network.flowLogs.retentionDays = '30' as never))).toEqual([
        'dev.network.flowLogs.retentionDays: expected a number without quotes, such as 30 (got "30")',
      ]);
      expect(problemsAfter((i) => (i.network.flowLogs.alarmPeriodSeconds = '300' as never))).toEqual([
        'dev.network.flowLogs.alarmPeriodSeconds: expected a number without quotes, such as 300 (one of 60, 300, 900, 3600) (got "300")',
      ]);
    });

    it('a boolean is quoted or a word', () => {
      expect(problemsAfter((i) => (i.database!.deletionProtection = 'false' as never))).toEqual([
        'dev.database.deletionProtection: expected true or false, without quotes (got "false")',
      ]);
    });

    it('a list is a single value', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = 'eu-west-1a' as never))).toEqual([
        "dev.network.availabilityZones: expected a list in square brackets, such as ['eu-west-1a'] (got \"eu-west-1a\")",
      ]);
    });

    it('an object is a single value', () => {
      expect(problemsAfter((i) => (i.tags = 'platform-team' as never))).toEqual([
        'dev.tags: expected an object { ... } with the fields owner, costCenter, dataClassification, extra (got "platform-team")',
      ]);
    });
  });

  describe('suggests the nearest known field for an unknown one, in every strict object', () => {
    it.each([
      ['at the top level', (i: Record<string, unknown>) => (i.databse = i.database), 'dev.databse: unknown field; did you mean `database`?'],
      ['in a section', (i: Record<string, unknown>) => Object.assign(i.network as object, { natGateway: 'single' }), 'dev.network.natGateway: unknown field; did you mean `natGateways`?'],
      [
        'in a list item',
        (i: Record<string, unknown>) => Object.assign((i.vault as { services: object[] }).services[1], { secretz: [] }),
        'dev.vault.services[1].secretz: unknown field; did you mean `secrets`?',
      ],
      [
        'in a union member',
        (i: Record<string, unknown>) => Object.assign((i.vault as { audit: object[] }).audit[1], { filepath: 'stdout' }),
        'dev.vault.audit[1].filepath: unknown field; did you mean `filePath`?',
      ],
      [
        'in a record value',
        (i: Record<string, unknown>) => Object.assign((i.clusters as { tooling: { nodeGroups: { system: object } } }).tooling.nodeGroups.system, { diskSizeGb: 50 }),
        'dev.clusters.tooling.nodeGroups.system.diskSizeGb: unknown field; did you mean `diskSizeGib`?',
      ],
    ])('%s', (_where, mutate, expected) => {
      expect(problemsAfter((i) => mutate(i))).toEqual([expected]);
    });

    it('lists the known fields when none is close', () => {
      expect(problemsAfter((i) => Object.assign(i.aws, { partition: 'aws' }))).toEqual(['dev.aws.partition: unknown field; expected one of region, allowedAccountIds']);
    });
  });

  describe('reports a wrong type without follow-on errors from the cross-field checks', () => {
    it('network: an AZ is a number', () => {
      expect(problemsAfter((i) => (i.network.availabilityZones = ['eu-west-1a', 5 as never]))).toEqual([
        "dev.network.availabilityZones[1]: expected a quoted string such as 'eu-west-1a' (got 5)",
      ]);
    });

    it('tier: the tier is a number (no tier rule runs on it)', () => {
      expect(
        problemsAfter((i) => {
          i.tier = 5 as never;
          i.network.natGateways = 'single';
        }, 'staging'),
      ).toEqual(["staging.tier: expected a quoted string, one of 'dev', 'staging', 'prod' (got 5)"]);
    });

    it('aws: the account list is a number', () => {
      expect(problemsAfter((i) => (i.aws.allowedAccountIds = 111111111111 as never), 'staging')).toEqual([
        "staging.aws.allowedAccountIds: expected a list in square brackets, such as ['111111111111'] (got 111111111111)",
      ]);
    });

    it('clusters: publicAccess is a quoted boolean', () => {
      expect(problemsAfter((i) => (i.clusters.tooling.endpoint = { publicAccess: 'true' as never, publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual([
        'dev.clusters.tooling.endpoint.publicAccess: expected true or false, without quotes (got "true")',
      ]);
    });

    it('database: the overrides are an object instead of a list', () => {
      expect(
        problemsAfter((i) => {
          i.database!.multiAz = false;
          i.database!.overrides = { setting: 'multiAz', reason: 'single AZ is enough for the staging load tests' } as never;
        }, 'staging'),
      ).toEqual(['staging.database.overrides: expected a list in square brackets [ ... ] (got {"setting":"multiAz","reason":"single AZ is enough for the staging load tests"})']);
    });

    it('vaultAccess: the AZ count is not compared with a mistyped AZ list', () => {
      expect(
        problemsAfter((i) => {
          i.network.availabilityZones = [1, 2] as never;
          i.vaultAccess.vpn.associatedAzCount = 3;
        }, 'staging'),
      ).toEqual([
        "staging.network.availabilityZones[0]: expected a quoted string such as 'eu-west-1a' (got 1)",
        "staging.network.availabilityZones[1]: expected a quoted string such as 'eu-west-1a' (got 2)",
      ]);
    });

    it('vault: a delivery mode is a number, a token TTL is quoted', () => {
      expect(problemsAfter((i) => (i.vault.services![2].delivery = 1 as never))).toEqual([
        "dev.vault.services[2].delivery: expected a quoted string, one of 'eso', 'direct' (got 1)",
      ]);
      expect(problemsAfter((i) => (i.vault.tokens = { ttlSeconds: '900' as never, maxTtlSeconds: 600 }))).toEqual([
        'dev.vault.tokens.ttlSeconds: expected a number without quotes, such as 900 (got "900")',
      ]);
    });

    it('guardrails: an instance type is a number (the prod burstable rule waits until the types are right)', () => {
      expect(problemsAfter((i) => (i.guardrails = { allowedInstanceTypes: ['t3.large', 5 as never] }), 'prod')).toEqual([
        "prod.guardrails.allowedInstanceTypes[1]: expected a quoted string such as 'm7i.large' (got 5)",
      ]);
    });
  });

  it('produces the example error of the README, line for line', () => {
    const dev = sampleInput('dev') as EnvironmentInput & Record<string, unknown>;
    (dev.clusters.tooling as Record<string, unknown>).kubernetesVersion = 1.35;
    dev.databse = dev.database;
    dev.network.availabilityZones = ['eu-west-1a', 'eu-west-1d'];
    dev.vault.services![2].serviceAccount = 'payments-api';
    dev.vault.services![0].certificates = { allowedDomains: ['orders.dev.vaultplat.internal'] };
    const staging = sampleInput('staging');
    staging.name = 'prod-eu';
    const prod = sampleInput('prod');
    prod.network.flowLogs.retentionDays = 90;
    let message = '';
    try {
      validateEnvironments([dev, staging, prod], STACK_KINDS);
    } catch (error) {
      message = (error as Error).message;
    }
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const example = /```\n(Invalid environment configuration \(\d+ problems\):\n[\s\S]*?)\n```/.exec(readme)?.[1];
    expect(message).toBe(example);
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
