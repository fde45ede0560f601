import { type EnvironmentInput } from './schema';

/** Staging: production-shaped (three AZs, NAT per AZ), shorter retention. Data only; validated by ./schema.ts. */
export const staging = {
  name: 'staging',
  tier: 'staging',
  project: 'vaultplat',
  aws: {
    region: 'eu-west-1',
    allowedAccountIds: ['222222222222'],
  },
  hcpTerraform: {
    organization: 'acme-platform',
    project: 'vault-platform',
  },
  tags: {
    owner: 'platform-team',
    costCenter: 'cc-1042',
    dataClassification: 'confidential',
  },
  network: {
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 'one-per-az',
    vpcs: {
      tooling: { cidr: '10.20.0.0/16' },
      application: { cidr: '10.21.0.0/16' },
    },
    vpnClientCidr: '10.210.0.0/22',
    flowLogs: {
      retentionDays: 90,
    },
  },
  clusters: {
    tooling: {
      kubernetesVersion: '1.35',
      logRetentionDays: 90,
      nodeGroups: {
        system: { instanceTypes: ['m7i.large'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGib: 80 },
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
        { principalArn: 'arn:aws:iam::222222222222:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::222222222222:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
      ],
    },
    application: {
      kubernetesVersion: '1.35',
      logRetentionDays: 90,
      nodeGroups: {
        general: { instanceTypes: ['m7i.large'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGib: 80 },
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
        { principalArn: 'arn:aws:iam::222222222222:role/platform-admin', policy: 'AmazonEKSClusterAdminPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::222222222222:role/platform-readonly', policy: 'AmazonEKSViewPolicy', scope: { type: 'cluster' } },
        { principalArn: 'arn:aws:iam::222222222222:role/app-deployer', policy: 'AmazonEKSEditPolicy', scope: { type: 'namespace', namespaces: ['apps'] } },
      ],
      // Destinations the application cluster's services may reach beyond DNS, Vault, PostgreSQL and HTTPS, opened on the
      // nodes (docs/service-catalog.md). 10.21.0.25 is a placeholder: your SMTP relay's address.
      serviceEgress: [{ name: 'smtp-relay', purpose: 'SMTP relay (submission, STARTTLS) of order confirmations', cidrs: ['10.21.0.25/32'], ports: [{ port: 587 }] }],
    },
  },
  database: {
    engineVersion: '17.7',
    instanceClass: 'db.m7g.large',
    allocatedStorageGb: 50,
    maxAllocatedStorageGb: 200,
    backupRetentionDays: 14,
    logRetentionDays: 90,
  },
  vaultAccess: {
    privateZoneName: 'staging.vault.internal',
    vpn: {
      associatedAzCount: 2,
      logRetentionDays: 90,
      ca: { commonName: 'vaultplat staging VPN root CA', organization: 'Acme Platform' },
    },
  },
  vault: {
    kv: { path: 'kv', maxVersions: 10 },
    tokens: { ttlSeconds: 900, maxTtlSeconds: 3600 },
    pki: { organization: 'Acme Platform', leafTtlDays: 30, allowedBaseDomains: ['staging.vaultplat.internal'] },
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
        certificates: { allowedDomains: ['payments-api.staging.vaultplat.internal'] },
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
        egress: [{ name: 'smtp-relay', purpose: 'SMTP relay that sends order confirmations', cidrs: ['10.21.0.25/32'], ports: [{ port: 587 }] }],
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
        certificates: { allowedDomains: ['ledger-worker.staging.vaultplat.internal'], ttlDays: 30, clientAuth: true },
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
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
    dataStorageGi: 20,
    auditStorageGi: 20,
    init: { recoveryShares: 5, recoveryThreshold: 3 },
    breakGlassRoleArn: 'arn:aws:iam::222222222222:role/vault-break-glass',
    snapshots: {
      intervalHours: 6,
      retentionDays: 30,
      objectLock: { mode: 'GOVERNANCE', retentionDays: 7 },
    },
  },
} satisfies EnvironmentInput;
