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
