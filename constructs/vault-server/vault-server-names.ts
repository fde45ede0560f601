/**
 * Names and paths of the Vault deployment on the tooling cluster, shared by the `vault-server-<env>` stack (which
 * creates them) and the `vault-config-<env>` stack (which binds Vault identities to them). One place, so a rename
 * cannot leave a Vault role bound to a service account that no longer exists.
 *
 * The Helm release is named `vault` in namespace `vault`: the chart's `vault.fullname` is then `vault` (the release
 * name contains the chart name, hashicorp/vault-helm@v0.34.1 templates/_helpers.tpl), so the StatefulSet, its pods
 * (`vault-0`...), the service account and the services are named as below.
 */

import { PLATFORM_NAMESPACES } from '../kubernetes/platform-namespaces';
import { VAULT_CA_BUNDLE as CA_BUNDLE, ENCRYPTED_STORAGE_CLASS as STORAGE_CLASS } from '../kubernetes/platform-names';
import { VAULT_AUDIT_DIRECTORY } from '../vault/audit-devices';

/** Namespace of the Vault servers, their jobs, their certificates and the trust-manager trust namespace. */
export const VAULT_NAMESPACE = PLATFORM_NAMESPACES.vault;
/** Helm release name; with the chart name it yields the object names below. */
export const VAULT_RELEASE_NAME = 'vault';
/** Service account of the Vault server pods (created by the chart; IRSA role for the KMS seal). */
export const VAULT_SERVICE_ACCOUNT = 'vault';
/** Headless service: `vault-N.vault-internal` resolves to pod N, ready or not (raft peers). */
export const VAULT_INTERNAL_SERVICE = 'vault-internal';
/** Service selecting every Vault server pod (the NLB target group registers its endpoints). */
export const VAULT_SERVICE = 'vault';
/** Service selecting only the active node (label `vault-active=true` written by Kubernetes service registration). */
export const VAULT_ACTIVE_SERVICE = 'vault-active';
/** Vault API port (also the load balancer's listener port). */
export const VAULT_API_PORT = 8200;
/** Vault cluster port: raft replication and request forwarding between the servers. */
export const VAULT_CLUSTER_PORT = 8201;
/**
 * Port of the metrics-only listener: `/v1/sys/metrics` without a token, so that standby and sealed servers report
 * their own metrics too (docs/observability.md). Only the Prometheus scraper's pods may reach it (network policy).
 */
export const VAULT_METRICS_PORT = 8202;
/** Where Vault binds the extra cluster listener a second TCP listener implies: loopback only, unreachable. */
export const VAULT_METRICS_CLUSTER_ADDRESS = '127.0.0.1:8203';

/** Labels the chart puts on every Vault server pod (templates/server-statefulset.yaml). */
export const VAULT_SERVER_POD_LABELS = {
  'app.kubernetes.io/name': 'vault',
  'app.kubernetes.io/instance': VAULT_RELEASE_NAME,
  component: 'server',
} as const;

/** StorageClass of the raft and audit volumes: encrypted gp3 (EBS CSI, customer-managed key), created by the add-ons stack. */
export const ENCRYPTED_STORAGE_CLASS = STORAGE_CLASS;

/** Service account of the one-off initialisation Job (IRSA: write-only to the init record). */
export const VAULT_INIT_SERVICE_ACCOUNT = 'vault-init';
/** Service account of the raft snapshot CronJob (IRSA: write-only to the snapshot bucket; Vault Kubernetes auth role). */
export const VAULT_SNAPSHOT_SERVICE_ACCOUNT = 'vault-snapshot';

/** Secret (written by cert-manager, never read by Terraform) holding the server certificate and key. */
export const VAULT_SERVER_TLS_SECRET_NAME = 'vault-server-tls';
/** Secret of the namespaced CA (written by cert-manager, never read by Terraform). */
export const VAULT_CA_SECRET_NAME = 'vault-ca';
/** trust-manager Bundle and the ConfigMap it publishes in every namespace: public CA certificate under {@link VAULT_CA_CONFIGMAP_KEY}. */
export const VAULT_CA_BUNDLE = CA_BUNDLE.name;
export const VAULT_CA_CONFIGMAP_KEY = CA_BUNDLE.configMapKey;

/** Where the server certificate is mounted in the Vault pods. */
export const VAULT_TLS_DIR = '/vault/userconfig/tls';
/** Vault's raft data directory (chart `server.dataStorage.mountPath`). */
export const VAULT_DATA_DIR = '/vault/data';
/**
 * Mount path of the audit volume (chart `server.auditStorage.mountPath`). File audit devices that vault-config
 * declares (`vault.audit[].filePath`) must live below it to be persistent.
 */
export const VAULT_AUDIT_DIR = VAULT_AUDIT_DIRECTORY;
/** ConfigMap with the RDS CA bundle and where it is mounted: the database connection's `sslrootcert` names the file. */
export const RDS_CA_CONFIGMAP = 'rds-ca';
export const RDS_CA_BUNDLE_FILE = 'global-bundle.pem';
export const RDS_CA_DIR = '/vault/userconfig/rds-ca';

/** Kubernetes auth role (on the tooling cluster's auth mount) and Vault policy of the snapshot CronJob. */
export const RAFT_SNAPSHOT_ROLE = 'platform-raft-snapshot';
/** `svc-` prefix: the platform-admin policy manages `sys/policies/acl/svc-*`; `platform` is never a cluster name, so no service policy can collide. */
export const RAFT_SNAPSHOT_POLICY = 'svc-platform-raft-snapshot';
/** Vault API path of a raft snapshot (GET, `read` capability). */
export const RAFT_SNAPSHOT_PATH = 'sys/storage/raft/snapshot';
/**
 * Audience of the service account token the snapshot job logs in with. Vault reviews tokens of the tooling cluster
 * with its own service account (`disable_local_ca_jwt = false`, auth-delegator bound by the chart), so the job's
 * token only has to name Vault: a token for `vault` is useless against the API server if it leaks.
 */
export const RAFT_SNAPSHOT_TOKEN_AUDIENCE = 'vault';
/** S3 key prefix of the snapshots: lifecycle rules, request metrics and replication filter on it. */
export const SNAPSHOT_KEY_PREFIX = 'snapshots/';

/** Server names of raft peers: `vault-0.vault-internal` ... for `replicas` pods. */
export function vaultPeerHostnames(replicas: number): string[] {
  return Array.from({ length: replicas }, (_, i) => `${VAULT_RELEASE_NAME}-${i}.${VAULT_INTERNAL_SERVICE}`);
}
