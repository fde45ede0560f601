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
      // Destinations the application cluster's services may reach beyond DNS, Vault, PostgreSQL and HTTPS, opened on the
      // nodes (docs/service-catalog.md). 10.31.0.25 is a placeholder: your SMTP relay's address.
      serviceEgress: [{ name: 'smtp-relay', purpose: 'SMTP relay (submission, STARTTLS) of order confirmations', cidrs: ['10.31.0.25/32'], ports: [{ port: 587 }] }],
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
  vault: {
    kv: { path: 'kv', maxVersions: 20 },
    tokens: { ttlSeconds: 900, maxTtlSeconds: 3600 },
    pki: { organization: 'Acme Platform', leafTtlDays: 30, allowedBaseDomains: ['prod.vaultplat.internal'] },
    kubernetes: {
      audience: 'vault',
    },
    audit: [
      { type: 'file', path: 'file', filePath: '/vault/audit/vault-audit.log' },
      { type: 'file', path: 'stdout', filePath: 'stdout' },
    ],
    services: [
      {
        name: 'payments-api',
        team: 'payments',
        cluster: 'application',
        namespace: 'payments',
        serviceAccount: 'payments-api',
        secrets: [
          { key: 'stripe_api_key', purpose: 'Stripe secret key used to create charges and refunds' },
          { key: 'webhook_signing_secret', purpose: 'Verifies the signature of incoming Stripe webhooks' },
        ],
        database: { access: 'read-write' },
        certificates: { allowedDomains: ['payments-api.prod.vaultplat.internal'] },
      },
      {
        name: 'orders',
        team: 'commerce',
        cluster: 'application',
        namespace: 'orders',
        serviceAccount: 'orders',
        secrets: [
          { key: 'smtp_password', purpose: 'Password of the SMTP relay account that sends order confirmations' },
        ],
        // The SMTP relay (submission, STARTTLS) in the application VPC. 10.11.0.25 is a placeholder: your relay's address.
        egress: [{ name: 'smtp-relay', purpose: 'SMTP relay that sends order confirmations', cidrs: ['10.31.0.25/32'], ports: [{ port: 587 }] }],
        database: { access: 'read-only' },
        signingKeys: {
          keys: [
            { id: '2025-06', status: 'primary' },
            { id: '2025-01', status: 'verifying' },
          ],
        },
      },
      {
        name: 'ledger-worker',
        team: 'payments',
        cluster: 'application',
        namespace: 'payments',
        serviceAccount: 'ledger-worker',
        delivery: 'direct',
        justification:
          'Renews 15-minute dynamic database leases and short-lived mTLS certificates inside long-running batch pods; a synced Kubernetes Secret would expire mid-run.',
        secrets: [
          { key: 'ledger_export_key', purpose: 'Encrypts ledger exports uploaded to the finance bucket' },
        ],
        tokenTtlSeconds: 600,
        tokenMaxTtlSeconds: 1800,
        database: { access: 'read-write', defaultTtlSeconds: 900, maxTtlSeconds: 3600 },
        certificates: { allowedDomains: ['ledger-worker.prod.vaultplat.internal'], ttlDays: 30, clientAuth: true },
        appRole: { secretIdTtlSeconds: 86400, secretIdNumUses: 20 },
      },
      {
        name: 'grafana',
        team: 'observability',
        cluster: 'tooling',
        namespace: 'monitoring',
        serviceAccount: 'grafana',
        secrets: [
          { key: 'admin_password', purpose: 'Break-glass password of the Grafana admin user' },
          { key: 'oauth_client_secret', purpose: 'OAuth client secret for single sign-on to Grafana' },
        ],
      },
    ],
  },
  vaultServer: {
    replicas: 3,
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
    dataStorageGi: 50,
    auditStorageGi: 100,
    init: { recoveryShares: 5, recoveryThreshold: 3 },
    breakGlassRoleArn: 'arn:aws:iam::333333333333:role/vault-break-glass',
    snapshots: {
      intervalHours: 1,
      retentionDays: 90,
      objectLock: { mode: 'COMPLIANCE', retentionDays: 30 },
      replicaRegion: 'eu-central-1',
    },
  },
} satisfies EnvironmentInput;
