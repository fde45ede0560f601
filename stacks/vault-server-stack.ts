import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HttpProvider } from '@cdktf/provider-http/lib/provider';
import { TerraformOutput } from 'cdktf';
import { type Construct } from 'constructs';
import { AwsContext } from '../constructs/aws-context';
import { ClusterProviders } from '../constructs/kubernetes/cluster-providers';
import { DEFAULT_MOUNT_PATHS } from '../constructs/vault/service-grants';
import { RdsCaBundle } from '../constructs/vault-server/rds-ca-bundle';
import { VaultHelmRelease } from '../constructs/vault-server/vault-helm-release';
import { agentInjectorNeeded } from '../constructs/vault-server/vault-helm-values';
import { VaultInit } from '../constructs/vault-server/vault-init';
import { VaultNamespaceCheck } from '../constructs/vault-server/vault-namespace-check';
import { VaultNetworkPolicies } from '../constructs/vault-server/vault-network-policies';
import { VaultSeal } from '../constructs/vault-server/vault-seal';
import { ENCRYPTED_STORAGE_CLASS } from '../constructs/vault-server/vault-server-names';
import { VaultServerTls } from '../constructs/vault-server/vault-server-tls';
import { VaultSnapshots } from '../constructs/vault-server/vault-snapshots';
import { VaultTargetGroupBinding } from '../constructs/vault-server/vault-target-group-binding';
import { SECRET_DELIVERIES } from '../environments/vault-schema';
import { type EnvironmentConfig } from '../environments/schema';
import { type ClusterStack } from './cluster-stack';
import { type NetworkStack } from './network-stack';
import { PlatformStack, type PlatformStackProps, defaultTags } from './platform-stack';
import { catalogAlarm, signalCatalog } from './signal-catalog';
import { type VaultAccessStack } from './vault-access-stack';

export interface VaultServerStackProps extends PlatformStackProps {
  /** Subnet ranges (network policies) and the environment's alarm topic. */
  readonly network: NetworkStack;
  /** The NLB target group Vault registers into and the private name its certificate carries. */
  readonly vaultAccess: VaultAccessStack;
  /** The tooling cluster: where Vault runs (providers, IRSA OIDC provider). */
  readonly tooling: ClusterStack;
}

/** File audit devices of the environment (not `stdout`): the ops sidecar rotates them on the audit volume. */
export function auditFilePaths(env: EnvironmentConfig): string[] {
  return env.vault.audit.flatMap((device) => (device.type === 'file' && device.filePath !== 'stdout' ? [device.filePath] : []));
}

/**
 * `vault-server-<env>`: Vault running on the tooling cluster (docs/vault-server.md).
 *
 * Applied after `cluster-addons-tooling-<env>` (whose CRDs the custom resources here need at plan time, and which
 * creates the `vault` namespace: trust-manager's trust namespace) and before
 * `vault-config-<env>` (which configures the running Vault). Its state holds no private key: cert-manager keeps the
 * CA and server keys in Kubernetes Secrets Terraform never reads, the init record goes from the job straight to
 * Secrets Manager, and the CA certificate output is read from the public trust-manager ConfigMap.
 */
export class VaultServerStack extends PlatformStack {
  readonly providers: ClusterProviders;
  /** The `vault` namespace (created by the add-ons stack), checked for its Pod Security and readiness-gate labels. */
  readonly namespace: VaultNamespaceCheck;
  readonly networkPolicies: VaultNetworkPolicies;
  readonly tls: VaultServerTls;
  readonly seal: VaultSeal;
  readonly rdsCaBundle?: RdsCaBundle;
  readonly targetGroupBinding: VaultTargetGroupBinding;
  readonly release: VaultHelmRelease;
  readonly init: VaultInit;
  readonly snapshots: VaultSnapshots;
  /** PEM of the CA that signs the Vault listener certificate (public). */
  readonly caCertificatePem: string;

