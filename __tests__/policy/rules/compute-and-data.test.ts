import { DbInstance, type DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { type TerraformStack } from 'cdktf';
import { checkRule, details, testOptions } from '../kit';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function database(stack: TerraformStack, id: string, overrides: Partial<DbInstanceConfig> = {}): DbInstance {
  return new DbInstance(stack, id, {
    identifier: id,
    engine: 'postgres',
    instanceClass: 'db.r7g.large',
    allocatedStorage: 20,
    storageEncrypted: true,
    kmsKeyId: KEY,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: `${id}-final`,
    backupRetentionPeriod: 14,
    multiAz: true,
    publiclyAccessible: false,
    manageMasterUserPassword: true,
    ...overrides,
  });
}

function cluster(stack: TerraformStack, id: string, options: { encrypt?: boolean; publicEndpoint?: boolean } = {}): EksCluster {
  return new EksCluster(stack, id, {
    name: id,
    roleArn: 'arn:aws:iam::111111111111:role/eks',
    vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], endpointPrivateAccess: true, endpointPublicAccess: options.publicEndpoint ?? false },
    ...(options.encrypt === false ? {} : { encryptionConfig: { resources: ['secrets'], provider: { keyArn: KEY } } }),
  });
}

describe('VP-RDS-1 rds-kms-encrypted', () => {
  it('passes storage encrypted with a customer-managed key', () => {
    expect(checkRule('VP-RDS-1', (s) => database(s, 'db')).results).toEqual({ db: { status: 'compliant' } });
  });

  it('fails unencrypted storage and the AWS-managed key', () => {
    const check = checkRule('VP-RDS-1', (s) => {
      database(s, 'plain', { storageEncrypted: false, kmsKeyId: undefined });
      database(s, 'managed', { kmsKeyId: 'alias/aws/rds' });
    });
    expect(details(check)).toEqual({ plain: 'storage_encrypted is false; kms_key_id is not set', managed: 'kms_key_id is "alias/aws/rds"' });
  });
});

describe('VP-RDS-2 rds-not-public', () => {
  it('passes a private instance', () => {
    expect(checkRule('VP-RDS-2', (s) => database(s, 'db')).results).toEqual({ db: { status: 'compliant' } });
  });

  it('fails a publicly accessible instance', () => {
    expect(details(checkRule('VP-RDS-2', (s) => database(s, 'db', { publiclyAccessible: true })))).toEqual({ db: 'publicly_accessible is true' });
  });
});

describe('VP-RDS-3 rds-protections', () => {
  it('passes a protected prod instance and skips dev', () => {
    expect(checkRule('VP-RDS-3', (s) => database(s, 'db')).results).toEqual({ db: { status: 'compliant' } });
    const dev = checkRule('VP-RDS-3', (s) => database(s, 'db', { deletionProtection: false, skipFinalSnapshot: true }), testOptions('dev'));
    expect(dev.results).toEqual({ db: { status: 'not-applicable', reason: 'dev databases may be deleted freely' } });
  });

  it('fails an unprotected prod instance with every missing protection', () => {
    const check = checkRule('VP-RDS-3', (s) =>
      database(s, 'db', { deletionProtection: false, skipFinalSnapshot: true, backupRetentionPeriod: 1, multiAz: false }),
    );
    expect(details(check)).toEqual({
      db: 'deletion_protection is false; skip_final_snapshot is true; backup_retention_period is 1, expected at least 7 days; multi_az is false in prod',
    });
  });

  it('does not require Multi-AZ in staging', () => {
    expect(checkRule('VP-RDS-3', (s) => database(s, 'db', { multiAz: false }), testOptions('staging')).results).toEqual({ db: { status: 'compliant' } });
  });

  it('accepts exactly the overridden check, reports it as suppressed with the reason and still fails the others', () => {
    const options = testOptions('prod', { acceptedDbOverrides: { multiAz: 'single-AZ until the Q3 capacity review, CHG-1234' } });
    const check = checkRule('VP-RDS-3', (s) => database(s, 'db', { multiAz: false, deletionProtection: false }), options);
    const accepted = { detail: 'multi_az is false in prod', reason: 'multi_az is false in prod, accepted by database.overrides (multiAz): single-AZ until the Q3 capacity review, CHG-1234' };
    expect(check.results).toEqual({ db: { status: 'non-compliant', detail: 'deletion_protection is false', accepted: [accepted] } });
    expect(check.findings.map((f) => [f.ruleId, f.detail])).toEqual([['VP-RDS-3', 'deletion_protection is false']]);
    expect(check.report.suppressed).toEqual([expect.objectContaining({ ruleId: 'VP-RDS-3', path: 'policy-test/db', ...accepted })]);
  });

  it('passes an overridden instance whose only failing check is accepted', () => {
    const options = testOptions('staging', { acceptedDbOverrides: { backupRetentionDays: 'restored nightly from the prod snapshot, CHG-1236' } });
    const check = checkRule('VP-RDS-3', (s) => database(s, 'db', { backupRetentionPeriod: 1 }), options);
    // Only this rule's errors: the bare instance has no alarms, which VP-OBS-4 reports on its own.
    expect(check.report.errors.filter((f) => f.ruleId === 'VP-RDS-3')).toEqual([]);
    expect(check.report.suppressed.map((f) => f.reason)).toEqual([
      'backup_retention_period is 1, expected at least 7 days, accepted by database.overrides (backupRetentionDays): restored nightly from the prod snapshot, CHG-1236',
    ]);
  });

  it('reports nothing for an override of a check that passes', () => {
    const options = testOptions('prod', { acceptedDbOverrides: { multiAz: 'single-AZ until the Q3 capacity review, CHG-1234' } });
    const check = checkRule('VP-RDS-3', (s) => database(s, 'db'), options);
    expect(check.results).toEqual({ db: { status: 'compliant' } });
    expect(check.report.suppressed).toEqual([]);
  });
});

