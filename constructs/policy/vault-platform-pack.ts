import { type PolicyRule } from './rule';
import { alarmMissingDataExplicit } from './rules/alarm-missing-data-explicit';
import { alarmNotifiesTopic } from './rules/alarm-notifies-topic';
import { alarmRunbookLinked } from './rules/alarm-runbook-linked';
import { criticalResourcesAlarmed } from './rules/critical-resources-alarmed';
import { ec2AllowedInstanceTypes } from './rules/ec2-allowed-instance-types';
import { ec2Imdsv2Required } from './rules/ec2-imdsv2-required';
import { eksPrivateEndpoint } from './rules/eks-private-endpoint';
import { eksSecretsEncrypted } from './rules/eks-secrets-encrypted';
import { externalSecretRefreshBounded } from './rules/external-secret-refresh-bounded';
import { helmReleaseNoSecretSet } from './rules/helm-release-no-secret-set';
import { helmReleasePinned } from './rules/helm-release-pinned';
import { iamNoPassRoleWildcard } from './rules/iam-no-passrole-wildcard';
import { iamNoWildcardActions } from './rules/iam-no-wildcard-actions';
import { iamRunRoleBoundary } from './rules/iam-run-role-boundary';
import { iamWebIdentityTrustPinned } from './rules/iam-web-identity-trust-pinned';
import { k8sNamespacePodSecurity } from './rules/k8s-namespace-pod-security';
import { k8sServiceAccountNoAutomount } from './rules/k8s-service-account-no-automount';
import { k8sStorageClassEncrypted } from './rules/k8s-storage-class-encrypted';
import { k8sWorkloadNamespaceIsolated } from './rules/k8s-workload-namespace-isolated';
import { kmsKeyDeletionWindow } from './rules/kms-key-deletion-window';
import { kmsKeyPolicy } from './rules/kms-key-policy';
import { kmsKeyRotation } from './rules/kms-key-rotation';
import { logGroupKmsEncrypted } from './rules/log-group-kms-encrypted';
import { logGroupRetention } from './rules/log-group-retention';
import { noLiteralSecrets } from './rules/no-literal-secrets';
import { providerDefaultTags } from './rules/provider-default-tags';
import { rdsAllowedInstanceClasses } from './rules/rds-allowed-instance-classes';
import { rdsKmsEncrypted } from './rules/rds-kms-encrypted';
import { rdsNotPublic } from './rules/rds-not-public';
import { rdsProtections } from './rules/rds-protections';
import { s3KmsEncrypted } from './rules/s3-kms-encrypted';
import { s3PublicAccessBlocked } from './rules/s3-public-access-blocked';
import { s3VersioningEnabled } from './rules/s3-versioning-enabled';
import { secretStoreOwnService } from './rules/secret-store-own-service';
import { sgDescriptions } from './rules/sg-descriptions';
import { sgNoOpenIngress } from './rules/sg-no-open-ingress';
import { snsTopicKmsEncrypted } from './rules/sns-topic-kms-encrypted';
import { vaultHaRaft } from './rules/vault-ha-raft';
import { vaultKubernetesRoleBound } from './rules/vault-kubernetes-role-bound';
import { vaultPolicyLeastPrivilege } from './rules/vault-policy-least-privilege';
import { vaultSealConfigured } from './rules/vault-seal-configured';
import { vaultTlsEnabled } from './rules/vault-tls-enabled';
import { vaultTokenTtlBounded } from './rules/vault-token-ttl-bounded';
import { vpcFlowLogsEnabled } from './rules/vpc-flow-logs-enabled';

export type Severity = 'error' | 'warning';

/** A rule as the pack runs it: the pack owns the ID, the severity, the message and the fix. */
export interface PackEntry {
  /** `<pack>-<area>-<n>`, e.g. `VP-S3-1`. Stable: suppressions and docs refer to it. */
  readonly id: string;
  readonly severity: Severity;
  readonly rule: PolicyRule;
  /** What is wrong, one sentence, shown with the rule's detail. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

export interface PolicyPackDefinition {
  /** Short name, the prefix of every rule ID. */
  readonly name: string;
  readonly title: string;
  readonly entries: readonly PackEntry[];
}

export const RULE_ID = /^[A-Z]+-[A-Z0-9]+-\d+$/;

/**
 * The Vault platform pack, `VP`. Areas: TAG tagging, VPC network, S3, LOG CloudWatch Logs, SNS, RDS, EKS, KMS,
 * SG security groups, EC2, COST cost guard, IAM, VAULT Vault configuration, SEC secrets, K8S Kubernetes and Helm,
 * OBS alarms and observability.
 * Numbers are never reused.
 */
