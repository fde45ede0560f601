import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, RESTRICTED_POD_SECURITY_CONTEXT } from '../kubernetes/addon-sizing';
import { IMAGES, imageReference } from '../kubernetes/images';
import { type SecretDelivery } from '../vault/service-grants';
import {
  RDS_CA_CONFIGMAP,
  RDS_CA_DIR,
  VAULT_API_PORT,
  VAULT_AUDIT_DIR,
  VAULT_CLUSTER_PORT,
  VAULT_DATA_DIR,
  VAULT_INTERNAL_SERVICE,
  VAULT_METRICS_CLUSTER_ADDRESS,
  VAULT_METRICS_PORT,
  VAULT_SERVER_POD_LABELS,
  VAULT_SERVER_TLS_SECRET_NAME,
  VAULT_SERVICE_ACCOUNT,
  VAULT_TLS_DIR,
  vaultPeerHostnames,
} from './vault-server-names';

/** Requests and limits of one container (Kubernetes quantities). */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string; readonly cpu?: string };
}

/** Everything the Vault chart values depend on; see {@link vaultHelmValues}. */
export interface VaultServerValuesOptions {
  /** Raft voters (odd). */
  readonly replicas: number;
  /** Number of availability zones the tooling nodes span (topology spread `minDomains`). */
  readonly zoneCount: number;
  readonly resources: ContainerResources;
  readonly dataStorageGi: number;
  readonly auditStorageGi: number;
  /** StorageClass of the raft and audit volumes (encrypted gp3, created by the add-ons stack). */
  readonly storageClass: string;
  readonly logLevel: string;
  /** `cluster_name` of the Vault cluster, e.g. `vaultplat-dev`. */
  readonly clusterName: string;
  /** AWS region of the unseal key. */
  readonly region: string;
  /** ARN of the unseal key (a Terraform reference at synth). */
  readonly unsealKeyArn: string;
  /** IRSA role of the Vault service account (KMS seal). */
  readonly serviceAccountRoleArn: string;
  /** File audit devices' paths on the servers (vault-config `vault.audit[].filePath`), rotated by the ops sidecar. */
  readonly auditFiles: readonly string[];
  /** Run the Vault Agent injector ({@link agentInjectorNeeded} of the declared services). @default false */
  readonly agentInjector?: boolean;
  /** Mount the RDS CA bundle ConfigMap (environments with a database). */
  readonly mountRdsCaBundle: boolean;
  /** Prometheus metrics retention inside Vault. @default '24h' */
  readonly prometheusRetentionTime?: string;
}

/** Helm values of hashicorp/vault as this project sets them (keys checked against VAULT_CHART_CONTRACT). */
export interface VaultChartValues {
  readonly global: { readonly enabled: boolean; readonly tlsDisable: boolean; readonly serverTelemetry: { readonly prometheusOperator: boolean } };
  readonly injector: { readonly enabled: boolean };
  readonly csi: { readonly enabled: boolean };
  readonly ui: { readonly enabled: boolean };
  readonly server: Readonly<Record<string, unknown>> & {
    readonly ha: {
      readonly enabled: boolean;
      readonly replicas: number;
      readonly apiAddr: string;
      readonly raft: { readonly enabled: boolean; readonly setNodeId: boolean; readonly config: string };
      readonly disruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number | null };
    };
  };
  readonly serverTelemetry: { readonly serviceMonitor: { readonly enabled: boolean }; readonly prometheusRules: { readonly enabled: boolean } };
}

/**
 * Whether each service delivery mode needs the Vault Agent injector in the cluster. Exhaustive on purpose: a new
 * delivery mode does not compile until someone decides. `eso` (External Secrets Operator) and `direct` (the app's
 * own Vault client) need neither the injector nor the CSI provider.
 */
export const AGENT_INJECTOR_BY_DELIVERY: Readonly<Record<SecretDelivery, boolean>> = { eso: false, direct: false };

/** The injector runs only when one of these delivery modes needs it (vault-server passes every supported mode, not the declared ones). */
export function agentInjectorNeeded(deliveries: readonly SecretDelivery[]): boolean {
  return deliveries.some((delivery) => AGENT_INJECTOR_BY_DELIVERY[delivery]);
}

