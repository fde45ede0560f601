import { validateEnvironments } from '../../environments/schema';
import { STACK_KINDS } from '../../stacks/stack-kinds';
import { problemsAfter, sampleConfig, sampleInput } from '../helpers';

/** The mutable clusters section of a sample input. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;

describe('clusters schema', () => {
  describe('per environment', () => {
    it('pins Kubernetes 1.35 on both clusters of every environment', () => {
      for (const name of ['dev', 'staging', 'prod'] as const) {
        const { tooling, application } = sampleConfig(name).clusters;
        expect([tooling.kubernetesVersion, application.kubernetesVersion]).toEqual(['1.35', '1.35']);
      }
    });

    it('opens a public endpoint only on the dev tooling cluster, limited to an allow-list', () => {
      expect(sampleConfig('dev').clusters.tooling.endpoint).toEqual({ publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
      expect(sampleConfig('dev').clusters.application.endpoint).toEqual({ publicAccess: false, publicAccessCidrs: [] });
      for (const name of ['staging', 'prod'] as const) {
        const { tooling, application } = sampleConfig(name).clusters;
        expect([tooling.endpoint.publicAccess, application.endpoint.publicAccess]).toEqual([false, false]);
      }
    });

    it('sizes nodes per environment: burstable in dev, three m7i nodes and more disk above', () => {
      const sizes = (name: 'dev' | 'staging' | 'prod') =>
        Object.values(sampleConfig(name).clusters).map((c) =>
          Object.values(c.nodeGroups).map((g) => [g.instanceTypes.join('|'), g.minSize, g.desiredSize, g.maxSize, g.diskSizeGib]),
        );
      expect(sizes('dev')).toEqual([[['t3.large', 2, 2, 3, 50]], [['t3.medium', 1, 2, 4, 50]]]);
      expect(sizes('staging')).toEqual([[['m7i.large', 3, 3, 6, 80]], [['m7i.large', 3, 3, 6, 80]]]);
      expect(sizes('prod')).toEqual([[['m7i.xlarge', 3, 3, 6, 100]], [['m7i.xlarge|m6i.xlarge', 3, 3, 9, 100]]]);
    });

    it('keeps cluster logs 30 days in dev, 90 in staging and 365 in prod', () => {
      expect(['dev', 'staging', 'prod'].map((name) => sampleConfig(name as 'dev').clusters.application.logRetentionDays)).toEqual([30, 90, 365]);
    });

    it('gives the application cluster a namespace-scoped deployer on top of admin and read-only roles', () => {
      const { tooling, application } = sampleConfig('prod').clusters;
      expect(tooling.accessEntries.map((e) => e.policy)).toEqual(['AmazonEKSClusterAdminPolicy', 'AmazonEKSViewPolicy']);
      expect(application.accessEntries[2]).toEqual({
        principalArn: 'arn:aws:iam::333333333333:role/app-deployer',
        policy: 'AmazonEKSEditPolicy',
        scope: { type: 'namespace', namespaces: ['apps'] },
      });
    });
  });

  it('applies the documented defaults: private endpoint, 50 GiB AL2023 x86 nodes, no access entries', () => {
    const input = sampleInput('staging') as Mutable;
    const cluster = input.clusters.application;
    delete cluster.endpoint;
    delete cluster.accessEntries;
    delete cluster.nodeGroups.general.diskSizeGib;
    delete cluster.nodeGroups.general.amiType;
    const config = validateEnvironments([input], STACK_KINDS)[0].clusters.application;
    expect(config.endpoint).toEqual({ publicAccess: false, publicAccessCidrs: [] });
    expect(config.accessEntries).toEqual([]);
    expect(config.nodeGroups.general).toMatchObject({ diskSizeGib: 50, amiType: 'AL2023_x86_64_STANDARD' });
    expect(config.nodeGroups.general.labels).toBeUndefined();
  });

  describe('fails with a message naming environment, field, value and what is allowed when', () => {
    const mutate = (fn: (clusters: Mutable) => void, name: 'dev' | 'staging' | 'prod' = 'dev') =>
      problemsAfter((input) => fn((input as Mutable).clusters), name);

    it('the Kubernetes version is not in EKS standard support', () => {
      expect(mutate((c) => (c.tooling.kubernetesVersion = '1.34'))).toEqual([
        'dev.clusters.tooling.kubernetesVersion: expected a Kubernetes version in EKS standard support: 1.35, 1.36 (got "1.34")',
      ]);
    });

    it('staging asks for a public endpoint', () => {
      expect(mutate((c) => (c.application.endpoint = { publicAccess: true, publicAccessCidrs: ['198.51.100.0/24'] }), 'staging')).toEqual([
        'staging.clusters.application.endpoint.publicAccess: a public API endpoint is allowed only in the dev tier; staging clusters are private only (got true)',
      ]);
    });

    it('prod asks for a public endpoint', () => {
      expect(mutate((c) => (c.tooling.endpoint = { publicAccess: true, publicAccessCidrs: ['198.51.100.0/24'] }), 'prod')).toEqual([
        'prod.clusters.tooling.endpoint.publicAccess: a public API endpoint is allowed only in the dev tier; prod clusters are private only (got true)',
      ]);
    });

    it('dev opens the public endpoint without an allow-list', () => {
      expect(mutate((c) => (c.tooling.endpoint = { publicAccess: true }))).toEqual([
        'dev.clusters.tooling.endpoint.publicAccessCidrs: a public API endpoint needs an explicit allow-list of public CIDRs (got [])',
      ]);
    });

    it('the allow-list contains 0.0.0.0/0 (in every environment)', () => {
      expect(mutate((c) => (c.tooling.endpoint.publicAccessCidrs = ['203.0.113.0/24', '0.0.0.0/0']))).toEqual([
        'dev.clusters.tooling.endpoint.publicAccessCidrs[1]: a /0 range admits the whole internet; list the ranges that need access (got "0.0.0.0/0")',
      ]);
      expect(mutate((c) => (c.tooling.endpoint = { publicAccess: false, publicAccessCidrs: ['0.0.0.0/0'] }), 'prod')).toEqual([
        'prod.clusters.tooling.endpoint.publicAccessCidrs: only used with publicAccess: true; remove it or turn the public endpoint on (dev only) (got ["0.0.0.0/0"])',
        'prod.clusters.tooling.endpoint.publicAccessCidrs[0]: a /0 range admits the whole internet; list the ranges that need access (got "0.0.0.0/0")',
      ]);
    });

    it('the allow-list holds a private range or an invalid CIDR', () => {
      expect(mutate((c) => (c.tooling.endpoint.publicAccessCidrs = ['10.0.0.0/8', '203.0.113.1/24']))).toEqual([
        'dev.clusters.tooling.endpoint.publicAccessCidrs[1]: not a valid IPv4 CIDR: host bits are set; the network address is 203.0.113.0/24 (got "203.0.113.1/24")',
        'dev.clusters.tooling.endpoint.publicAccessCidrs[0]: private ranges never reach the public endpoint; expected a public range (got "10.0.0.0/8")',
      ]);
    });

    it('min <= desired <= max does not hold', () => {
      expect(mutate((c) => Object.assign(c.application.nodeGroups.general, { minSize: 3, desiredSize: 2, maxSize: 4 }))).toEqual([
        'dev.clusters.application.nodeGroups.general: expected minSize <= desiredSize <= maxSize (got {"minSize":3,"desiredSize":2,"maxSize":4})',
      ]);
    });

    it('a node group is sized with negative or zero numbers', () => {
      expect(mutate((c) => Object.assign(c.application.nodeGroups.general, { minSize: -1, maxSize: 0, desiredSize: 0 }))).toEqual([
        'dev.clusters.application.nodeGroups.general.minSize: expected a whole number >= 0 (got -1)',
        'dev.clusters.application.nodeGroups.general.maxSize: expected at least 1 (got 0)',
      ]);
    });

    it('the root disk is outside 20-1000 GiB', () => {
      expect(mutate((c) => (c.application.nodeGroups.general.diskSizeGib = 8))).toEqual([
        'dev.clusters.application.nodeGroups.general.diskSizeGib: expected 20-1000 GiB (got 8)',
      ]);
    });

    it('an ARM AMI meets x86 instance types', () => {
      expect(mutate((c) => (c.application.nodeGroups.general.amiType = 'AL2023_ARM_64_STANDARD'))).toEqual([
        'dev.clusters.application.nodeGroups.general.instanceTypes: amiType AL2023_ARM_64_STANDARD needs Graviton (arm64) instance types; t3.medium do not fit (got ["t3.medium"])',
      ]);
    });

    it('an instance type is malformed or there are no node groups', () => {
      expect(mutate((c) => (c.application.nodeGroups.general.instanceTypes = ['medium']))).toEqual([
        'dev.clusters.application.nodeGroups.general.instanceTypes[0]: expected an EC2 instance type such as m7i.large (got "medium")',
      ]);
      expect(mutate((c) => (c.application.nodeGroups = {}))).toEqual(['dev.clusters.application.nodeGroups: expected at least one node group (got {})']);
    });

    it('an add-on version is not an EKS build', () => {
      expect(mutate((c) => (c.tooling.addons.vpcCni = '1.21.1'))).toEqual([
        'dev.clusters.tooling.addons.vpcCni: expected an EKS add-on version like v1.20.1-eksbuild.3 (aws eks describe-addon-versions) (got "1.21.1")',
      ]);
    });

    it('kube-proxy does not match the cluster version', () => {
      expect(mutate((c) => (c.tooling.addons.kubeProxy = 'v1.36.0-eksbuild.1'))).toEqual([
        "dev.clusters.tooling.addons.kubeProxy: must match the cluster's Kubernetes minor version 1.35 (v1.35.x-eksbuild.N) (got \"v1.36.0-eksbuild.1\")",
      ]);
    });

    it('an add-on is missing', () => {
      expect(mutate((c) => delete c.tooling.addons.coredns)).toEqual(['dev.clusters.tooling.addons.coredns: is required (expected string)']);
    });

    it('the log retention is below the tier minimum', () => {
      expect(mutate((c) => (c.application.logRetentionDays = 30), 'prod')).toEqual([
        'prod.clusters.application.logRetentionDays: the prod tier keeps cluster logs at least 365 days (got 30)',
      ]);
    });

    it('the log retention is not a CloudWatch value', () => {
      expect(mutate((c) => (c.application.logRetentionDays = 10))).toEqual([
        'dev.clusters.application.logRetentionDays: expected one of the CloudWatch Logs retention values 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 10)',
      ]);
    });

    it('an access entry is an IAM user, has an unknown policy or repeats a role', () => {
      expect(
        mutate((c) => {
          c.application.accessEntries[0].principalArn = 'arn:aws:iam::111111111111:user/alice';
          c.application.accessEntries[1].policy = 'AdministratorAccess';
          c.application.accessEntries[2].principalArn = c.application.accessEntries[1].principalArn;
        }),
      ).toEqual([
        'dev.clusters.application.accessEntries[0].principalArn: expected an IAM role ARN: arn:aws:iam::<12-digit account>:role/<name> (got "arn:aws:iam::111111111111:user/alice")',
        'dev.clusters.application.accessEntries[1].policy: expected one of AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy (got "AdministratorAccess")',
        'dev.clusters.application.accessEntries[2].principalArn: each role may have only one access entry per cluster (got "arn:aws:iam::111111111111:role/platform-readonly")',
      ]);
    });

    it('a namespace scope has no namespaces or a bad scope type', () => {
      expect(
        mutate((c) => {
          c.application.accessEntries[2].scope.namespaces = [];
          c.tooling.accessEntries[0].scope = { type: 'account' };
        }),
      ).toEqual([
        'dev.clusters.tooling.accessEntries[0].scope.type: expected { type: "cluster" } or { type: "namespace", namespaces: [...] } (got "account")',
        'dev.clusters.application.accessEntries[2].scope.namespaces: a namespace scope needs at least one namespace (got [])',
      ]);
    });

    it("outside dev, an access entry admits a role of another account", () => {
      expect(
        problemsAfter((input) => {
          (input.clusters.tooling.accessEntries as Mutable).push({
            principalArn: 'arn:aws:iam::999999999999:role/partner-admin',
            policy: 'AmazonEKSViewPolicy',
            scope: { type: 'cluster' },
          });
        }, 'staging'),
      ).toEqual([
        "staging.clusters.tooling.accessEntries[2].principalArn: account 999999999999 is not one of this environment's accounts (aws.allowedAccountIds: 222222222222); outside dev, access entries admit only roles of the environment's own accounts (got \"arn:aws:iam::999999999999:role/partner-admin\")",
      ]);
    });

    it('in prod, an access entry admits a role of the staging account', () => {
      expect(
        problemsAfter((input) => {
          (input.clusters.application.accessEntries as Mutable)[0].principalArn = 'arn:aws:iam::222222222222:role/platform-admin';
        }, 'prod'),
      ).toEqual([
        "prod.clusters.application.accessEntries[0].principalArn: account 222222222222 is not one of this environment's accounts (aws.allowedAccountIds: 333333333333); outside dev, access entries admit only roles of the environment's own accounts (got \"arn:aws:iam::222222222222:role/platform-admin\")",
      ]);
    });

    it('in dev, accepts a role of another account (sandboxes, partner debugging)', () => {
      expect(
        problemsAfter((input) => {
          (input.clusters.tooling.accessEntries as Mutable).push({ principalArn: 'arn:aws:iam::999999999999:role/partner', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } });
        }),
      ).toEqual([]);
    });

    it('the clusters section is missing', () => {
      expect(problemsAfter((input) => delete (input as Mutable).clusters)).toEqual(['dev.clusters: is required (expected object)']);
    });
  });
});
