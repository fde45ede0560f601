import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { type TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from '../aws-context';
import { type PolicyConditions, type PolicyStatement, policyDocument } from './policy-document';

/** Lets an AWS service principal use the key, optionally limited by conditions (encryption context, source). */
export interface KeyServiceGrant {
  /** Statement ID, unique within the key policy. */
  readonly sid: string;
  /** Service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
  readonly service: string;
  /** KMS actions, never `kms:*`. */
  readonly actions: readonly string[];
  readonly conditions?: PolicyConditions;
}

/** Lets one IAM principal (a role of this account) use the key, usually limited to one service (`kms:ViaService`). */
export interface KeyPrincipalGrant {
  /** Statement ID, unique within the key policy. */
  readonly sid: string;
  /** IAM role ARN (a token is fine). */
  readonly principalArn: string;
  /** KMS actions, never `kms:*`. */
  readonly actions: readonly string[];
  readonly conditions?: PolicyConditions;
}

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `vaultplat-dev-observability`. */
  readonly alias: string;
  readonly description: string;
  /** Service principals that may use the key. @default - none: only IAM principals of the account. */
  readonly serviceGrants?: readonly KeyServiceGrant[];
  /** IAM principals that may use the key, each in its own statement. @default - none */
  readonly principalGrants?: readonly KeyPrincipalGrant[];
  /** AWS provider of the key, e.g. an aliased provider of a replica region. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** Waiting period before deletion, 7-30 days. @default 30 */
  readonly deletionWindowDays?: number;
  /** Automatic rotation period, 90-2560 days. @default 365 */
  readonly rotationPeriodDays?: number;
}

/** Data-key actions a service needs to encrypt and decrypt with the key (no administration). */
export const ENVELOPE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'] as const;

/**
 * A customer-managed symmetric KMS key with rotation on, an explicit key policy and an alias.
 *
 * The key policy has one statement for the account (`kms:*` for the account root, which delegates to IAM policies
 * and keeps the key manageable; without it a key can become unmanageable) plus one statement per service grant.
 */
export class KmsKey extends Construct {
  readonly key: AwsKmsKey;
  readonly arn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    const rotationPeriodDays = props.rotationPeriodDays ?? 365;
    const problems: string[] = [];
    if (deletionWindowDays < 7 || deletionWindowDays > 30) problems.push(`deletionWindowDays: expected 7-30, got ${deletionWindowDays}`);
    if (rotationPeriodDays < 90 || rotationPeriodDays > 2560) problems.push(`rotationPeriodDays: expected 90-2560, got ${rotationPeriodDays}`);
    if (!Token.isUnresolved(props.alias) && !/^[a-zA-Z0-9/_-]{1,250}$/.test(props.alias)) problems.push(`alias: expected letters, digits, /, _ or -, got "${props.alias}"`);
    for (const grant of props.serviceGrants ?? []) {
      if (grant.actions.some((a) => a === '*' || a === 'kms:*')) problems.push(`serviceGrants[${grant.sid}].actions: a service grant must list actions, got "kms:*"`);
    }
    for (const grant of props.principalGrants ?? []) {
      if (grant.actions.some((a) => a === '*' || a === 'kms:*')) problems.push(`principalGrants[${grant.sid}].actions: a principal grant must list actions, got "kms:*"`);
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const context = AwsContext.of(this);
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministration',
        Effect: 'Allow',
        Principal: { AWS: context.accountRootArn },
        Action: 'kms:*',
        Resource: '*',
      },
      ...(props.serviceGrants ?? []).map(
        (grant): PolicyStatement => ({
          Sid: grant.sid,
          Effect: 'Allow',
          Principal: { Service: grant.service },
          Action: [...grant.actions],
          Resource: '*',
          ...(grant.conditions ? { Condition: grant.conditions } : {}),
        }),
      ),
      ...(props.principalGrants ?? []).map(
        (grant): PolicyStatement => ({
          Sid: grant.sid,
          Effect: 'Allow',
          Principal: { AWS: grant.principalArn },
          Action: [...grant.actions],
          Resource: '*',
          ...(grant.conditions ? { Condition: grant.conditions } : {}),
        }),
      ),
    ];

    const provider = props.provider ? { provider: props.provider } : {};
    this.key = new AwsKmsKey(this, 'key', {
      ...provider,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: rotationPeriodDays,
      deletionWindowInDays: deletionWindowDays,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      policy: policyDocument(statements),
      tags: { Name: props.alias },
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, 'alias', { ...provider, name: this.aliasName, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}

/** Grant for CloudWatch Logs in this region, limited to log groups of this account. */
export function cloudWatchLogsGrant(context: AwsContext): KeyServiceGrant {
  return {
    sid: 'CloudWatchLogsOfThisAccount',
    service: context.regionalServicePrincipal('logs'),
    actions: [...ENVELOPE_ACTIONS],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': context.arn('logs', 'log-group:*') } },
  };
}