/** Readiness: active, standby and performance-standby nodes answer 200; sealed (503) and uninitialised (501) do not. */
export const READINESS_PATH = '/v1/sys/health?standbyok=true&perfstandbyok=true';
/** Liveness: only a Vault that does not answer is restarted; a sealed or uninitialised one must stay up to be unsealed or initialised. */
export const LIVENESS_PATH = '/v1/sys/health?standbyok=true&perfstandbyok=true&sealedcode=204&uninitcode=204';
/** Vault (uid 100, gid 1000 in the official image). */
export const VAULT_UID = 100;
export const VAULT_GID = 1000;
/** The ops sidecar rotates a file audit log above this size (MiB) and prunes rotated logs above this use of the volume (%). */
export const AUDIT_ROTATE_MIB = 100;
export const AUDIT_VOLUME_MAX_USE_PERCENT = 80;

/** Pod security context of every pod this project runs in the Vault namespace (Pod Security Standards `restricted`). */
export function restrictedPodSecurityContext(uid: number, gid: number) {
  return {
    ...RESTRICTED_POD_SECURITY_CONTEXT,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup: gid,
    fsGroupChangePolicy: 'OnRootMismatch',
  } as const;
}

/** Container security context (`restricted`): no privilege escalation, every capability dropped, read-only root. */
export function restrictedContainerSecurityContext() {
  return RESTRICTED_CONTAINER_SECURITY_CONTEXT;
}

/**
 * The Vault server configuration (HCL), rendered into `server.ha.raft.config`:
 * - TLS listener on 8200 with the cert-manager certificate (TLS 1.2+); metrics need a token there
 *   (`unauthenticated_metrics_access = false`), so no client of Vault (workloads, the NLB, VPN users) reads them;
 * - a second TLS listener on {@link VAULT_METRICS_PORT} with `unauthenticated_metrics_access = true`, reachable only
 *   by the Prometheus scraper's pods (network policy): with a token, `/v1/sys/metrics` is answered by the active node
 *   only (standbys refuse it: hashicorp/vault#8280, "cannot forward local-only request"; API docs of /sys/metrics)
 *   and a sealed node rejects every authenticated request, so per-server `vault_core_unsealed` needs this listener.
 *   It serves the rest of the API too, with the usual token checks; its implied cluster listener binds loopback only
 *   ({@link VAULT_METRICS_CLUSTER_ADDRESS}; command/server.go binds one cluster address per TCP listener);
 * - integrated storage (raft) with one `retry_join` per peer over TLS, verified against the namespaced CA;
 * - auto-unseal with the dedicated KMS key (`seal "awskms"`), reached through the service account's IRSA role;
 * - `disable_mlock = true`: with integrated storage HashiCorp recommends it, because mlock of the memory-mapped raft
 *   (BoltDB) files can exhaust memory and crash Vault; swap is off on EKS nodes, so secrets are not paged to disk;
 * - Kubernetes service registration (labels the active pod, which the `vault-active` service selects);
 * - Prometheus telemetry kept `prometheusRetentionTime` in memory, without host names in metric names.
 */
export function vaultServerConfigHcl(options: VaultServerValuesOptions): string {
  const retention = options.prometheusRetentionTime ?? '24h';
  const joins = vaultPeerHostnames(options.replicas).map((host) =>
    [
      '  retry_join {',
      `    leader_api_addr       = "https://${host}:${VAULT_API_PORT}"`,
      `    leader_ca_cert_file   = "${VAULT_TLS_DIR}/ca.crt"`,
      `    leader_tls_servername = "${host}"`,
      '  }',
    ].join('\n'),
  );
  return [
    'ui            = true',
    'disable_mlock = true',
    `cluster_name  = "${options.clusterName}"`,
    '',
    'listener "tcp" {',
    `  address         = "[::]:${VAULT_API_PORT}"`,
    `  cluster_address = "[::]:${VAULT_CLUSTER_PORT}"`,
    '  tls_disable     = false',
    `  tls_cert_file   = "${VAULT_TLS_DIR}/tls.crt"`,
    `  tls_key_file    = "${VAULT_TLS_DIR}/tls.key"`,
    '  tls_min_version = "tls12"',
    '  telemetry {',
    '    unauthenticated_metrics_access = false',
    '  }',
    '}',
    '',
    'listener "tcp" {',
    `  address         = "[::]:${VAULT_METRICS_PORT}"`,
    `  cluster_address = "${VAULT_METRICS_CLUSTER_ADDRESS}"`,
    '  tls_disable     = false',
    `  tls_cert_file   = "${VAULT_TLS_DIR}/tls.crt"`,
    `  tls_key_file    = "${VAULT_TLS_DIR}/tls.key"`,
    '  tls_min_version = "tls12"',
    '  telemetry {',
    '    unauthenticated_metrics_access = true',
    '  }',
    '}',
    '',
    'storage "raft" {',
    `  path                   = "${VAULT_DATA_DIR}"`,
    '  performance_multiplier = 1',
    ...joins,
    '}',
    '',
    'seal "awskms" {',
    `  region     = "${options.region}"`,
    `  kms_key_id = "${options.unsealKeyArn}"`,
    '}',
    '',
    'service_registration "kubernetes" {}',
    '',
    'telemetry {',
    `  prometheus_retention_time = "${retention}"`,
    '  disable_hostname          = true',
    '}',
    '',
  ].join('\n');
}