  constructor(scope: Construct, props: VaultServerStackProps) {
    super(scope, 'vault-server', props);
    const env = props.environment;
    const server = env.vaultServer;
    const { tooling, application } = props.network;

    this.providers = new ClusterProviders(this, 'tooling-cluster', { cluster: props.tooling, helm: true });
    new HttpProvider(this, 'http');
    const replicaProvider = server.snapshots.replicaRegion
      ? new AwsProvider(this, 'aws-replica', {
          alias: 'replica',
          region: server.snapshots.replicaRegion,
          allowedAccountIds: [...env.aws.allowedAccountIds],
          defaultTags: [{ tags: defaultTags(env, this.stackName) }],
        })
      : undefined;

    this.namespace = new VaultNamespaceCheck(this, 'namespace');
    const inNamespace = [this.namespace.namespace];
    const privateCidrs = (network: typeof tooling) => network.availabilityZones.map((az) => network.subnetCidrs[az].private);
    this.networkPolicies = new VaultNetworkPolicies(this, 'network-policies', {
      toolingPrivateCidrs: privateCidrs(tooling),
      applicationPrivateCidrs: privateCidrs(application),
      databaseCidrs: env.database ? application.availabilityZones.map((az) => application.subnetCidrs[az].isolated) : [],
      dependsOn: inNamespace,
    });
    this.tls = new VaultServerTls(this, 'tls', {
      hostname: props.vaultAccess.vaultHostname,
      replicas: server.replicas,
      organization: env.vault.pki.organization,
      namePrefix: this.namePrefix,
      dependsOn: inNamespace,
    });
    this.caCertificatePem = this.tls.caCertificatePem;
    if (env.database) {
      this.rdsCaBundle = new RdsCaBundle(this, 'rds-ca', { sha256: server.rdsCaBundleSha256, dependsOn: inNamespace });
    }
    const oidcProvider = props.tooling.cluster.oidcProvider;
    this.seal = new VaultSeal(this, 'seal', { namePrefix: this.namePrefix, oidcProvider });
    this.targetGroupBinding = new VaultTargetGroupBinding(this, 'target-group-binding', {
      targetGroupArn: props.vaultAccess.loadBalancer.targetGroupArn,
      dependsOn: inNamespace,
    });

    this.release = new VaultHelmRelease(this, 'vault', {
      replicas: server.replicas,
      zoneCount: env.network.availabilityZones.length,
      resources: server.resources,
      dataStorageGi: server.dataStorageGi,
      auditStorageGi: server.auditStorageGi,
      storageClass: ENCRYPTED_STORAGE_CLASS,
      logLevel: server.logLevel,
      clusterName: this.namePrefix,
      region: env.aws.region,
      unsealKeyArn: this.seal.keyArn,
      serviceAccountRoleArn: this.seal.roleArn,
      auditFiles: auditFilePaths(env),
      mountRdsCaBundle: env.database !== undefined,
      // Every delivery mode the platform supports, not the ones declared today: a service change never changes vault-server.
      agentInjector: agentInjectorNeeded(SECRET_DELIVERIES),
      dependsOn: [
        ...inNamespace,
        this.tls.serverCertificate,
        this.targetGroupBinding.binding,
        this.networkPolicies.vaultServer,
        this.seal.key.key,
        ...(this.rdsCaBundle ? [this.rdsCaBundle.configMap] : []),
      ],
    });

    this.init = new VaultInit(this, 'init', {
      namePrefix: this.namePrefix,
      oidcProvider,
      breakGlassRoleArn: server.breakGlassRoleArn,
      recoveryShares: server.init.recoveryShares,
      recoveryThreshold: server.init.recoveryThreshold,
      dependsOn: [this.release.release, this.tls.caBundle, this.networkPolicies.jobs],
    });

    this.snapshots = new VaultSnapshots(this, 'snapshots', {
      namePrefix: this.namePrefix,
      accountId: AwsContext.of(this).accountId,
      oidcProvider,
      intervalHours: server.snapshots.intervalHours,
      minute: server.snapshots.minute,
      retentionDays: server.snapshots.retentionDays,
      objectLock: server.snapshots.objectLock,
      replicaProvider,
      replicaRegion: server.snapshots.replicaRegion,
      missingAlarm: { topicArn: props.network.alarmTopic.arn, spec: catalogAlarm(signalCatalog(env), 'vault-snapshot-missing') },
      vaultAuthPath: DEFAULT_MOUNT_PATHS.clusterAuth.tooling.path,
      dependsOn: [this.release.release, this.networkPolicies.jobs],
    });

    const outputs: [string, string, string][] = [
      ['vault-ca-certificate-pem', this.caCertificatePem, 'CA certificate (public) of the Vault listener: trust it in vault-config (TFC_VAULT_ENCODED_CACERT), VPN users and workloads'],
      ['vault-init-secret-arn', this.init.secretArn, 'Secrets Manager secret holding the KMS-encrypted init record (break-glass role only)'],
      ['vault-unseal-key-arn', this.seal.keyArn, 'KMS key of the Vault auto-unseal'],
      ['vault-snapshot-bucket', this.snapshots.bucket.bucketName, 'S3 bucket of the raft snapshots'],
      ['vault-snapshot-alarm', this.snapshots.alarm.alarmName, 'Alarm raised when no raft snapshot arrived for two intervals'],
    ];
    if (this.snapshots.replica) {
      outputs.push(['vault-snapshot-replica-bucket', this.snapshots.replica.bucket.bucketName, `Replica of the snapshot bucket in ${String(server.snapshots.replicaRegion)}`]);
    }
    for (const [id, value, description] of outputs) new TerraformOutput(this, id, { value, description });
  }
}
