import { type EnvironmentInput } from './schema';

/** Production: three AZs, NAT per AZ, a year of flow logs, its own account. Data only; validated by ./schema.ts. */
export const prod = {
  name: 'prod',
  tier: 'prod',
  project: 'vaultplat',
  aws: {
    region: 'eu-west-1',
    allowedAccountIds: ['333333333333'],
  },
  hcpTerraform: {
    organization: 'acme-platform',
    project: 'vault-platform',
  },
  tags: {
    owner: 'platform-team',
    costCenter: 'cc-1042',
    dataClassification: 'restricted',
    extra: { compliance: 'iso27001' },
  },
  network: {
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 'one-per-az',
    vpcs: {
      tooling: { cidr: '10.30.0.0/16' },
      application: { cidr: '10.31.0.0/16' },
    },
    vpnClientCidr: '10.230.0.0/22',
    flowLogs: {
      retentionDays: 365,
    },
  },
  clusters: {
    tooling: {
      kubernetesVersion: '1.35',
      logRetentionDays: 365,
      nodeGroups: {
        system: { instanceTypes: ['m7i.xlarge'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGib: 100 },
      },
      addons: {
        vpcCni: 'v1.21.1-eksbuild.1',
        kubeProxy: 'v1.35.0-eksbuild.2',
        podIdentityAgent: 'v1.3.10-eksbuild.1',
        coredns: 'v1.13.2-eksbuild.1',
        ebsCsiDriver: 'v1.54.0-eksbuild.1',
        cloudwatchObservability: 'v4.8.0-eksbuild.1',
      },
      accessEntries: [
        { principalArn: 'arn:aws:iam::333333333333:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::333333333333:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
      ],
    },
    application: {
      kubernetesVersion: '1.35',
      logRetentionDays: 365,
      nodeGroups: {
        general: { instanceTypes: ['m7i.xlarge', 'm6i.xlarge'], minSize: 3, desiredSize: 3, maxSize: 9, diskSizeGib: 100 },
      },
      addons: {
        vpcCni: 'v1.21.1-eksbuild.1',
        kubeProxy: 'v1.35.0-eksbuild.2',
        podIdentityAgent: 'v1.3.10-eksbuild.1',
        coredns: 'v1.13.2-eksbuild.1',
        ebsCsiDriver: 'v1.54.0-eksbuild.1',
        cloudwatchObservability: 'v4.8.0-eksbuild.1',
      },
      accessEntries: [
        { principalArn: 'arn:aws:iam::333333333333:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::333333333333:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::333333333333:role/app-deployer', policy: 'AmazonEKSEditPolicy', scope: { type: 'namespace', namespaces: ['apps'] } },
      ],
    },
  },
  database: {
    engineVersion: '17.7',
    instanceClass: 'db.r7g.large',
    allocatedStorageGb: 100,
    maxAllocatedStorageGb: 500,
    backupRetentionDays: 35,
    backupReplicationRegion: 'eu-central-1',
    logRetentionDays: 365,
    performanceInsightsRetentionDays: 93,
    monitoringIntervalSeconds: 15,
  },
  vaultAccess: {
    privateZoneName: 'prod.vault.internal',
    vpn: {
      associatedAzCount: 2,
      logRetentionDays: 365,
      ca: { commonName: 'vaultplat prod VPN root CA', organization: 'Acme Platform' },
    },
  },
} satisfies EnvironmentInput;