/**
 * The ops sidecar's script (busybox `sh` of the Vault image, same uid as Vault, shared process namespace):
 * - sends SIGHUP to Vault when cert-manager renews the server certificate (Vault reloads listener certificates on
 *   SIGHUP only);
 * - rotates each file audit log above {@link AUDIT_ROTATE_MIB} MiB (rename, SIGHUP so Vault reopens the file, gzip)
 *   and deletes the oldest rotated logs while the audit volume is above {@link AUDIT_VOLUME_MAX_USE_PERCENT} % full.
 * It prints only what it did; it never reads secrets.
 */
export function opsSidecarScript(auditFiles: readonly string[]): string {
  return [
    'set -eu',
    `tls_sum() { cat ${VAULT_TLS_DIR}/tls.crt ${VAULT_TLS_DIR}/tls.key | sha256sum; }`,
    'last=$(tls_sum)',
    'while true; do',
    '  sleep 60',
    '  pid=$(pidof vault || true)',
    '  [ -n "$pid" ] || continue',
    '  now=$(tls_sum)',
    '  if [ "$now" != "$last" ]; then kill -HUP "$pid" && echo "server certificate renewed: reloaded Vault (SIGHUP)"; last=$now; fi',
    `  for log in ${auditFiles.join(' ')}; do`,
    `    if [ -f "$log" ] && [ "$(stat -c %s "$log")" -gt $((${AUDIT_ROTATE_MIB} * 1048576)) ]; then`,
    '      rotated="$log.$(date -u +%Y%m%dT%H%M%SZ)"',
    '      mv "$log" "$rotated" && kill -HUP "$pid" && gzip "$rotated" && echo "rotated $log"',
    '    fi',
    '  done',
    `  while [ "$(df -P ${VAULT_AUDIT_DIR} | awk 'NR==2 {print $5}' | tr -d %)" -gt ${AUDIT_VOLUME_MAX_USE_PERCENT} ]; do`,
    `    oldest=$(ls -1tr ${VAULT_AUDIT_DIR}/*.gz 2>/dev/null | head -n 1)`,
    '    [ -n "$oldest" ] || break',
    '    rm -f "$oldest" && echo "pruned $oldest"',
    '  done',
    'done',
    '',
  ].join('\n');
}

/**
 * Helm values of the Vault release: HA with integrated storage, TLS end to end, KMS auto-unseal, `restricted` pod
 * security, per-environment resources and volumes, and readiness that never counts a sealed or uninitialised pod.
 *
 * - One pod per node (required anti-affinity on `kubernetes.io/hostname`) and spread over zones (`maxSkew` 1,
 *   `DoNotSchedule`, `minDomains` = min(replicas, zones)), so one zone holds less than a quorum.
 * - PodDisruptionBudget `maxUnavailable: 1` with 3 or more voters (a drain never takes two voters at once); none with
 *   one voter (dev), where it would block every node drain.
 * - The `vault` and `vault-active` services publish ready pods only; `vault-internal` (headless, raft peers and
 *   the init job) publishes every pod.
 * - Agent injector only when a declared service's delivery mode needs it ({@link agentInjectorNeeded}: none today);
 *   CSI provider off.
 * - The chart's own auth-delegator binding is off: Vault reviews each client's own token, its service account needs
 *   no TokenReview right.
 * - The StatefulSet keeps `OnDelete` updates (the chart default): Vault upgrades are rolled pod by pod, standbys
 *   first, following docs/vault-server.md.
 */