export const VAULT_PLATFORM_PACK: PolicyPackDefinition = {
  name: 'VP',
  title: 'Vault platform policy pack',
  entries: [
    {
      id: 'VP-TAG-1',
      severity: 'error',
      rule: providerDefaultTags,
      message: 'The AWS provider does not apply every mandatory tag.',
      fix: 'Create the stack from PlatformStack, whose provider sets defaultTags from the environment tags; never add an untagged provider.',
    },
    {
      id: 'VP-VPC-1',
      severity: 'error',
      rule: vpcFlowLogsEnabled,
      message: 'The VPC has no flow log of ALL traffic.',
      fix: 'Build VPCs with the Network construct (flow logs are always on) or add VpcFlowLogs for the VPC.',
    },
    {
      id: 'VP-S3-1',
      severity: 'error',
      rule: s3PublicAccessBlocked,
      message: 'The S3 bucket can be made public.',
      fix: 'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.',
    },
    {
      id: 'VP-S3-2',
      severity: 'error',
      rule: s3KmsEncrypted,
      message: 'The S3 bucket is not encrypted with a customer-managed KMS key.',
      fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms", kms_master_key_id set to a KmsKey ARN and bucket_key_enabled true.',
    },
    {
      id: 'VP-S3-3',
      severity: 'error',
      rule: s3VersioningEnabled,
      message: 'The S3 bucket is not versioned.',
      fix: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status "Enabled".',
    },
    {
      id: 'VP-LOG-1',
      severity: 'error',
      rule: logGroupKmsEncrypted,
      message: 'The CloudWatch log group is not encrypted with a customer-managed KMS key.',
      fix: 'Set kmsKeyId to a KmsKey ARN whose policy includes cloudWatchLogsGrant(context).',
    },
    {
      id: 'VP-LOG-2',
      severity: 'error',
      rule: logGroupRetention,
      message: 'The CloudWatch log group retention is missing or below the tier minimum.',
      fix: 'Set retentionInDays to a CloudWatch Logs retention value at least the tier minimum (MIN_LOG_RETENTION_DAYS).',
    },
    {
      id: 'VP-SNS-1',
      severity: 'error',
      rule: snsTopicKmsEncrypted,
      message: 'The SNS topic is not encrypted with a customer-managed KMS key.',
      fix: 'Set kmsMasterKeyId to a KmsKey ARN that grants the publishing services (see alarmTopicKeyGrant), or use AlarmTopic.',
    },
    {
      id: 'VP-RDS-1',
      severity: 'error',
      rule: rdsKmsEncrypted,
      message: 'The database storage is not encrypted with a customer-managed KMS key.',
      fix: 'Set storageEncrypted true and kmsKeyId to a KmsKey ARN.',
    },
    {
      id: 'VP-RDS-2',
      severity: 'error',
      rule: rdsNotPublic,
      message: 'The database instance is publicly accessible.',
      fix: 'Set publiclyAccessible false and place the instance in isolated subnets.',
    },
    {
      id: 'VP-RDS-3',
      severity: 'error',
      rule: rdsProtections,
      message: 'The database lacks the protections required outside dev.',
      fix: 'Set deletionProtection true, skipFinalSnapshot false with a finalSnapshotIdentifier, backupRetentionPeriod at least the minimum, and multiAz true in prod.',
    },
    {
      id: 'VP-EKS-1',
      severity: 'error',
      rule: eksSecretsEncrypted,
      message: 'Kubernetes secrets of the EKS cluster are not envelope-encrypted with a customer-managed KMS key.',
      fix: 'Set encryptionConfig { resources: ["secrets"], provider: { keyArn: <KmsKey ARN> } }.',
    },
    {
      id: 'VP-EKS-2',
      severity: 'error',
      rule: eksPrivateEndpoint,
      message: 'The EKS API endpoint is reachable from the internet outside dev.',
      fix: 'Set vpcConfig.endpointPrivateAccess true and vpcConfig.endpointPublicAccess false; operators reach the API through the Client VPN.',
    },
    {
      id: 'VP-KMS-1',
      severity: 'error',
      rule: kmsKeyRotation,
      message: 'The KMS key does not rotate automatically.',
      fix: 'Set enableKeyRotation true (the KmsKey construct does).',
    },
    {
      id: 'VP-KMS-2',
      severity: 'error',
      rule: kmsKeyPolicy,
      message: 'The KMS key has no explicit key policy.',
      fix: 'Create keys with the KmsKey construct, which writes an explicit policy with per-service grants.',
    },
    {
      id: 'VP-KMS-3',
      severity: 'warning',
      rule: kmsKeyDeletionWindow,
      message: 'The KMS key deletion window is shorter than 30 days.',
      fix: 'Leave deletionWindowInDays at 30 unless the key protects nothing that outlives it.',
    },
    {
      id: 'VP-SG-1',
      severity: 'error',
      rule: sgNoOpenIngress,
      message: 'The security group admits traffic from the whole internet.',
      fix: 'Allow only the CIDRs or security groups that need access (VPC, VPN client range, peer security group).',
    },
    {
      id: 'VP-SG-2',
      severity: 'error',
      rule: sgDescriptions,
      message: 'A security group or one of its rules has no description.',
      fix: 'Describe the group and every rule: who connects, to what, why.',
    },
    {
      id: 'VP-EC2-1',
      severity: 'error',
      rule: ec2Imdsv2Required,
      message: 'Instances can use IMDSv1, which SSRF can abuse to steal instance credentials.',
      fix: 'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 or 2 } on the launch template or instance, and give EKS node groups a launch template.',
    },
    {
      id: 'VP-COST-1',
      severity: 'error',
      rule: ec2AllowedInstanceTypes,
      message: 'The EC2 instance type is not allowed in this environment.',
      fix: 'Pick a type from guardrails.allowedInstanceTypes of the environment, or extend that list in environments/<env>.ts (reviewed).',
    },
    {
      id: 'VP-COST-2',
      severity: 'error',
      rule: rdsAllowedInstanceClasses,
      message: 'The RDS instance class is not allowed in this environment.',
      fix: 'Pick a class from guardrails.allowedDbInstanceClasses of the environment, or extend that list in environments/<env>.ts (reviewed).',
    },
    {
      id: 'VP-IAM-1',
      severity: 'error',
      rule: iamNoWildcardActions,
      message: 'The IAM policy allows wildcard actions.',
      fix: 'List the actions the principal needs (see the service authorization reference) instead of wildcards or broad AWS managed policies; only the account-root statement of a KmsKey key policy holds kms:*.',
    },
    {
      id: 'VP-IAM-2',
      severity: 'error',
      rule: iamNoPassRoleWildcard,
      message: 'The IAM policy allows passing any role.',
      fix: 'Limit iam:PassRole to the ARNs of the roles that may be passed, with an iam:PassedToService condition.',
    },
    {
      id: 'VP-IAM-3',
      severity: 'error',
      rule: iamWebIdentityTrustPinned,
      message: 'The web identity trust does not pin the token audience and subject to one identity.',
      fix: 'Use StringEquals on <issuer>:aud and <issuer>:sub with one literal value each (IrsaRole, WorkspaceRunRoles); for HCP Terraform the sub is organization:<org>:project:<project>:workspace:<ws>:run_phase:<plan|apply>.',
    },
    {
      id: 'VP-IAM-4',
      severity: 'error',
      rule: iamRunRoleBoundary,
      message: 'An HCP Terraform run role has no permissions boundary.',
      fix: 'Create run roles with WorkspaceRunRoles, which sets the run boundary of PermissionBoundaries (constructs/delivery/).',
    },
    {
      id: 'VP-VAULT-1',
      severity: 'error',
      rule: vaultPolicyLeastPrivilege,
      message: 'The Vault policy grants every mount or sudo outside the admin policy.',
      fix: 'Grant named paths (e.g. "kv/data/<team>/*") with the capabilities needed; sudo and "*" belong only in the admin policy.',
    },
    {
      id: 'VP-VAULT-2',
      severity: 'error',
      rule: vaultKubernetesRoleBound,
      message: 'The Kubernetes auth role accepts any service account or namespace.',
      fix: 'Set boundServiceAccountNames and boundServiceAccountNamespaces to the exact names of the workload.',
    },
    {
      id: 'VP-VAULT-3',
      severity: 'error',
      rule: vaultTokenTtlBounded,
      message: 'Tokens issued by the Vault auth role live too long.',
      fix: 'Set tokenTtl and tokenMaxTtl (seconds) within the pack limits.',
    },
    {
      id: 'VP-VAULT-4',
      severity: 'error',
      rule: vaultTlsEnabled,
      message: 'The Vault release would serve its API without TLS.',
      fix: 'Build the values with vaultHelmValues (constructs/vault-server/vault-helm-values.ts): global.tlsDisable false and a TLS listener with the cert-manager certificate.',
    },
    {
      id: 'VP-VAULT-5',
      severity: 'error',
      rule: vaultHaRaft,
      message: 'The Vault release is not highly available outside dev.',
      fix: 'Set vaultServer.replicas to an odd number of at least 3 (HA with integrated storage and a PodDisruptionBudget follow from vaultHelmValues).',
    },
    {
      id: 'VP-VAULT-6',
      severity: 'error',
      rule: vaultSealConfigured,
      message: 'The Vault release has no AWS KMS auto-unseal.',
      fix: 'Keep the seal "awskms" stanza of vaultServerConfigHcl with the VaultSeal key ARN and region.',
    },
    {
      id: 'VP-SEC-1',
      severity: 'error',
      rule: noLiteralSecrets,
      message: 'A literal secret would be written to the synthesized configuration (and to Terraform state and VCS).',
      fix: 'Reference a generated or stored secret (random_password, aws_secretsmanager_secret_version, manage_master_user_password, Vault) or a sensitive variable without a default.',
    },
    {
      id: 'VP-K8S-1',
      severity: 'error',
      rule: k8sNamespacePodSecurity,
      message: 'The Kubernetes namespace does not enforce a pinned Pod Security level.',
      fix: 'Create namespaces with PlatformNamespace (restricted by default, version pinned to the cluster); a lower level needs podSecurityReason, and privileged a suppression with its reason.',
    },
    {
      id: 'VP-K8S-2',
      severity: 'error',
      rule: helmReleasePinned,
      message: 'The Helm release is not a chart pinned in CHARTS at its exact version.',
      fix: 'Add the chart to CHARTS (constructs/kubernetes/charts.ts) with its exact version and source tag, and install it with PinnedHelmRelease.',
    },
    {
      id: 'VP-K8S-3',
      severity: 'error',
      rule: helmReleaseNoSecretSet,
      message: 'The Helm release passes a secret through set, set_list or set_sensitive, which Terraform stores in state.',
      fix: 'Let the chart read the credential from a Kubernetes Secret created in-cluster (or by External Secrets), or pass it with write-only set_wo.',
    },
    {
      id: 'VP-K8S-4',
      severity: 'error',
      rule: k8sStorageClassEncrypted,
      message: 'The EBS StorageClass does not encrypt volumes with a customer-managed KMS key.',
      fix: 'Use EncryptedStorageClass (gp3, encrypted "true", kmsKeyId of its own KmsKey), or set both parameters.',
    },
    {
      id: 'VP-K8S-5',
      severity: 'error',
      rule: k8sWorkloadNamespaceIsolated,
      message: 'A namespace of declared services is not Pod Security restricted in every mode or has no default-deny NetworkPolicy.',
      fix: 'Create service namespaces with ServiceNamespace (from the delivery model): restricted enforce/audit/warn and a default-deny policy come with it.',
    },
    {
      id: 'VP-K8S-6',
      severity: 'error',
      rule: externalSecretRefreshBounded,
      message: 'The ExternalSecret refreshes less often than its tier allows, or never.',
      fix: 'Set spec.refreshInterval to at most the tier maximum (SECRET_REFRESH in constructs/kubernetes/workload-sizing.ts) with refreshPolicy Periodic; declare secretRefreshSeconds on the service to go faster.',
    },
    {
      id: 'VP-K8S-7',
      severity: 'error',
      rule: secretStoreOwnService,
      message: "The ESO store is not a SecretStore that logs in as its own service's account with that service's role.",
      fix: 'Render stores with ServiceWorkload (from the delivery model): one SecretStore per service, Kubernetes or JWT auth with serviceAccountRef to the service account, role = the service name.',
    },
    {
      id: 'VP-K8S-8',
      severity: 'error',
      rule: k8sServiceAccountNoAutomount,
      message: 'The ServiceAccount lets every pod that uses it mount a token automatically.',
      fix: 'Set automountServiceAccountToken: false; pods that need a token mount a projected one with its audience.',
    },
    {
      id: 'VP-OBS-1',
      severity: 'error',
      rule: alarmNotifiesTopic,
      message: "The alarm does not notify the environment's alarm topic on ALARM and OK.",
      fix: 'Create alarms from the signal catalog (SignalAlarms, metricAlarmConfig with the network stack\'s alarmTopic.arn); they set alarm_actions and ok_actions to the topic.',
    },
    {
      id: 'VP-OBS-2',
      severity: 'error',
      rule: alarmRunbookLinked,
      message: 'The alarm does not say what it means or which runbook section to follow.',
      fix: 'Add the signal to constructs/observability/signals.ts and stacks/signal-catalog.ts (the description links docs/runbooks/alarms.md#<signal>) and write that section.',
    },
    {
      id: 'VP-OBS-3',
      severity: 'error',
      rule: alarmMissingDataExplicit,
      message: 'The alarm leaves the treatment of missing data undecided.',
      fix: 'Set treat_missing_data: the signal table (constructs/observability/signals.ts) records the choice and the reason for each signal.',
    },
    {
      id: 'VP-OBS-4',
      severity: 'error',
      rule: criticalResourcesAlarmed,
      message: 'A resource the platform depends on ships without the alarms the signal catalog requires for its type.',
      fix: "Pass the catalog's alarms to the construct that creates it (alarmsOwnedBy(signalCatalog(env), <stack kind>)), or add the signal to the catalog when the type is new to the platform.",
    },
  ],
};
