import { type EnvironmentInput } from './schema';

/** Development: two AZs, one NAT gateway, short log retention. Data only; validated by ./schema.ts. */
export const dev = {
  name: 'dev',
  tier: 'dev',
  project: 'vaultplat',
  aws: {
    region: 'eu-west-1',
    allowedAccountIds: ['111111111111'],
  },
  hcpTerraform: {
    organization: 'acme-platform',
    project: 'vault-platform',
  },
  tags: {
    owner: 'platform-team',
    costCenter: 'cc-1042',
    dataClassification: 'internal',
  },
  network: {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 'single',
    vpcs: {
      tooling: { cidr: '10.10.0.0/16' },
      application: { cidr: '10.11.0.0/16' },
    },
    vpnClientCidr: '10.200.0.0/22',
    flowLogs: {
      retentionDays: 30,
    },
  },
  clusters: {
    tooling: {
      kubernetesVersion: '1.35',
      // Public endpoint in dev only, limited to an allow-list; 203.0.113.0/24 is a documentation range: replace it.
      endpoint: { publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] },
      logRetentionDays: 30,
      nodeGroups: {
        system: { instanceTypes: ['t3.large'], minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGib: 50 },
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
        { principalArn: 'arn:aws:iam::111111111111:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::111111111111:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
      ],
    },
    application: {
      kubernetesVersion: '1.35',
      logRetentionDays: 30,
      nodeGroups: {
        general: { instanceTypes: ['t3.medium'], minSize: 1, desiredSize: 2, maxSize: 4, diskSizeGib: 50 },
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
        { principalArn: 'arn:aws:iam::111111111111:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::111111111111:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::111111111111:role/app-deployer', policy: 'AmazonEKSEditPolicy', scope: { type: 'namespace', namespaces: ['apps'] } },
      ],
    },
  },
  database: {
    engineVersion: '17.7',
    instanceClass: 'db.t4g.small',
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 50,
    backupRetentionDays: 3,
    multiAz: false,
    deletionProtection: false,
    finalSnapshot: false,
    logRetentionDays: 30,
  },
  vaultAccess: {
    privateZoneName: 'dev.vault.internal',
    vpn: {
      associatedAzCount: 1,
      logRetentionDays: 30,
      sessionTimeoutHours: 12,
      ca: { commonName: 'vaultplat dev VPN root CA', organization: 'Acme Platform' },
    },
  },
} satisfies EnvironmentInput;