export function vaultHelmValues(options: VaultServerValuesOptions): VaultChartValues {
  const replicas = options.replicas;
  // Fresh objects everywhere: the YAML stays free of anchors and aliases.
  const selector = () => ({ matchLabels: { ...VAULT_SERVER_POD_LABELS } });
  const probe = { port: VAULT_API_PORT, failureThreshold: 2, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 3 };
  return {
    global: { enabled: true, tlsDisable: false, serverTelemetry: { prometheusOperator: false } },
    injector: { enabled: options.agentInjector ?? false },
    csi: { enabled: false },
    ui: { enabled: false },
    server: {
      enabled: true,
      image: { repository: IMAGES.vault.repository, tag: `${IMAGES.vault.tag}@${IMAGES.vault.digest}`, pullPolicy: 'IfNotPresent' },
      updateStrategyType: 'OnDelete',
      logLevel: options.logLevel,
      logFormat: 'json',
      resources: {
        requests: { ...options.resources.requests },
        limits: { ...options.resources.limits },
      },
      // Vault reviews the tooling cluster's service account tokens with its own account (disable_local_ca_jwt = false):
      // the chart binds that account to system:auth-delegator (TokenReview).
      authDelegator: { enabled: true },
      readinessProbe: { enabled: true, path: READINESS_PATH, initialDelaySeconds: 5, ...probe },
      livenessProbe: { enabled: true, path: LIVENESS_PATH, initialDelaySeconds: 60, ...probe, failureThreshold: 3 },
      terminationGracePeriodSeconds: 30,
      preStopSleepSeconds: 5,
      extraEnvironmentVars: { VAULT_CACERT: `${VAULT_TLS_DIR}/ca.crt` },
      volumes: [
        { name: 'tls', secret: { secretName: VAULT_SERVER_TLS_SECRET_NAME, defaultMode: 0o440 } },
        ...(options.mountRdsCaBundle ? [{ name: 'rds-ca', configMap: { name: RDS_CA_CONFIGMAP, defaultMode: 0o444 } }] : []),
        { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      ],
      volumeMounts: [
        { name: 'tls', mountPath: VAULT_TLS_DIR, readOnly: true },
        ...(options.mountRdsCaBundle ? [{ name: 'rds-ca', mountPath: RDS_CA_DIR, readOnly: true }] : []),
        // The chart's start script copies the configuration to /tmp and edits it there (templates/_helpers.tpl vault.args).
        { name: 'tmp', mountPath: '/tmp' },
      ],
      shareProcessNamespace: true,
      extraContainers: [
        {
          name: 'vault-ops',
          image: imageReference(IMAGES.vault),
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', opsSidecarScript(options.auditFiles)],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [
            { name: 'tls', mountPath: VAULT_TLS_DIR, readOnly: true },
            { name: 'audit', mountPath: VAULT_AUDIT_DIR },
          ],
        },
      ],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector(), topologyKey: 'kubernetes.io/hostname' }],
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          minDomains: Math.max(1, Math.min(replicas, options.zoneCount)),
          labelSelector: selector(),
        },
      ],
      networkPolicy: { enabled: false },
      service: {
        enabled: true,
        active: { enabled: true },
        standby: { enabled: true },
        publishNotReadyAddresses: false,
        port: VAULT_API_PORT,
        targetPort: VAULT_API_PORT,
      },
      dataStorage: { enabled: true, size: `${options.dataStorageGi}Gi`, mountPath: VAULT_DATA_DIR, storageClass: options.storageClass, accessMode: 'ReadWriteOnce' },
      auditStorage: { enabled: true, size: `${options.auditStorageGi}Gi`, mountPath: VAULT_AUDIT_DIR, storageClass: options.storageClass, accessMode: 'ReadWriteOnce' },
      // Scaling down or uninstalling never deletes raft data or audit logs.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      dev: { enabled: false },
      standalone: { enabled: false },
      ha: {
        enabled: true,
        replicas,
        // Standbys redirect to a name the certificate covers (never a pod IP).
        apiAddr: `https://$(VAULT_K8S_POD_NAME).${VAULT_INTERNAL_SERVICE}:${VAULT_API_PORT}`,
        raft: { enabled: true, setNodeId: true, config: vaultServerConfigHcl(options) },
        disruptionBudget: { enabled: replicas >= 3, maxUnavailable: replicas >= 3 ? 1 : null },
      },
      serviceAccount: {
        create: true,
        name: VAULT_SERVICE_ACCOUNT,
        annotations: { 'eks.amazonaws.com/role-arn': options.serviceAccountRoleArn },
        // Kubernetes service registration: the chart's Role lets Vault label its own pod (vault-active, vault-sealed...).
        serviceDiscovery: { enabled: true },
      },
      statefulSet: {
        securityContext: {
          pod: restrictedPodSecurityContext(VAULT_UID, VAULT_GID),
          container: restrictedContainerSecurityContext(),
        },
      },
    },
    serverTelemetry: { serviceMonitor: { enabled: false }, prometheusRules: { enabled: false } },
  };
}
