/**
 * Names other stacks and constructs rely on, created by `cluster-addons-<role>-<env>` (stacks/cluster-addons-stack.ts).
 * Import these instead of repeating the strings: a rename here is then a compile-time change everywhere.
 */

/**
 * The encrypted gp3 StorageClass (EBS CSI, customer-managed KMS key, `WaitForFirstConsumer`, reclaim `Retain`).
 * It is the cluster's default class, so a claim without a class is encrypted too.
 */
export const ENCRYPTED_STORAGE_CLASS = 'gp3-encrypted';

/** Service account of the AWS Load Balancer Controller: its IRSA role trusts exactly this one. */
export const AWS_LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/**
 * Namespace label that makes the AWS Load Balancer Controller inject target-health readiness gates into new pods
 * of the namespace (chart webhook `mpod.elbv2.k8s.aws`, namespaceSelector `In [enabled]`).
 */
export const POD_READINESS_GATE_LABEL = { key: 'elbv2.k8s.aws/pod-readiness-gate-inject', value: 'enabled' } as const;

/**
 * trust-manager `Bundle` target that workloads read to trust Vault's CA: a ConfigMap of this name with this key in
 * every namespace (the Bundle itself is created by vault-server in the Vault namespace, the trust namespace).
 */
export const VAULT_CA_BUNDLE = { name: 'vault-ca', configMapKey: 'ca.crt' } as const;

/**
 * The External Secrets Operator controller's service account (chart external-secrets, `serviceAccount.name`). It has
 * no right to mint tokens of its own (`rbac.serviceAccountTokenCreate: false`): each declared service's namespace
 * grants it `create` on `serviceaccounts/token` for that service's account only (ServiceDelivery).
 */
export const EXTERNAL_SECRETS_CONTROLLER_SERVICE_ACCOUNT = 'external-secrets';