describe('VP-EKS-1 eks-secrets-encrypted', () => {
  it('passes a cluster encrypting secrets with a customer-managed key', () => {
    expect(checkRule('VP-EKS-1', (s) => cluster(s, 'eks')).results).toEqual({ eks: { status: 'compliant' } });
  });

  it('fails a cluster without encryption_config', () => {
    expect(details(checkRule('VP-EKS-1', (s) => cluster(s, 'eks', { encrypt: false })))).toEqual({ eks: 'encryption_config is not set' });
  });
});

describe('VP-EKS-2 eks-private-endpoint', () => {
  it('passes a private endpoint outside dev and allows a public one in dev', () => {
    expect(checkRule('VP-EKS-2', (s) => cluster(s, 'eks')).results).toEqual({ eks: { status: 'compliant' } });
    expect(checkRule('VP-EKS-2', (s) => cluster(s, 'eks', { publicEndpoint: true }), testOptions('dev')).results).toEqual({
      eks: { status: 'not-applicable', reason: 'dev may expose the API endpoint' },
    });
  });

  it('fails a public endpoint and the AWS default outside dev', () => {
    const check = checkRule(
      'VP-EKS-2',
      (s) => {
        cluster(s, 'public', { publicEndpoint: true });
        new EksCluster(s, 'defaults', { name: 'defaults', roleArn: 'arn:aws:iam::111111111111:role/eks', vpcConfig: { subnetIds: ['subnet-1'] } });
      },
      testOptions('staging'),
    );
    expect(details(check)).toEqual({
      public: 'endpoint_public_access is true (the AWS default is true)',
      defaults: 'endpoint_public_access is not set (the AWS default is true); endpoint_private_access is not set',
    });
  });
});

describe('VP-EC2-1 ec2-imdsv2-required', () => {
  it('passes launch templates, instances and node groups that require IMDSv2', () => {
    const check = checkRule('VP-EC2-1', (s) => {
      const template = new LaunchTemplate(s, 'template', { metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' } });
      new Instance(s, 'instance', { ami: 'ami-123', instanceType: 'm7i.large', metadataOptions: { httpTokens: 'required' } });
      new EksNodeGroup(s, 'nodes', {
        clusterName: 'eks',
        nodeRoleArn: 'arn:aws:iam::111111111111:role/nodes',
        subnetIds: ['subnet-1'],
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
        launchTemplate: { id: template.id, version: template.latestVersion.toString() },
      });
    });
    expect(check.results).toEqual({ template: { status: 'compliant' }, instance: { status: 'compliant' }, nodes: { status: 'compliant' } });
  });

  it('fails optional tokens, missing metadata options and a node group without a launch template', () => {
    const check = checkRule('VP-EC2-1', (s) => {
      new LaunchTemplate(s, 'template', { metadataOptions: { httpTokens: 'optional' } });
      new Instance(s, 'instance', { ami: 'ami-123', instanceType: 'm7i.large' });
      new EksNodeGroup(s, 'nodes', { clusterName: 'eks', nodeRoleArn: 'arn:aws:iam::111111111111:role/n', subnetIds: ['subnet-1'], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 } });
    });
    expect(details(check)).toEqual({
      template: 'metadata_options.http_tokens is "optional"',
      instance: 'metadata_options.http_tokens is not set',
      nodes: 'the node group has no launch_template, so IMDSv2 is not enforced (the launch template is checked on its own)',
    });
  });
});

describe('VP-COST-1 ec2-allowed-instance-types', () => {
  it('passes allowed types and skips resources without a literal type', () => {
    const check = checkRule('VP-COST-1', (s) => {
      new LaunchTemplate(s, 'template', { instanceType: 'm7i.large' });
      new LaunchTemplate(s, 'no-type', {});
      new EksNodeGroup(s, 'nodes', { clusterName: 'eks', nodeRoleArn: 'r', subnetIds: ['s'], instanceTypes: ['m7i.large'], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 } });
    });
    expect(check.results).toEqual({
      template: { status: 'compliant' },
      'no-type': { status: 'not-applicable', reason: 'no literal instance type' },
      nodes: { status: 'compliant' },
    });
  });

  it('fails types outside the allowed list of the environment', () => {
    const check = checkRule('VP-COST-1', (s) => {
      new Instance(s, 'instance', { ami: 'ami-1', instanceType: 'p5.48xlarge' });
      new EksNodeGroup(s, 'nodes', { clusterName: 'eks', nodeRoleArn: 'r', subnetIds: ['s'], instanceTypes: ['m7i.large', 'x2iedn.32xlarge'], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 } });
    });
    expect(details(check)).toEqual({
      instance: 'p5.48xlarge not allowed in prod; allowed: m7i.large, t3.medium',
      nodes: 'x2iedn.32xlarge not allowed in prod; allowed: m7i.large, t3.medium',
    });
  });
});

describe('VP-COST-2 rds-allowed-instance-classes', () => {
  it('passes an allowed class', () => {
    expect(checkRule('VP-COST-2', (s) => database(s, 'db')).results).toEqual({ db: { status: 'compliant' } });
  });

  it('fails a class outside the allowed list', () => {
    expect(details(checkRule('VP-COST-2', (s) => database(s, 'db', { instanceClass: 'db.x2g.16xlarge' })))).toEqual({
      db: 'db.x2g.16xlarge not allowed in prod; allowed: db.r7g.large, db.t4g.small',
    });
  });
});
