import { Construct } from 'constructs';
import { type ClusterOidcProvider } from '../compute/cluster-oidc-provider';
import { IrsaRole } from '../compute/irsa-role';
import { KmsKey } from '../security/kms-key';
import { VAULT_NAMESPACE, VAULT_SERVICE_ACCOUNT } from './vault-server-names';

/** What the awskms seal calls (go-kms-wrapping awskms: Encrypt, Decrypt; DescribeKey at start-up). */
export const SEAL_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'] as const;

export interface VaultSealProps {
  /** `<project>-<env>`: alias `<prefix>-vault-unseal` and role `<prefix>-vault-server`. */
  readonly namePrefix: string;
  /** The tooling cluster's IAM OIDC provider (IRSA). */
  readonly oidcProvider: ClusterOidcProvider;
}

/**
 * Auto-unseal with AWS KMS: a dedicated customer-managed key (rotation on) whose key policy lets exactly one role
 * use it (Encrypt, Decrypt, DescribeKey), besides the account-root administration statement every `KmsKey` has; and
 * that role, an IRSA role trusted only by the `vault` service account of namespace `vault` on the tooling cluster.
 * The key is never deleted with less than 30 days' notice: losing it makes every raft snapshot and the data unreadable.
 */
export class VaultSeal extends Construct {
  readonly key: KmsKey;
  readonly role: IrsaRole;
  readonly keyArn: string;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: VaultSealProps) {
    super(scope, id);
    this.role = new IrsaRole(this, 'role', {
      name: `${props.namePrefix}-vault-server`,
      oidcProvider: props.oidcProvider,
      namespace: VAULT_NAMESPACE,
      serviceAccount: VAULT_SERVICE_ACCOUNT,
      description: `Vault servers of ${props.namePrefix}: KMS auto-unseal (the key policy grants it)`,
    });
    this.key = new KmsKey(this, 'key', {
      alias: `${props.namePrefix}-vault-unseal`,
      description: `${props.namePrefix}: Vault auto-unseal (seal "awskms")`,
      principalGrants: [{ sid: 'VaultServersSeal', principalArn: this.role.arn, actions: [...SEAL_KEY_ACTIONS] }],
    });
    this.keyArn = this.key.arn;
    this.roleArn = this.role.arn;
  }
}
