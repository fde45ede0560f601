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
