import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { type ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type ClusterOidcProvider } from '../compute/cluster-oidc-provider';
import { IrsaRole } from '../compute/irsa-role';
import { KmsKey } from '../security/kms-key';
import { policyDocument } from '../security/policy-document';
import { vaultJobPod } from './vault-job-pod';
import { VAULT_API_PORT, VAULT_INIT_SERVICE_ACCOUNT, VAULT_INTERNAL_SERVICE, VAULT_NAMESPACE, VAULT_RELEASE_NAME } from './vault-server-names';

/** KMS encryption context of the init record: the break-glass role decrypts with it, the job may only encrypt with it. */
export const INIT_RECORD_CONTEXT_KEY = 'purpose';
export const INIT_RECORD_CONTEXT_VALUE = 'vault-init-record';

export interface VaultInitProps {
  /** `<project>-<env>`. */
  readonly namePrefix: string;
  readonly oidcProvider: ClusterOidcProvider;
  /** The only principal that may read and decrypt the init record. */
  readonly breakGlassRoleArn: string;
  /** @default 5 */
  readonly recoveryShares?: number;
  /** @default 3 */
  readonly recoveryThreshold?: number;
  /** The Vault release (and the Vault CA bundle): the job starts once they exist. */
  readonly dependsOn?: ITerraformDependable[];
  /** How long Terraform waits for the job. Keep it under the 15-minute EKS token of the run. @default '10m' */
  readonly waitTimeout?: string;
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * The shell script of the init job. Idempotent; the plaintext output of `vault operator init` lives only in one
 * shell variable and a pipe, is encrypted with the break-glass KMS key immediately, and nothing secret is printed:
 *
 * 1. wait until vault-0 answers (sealed and uninitialised is expected);
 * 2. Vault initialised and an init record stored: nothing to do, exit 0. Initialised without a record, or a record
 *    without an initialised Vault: stop with the runbook section to follow (never overwrite, never re-init);
 * 3. prove KMS Encrypt works with the init context **before** initialising (a permission problem fails here, safely);
 * 4. `vault operator init` (recovery shares/threshold; KMS auto-unseal means recovery keys, not unseal keys);
 * 5. KMS-encrypt the JSON output (recovery keys + initial root token) and `PutSecretValue` the ciphertext, retrying
 *    with only the ciphertext kept while Secrets Manager is unreachable.
 */
export function vaultInitScript(): string {
  return [
    'set -eu',
    'context="' + `${INIT_RECORD_CONTEXT_KEY}=${INIT_RECORD_CONTEXT_VALUE}` + ',environment=$ENVIRONMENT"',
    'stored_versions() { aws secretsmanager describe-secret --secret-id "$INIT_SECRET_ID" --query "length(VersionIdsToStages || \\`{}\\`)" --output text; }',
    'rc=1; i=0',
    'while [ "$i" -lt 60 ]; do',
    '  rc=0; vault status >/dev/null 2>&1 || rc=$?',
    '  [ "$rc" -ne 1 ] && break',
    '  i=$((i + 1)); sleep 5',
    'done',
    'if [ "$rc" -eq 1 ]; then echo "vault-0 did not answer on $VAULT_ADDR within 5 minutes"; exit 1; fi',
    'init=0; vault operator init -status >/dev/null 2>&1 || init=$?',
    'stored=$(stored_versions)',
    'if [ "$init" -eq 0 ]; then',
    '  if [ "$stored" -gt 0 ]; then echo "Vault is initialised and its init record is stored: nothing to do"; exit 0; fi',
    '  echo "Vault is initialised but no init record is stored: follow docs/vault-server.md, section Init failed halfway"; exit 1',
    'fi',
    'if [ "$init" -ne 2 ]; then echo "could not read the initialisation status of vault-0"; exit 1; fi',
    'if [ "$stored" -gt 0 ]; then echo "an init record exists but Vault is not initialised (data lost or new cluster): refusing to initialise; follow docs/vault-server.md, section Restore"; exit 1; fi',
    'printf preflight | aws kms encrypt --key-id "$BREAK_GLASS_KEY_ARN" --encryption-context "$context" --plaintext fileb:///dev/stdin --query KeyId --output text >/dev/null',
    'out=$(vault operator init -recovery-shares="$RECOVERY_SHARES" -recovery-threshold="$RECOVERY_THRESHOLD" -format=json) || { echo "vault operator init failed: follow docs/vault-server.md, section Init failed halfway"; exit 1; }',
    'blob=$(printf "%s" "$out" | aws kms encrypt --key-id "$BREAK_GLASS_KEY_ARN" --encryption-context "$context" --plaintext fileb:///dev/stdin --query CiphertextBlob --output text) || blob=""',
    'out=""; unset out',
    'if [ -z "$blob" ]; then echo "encrypting the init record failed after a successful preflight: follow docs/vault-server.md, section Init failed halfway"; exit 1; fi',
    'attempt=0',
    'until aws secretsmanager put-secret-value --secret-id "$INIT_SECRET_ID" --secret-string "$blob" --query VersionId --output text >/dev/null; do',
    '  attempt=$((attempt + 1))',
    '  if [ "$attempt" -ge 40 ]; then echo "could not store the init record: follow docs/vault-server.md, section Init failed halfway"; exit 1; fi',
    '  echo "storing the init record failed (attempt $attempt of 40), retrying in 30 s"; sleep 30',
    'done',
    'echo "Vault initialised; KMS-encrypted init record stored in $INIT_SECRET_ID"',
    '',
  ].join('\n');
}

/**
 * Initialisation without secrets in Terraform state, logs or Git:
 *
 * - a dedicated **break-glass KMS key** (customer-managed, rotation on) whose key policy lets the init job encrypt
 *   only under the init context and use the key through Secrets Manager, and lets only the break-glass role decrypt;
 * - a **Secrets Manager secret** encrypted with that key, with no value from Terraform (the job writes it); its
 *   resource policy denies `GetSecretValue` to every principal but the break-glass role and `PutSecretValue` to every
 *   principal but the init job's role;
 * - the init job's **IRSA role**: `PutSecretValue` and `DescribeSecret` (version metadata, never the value) on that
 *   one secret; it can never read the secret nor decrypt anything outside Secrets Manager;
 * - the **Job** ({@link vaultInitScript}), pinned images, `restricted` pod security, no retries that could run
 *   init twice (`backoffLimit: 0`); Terraform waits for it.
 *
 * The record is the JSON of `vault operator init` (recovery keys and the initial root token), KMS-encrypted with
 * context `purpose=vault-init-record,environment=<env>`, stored as base64 ciphertext. See docs/vault-server.md for the
 * runbook (read it, first vault-config apply, revoke the root token, failure cases).
 */
export class VaultInit extends Construct {
  readonly key: KmsKey;
  readonly secret: SecretsmanagerSecret;
  readonly role: IrsaRole;
  readonly serviceAccount: ServiceAccountV1;
  readonly job: JobV1;
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: VaultInitProps) {
    super(scope, id);
    const shares = props.recoveryShares ?? 5;
    const threshold = props.recoveryThreshold ?? 3;
    const problems: string[] = [];
    if (!Token.isUnresolved(props.breakGlassRoleArn) && !IAM_ROLE_ARN.test(props.breakGlassRoleArn)) {
      problems.push(`breakGlassRoleArn: expected an IAM role ARN, got "${props.breakGlassRoleArn}"`);
    }
    if (!Number.isInteger(shares) || shares < 1 || shares > 10) problems.push(`recoveryShares: expected 1-10, got ${shares}`);
    if (!Number.isInteger(threshold) || threshold < 1 || threshold > shares) problems.push(`recoveryThreshold: expected 1-${shares} (at most recoveryShares), got ${threshold}`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const context = AwsContext.of(this);
    const secretName = `${props.namePrefix}/vault/init-record`;
    const environment = props.namePrefix;
    this.role = new IrsaRole(this, 'role', {
      name: `${props.namePrefix}-vault-init`,
      oidcProvider: props.oidcProvider,
      namespace: VAULT_NAMESPACE,
      serviceAccount: VAULT_INIT_SERVICE_ACCOUNT,
      description: `Vault init job of ${props.namePrefix}: writes (never reads) the encrypted init record`,
      statements: [
        {
          Sid: 'WriteInitRecordOnly',
          Effect: 'Allow',
          Action: ['secretsmanager:PutSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: context.arn('secretsmanager', `secret:${secretName}-*`),
        },
      ],
    });
    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-vault-break-glass`,
      description: `${props.namePrefix}: Vault init record (recovery keys, initial root token); break-glass role only`,
      principalGrants: [
        {
          sid: 'InitJobEncryptsInitRecord',
          principalArn: this.role.arn,
          actions: ['kms:Encrypt'],
          conditions: { StringEquals: { [`kms:EncryptionContext:${INIT_RECORD_CONTEXT_KEY}`]: INIT_RECORD_CONTEXT_VALUE } },
        },
        {
          sid: 'InitJobStoresInitRecord',
          principalArn: this.role.arn,
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          conditions: {
            StringEquals: { 'kms:ViaService': context.regionalServicePrincipal('secretsmanager') },
            StringLike: { 'kms:EncryptionContext:SecretARN': context.arn('secretsmanager', `secret:${secretName}-*`) },
          },
        },
        { sid: 'BreakGlassDecrypts', principalArn: props.breakGlassRoleArn, actions: ['kms:Decrypt', 'kms:DescribeKey'] },
      ],
    });
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: secretName,
      description: `KMS-encrypted output of vault operator init for ${props.namePrefix} (recovery keys, initial root token). Break-glass only.`,
      kmsKeyId: this.key.arn,
      recoveryWindowInDays: 30,
      tags: { Name: secretName },
    });
    this.secretArn = this.secret.arn;
    new SecretsmanagerSecretPolicy(this, 'secret-policy', {
      secretArn: this.secret.arn,
      blockPublicPolicy: true,
      policy: policyDocument([
        {
          Sid: 'OnlyBreakGlassReads',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalArn': props.breakGlassRoleArn } },
        },
        {
          Sid: 'OnlyInitJobWrites',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:PutSecretValue',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalArn': this.role.arn } },
        },
        {
          Sid: 'BreakGlassReads',
          Effect: 'Allow',
          Principal: { AWS: props.breakGlassRoleArn },
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
          Resource: '*',
        },
      ]),
    });

    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: {
        name: VAULT_INIT_SERVICE_ACCOUNT,
        namespace: VAULT_NAMESPACE,
        annotations: { 'eks.amazonaws.com/role-arn': this.role.arn },
      },
      automountServiceAccountToken: false,
      dependsOn: props.dependsOn,
    });
    this.job = new JobV1(this, 'job', {
      metadata: { name: 'vault-init', namespace: VAULT_NAMESPACE, labels: { 'app.kubernetes.io/name': 'vault-init', 'app.kubernetes.io/part-of': 'vault' } },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: 1800,
        template: vaultJobPod({
          appName: 'vault-init',
          serviceAccountName: VAULT_INIT_SERVICE_ACCOUNT,
          script: vaultInitScript(),
          env: {
            VAULT_ADDR: `https://${VAULT_RELEASE_NAME}-0.${VAULT_INTERNAL_SERVICE}:${VAULT_API_PORT}`,
            INIT_SECRET_ID: this.secret.arn,
            BREAK_GLASS_KEY_ARN: this.key.arn,
            RECOVERY_SHARES: String(shares),
            RECOVERY_THRESHOLD: String(threshold),
            ENVIRONMENT: environment,
            AWS_REGION: context.region,
          },
        }),
      },
      waitForCompletion: true,
      timeouts: { create: props.waitTimeout ?? '10m', update: props.waitTimeout ?? '10m' },
      dependsOn: [...(props.dependsOn ?? []), this.serviceAccount],
    });
  }
}
