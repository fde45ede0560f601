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
      // Destinations the application cluster's services may reach beyond DNS, Vault, PostgreSQL and HTTPS, opened on the
      // nodes (docs/service-catalog.md). 10.11.0.25 is a placeholder: your SMTP relay's address.
      serviceEgress: [{ name: 'smtp-relay', purpose: 'SMTP relay (submission, STARTTLS) of order confirmations', cidrs: ['10.11.0.25/32'], ports: [{ port: 587 }] }],
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
  vault: {
    kv: { path: 'kv', maxVersions: 10 },
    tokens: { ttlSeconds: 900, maxTtlSeconds: 3600 },
    pki: { organization: 'Acme Platform', leafTtlDays: 30, allowedBaseDomains: ['dev.vaultplat.internal'] },
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
        certificates: { allowedDomains: ['payments-api.dev.vaultplat.internal'] },
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
        egress: [{ name: 'smtp-relay', purpose: 'SMTP relay that sends order confirmations', cidrs: ['10.11.0.25/32'], ports: [{ port: 587 }] }],
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
        certificates: { allowedDomains: ['ledger-worker.dev.vaultplat.internal'], ttlDays: 30, clientAuth: true },
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
    // One raft voter in dev (cost); HA needs 3 and is enforced in staging and prod.
    replicas: 1,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    dataStorageGi: 10,
    auditStorageGi: 10,
    init: { recoveryShares: 3, recoveryThreshold: 2 },
    breakGlassRoleArn: 'arn:aws:iam::111111111111:role/vault-break-glass',
    snapshots: {
      intervalHours: 24,
      retentionDays: 7,
      objectLock: { mode: 'GOVERNANCE', retentionDays: 1 },
    },
  },
} satisfies EnvironmentInput;
